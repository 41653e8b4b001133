/*
 * user/bin/init.c - the first program, pid 1.  fds 0, 1 and 2 are already
 * the console.  It starts the shell, reaps every child that ends (orphans
 * become init's children), and starts the shell again when it exits.
 *
 * The shell is $SLUICE_BIN/sh if that is set (host testing), else /bin/sh.
 * It gets init's environment, or HOME=/ if the kernel passed none.  A
 * shell that dies within a second is restarted after a one-second pause,
 * so a broken /bin/sh cannot make init spin.
 *
 * Run as anything but pid 1 (on a host, under qemu-riscv64), init stops
 * when the shell exits, with the shell's status, instead of restarting it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <uapi/wait.h>

#include "errname.h"
#include "start.h"
#include "syscall.h"

int main(void);

static char shell[256];
static char *default_env[] = { "HOME=/", NULL };

static pid_t
start_shell(void)
{
	char *argv[] = { "sh", NULL };
	char **envp = environ && environ[0] ? environ : default_env;
	pid_t pid = fork();

	if (pid == 0) {
		execve(shell, argv, envp);
		fprintf(stderr, "init: cannot run %s: %s\n", shell,
			errno_text(errno));
		_exit(127);
	}
	if (pid < 0)
		warn_errno("init", "fork");
	return pid;
}

/* Reap children until @shell_pid ends; returns its wait status. */
static int
reap_until(pid_t shell_pid)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = wait4(-1, &status, 0, NULL);
		if (pid == shell_pid)
			return status;
		if (pid < 0 && errno != EINTR) {
			warn_errno("init", "wait4");
			return W_EXITCODE(127, 0);
		}
	}
}

static int64_t
now_ns(void)
{
	struct uapi_timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static void
pause_a_second(void)
{
	struct uapi_timespec one = { 1, 0 };

	nanosleep(&one, NULL);
}

int
main(void)
{
	const char *bin = getenv("SLUICE_BIN");
	int is_init = getpid() == 1, status;
	int64_t started;
	pid_t pid;

	snprintf(shell, sizeof(shell), "%s/sh", bin && *bin ? bin : "/bin");
	printf("init: starting %s\n", shell);
	for (;;) {
		started = now_ns();
		pid = start_shell();
		status = pid > 0 ? reap_until(pid) : W_EXITCODE(127, 0);
		if (WIFSIGNALED(status))
			printf("init: %s killed by signal %d\n", shell,
			       WTERMSIG(status));
		else
			printf("init: %s exited with status %d\n", shell,
			       WEXITSTATUS(status));
		if (!is_init)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		printf("init: restarting %s\n", shell);
		if (now_ns() - started < NSEC_PER_SEC)
			pause_a_second();
	}
}
