/*
 * user/tests/fcntl_dupfd.c - fcntl(2) on descriptors: F_DUPFD returns the
 * lowest free descriptor >= its argument, F_DUPFD_CLOEXEC does the same and
 * sets FD_CLOEXEC, F_GETFD/F_SETFD read and write that flag; a negative
 * F_DUPFD argument or an unknown command is EINVAL, a closed descriptor
 * EBADF.
 */
#include <stdio.h>

#include "check.h"

int main(void);

static void
dupfd(void)
{
	int want = check_lowest_free(10);
	int a = fcntl(1, F_DUPFD, 10), b;

	check_true("fcntl(1, F_DUPFD, 10) is the lowest free fd >= 10",
		   a == want);
	want = check_lowest_free(10);
	b = fcntl(1, F_DUPFD, 10);
	check_true("again: the next free fd >= 10", b == want && b > a);
	check_value("fcntl(F_DUPFD result, F_GETFD)", fcntl(a, F_GETFD), 0);
	close(a);
	close(b);
	want = check_lowest_free(0);
	a = fcntl(1, F_DUPFD, 0);
	check_true("fcntl(1, F_DUPFD, 0) is the lowest free fd", a == want);
	close(a);
	want = check_lowest_free(10);
	a = fcntl(1, F_DUPFD_CLOEXEC, 10);
	check_true("fcntl(1, F_DUPFD_CLOEXEC, 10) is the lowest free fd >= 10",
		   a == want);
	check_value("fcntl(F_DUPFD_CLOEXEC result, F_GETFD)", fcntl(a, F_GETFD),
		    FD_CLOEXEC);
	close(a);
}

static void
fd_flags(void)
{
	int fd = dup(1);

	check_value("fcntl(fd, F_SETFD, FD_CLOEXEC)",
		    fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	check_value("fcntl(fd, F_GETFD)", fcntl(fd, F_GETFD), FD_CLOEXEC);
	check_value("fcntl(1, F_GETFD) is untouched", fcntl(1, F_GETFD), 0);
	check_value("fcntl(fd, F_SETFD, 0)", fcntl(fd, F_SETFD, 0), 0);
	check_value("fcntl(fd, F_GETFD) again", fcntl(fd, F_GETFD), 0);
	close(fd);
}

int
main(void)
{
	int closed = check_closed_fd();

	dupfd();
	fd_flags();
	check_errno("fcntl(1, F_DUPFD, -1)", fcntl(1, F_DUPFD, -1), EINVAL);
	check_errno("fcntl(1, 9999)", fcntl(1, 9999, 0), EINVAL);
	check_errno("fcntl(closed, F_GETFD)", fcntl(closed, F_GETFD), EBADF);
	check_errno("fcntl(closed, F_DUPFD, 0)", fcntl(closed, F_DUPFD, 0),
		    EBADF);
	return check_exit();
}
