/*
 * user/tests/pingpong.c - 10,000 round trips of one byte between parent
 * and child over two pipes.  Each side sleeps in read() until the other
 * writes: 20,000 sleep/wakeup pairs, and a single lost wakeup hangs the
 * test (the runner's time-out then fails it).
 */
#include <stdio.h>

#include <uapi/wait.h>

#include "check.h"
#include "errname.h"

int main(void);

#define ROUNDS 10000

/* Send @c and wait for the echo; returns 1 if every byte came back. */
static int
serve(int rd, int wr, int rounds, int first)
{
	char c = 0;

	for (int i = 0; i < rounds; i++) {
		if (first) {
			c = (char)i;
			if (write(wr, &c, 1) != 1 || read(rd, &c, 1) != 1 ||
			    c != (char)i)
				return 0;
		} else {
			if (read(rd, &c, 1) != 1 || write(wr, &c, 1) != 1)
				return 0;
		}
	}
	return 1;
}

int
main(void)
{
	int to_child[2], to_parent[2], status = 0, ok;
	pid_t pid;

	if (pipe(to_child) || pipe(to_parent)) {
		fprintf(stderr, "pipe: %s, skipped\n", errno_name(errno));
		return CHECK_SKIP;
	}
	pid = fork();
	if (pid == 0)
		_exit(serve(to_child[0], to_parent[1], ROUNDS, 0) ? 0 : 1);
	ok = serve(to_parent[0], to_child[1], ROUNDS, 1);
	check_true("10000 round trips, every byte echoed", ok);
	check_true("wait4 returned the child",
		   wait4(pid, &status, 0, NULL) == pid);
	check_true("the child echoed all of them",
		   WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return check_exit();
}
