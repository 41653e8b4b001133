/*
 * user/ktests/orphan.c - an orphan is handed to init.  The child forks a
 * grandchild and exits at once; the grandchild waits (up to 2 s) until
 * its parent is pid 1, says so through a pipe, and exits; init reaps it.
 * Sluice only: under Linux the new parent may be any subreaper.
 */
#include <stdio.h>

#include <uapi/time.h>
#include <uapi/wait.h>

#include "syscall.h"

int main(void);

static void
grandchild(int fd)
{
	struct uapi_timespec ten_ms = { 0, 10000000 };
	char ok = 'n';

	for (int i = 0; i < 200 && getppid() != 1; i++)
		nanosleep(&ten_ms, NULL);
	if (getppid() == 1)
		ok = 'y';
	write(fd, &ok, 1);
	_exit(0);
}

int
main(void)
{
	int fd[2], status;
	char ok = '?';
	pid_t child;

	if (pipe(fd))
		return 1;
	child = fork();
	if (child == 0) {
		if (fork() == 0)
			grandchild(fd[1]);
		_exit(0);
	}
	close(fd[1]);
	wait4(child, &status, 0, NULL);
	read(fd[0], &ok, 1);
	printf("orphan reparented to init: %s\n", ok == 'y' ? "yes" : "no");
	return ok == 'y' ? 0 : 1;
}
