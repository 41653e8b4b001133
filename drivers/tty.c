/*
 * drivers/tty.c - canonical and raw line discipline over drivers/uart.c.
 *
 * Bytes arrive in the SOFTIRQ_TTY bottom half.  In canonical mode the line
 * being typed lives in `edit`; a finished line moves, with its '\n', into
 * `readq`, and `lines` counts the finished lines there.  End-of-file (^D)
 * is queued as an EOF_MARK byte, which cannot otherwise reach readq in
 * canonical mode.  In raw mode bytes go straight to readq.
 *
 * Locks: tty_lock protects edit, edit_len, readq, lines, termios and
 * fg_pgrp.  It is never held while echoing (console_write takes the
 * console lock) or while copying to user space.  Readers sleep on read_wq,
 * woken by the bottom half after it queued input.
 */
#include "drivers/tty.h"

#include <uapi/errno.h>
#include <uapi/signal.h>

#include "drivers/uart.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/riscv.h"
#include "kernel/ringbuf.h"
#include "kernel/softirq.h"
#include "kernel/spinlock.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

#define CTRL(c)	     ((c)&0x1f)
#define TTY_LINE_MAX 256
#define EOF_MARK     CTRL('D')

static struct spinlock tty_lock = SPINLOCK_INIT("tty");
static char edit[TTY_LINE_MAX];
static size_t edit_len;
static uint8_t readq_store[1024];
static struct ringbuf readq;
static int lines;   /* finished lines (or EOF marks) in readq */
static char last;   /* previous byte, to fold CR LF into one end */
static int fg_pgrp; /* receives ^C; 0: none */
static struct termios termios = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = CS8 | CREAD,
	.c_lflag = ICANON | ECHO | ECHOE | ECHOK | ISIG,
	.c_cc = { [VINTR] = CTRL('C'),
		  [VERASE] = 0x7f,
		  [VKILL] = CTRL('U'),
		  [VEOF] = CTRL('D'),
		  [VMIN] = 1 },
};
static struct wait_queue_head read_wq;

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
	ringbuf_init(&readq, readq_store, sizeof(readq_store));
	init_waitqueue_head(&read_wq, "tty_read");
	open_softirq(SOFTIRQ_TTY, tty_softirq, "tty");
}

/* Move the edited line (plus @end, 0 for none) into readq. */
static void
finish_line_locked(char end)
{
	if (ringbuf_space(&readq) >= edit_len + 1) {
		for (size_t i = 0; i < edit_len; i++)
			ringbuf_put(&readq, (uint8_t)edit[i]);
		if (end)
			ringbuf_put(&readq, (uint8_t)end);
		lines++;
	}
	edit_len = 0;
}

static size_t
rubout_locked(char *echo, size_t n, size_t count)
{
	for (; count && edit_len; count--, edit_len--) {
		echo[n++] = '\b';
		echo[n++] = ' ';
		echo[n++] = '\b';
	}
	return n;
}

/* One byte in canonical mode; returns the number of echo bytes. */
static size_t
canonical_input_locked(char c, char *echo, int *signal_pgrp)
{
	size_t n = 0;

	if (c == '\n' && last == '\r' && (termios.c_iflag & ICRNL))
		return 0; /* the LF of a CR LF pair: the line ended */
	if ((termios.c_iflag & ICRNL) && c == '\r')
		c = '\n';
	if (c == '\n') {
		finish_line_locked('\n');
		echo[n++] = '\n';
	} else if (c == termios.c_cc[VERASE] || c == '\b') {
		n = rubout_locked(echo, n, 1);
	} else if (c == termios.c_cc[VKILL]) {
		n = rubout_locked(echo, n, edit_len);
	} else if (c == termios.c_cc[VEOF]) {
		finish_line_locked(edit_len ? 0 : EOF_MARK);
	} else if (c == termios.c_cc[VINTR] && (termios.c_lflag & ISIG)) {
		edit_len = 0;
		echo[n++] = '^';
		echo[n++] = 'C';
		echo[n++] = '\n';
		*signal_pgrp = fg_pgrp;
	} else if ((uint8_t)c >= ' ' && c != 0x7f &&
		   edit_len < TTY_LINE_MAX - 1) {
		edit[edit_len++] = c;
		echo[n++] = c;
	}
	return n;
}

