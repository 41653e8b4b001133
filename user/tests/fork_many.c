/*
 * user/tests/fork_many.c - 100 children at once: each fork succeeds, each
 * child exits with its own index, and wait4(-1) reaps every one exactly
 * once with that status; then no child is left (ECHILD).
 */
#include <stdio.h>

#include <uapi/wait.h>

#include "check.h"

int main(void);

#define NCHILD 100

static pid_t pids[NCHILD];
static int reaped[NCHILD];

static int
index_of(pid_t pid)
{
	int i;

	for (i = 0; i < NCHILD; i++)
		if (pids[i] == pid)
			return i;
	return -1;
}

static int
reap_all(void)
{
	int n, i, status, ok = 1;
	pid_t pid;

	for (n = 0; n < NCHILD; n++) {
		pid = wait4(-1, &status, 0, NULL);
		i = index_of(pid);
		if (i < 0 || reaped[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != i)
			ok = 0;
		if (i >= 0)
			reaped[i]++;
	}
	return ok;
}

int
main(void)
{
	int i, forked = 1;

	for (i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(i);
		if (pids[i] < 0)
			forked = 0;
	}
	check_true("100 forks succeeded", forked);
	if (!forked)
		return check_exit();
	check_true("each reaped once, with its own exit status", reap_all());
	check_errno("wait4(-1) afterwards", wait4(-1, NULL, 0, NULL), ECHILD);
	return check_exit();
}
