/*
 * kernel/seqbuf.c - printf into a buffer that doubles when full
 * (kernel/seqbuf.h).
 */
#include "kernel/seqbuf.h"

#include <stdarg.h>

#include <uapi/errno.h>

#include "kernel/mm.h"
#include "kernel/printf.h"
#include "kernel/string.h"

void
seq_printf(struct seqbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->error)
		return;
	for (;;) {
		size_t room = sb->cap - sb->len;
		char *bigger;

		va_start(ap, fmt);
		n = kvsnprintf(sb->buf ? sb->buf + sb->len : NULL, room, fmt,
			       ap);
		va_end(ap);
		if (n < 0) {
			sb->error = -EINVAL;
			return;
		}
		if ((size_t)n < room) {
			sb->len += (size_t)n;
			return;
		}
		sb->cap = sb->cap ? sb->cap * 2 : 256;
		while (sb->cap - sb->len <= (size_t)n)
			sb->cap *= 2;
		bigger = kmalloc(sb->cap);
		if (!bigger) {
			sb->error = -ENOMEM;
			return;
		}
		if (sb->buf)
			memcpy(bigger, sb->buf, sb->len + 1);
		kfree(sb->buf);
		sb->buf = bigger;
	}
}

void
seq_free(struct seqbuf *sb)
{
	kfree(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
