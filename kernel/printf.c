/*
 * kernel/printf.c - the formatting engine behind printk and ksnprintf.
 *
 * One engine, kvcbprintf(), walks the format and hands each output
 * character to a callback; ksnprintf() is that engine with a callback that
 * fills a bounded buffer.  Pure: no globals, no assembly, so the same file is
 * unit-tested on the host against the C library's snprintf.
 *
 * Lock legend: none.  All state lives on the caller's stack.
 */
#include "kernel/printf.h"

#include <stdbool.h>
#include <stdint.h>

/* Conversion flags, as written between '%' and the width. */
#define FL_LEFT	       0x01 /* '-': pad on the right */
#define FL_ZERO	       0x02 /* '0': pad numbers with zeros */
#define FL_PLUS	       0x04 /* '+': always print a sign */
#define FL_SPACE       0x08 /* ' ': space where a '+' would go */
#define FL_ALT	       0x10 /* '#': 0x prefix for %x, leading 0 for %o */

#define PRINTF_INT_MAX __INT_MAX__

enum fmt_len { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T };

/* One parsed conversion: "%[flags][width][.prec][length]conv". */
struct fmt_spec {
	unsigned flags;
	int width;
	int prec; /* -1 when no precision was given */
	enum fmt_len len;
};

struct fmt_out {
	void (*emit)(void *ctx, char c);
	void *ctx;
	uint64_t count;
};

struct snprintf_ctx {
	char *buf;
	size_t size;
	size_t pos; /* characters produced so far, stored or not */
};

static void
out_char(struct fmt_out *o, char c)
{
	o->emit(o->ctx, c);
	o->count++;
}

static void
out_repeat(struct fmt_out *o, char c, int64_t n)
{
	for (; n > 0; n--)
		out_char(o, c);
}

/* Reads a decimal number, saturating at INT_MAX; no digits reads 0. */
static const char *
parse_num(const char *p, int *val)
{
	int v = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (v <= (PRINTF_INT_MAX - 9) / 10)
			v = v * 10 + (*p - '0');
		else
			v = PRINTF_INT_MAX;
	}
	*val = v;
	return p;
}

static const char *
parse_flags(const char *p, unsigned *flags)
{
	for (;; p++) {
		switch (*p) {
		case '-':
			*flags |= FL_LEFT;
			break;
		case '0':
			*flags |= FL_ZERO;
			break;
		case '+':
			*flags |= FL_PLUS;
			break;
		case ' ':
			*flags |= FL_SPACE;
			break;
		case '#':
			*flags |= FL_ALT;
			break;
		default:
			return p;
		}
	}
}

static const char *
parse_length(const char *p, enum fmt_len *len)
{
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			*len = LEN_HH;
			return p + 2;
		}
		*len = LEN_H;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			*len = LEN_LL;
			return p + 2;
		}
		*len = LEN_L;
		return p + 1;
	case 'j':
		*len = LEN_J;
		return p + 1;
	case 'z':
		*len = LEN_Z;
		return p + 1;
	case 't':
		*len = LEN_T;
		return p + 1;
	default:
		*len = LEN_NONE;
		return p;
	}
}

/*
 * Parses everything after '%' up to the conversion character and returns a
 * pointer to that character.  A '*' width or precision consumes an int
 * argument; a negative '*' width means '-' flag, a negative '*' precision
 * means no precision (C11 7.21.6.1).
 */
static const char *
parse_spec(const char *p, struct fmt_spec *sp, va_list *ap)
{
	int v;

	sp->flags = 0;
	sp->prec = -1;
	p = parse_flags(p, &sp->flags);
	if (*p == '*') {
		v = va_arg(*ap, int);
		if (v < 0) {
			sp->flags |= FL_LEFT;
			v = (v == -PRINTF_INT_MAX - 1) ? PRINTF_INT_MAX : -v;
		}
		sp->width = v;
		p++;
	} else {
		p = parse_num(p, &sp->width);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			v = va_arg(*ap, int);
			sp->prec = v < 0 ? -1 : v;
			p++;
		} else {
			p = parse_num(p, &sp->prec);
		}
	}
	return parse_length(p, &sp->len);
}

