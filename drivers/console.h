/*
 * drivers/console.h - /dev/console: the tty as a character device, the
 * file behind fds 0, 1 and 2 of init and everything it starts.
 */
#ifndef SLUICE_DRIVERS_CONSOLE_H
#define SLUICE_DRIVERS_CONSOLE_H

struct file;

/* A new open file on the console (O_RDWR), or NULL. */
struct file *console_open(unsigned flags);

#endif /* SLUICE_DRIVERS_CONSOLE_H */
