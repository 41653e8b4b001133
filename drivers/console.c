/*
 * drivers/console.c - file operations of the console character device:
 * read and write go through the tty line discipline (drivers/tty.c);
 * ioctl gets and sets the termios and the foreground process group.
 * No state of its own.
 */
#include "drivers/console.h"

#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/termios.h>

#include "drivers/tty.h"
#include "fs/file.h"
#include "kernel/compiler.h"
#include "kernel/uaccess.h"

#define CONSOLE_ROWS 24
#define CONSOLE_COLS 80

static long
console_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	(void)pos;
	return tty_read(ubuf, n, READ_ONCE(f->f_flags) & O_NONBLOCK);
}

static long
console_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	(void)f;
	(void)pos;
	return tty_write(ubuf, n);
}

static long
console_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct termios t;
	struct winsize ws = { .ws_row = CONSOLE_ROWS, .ws_col = CONSOLE_COLS };
	int pgrp;

	(void)f;
	switch (cmd) {
	case TCGETS:
		tty_get_termios(&t);
		return copy_to_user(arg, &t, sizeof(t));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_from_user(&t, arg, sizeof(t)))
			return -EFAULT;
		tty_set_termios(&t, cmd == TCSETSF);
		return 0;
	case TIOCGWINSZ:
		return copy_to_user(arg, &ws, sizeof(ws));
	case TIOCGPGRP:
		pgrp = tty_get_pgrp();
		return copy_to_user(arg, &pgrp, sizeof(pgrp));
	case TIOCSPGRP:
		if (get_user(pgrp, arg))
			return -EFAULT;
		if (pgrp <= 0)
			return -EINVAL;
		tty_set_pgrp(pgrp);
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations console_fops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
};

struct file *
console_open(unsigned flags)
{
	return file_alloc(&console_fops, NULL, flags);
}
