/*
 * user/tests/dup3.c - dup3(2): oldfd == newfd is EINVAL (unlike dup2),
 * flags other than O_CLOEXEC are EINVAL, O_CLOEXEC sets FD_CLOEXEC on the
 * new descriptor only, dup3 onto a close-on-exec descriptor without the
 * flag clears it, and bad descriptors are EBADF.
 */
#include <stdio.h>

#include "check.h"

int main(void);

static void
invalid(void)
{
	int closed = check_closed_fd();
	int t = check_lowest_free(0);

	check_errno("dup3(1, 1, 0)", dup3(1, 1, 0), EINVAL);
	check_errno("dup3(1, 1, O_CLOEXEC)", dup3(1, 1, O_CLOEXEC), EINVAL);
	check_errno("dup3(1, free, O_NONBLOCK)", dup3(1, t, O_NONBLOCK),
		    EINVAL);
	check_errno("dup3(1, free, 0x1)", dup3(1, t, 0x1), EINVAL);
	check_errno("dup3(closed, free, 0)", dup3(closed, t, 0), EBADF);
	check_errno("dup3(1, -1, 0)", dup3(1, -1, 0), EBADF);
}

static void
cloexec(void)
{
	int t = check_lowest_free(0);
	int d;

	check_true("dup3(1, free, O_CLOEXEC) returns newfd",
		   dup3(1, t, O_CLOEXEC) == t);
	check_value("fcntl(newfd, F_GETFD)", fcntl(t, F_GETFD), FD_CLOEXEC);
	check_value("fcntl(1, F_GETFD)", fcntl(1, F_GETFD), 0);
	d = dup(t);
	check_value("fcntl(dup(newfd), F_GETFD)", fcntl(d, F_GETFD), 0);
	check_true("dup3(1, newfd, 0) returns newfd", dup3(1, t, 0) == t);
	check_value("fcntl(newfd, F_GETFD) now", fcntl(t, F_GETFD), 0);
	close(t);
	close(d);
}

int
main(void)
{
	invalid();
	cloexec();
	return check_exit();
}
