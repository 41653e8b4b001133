/*
 * user/tests/readv_writev.c - writev(2) gathers several buffers (a
 * zero-length one among them) into one write; the argument checks of
 * readv/writev: iovcnt 0, negative or above UIO_MAXIOV, a negative iov_len,
 * a bad iovec array, a bad buffer, a closed descriptor.  (Reading data
 * with readv needs a pipe: see readv_pipe.)
 */
#include <stdio.h>

#include "check.h"

int main(void);

static void
writev_ok(void)
{
	struct iovec iov[4] = {
		{ "one ", 4 },
		{ "", 0 },
		{ "two ", 4 },
		{ "three\n", 6 },
	};

	check_value("writev(1, 4 iovecs)", writev(1, iov, 4), 14);
	check_value("writev(1, iov, 0)", writev(1, iov, 0), 0);
}

static void
bad_arguments(void)
{
	struct iovec iov[1] = { { "x", 1 } };
	struct iovec neg[1] = { { "x", (uint64_t)-1 } };
	struct iovec kern[1] = { { KERNEL_HALF_ADDR, 8 } };
	char buf[1];
	struct iovec rd[1] = { { buf, 1 } };
	int closed = check_closed_fd();

	check_errno("writev(1, iov, -1)", writev(1, iov, -1), EINVAL);
	check_errno("writev(1, iov, UIO_MAXIOV + 1)",
		    writev(1, iov, UIO_MAXIOV + 1), EINVAL);
	check_errno("writev(1, iov_len < 0)", writev(1, neg, 1), EINVAL);
	check_errno("writev(1, unmapped iovec array)",
		    writev(1, UNMAPPED_ADDR, 1), EFAULT);
	check_errno("writev(1, kernel-half buffer)", writev(1, kern, 1),
		    EFAULT);
	check_errno("writev(closed fd)", writev(closed, iov, 1), EBADF);
	check_errno("readv(closed fd)", readv(closed, rd, 1), EBADF);
	check_errno("readv(0, iov, -1)", readv(0, rd, -1), EINVAL);
	check_errno("readv(0, kernel-half buffer)", readv(0, kern, 1), EFAULT);
}

int
main(void)
{
	writev_ok();
	bad_arguments();
	return check_exit();
}
