/*
 * user/tests/exit_group.c - how a process ends: exit_group(300) and
 * exit(5) (one thread, so the same) give the parent (status & 0xff); the C
 * library's exit() runs atexit handlers and flushes stdio, _exit() does
 * neither.
 */
#include <stdio.h>
#include <stdlib.h>

#include <uapi/wait.h>

#include "check.h"

int main(void);

static void
atexit_handler(void)
{
	printf("child: atexit handler ran\n");
}

/* Run @fn in a child and return its exit status word. */
static int
in_child(void (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(99);
	}
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid)
		check_abort("fork/wait4");
	return status;
}

static void
raw_exit_group(void)
{
	syscall1(__NR_exit_group, 300);
}

static void
raw_exit(void)
{
	syscall1(__NR_exit, 5);
}

static void
libc_exit(void)
{
	atexit(atexit_handler);
	printf("child: this line ends in exit(), ");
	exit(3);
}

static void
libc_underscore_exit(void)
{
	atexit(atexit_handler);
	printf("child: never printed (no newline, no flush)");
	_exit(4);
}

int
main(void)
{
	check_value("exit_group(300) -> WEXITSTATUS",
		    WEXITSTATUS(in_child(raw_exit_group)), 44);
	check_value("exit(5) -> WEXITSTATUS", WEXITSTATUS(in_child(raw_exit)),
		    5);
	check_value("libc exit(3) -> WEXITSTATUS",
		    WEXITSTATUS(in_child(libc_exit)), 3);
	check_value("libc _exit(4) -> WEXITSTATUS",
		    WEXITSTATUS(in_child(libc_underscore_exit)), 4);
	return check_exit();
}
