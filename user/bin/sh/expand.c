/*
 * user/bin/sh/expand.c - turning a word as typed into the argument a
 * program gets:
 *
 *	'...'	everything literal
 *	"..."	literal except \$ \" \\ \` and $-expansions
 *	\c	c, outside quotes
 *	$?	status of the last foreground command
 *	$$	the shell's pid (also in a pipeline's children)
 *	$!	pid of the last background command (empty if none)
 *
 * Any other '$' is kept as is.  No field splitting: one word, one argument.
 */
#include "sh.h"

#include <stdio.h>
#include <string.h>

/* Output being built: @buf of @size bytes, @len used, @bad on overflow. */
struct sh_out {
	char *buf;
	size_t size, len;
	int bad;
};

static void
put_char(struct sh_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
	else
		o->bad = 1;
}

static void
put_number(struct sh_out *o, long n)
{
	char digits[24];
	int i;

	snprintf(digits, sizeof(digits), "%ld", n);
	for (i = 0; digits[i]; i++)
		put_char(o, digits[i]);
}

/* Expand the '$' at @p; returns how many bytes of input it used. */
static size_t
put_dollar(struct sh_out *o, const char *p, const char *end)
{
	char c = p + 1 < end ? p[1] : '\0';

	if (c == '?')
		put_number(o, sh.last_status);
	else if (c == '$')
		put_number(o, sh.pid);
	else if (c == '!' && sh.last_bg)
		put_number(o, sh.last_bg);
	else if (c != '!') {
		put_char(o, '$');
		return 1;
	}
	return 2;
}

/* Copy the double-quoted part after the '"' at @p; returns past its end. */
static const char *
put_double_quoted(struct sh_out *o, const char *p, const char *end)
{
	for (p++; p < end && *p != '"';) {
		if (*p == '\\' && p + 1 < end && strchr("$\"\\`", p[1])) {
			put_char(o, p[1]);
			p += 2;
		} else if (*p == '$') {
			p += put_dollar(o, p, end);
		} else {
			put_char(o, *p++);
		}
	}
	return p + 1;
}

int
sh_expand(const struct sh_token *tok, char *out, size_t size)
{
	struct sh_out o = { out, size, 0, 0 };
	const char *p = tok->text, *end = tok->text + tok->len;

	while (p < end) {
		if (*p == '\'') {
			for (p++; p < end && *p != '\''; p++)
				put_char(&o, *p);
			p++;
		} else if (*p == '"') {
			p = put_double_quoted(&o, p, end);
		} else if (*p == '\\') {
			if (p + 1 < end)
				put_char(&o, p[1]);
			p += 2;
		} else if (*p == '$') {
			p += put_dollar(&o, p, end);
		} else {
			put_char(&o, *p++);
		}
	}
	out[o.len] = '\0';
	return o.bad ? -1 : 0;
}
