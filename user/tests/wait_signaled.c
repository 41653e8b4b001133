/*
 * user/tests/wait_signaled.c - a child killed by a signal: kill(2) returns
 * 0, and wait4 reports WIFSIGNALED with the signal number in the low 7 bits
 * (status == signal, no core dump) for SIGKILL and for SIGTERM left at its
 * default action.
 */
#include <stdio.h>

#include <uapi/signal.h>
#include <uapi/time.h>
#include <uapi/wait.h>

#include "check.h"

int main(void);

static void
kill_child(int sig, const char *name)
{
	struct uapi_timespec ten_seconds = { 10, 0 };
	char what[64];
	int status = -1;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		for (;;)
			nanosleep(&ten_seconds, NULL);
	}
	snprintf(what, sizeof(what), "kill(child, %s)", name);
	check_value(what, kill(pid, sig), 0);
	check_true("wait4 returns the child",
		   wait4(pid, &status, 0, NULL) == pid);
	printf("status 0x%04x WIFSIGNALED %d WTERMSIG %d WIFEXITED %d\n",
	       status, WIFSIGNALED(status) ? 1 : 0, WTERMSIG(status),
	       WIFEXITED(status) ? 1 : 0);
	check_true("status is the bare signal number", status == sig);
}

int
main(void)
{
	kill_child(SIGKILL, "SIGKILL");
	kill_child(SIGTERM, "SIGTERM");
	return check_exit();
}
