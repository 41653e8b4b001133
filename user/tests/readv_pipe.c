/*
 * user/tests/readv_pipe.c - readv(2) scatters what a pipe holds over
 * several buffers in order, skipping a zero-length one; a read of the rest
 * gets the remainder; with the write end closed, read returns 0.  pipe2
 * with a flag it does not take (O_APPEND) is EINVAL.  Skips (77) if the
 * kernel has no pipe2.  (qemu-riscv64 drops flag bits it cannot translate,
 * so an undefined bit is not used.)
 */
#include <stdio.h>
#include <string.h>

#include "check.h"

int main(void);

static void
scatter(int rfd, int wfd)
{
	char a[3], b[1], c[4], rest[8];
	struct iovec iov[3] = { { a, 3 }, { b, 0 }, { c, 4 } };
	ssize_t n;

	check_value("write(pipe, \"abcdefghij\", 10)",
		    write(wfd, "abcdefghij", 10), 10);
	check_value("readv(pipe, 3+0+4 bytes)", readv(rfd, iov, 3), 7);
	check_true("first buffer holds \"abc\"", memcmp(a, "abc", 3) == 0);
	check_true("third buffer holds \"defg\"", memcmp(c, "defg", 4) == 0);
	n = read(rfd, rest, sizeof(rest));
	check_value("read(pipe, 8) after readv", n, 3);
	check_true("it holds \"hij\"", n == 3 && memcmp(rest, "hij", 3) == 0);
	check_value("close(write end)", close(wfd), 0);
	check_value("read(pipe) at end of file", read(rfd, rest, 1), 0);
}

int
main(void)
{
	int fds[2];

	if (pipe2(fds, 0) < 0 && errno == ENOSYS) {
		fprintf(stderr, "readv_pipe: no pipe2 here, skipped\n");
		return CHECK_SKIP;
	}
	check_value("pipe2(fds, 0)", 0, 0);
	scatter(fds[0], fds[1]);
	close(fds[0]);
	check_errno("pipe2(fds, O_APPEND)", pipe2(fds, O_APPEND), EINVAL);
	return check_exit();
}