void
tty_input(char c)
{
	char echo[TTY_LINE_MAX * 3];
	size_t n = 0;
	int signal_pgrp = 0;

	spin_lock(&tty_lock);
	if (termios.c_lflag & ICANON) {
		n = canonical_input_locked(c, echo, &signal_pgrp);
	} else {
		if ((termios.c_iflag & ICRNL) && c == '\r')
			c = '\n';
		if (ringbuf_put(&readq, (uint8_t)c) == 0)
			echo[n++] = c;
	}
	last = c;
	if (!(termios.c_lflag & ECHO))
		n = 0;
	spin_unlock(&tty_lock);
	if (n)
		console_write(echo, n);
	if (signal_pgrp)
		do_kill_pgrp(signal_pgrp, SIGINT);
	wake_up_interruptible(&read_wq);
}

static bool
tty_readable(void)
{
	bool ready;

	spin_lock(&tty_lock);
	ready = (termios.c_lflag & ICANON) ? lines > 0 : !ringbuf_empty(&readq);
	spin_unlock(&tty_lock);
	return ready;
}

/*
 * Take up to @size bytes: in canonical mode up to the end of one line
 * (a line longer than @size is taken in pieces); returns the count, with
 * *eof set if the line was an end-of-file mark.
 */
static size_t
take_input_locked(char *buf, size_t size, bool *eof)
{
	size_t n = 0;
	int c;

	*eof = false;
	if (!(termios.c_lflag & ICANON))
		return ringbuf_get_many(&readq, (uint8_t *)buf, size);
	while (n < size && (c = ringbuf_peek(&readq)) >= 0) {
		ringbuf_get(&readq);
		if (c == EOF_MARK) {
			lines--;
			*eof = n == 0;
			break;
		}
		buf[n++] = (char)c;
		if (c == '\n') {
			lines--;
			break;
		}
	}
	return n;
}

long
tty_read(uint64_t ubuf, size_t n, bool nonblock)
{
	char buf[TTY_LINE_MAX];
	size_t got;
	bool eof;

	if (n == 0)
		return 0;
	if (!tty_readable()) {
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(read_wq, tty_readable()))
			return -EINTR;
	}
	spin_lock(&tty_lock);
	got = take_input_locked(buf, n < sizeof(buf) ? n : sizeof(buf), &eof);
	spin_unlock(&tty_lock);
	if (copy_to_user(ubuf, buf, got))
		return -EFAULT;
	return (long)got;
}

long
tty_write(uint64_t ubuf, size_t n)
{
	char buf[256];
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);

		if (copy_from_user(buf, ubuf + done, chunk))
			return done ? (long)done : -EFAULT;
		console_write(buf, chunk);
		done += chunk;
	}
	return (long)done;
}

/* Take one line out of readq if there is one; returns its length or -1. */
static long
take_line(char *buf, size_t size)
{
	long len = -1;
	bool eof;

	spin_lock(&tty_lock);
	if (lines > 0) {
		len = (long)take_input_locked(buf, size - 1, &eof);
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		buf[len] = '\0';
	}
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
		len = take_line(buf, size);
		if (len >= 0)
			break;
		wfi();
		local_irq_enable();
	}
	local_irq_enable();
	return (size_t)len;
}

void
tty_get_termios(struct termios *t)
{
	spin_lock(&tty_lock);
	*t = termios;
	spin_unlock(&tty_lock);
}

void
tty_set_termios(const struct termios *t, bool flush)
{
	spin_lock(&tty_lock);
	termios = *t;
	if (flush) {
		ringbuf_init(&readq, readq_store, sizeof(readq_store));
		lines = 0;
		edit_len = 0;
	}
	spin_unlock(&tty_lock);
	wake_up_interruptible(&read_wq);
}

int
tty_get_pgrp(void)
{
	return READ_ONCE(fg_pgrp);
}

void
tty_set_pgrp(int pgrp)
{
	WRITE_ONCE(fg_pgrp, pgrp);
}
