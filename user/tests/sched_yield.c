/*
 * user/tests/sched_yield.c - sched_yield(2) returns 0, alone and while a
 * child is yielding too.
 */
#include <stdio.h>

#include <uapi/wait.h>

#include "check.h"

int main(void);

static int
yield_n(int n)
{
	int ok = 1;

	while (n--)
		if (sched_yield() != 0)
			ok = 0;
	return ok;
}

int
main(void)
{
	int status;
	pid_t pid;

	check_value("sched_yield()", sched_yield(), 0);
	check_true("100 more calls all return 0", yield_n(100));
	pid = fork();
	if (pid == 0)
		_exit(yield_n(100) ? 0 : 1);
	check_true("100 calls with a child yielding too return 0",
		   yield_n(100));
	check_true("the child's calls returned 0",
		   wait4(pid, &status, 0, NULL) == pid && status == 0);
	return check_exit();
}
