/*
 * drivers/tty.h - the console's line discipline.
 *
 * Canonical mode (ICANON, the default): the line being typed is edited
 * (backspace, ^U) and echoed; Enter hands it, with its '\n', to readers;
 * ^D at the start of a line is end-of-file; ^C (with ISIG) erases the line
 * and sends SIGINT to the foreground process group.  Raw mode (ICANON
 * off, set with TCSETS): every byte is readable at once.
 */
#ifndef SLUICE_DRIVERS_TTY_H
#define SLUICE_DRIVERS_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uapi/termios.h>

/* Register the bottom half that feeds the line discipline.  At boot. */
void tty_init(void);

/* Feed one received byte through the line discipline.  Bottom half. */
void tty_input(char c);

/*
 * Wait for a whole line and copy it, without the newline, NUL-terminated,
 * into @buf.  For the boot monitor, which runs before any task exists:
 * waits in wfi on the hart the console interrupt is routed to.
 */
size_t tty_read_line(char *buf, size_t size);

/*
 * read(2) on the console: up to @n bytes to user address @ubuf.  Sleeps
 * (interruptibly) for a line, or a byte in raw mode, unless @nonblock.
 * Returns the count, 0 at end-of-file, -EAGAIN, -EINTR or -EFAULT.
 */
long tty_read(uint64_t ubuf, size_t n, bool nonblock);
/* write(2) on the console. */
long tty_write(uint64_t ubuf, size_t n);

void tty_get_termios(struct termios *t);
/* @flush: discard pending input first (TCSETSF). */
void tty_set_termios(const struct termios *t, bool flush);
int tty_get_pgrp(void);
void tty_set_pgrp(int pgrp);

#endif /* SLUICE_DRIVERS_TTY_H */
