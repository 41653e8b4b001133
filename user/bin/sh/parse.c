/*
 * user/bin/sh/parse.c - the shell's grammar, for now:
 *
 *	line    := [ command ( ';' | '&' ) ]* [ command ]
 *	command := WORD+
 *
 * Operators that later grammar will give a meaning ('|', '<', '>', '>>')
 * are refused with a message.
 */
#include "sh.h"

#include <stdio.h>
#include <string.h>

static const char *
token_name(const struct sh_token *tok)
{
	switch (tok->kind) {
	case SH_TOK_AMP:
		return "&";
	case SH_TOK_SEMI:
		return ";";
	case SH_TOK_PIPE:
		return "|";
	case SH_TOK_LESS:
		return "<";
	case SH_TOK_GREAT:
		return ">";
	case SH_TOK_DGREAT:
		return ">>";
	default:
		return "word";
	}
}

static int
syntax_error(const struct sh_token *tok)
{
	fprintf(stderr, "sh: syntax error near '%s'\n", token_name(tok));
	return -1;
}

static int
not_yet(const struct sh_token *tok)
{
	fprintf(stderr,
		"sh: '%s': pipes and redirection are not supported "
		"yet\n",
		token_name(tok));
	return -1;
}

/* End the command being built at @tok (';' or '&'). */
static int
end_command(struct sh_list *list, const struct sh_token *tok)
{
	struct sh_cmd *cmd = &list->cmds[list->ncmds];

	if (list->ncmds == SH_CMDS_MAX || cmd->nwords == 0)
		return syntax_error(tok);
	cmd->background = tok->kind == SH_TOK_AMP;
	list->ncmds++;
	return 0;
}

static int
add_word(struct sh_list *list, const struct sh_token *tok)
{
	struct sh_cmd *cmd;

	if (list->ncmds == SH_CMDS_MAX) {
		fprintf(stderr, "sh: too many commands in one line\n");
		return -1;
	}
	cmd = &list->cmds[list->ncmds];
	if (cmd->nwords == SH_ARGS_MAX) {
		fprintf(stderr, "sh: too many arguments\n");
		return -1;
	}
	cmd->words[cmd->nwords++] = tok;
	return 0;
}

int
sh_parse(const struct sh_token *toks, int n, struct sh_list *list)
{
	int i, r;

	memset(list, 0, sizeof(*list));
	for (i = 0; i < n; i++) {
		switch (toks[i].kind) {
		case SH_TOK_WORD:
			r = add_word(list, &toks[i]);
			break;
		case SH_TOK_AMP:
		case SH_TOK_SEMI:
			r = end_command(list, &toks[i]);
			break;
		default:
			r = not_yet(&toks[i]);
			break;
		}
		if (r < 0)
			return -1;
	}
	/* a last command without ';' or '&' runs in the foreground */
	if (list->ncmds < SH_CMDS_MAX && list->cmds[list->ncmds].nwords > 0)
		list->ncmds++;
	return 0;
}
