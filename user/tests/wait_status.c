/*
 * user/tests/wait_status.c - wait4(2) and the exit status word: _exit(n)
 * arrives as (n & 0xff) << 8 (WIFEXITED, WEXITSTATUS); WNOHANG on a child
 * still running returns 0; waiting with no children is ECHILD, with or
 * without WNOHANG, as is waiting for a pid that is not our child; unknown
 * options are EINVAL.
 */
#include <stdio.h>

#include <uapi/time.h>
#include <uapi/wait.h>

#include "check.h"

int main(void);

static void
exit_codes(void)
{
	static const int codes[] = { 0, 1, 42, 255, 256, 257 };
	char what[64];
	unsigned int i;
	int status;
	pid_t pid;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid = fork();
		if (pid == 0)
			_exit(codes[i]);
		snprintf(what, sizeof(what), "_exit(%d): wait4 returns the pid",
			 codes[i]);
		check_true(what, wait4(pid, &status, 0, NULL) == pid);
		printf("_exit(%d): status 0x%04x WIFEXITED %d WEXITSTATUS %d\n",
		       codes[i], status, WIFEXITED(status) ? 1 : 0,
		       WEXITSTATUS(status));
		snprintf(what, sizeof(what), "_exit(%d) encoded", codes[i]);
		check_true(what, status == (codes[i] & 0xff) << 8);
	}
}

static void
nohang(void)
{
	struct uapi_timespec one_second = { 1, 0 };
	struct uapi_rusage ru;
	int status = -1;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		nanosleep(&one_second, NULL);
		_exit(7);
	}
	check_value("wait4(child, WNOHANG) while it runs",
		    wait4(pid, &status, WNOHANG, NULL), 0);
	check_true("wait4(child, 0, rusage) returns the pid",
		   wait4(pid, &status, 0, &ru) == pid);
	check_true("status: exit 7",
		   WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

int
main(void)
{
	int status;

	exit_codes();
	nohang();
	check_errno("wait4(-1, 0) without children",
		    wait4(-1, &status, 0, NULL), ECHILD);
	check_errno("wait4(-1, WNOHANG) without children",
		    wait4(-1, &status, WNOHANG, NULL), ECHILD);
	check_errno("wait4(getpid()) (not a child)",
		    wait4(getpid(), &status, 0, NULL), ECHILD);
	check_errno("waitpid(-1, options 0x100)", waitpid(-1, &status, 0x100),
		    EINVAL);
	return check_exit();
}
