/*
 * user/ktests/oom_fork.c - fork until the kernel runs out of memory.  The
 * failing fork must return -1 with EAGAIN or ENOMEM (never panic the
 * kernel), and once the children are gone the system must work again.
 * Children wait on a pipe that the parent closes to release them.
 * Sluice only: on a host this would be a fork bomb.
 */
#include <stdio.h>

#include <uapi/wait.h>

#include "errname.h"
#include "syscall.h"

int main(void);

#define MAX_CHILDREN 5000

int
main(void)
{
	int fd[2], n = 0, err = 0, reaped = 0, status = 0;
	char c;
	pid_t pid;

	if (pipe(fd))
		return 1;
	for (; n < MAX_CHILDREN; n++) {
		pid = fork();
		if (pid == 0) {
			close(fd[1]);
			read(fd[0], &c, 1); /* returns 0 when released */
			_exit(0);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
	}
	close(fd[1]);
	while (wait4(-1, NULL, 0, NULL) > 0)
		reaped++;
	printf("fork failed after some children: %s\n", n > 0 ? "yes" : "no");
	printf("fork error: %s\n", errno_name(err));
	printf("every child reaped: %s\n", reaped == n ? "yes" : "no");
	pid = fork();
	if (pid == 0)
		_exit(7);
	printf("fork works again: %s\n",
	       pid > 0 && wait4(pid, &status, 0, NULL) == pid &&
		       WIFEXITED(status) && WEXITSTATUS(status) == 7
		   ? "yes"
		   : "no");
	return 0;
}
