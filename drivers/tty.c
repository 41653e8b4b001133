/*
 * drivers/tty.c - canonical line discipline on top of drivers/uart.c.
 *
 * Bytes arrive in the SOFTIRQ_TTY bottom half.  The line being typed is
 * edited in `edit`; a finished line moves, with its '\n', into `cooked`,
 * where the reader takes it.  Locks: tty_lock protects edit, edit_len,
 * cooked and lines; never held while printing (echo goes out after it is
 * released, through console_write).
 */
#include "drivers/tty.h"

#include "drivers/uart.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/ringbuf.h"
#include "kernel/softirq.h"
#include "kernel/spinlock.h"

#define CTRL(c)	     ((c)&0x1f)
#define TTY_LINE_MAX 256

static struct spinlock tty_lock = SPINLOCK_INIT("tty");
static char edit[TTY_LINE_MAX];
static size_t edit_len;
static uint8_t cooked_store[1024];
static struct ringbuf cooked;
static int lines; /* complete lines in cooked */
static char last; /* previous byte, to fold CR LF into one end */

static void
tty_softirq(void)
{
	int c;

	while ((c = uart_getc()) >= 0)
		tty_input((char)c);
}

void
tty_init(void)
{
	ringbuf_init(&cooked, cooked_store, sizeof(cooked_store));
	open_softirq(SOFTIRQ_TTY, tty_softirq, "tty");
}

/* Move the edited line into cooked; drops it if cooked has no room. */
static void
tty_finish_line_locked(void)
{
	if (ringbuf_space(&cooked) < edit_len + 1) {
		edit_len = 0;
		return;
	}
	for (size_t i = 0; i < edit_len; i++)
		ringbuf_put(&cooked, (uint8_t)edit[i]);
	ringbuf_put(&cooked, '\n');
	lines++;
	edit_len = 0;
}

void
tty_input(char c)
{
	static const char rubout[] = "\b \b";
	char echo[TTY_LINE_MAX * 3];
	size_t n = 0;

	spin_lock(&tty_lock);
	if ((c == '\n' && last == '\r')) {
		/* the LF of a CR LF pair: the line already ended */
	} else if (c == '\r' || c == '\n') {
		tty_finish_line_locked();
		echo[n++] = '\n';
	} else if (c == 0x7f || c == '\b') {
		if (edit_len) {
			edit_len--;
			for (int i = 0; i < 3; i++)
				echo[n++] = rubout[i];
		}
	} else if (c == CTRL('U')) {
		for (; edit_len; edit_len--)
			for (int i = 0; i < 3; i++)
				echo[n++] = rubout[i];
	} else if (c >= ' ' && c < 0x7f && edit_len < TTY_LINE_MAX - 1) {
		edit[edit_len++] = c;
		echo[n++] = c;
	}
	last = c;
	spin_unlock(&tty_lock);
	if (n)
		console_write(echo, n);
}

/* Take one line out of cooked if there is one; returns its length or -1. */
static long
tty_take_line(char *buf, size_t size)
{
	long len = -1;
	size_t n = 0;
	int c;

	spin_lock(&tty_lock);
	if (lines == 0)
		goto out_unlock;
	while ((c = ringbuf_get(&cooked)) >= 0 && c != '\n')
		if (n + 1 < size)
			buf[n++] = (char)c;
	lines--;
	buf[n] = '\0';
	len = (long)n;
out_unlock:
	spin_unlock(&tty_lock);
	return len;
}

size_t
tty_read_line(char *buf, size_t size)
{
	long len;

	/*
	 * Check with interrupts off, then wfi: an interrupt that arrives in
	 * between stays pending and ends the wfi at once, so no wakeup is
	 * lost.  The bottom half that adds lines runs on this hart.
	 */
	for (;;) {
		local_irq_disable();
		len = tty_take_line(buf, size);
		if (len >= 0)
			break;
		wfi();
		local_irq_enable();
	}
	local_irq_enable();
	return (size_t)len;
}
