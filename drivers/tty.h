/*
 * drivers/tty.h - the console's line discipline (canonical mode): echo,
 * backspace, ^U, and a queue of finished lines for the reader.
 */
#ifndef SLUICE_DRIVERS_TTY_H
#define SLUICE_DRIVERS_TTY_H

#include <stddef.h>

/* Register the bottom half that feeds the line discipline.  At boot. */
void tty_init(void);

/* Feed one received byte through the line discipline.  Bottom half. */
void tty_input(char c);

/*
 * Wait for a whole line and copy it, without the newline, NUL-terminated,
 * into @buf (truncated to @size - 1).  Returns its length.  Process
 * context on the hart the console interrupt is routed to; waits in wfi.
 */
size_t tty_read_line(char *buf, size_t size);

#endif /* SLUICE_DRIVERS_TTY_H */
