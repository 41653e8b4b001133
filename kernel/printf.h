/*
 * kernel/printf.h - the kernel's printf-style formatter.
 *
 * Owns the formatting engine and nothing else: no buffers, no console, no
 * state between calls.  printk streams through kvcbprintf() to the console;
 * everything that wants a string uses ksnprintf().
 *
 * Lock legend: none.  The functions touch only their arguments, so they may
 * be called from any context (process, interrupt, panic) with any locks held;
 * the emit callback decides what else is touched.
 *
 * Supported: %d %i %u %x %X %o %c %s %p %%, length modifiers hh h l ll j z t,
 * flags - 0 + space #, field width and precision (digits or *).  %p prints
 * "0x" and 16 zero-padded hex digits.  No floating point.  An unknown
 * conversion is copied to the output as written ("%q" prints "%q").
 */
#ifndef SLUICE_KERNEL_PRINTF_H
#define SLUICE_KERNEL_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Format into emit(ctx, c), one character at a time.  Returns the number of
 * characters emitted (saturated at INT_MAX).
 */
int kvcbprintf(void (*emit)(void *ctx, char c), void *ctx, const char *fmt,
	       va_list ap) __attribute__((format(printf, 3, 0)));

/*
 * C99 vsnprintf: writes at most size - 1 characters and a NUL (when size > 0)
 * and returns the length the whole output would have had.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* SLUICE_KERNEL_PRINTF_H */
