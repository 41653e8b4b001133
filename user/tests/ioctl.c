/*
 * user/tests/ioctl.c - ioctl(2) errors: TCGETS and TIOCGWINSZ on a closed
 * or negative descriptor are EBADF (isatty says 0 with EBADF); a request
 * for another kind of device (BLKROGET, a block-device ioctl) is ENOTTY on
 * fd 1, whether fd 1 is a terminal (Sluice's console) or a pipe (the Linux
 * runner).  Whether fd 1 is a terminal differs between the two, so that is
 * not printed.  A request number nobody defines is not used: Linux says
 * ENOTTY, but qemu-riscv64 7.2 rejects it itself with ENOSYS.
 */
#include <stdio.h>

#include <uapi/termios.h>

#include "check.h"

int main(void);

#define BLKROGET 0x125eUL /* _IO(0x12, 94), linux/fs.h */

int
main(void)
{
	int closed = check_closed_fd();
	struct termios t;
	struct winsize ws;
	int tty = 0;

	check_errno("ioctl(closed, TCGETS)", ioctl(closed, TCGETS, &t), EBADF);
	check_errno("ioctl(closed, TIOCGWINSZ)", ioctl(closed, TIOCGWINSZ, &ws),
		    EBADF);
	check_errno("ioctl(-1, TCGETS)", ioctl(-1, TCGETS, &t), EBADF);
	errno = 0;
	check_value("isatty(closed)", isatty(closed), 0);
	check_true("with errno EBADF", errno == EBADF);
	check_errno("ioctl(1, BLKROGET)", ioctl(1, BLKROGET, &tty), ENOTTY);
	tty = isatty(1);
	check_true("isatty(1) agrees with TCGETS",
		   tty == (ioctl(1, TCGETS, &t) == 0));
	return check_exit();
}
