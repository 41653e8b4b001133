/*
 * user/tests/emfile.c - dup(2) until the descriptor table is full: every
 * descriptor handed out is the lowest free one, the call that finds no
 * room fails with EMFILE (so does F_DUPFD), and closing one makes it the
 * next to be handed out.  The soft RLIMIT_NOFILE is lowered to 32 first
 * where prlimit64 exists, so the test is quick; nothing printed depends on
 * the limit.
 */
#include <stdio.h>

#include "check.h"

int main(void);

#define EMFILE_MAX_FDS 4096

static int fds[EMFILE_MAX_FDS];

static void
lower_limit(void)
{
	struct rlimit64 old, lim;

	if (prlimit(0, RLIMIT_NOFILE, NULL, &old) < 0)
		return;
	lim.rlim_max = old.rlim_max;
	lim.rlim_cur = old.rlim_max < 32 ? old.rlim_max : 32;
	prlimit(0, RLIMIT_NOFILE, &lim, NULL);
}

/* Fill the table; returns how many fds were opened. */
static int
fill(int *all_lowest, int *last_errno)
{
	int n = 0, want = check_lowest_free(0), fd;

	*all_lowest = 1;
	while (n < EMFILE_MAX_FDS) {
		fd = dup(1);
		if (fd < 0)
			break;
		if (fd != want)
			*all_lowest = 0;
		fds[n++] = fd;
		want = check_lowest_free(fd + 1);
	}
	*last_errno = n < EMFILE_MAX_FDS ? errno : 0;
	return n;
}

int
main(void)
{
	int n, all_lowest, err, i, mid, fd;

	lower_limit();
	n = fill(&all_lowest, &err);
	check_true("dup(1) failed before 4096 fds", n < EMFILE_MAX_FDS);
	check_true("it failed with EMFILE", err == EMFILE);
	check_true("every fd handed out was the lowest free", all_lowest);
	check_errno("fcntl(1, F_DUPFD, 0) when full", fcntl(1, F_DUPFD, 0),
		    EMFILE);
	mid = fds[n / 2];
	close(mid);
	fd = dup(1);
	check_true("after one close, dup(1) returns the freed fd", fd == mid);
	check_errno("and the next dup(1)", dup(1), EMFILE);
	for (i = 0; i < n; i++)
		close(fds[i]);
	fd = dup(1);
	check_true("after closing all, dup(1) works", fd >= 0);
	close(fd);
	return check_exit();
}
