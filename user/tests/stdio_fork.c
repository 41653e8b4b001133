/*
 * user/tests/stdio_fork.c - stdio and fork: text printed before fork(),
 * even without a newline, is written once, not once per process, because
 * fork() flushes stdout; each process's later lines appear whole.  (A
 * regression test of Sluice's C library glue; see user/lib/stdfd.h.)
 */
#include <stdio.h>
#include <stdlib.h>

#include <uapi/wait.h>

#include "check.h"

int main(void);

int
main(void)
{
	int status;
	pid_t pid;

	printf("before fork, with a newline\n");
	printf("before fork, no newline; ");
	pid = fork();
	if (pid == 0) {
		printf("child speaks\n");
		exit(0);
	}
	wait4(pid, &status, 0, NULL);
	printf("parent speaks after the child exited\n");
	check_true("child exited 0", status == 0);
	return check_exit();
}
