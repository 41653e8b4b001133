/*
 * user/tests/write_read.c - write(2) and read(2) basics: a write to fd 1
 * returns the byte count and the bytes appear; a zero-length write returns
 * 0; read or write on a closed or negative descriptor is EBADF.
 */
#include <stdio.h>

#include "check.h"

int main(void);

int
main(void)
{
	static const char msg[] = "hello from write(2)\n";
	char buf[8];
	int closed = check_closed_fd();

	check_value("write(1, msg, 20)", write(1, msg, 20), 20);
	check_value("write(1, msg, 0)", write(1, msg, 0), 0);
	check_errno("write(closed fd)", write(closed, msg, 1), EBADF);
	check_errno("write(-1)", write(-1, msg, 1), EBADF);
	check_errno("write(1000000)", write(1000000, msg, 1), EBADF);
	check_errno("read(closed fd)", read(closed, buf, 1), EBADF);
	check_errno("read(-1)", read(-1, buf, 1), EBADF);
	return check_exit();
}
