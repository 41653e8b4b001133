/*
 * kernel/printk.h - kernel messages, panic and backtraces.
 *
 * printk() writes whole messages under console_lock, so lines from
 * different harts never interleave.  The console is a table of operations
 * a driver registers (drivers/uart.c); until one does, output goes through
 * the SBI debug console.  panic() stops every other hart, switches the
 * console to synchronous output, prints the message and a backtrace with
 * symbol names, and makes QEMU exit with a failure status.
 */
#ifndef SLUICE_KERNEL_PRINTK_H
#define SLUICE_KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/compiler.h"

struct pt_regs;

struct console_ops {
	const char *name;
	/* Queue @n bytes for output ("\n" becomes "\r\n"); may buffer. */
	void (*write)(const char *s, size_t n);
	/* Write @n bytes and wait until the device took them (panic path). */
	void (*write_sync)(const char *s, size_t n);
};

void console_register(const struct console_ops *ops);

/* Write raw bytes to the console under console_lock.  Any context. */
void console_write(const char *s, size_t n);

/* Wait until everything queued for the console has gone out. */
void console_flush(void);

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap) __printf(1, 0);

void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn panic_regs(const struct pt_regs *regs, const char *fmt, ...)
    __printf(2, 3);

/* Print the call chain starting at frame pointer @fp and address @pc. */
void backtrace(uint64_t fp, uint64_t pc);
void dump_stack(void);

/* Nonzero once a panic has begun on any hart. */
extern int panicking;

#endif /* SLUICE_KERNEL_PRINTK_H */