static int64_t
arg_signed(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t
arg_unsigned(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/*
 * Emits one number: [spaces][sign][prefix][zeros]digits[spaces].  The
 * precision is the minimum digit count (a zero value with precision 0 has no
 * digits); the '0' flag widens the zeros only when no precision was given.
 */
static void
put_number(struct fmt_out *o, const struct fmt_spec *sp, uint64_t mag,
	   char sign, const char *prefix, unsigned base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24]; /* 22 octal digits hold 64 bits */
	int ndigits = 0, nprefix = 0;
	int64_t nzero, pad;

	for (; mag != 0; mag /= base)
		digits[ndigits++] = set[mag % base];
	nzero = (sp->prec < 0 ? 1 : (int64_t)sp->prec) - ndigits;
	if (nzero < 0)
		nzero = 0;
	if ((sp->flags & FL_ALT) && base == 8 && nzero == 0)
		nzero = 1;
	while (prefix[nprefix] != '\0')
		nprefix++;
	pad = (int64_t)sp->width - (sign != 0) - nprefix - nzero - ndigits;
	if ((sp->flags & (FL_ZERO | FL_LEFT)) == FL_ZERO && sp->prec < 0 &&
	    pad > 0) {
		nzero += pad;
		pad = 0;
	}
	if (!(sp->flags & FL_LEFT))
		out_repeat(o, ' ', pad);
	if (sign != 0)
		out_char(o, sign);
	for (int i = 0; i < nprefix; i++)
		out_char(o, prefix[i]);
	out_repeat(o, '0', nzero);
	while (ndigits > 0)
		out_char(o, digits[--ndigits]);
	if (sp->flags & FL_LEFT)
		out_repeat(o, ' ', pad);
}

static void
put_signed(struct fmt_out *o, const struct fmt_spec *sp, int64_t v)
{
	char sign = 0;
	uint64_t mag = (uint64_t)v;

	if (v < 0) {
		sign = '-';
		mag = 0 - mag;
	} else if (sp->flags & FL_PLUS) {
		sign = '+';
	} else if (sp->flags & FL_SPACE) {
		sign = ' ';
	}
	put_number(o, sp, mag, sign, "", 10, false);
}

/* Strings and characters: padded with spaces whatever the flags say. */
static void
put_text(struct fmt_out *o, const struct fmt_spec *sp, const char *s,
	 int64_t len)
{
	int64_t pad = (int64_t)sp->width - len;

	if (!(sp->flags & FL_LEFT))
		out_repeat(o, ' ', pad);
	for (int64_t i = 0; i < len; i++)
		out_char(o, s[i]);
	if (sp->flags & FL_LEFT)
		out_repeat(o, ' ', pad);
}

static void
put_string(struct fmt_out *o, const struct fmt_spec *sp, const char *s)
{
	int64_t len = 0;

	if (s == NULL)
		s = "(null)";
	/* With a precision, s need not be NUL-terminated: never read past it. */
	while ((sp->prec < 0 || len < sp->prec) && s[len] != '\0')
		len++;
	put_text(o, sp, s, len);
}

static void
put_pointer(struct fmt_out *o, const struct fmt_spec *sp, const void *p)
{
	struct fmt_spec psp = *sp;

	psp.prec = 2 * sizeof(void *);
	put_number(o, &psp, (uintptr_t)p, 0, "0x", 16, false);
}

/* Formats one conversion; returns false if conv is not one we know. */
static bool
format_one(struct fmt_out *o, const struct fmt_spec *sp, char conv, va_list *ap)
{
	const char *prefix;
	uint64_t u;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		put_signed(o, sp, arg_signed(ap, sp->len));
		return true;
	case 'u':
		put_number(o, sp, arg_unsigned(ap, sp->len), 0, "", 10, false);
		return true;
	case 'o':
		put_number(o, sp, arg_unsigned(ap, sp->len), 0, "", 8, false);
		return true;
	case 'x':
	case 'X':
		u = arg_unsigned(ap, sp->len);
		prefix = "";
		if ((sp->flags & FL_ALT) && u != 0)
			prefix = conv == 'X' ? "0X" : "0x";
		put_number(o, sp, u, 0, prefix, 16, conv == 'X');
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_text(o, sp, &c, 1);
		return true;
	case 's':
		put_string(o, sp, va_arg(*ap, const char *));
		return true;
	case 'p':
		put_pointer(o, sp, va_arg(*ap, const void *));
		return true;
	case '%':
		out_char(o, '%');
		return true;
	default:
		return false;
	}
}

int
kvcbprintf(void (*emit)(void *ctx, char c), void *ctx, const char *fmt,
	   va_list ap)
{
	struct fmt_out o = { .emit = emit, .ctx = ctx, .count = 0 };
	struct fmt_spec sp;
	const char *start;
	va_list args;

	/* A va_list parameter may be an array type: copy it to take its address. */
	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		start = fmt;
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (!format_one(&o, &sp, *fmt, &args)) {
			while (start < fmt)
				out_char(&o, *start++);
			if (*fmt == '\0')
				break;
			out_char(&o, *fmt);
		}
		fmt++;
	}
	va_end(args);
	return o.count > PRINTF_INT_MAX ? PRINTF_INT_MAX : (int)o.count;
}

static void
snprintf_emit(void *ctx, char c)
{
	struct snprintf_ctx *s = ctx;

	if (s->pos + 1 < s->size)
		s->buf[s->pos] = c;
	s->pos++;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snprintf_ctx s = { .buf = buf, .size = size, .pos = 0 };
	int n;

	n = kvcbprintf(snprintf_emit, &s, fmt, ap);
	if (size > 0)
		buf[s.pos < size ? s.pos : size - 1] = '\0';
	return n;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
