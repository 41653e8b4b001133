/*
 * user/tests/pids.c - process ids: getpid() is positive and equals gettid()
 * in a single-threaded process; fork returns the child's pid to the parent
 * (the one wait4 then reports) and 0 to the child, whose getppid() is the
 * parent's getpid() and whose own pid differs from it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <uapi/wait.h>

#include "check.h"

int main(void);

static void child(pid_t parent) __attribute__((noreturn));

static void
child(pid_t parent)
{
	check_true("child: fork returned 0 here", 1);
	check_true("child: getppid() == parent's getpid()",
		   getppid() == parent);
	check_true("child: getpid() != parent's getpid()", getpid() != parent);
	check_true("child: gettid() == getpid()", gettid() == getpid());
	exit(check_exit());
}

int
main(void)
{
	pid_t self = getpid(), pid;
	int status;

	check_true("getpid() > 0", self > 0);
	check_true("gettid() == getpid()", gettid() == self);
	check_true("getppid() > 0", getppid() > 0);
	check_true("getpid() is stable", getpid() == self);
	pid = fork();
	if (pid == 0)
		child(self);
	/* Print only after the child has: the order must not depend on
	 * which of the two runs first. */
	check_true("parent: wait4 reports the pid fork returned",
		   pid > 0 && wait4(pid, &status, 0, NULL) == pid);
	check_true("parent: fork returned a pid > 0", pid > 0);
	check_value("parent: child's exit status", WEXITSTATUS(status), 0);
	return check_exit();
}
