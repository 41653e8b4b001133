/*
 * user/tests/dup.c - dup(2) returns the lowest free descriptor and a
 * closed one is reused first; dup of a bad descriptor is EBADF.  dup2:
 * dup2(fd, fd) returns fd, dup2 onto an open descriptor replaces it, dup2
 * of a closed descriptor (even onto itself) is EBADF.
 */
#include <stdio.h>

#include "check.h"

int main(void);

static void
lowest_free(void)
{
	int want = check_lowest_free(0);
	int a = dup(1), b, c;

	check_true("dup(1) returns the lowest free fd", a == want);
	want = check_lowest_free(0);
	b = dup(1);
	check_true("a second dup(1) returns the next free fd",
		   b == want && b > a);
	close(a);
	c = dup(1);
	check_true("after close(first), dup(1) returns it again", c == a);
	close(b);
	close(c);
}

static void
dup2_cases(void)
{
	int closed = check_closed_fd();
	int a = dup(1), b = dup(1);

	check_value("dup2(1, 1)", dup2(1, 1), 1);
	check_errno("dup2(closed, closed)", dup2(closed, closed), EBADF);
	check_errno("dup2(closed, open fd)", dup2(closed, a), EBADF);
	check_errno("dup2(1, -1)", dup2(1, -1), EBADF);
	check_true("dup2(1, open fd) returns that fd", dup2(1, b) == b);
	check_value("write through it", write(b, "via dup2\n", 9), 9);
	check_true("dup2(1, closed fd) returns that fd",
		   dup2(1, closed) == closed);
	close(a);
	close(b);
	close(closed);
}

int
main(void)
{
	int closed = check_closed_fd();

	check_errno("dup(closed fd)", dup(closed), EBADF);
	check_errno("dup(-1)", dup(-1), EBADF);
	lowest_free();
	dup2_cases();
	return check_exit();
}
