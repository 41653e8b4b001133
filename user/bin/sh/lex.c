/*
 * user/bin/sh/lex.c - the shell's lexer: where words and operators begin
 * and end.  Words keep their quotes; expand.c removes them later.
 *
 * Operators: & ; | < > >> <& >&.  As in POSIX, a word of digits alone
 * right before '<' or '>' is not a word but the fd the redirection is
 * for (IO_NUMBER): "2>err" is fd 2, "2 >err" is the argument "2".
 */
#include "sh.h"

#include <stdio.h>
#include <string.h>

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
is_operator(char c)
{
	return c == '&' || c == ';' || c == '|' || c == '<' || c == '>';
}

/* The end of a quoted part starting at the quote @p, or NULL if open. */
static const char *
skip_quoted(const char *p)
{
	char q = *p++;

	for (; *p && *p != q; p++)
		if (q == '"' && *p == '\\' && p[1])
			p++;
	return *p ? p + 1 : NULL;
}

/* The end of the word starting at @p, or NULL on an open quote. */
static const char *
skip_word(const char *p)
{
	while (*p && !is_blank(*p) && !is_operator(*p)) {
		if (*p == '\\') {
			p += p[1] ? 2 : 1;
		} else if (*p == '\'' || *p == '"') {
			p = skip_quoted(p);
			if (!p)
				return NULL;
		} else {
			p++;
		}
	}
	return p;
}

/* Read the operator at @p into @tok; returns its length. */
static size_t
lex_operator(const char *p, struct sh_token *tok)
{
	tok->text = p;
	tok->len = 1;
	switch (*p) {
	case '&':
		tok->kind = SH_TOK_AMP;
		break;
	case ';':
		tok->kind = SH_TOK_SEMI;
		break;
	case '|':
		tok->kind = SH_TOK_PIPE;
		break;
	case '<':
		tok->kind = p[1] == '&' ? SH_TOK_LESSAND : SH_TOK_LESS;
		tok->len = p[1] == '&' ? 2 : 1;
		break;
	default:
		if (p[1] == '>')
			tok->kind = SH_TOK_DGREAT;
		else if (p[1] == '&')
			tok->kind = SH_TOK_GREATAND;
		else
			tok->kind = SH_TOK_GREAT;
		tok->len = tok->kind == SH_TOK_GREAT ? 1 : 2;
		break;
	}
	return tok->len;
}

/* Is the word [@p, @end) all digits, with a redirection right after it? */
static int
is_io_number(const char *p, const char *end)
{
	const char *q;

	if (p == end || (*end != '<' && *end != '>'))
		return 0;
	for (q = p; q < end; q++)
		if (*q < '0' || *q > '9')
			return 0;
	return 1;
}

int
sh_lex(const char *line, struct sh_token *toks, int max)
{
	const char *p = line, *end;
	int n = 0;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max) {
			fprintf(stderr, "sh: too many words\n");
			return -1;
		}
		if (is_operator(*p)) {
			p += lex_operator(p, &toks[n++]);
			continue;
		}
		end = skip_word(p);
		if (!end) {
			fprintf(stderr, "sh: unterminated quote\n");
			return -1;
		}
		toks[n].kind =
		    is_io_number(p, end) ? SH_TOK_IONUMBER : SH_TOK_WORD;
		toks[n].text = p;
		toks[n++].len = (size_t)(end - p);
		p = end;
	}
}
