/*
 * user/tests/kill.c - kill(2) without killing: signal 0 to ourselves or to
 * a live child returns 0, and so does signal 0 to a child that has exited
 * but was not reaped yet (a zombie still exists); to a pid that does not
 * exist (or a child already reaped) ESRCH; a signal number out of range is
 * EINVAL.
 */
#include <stdio.h>

#include <uapi/signal.h>
#include <uapi/time.h>
#include <uapi/wait.h>

#include "check.h"

int main(void);

#define NO_SUCH_PID 99999999 /* above Linux's PID_MAX_LIMIT */

int
main(void)
{
	struct uapi_timespec ten_seconds = { 10, 0 };
	struct uapi_timespec tenth = { 0, 100000000 };
	int status;
	pid_t pid;

	check_value("kill(getpid(), 0)", kill(getpid(), 0), 0);
	check_errno("kill(99999999, 0)", kill(NO_SUCH_PID, 0), ESRCH);
	check_errno("kill(99999999, SIGTERM)", kill(NO_SUCH_PID, SIGTERM),
		    ESRCH);
	check_errno("kill(getpid(), 65)", kill(getpid(), 65), EINVAL);
	check_errno("kill(getpid(), -1)", kill(getpid(), -1), EINVAL);

	pid = fork();
	if (pid == 0) {
		for (;;)
			nanosleep(&ten_seconds, NULL);
	}
	check_value("kill(child, 0)", kill(pid, 0), 0);
	check_value("kill(child, SIGKILL)", kill(pid, SIGKILL), 0);
	check_true("wait4(child)", wait4(pid, &status, 0, NULL) == pid);
	check_errno("kill(reaped child, 0)", kill(pid, 0), ESRCH);

	pid = fork();
	if (pid == 0)
		_exit(0);
	nanosleep(&tenth, NULL); /* long enough to have exited */
	check_value("kill(zombie child, 0)", kill(pid, 0), 0);
	check_true("wait4(zombie)", wait4(pid, &status, 0, NULL) == pid);
	return check_exit();
}
