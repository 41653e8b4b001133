/*
 * user/bin/sh/parse.c - the shell's grammar:
 *
 *	line     := [ pipeline ( ';' | '&' ) ]* [ pipeline ]
 *	pipeline := command ( '|' command )*
 *	command  := ( WORD | redirect )+
 *	redirect := [ IONUMBER ] ( '<' | '>' | '>>' | '<&' | '>&' ) WORD
 *
 * The commands of every pipeline go into one array (list->cmds); a
 * pipeline names its slice of it.  Nothing is expanded here: a
 * redirection keeps its target as a token, and even "2>&x" is checked
 * only when it runs (the shell then says "sh: x: Bad file descriptor").
 */
#include "sh.h"

#include <stdio.h>
#include <string.h>

/* The list being built and where its open pipeline starts. */
struct parser {
	struct sh_list *list;
	int first; /* index in list->cmds of the open pipeline's first command */
};

static const char *
token_name(const struct sh_token *tok)
{
	static const char *const names[] = {
		[SH_TOK_AMP] = "&",	 [SH_TOK_SEMI] = ";",
		[SH_TOK_PIPE] = "|",	 [SH_TOK_LESS] = "<",
		[SH_TOK_GREAT] = ">",	 [SH_TOK_DGREAT] = ">>",
		[SH_TOK_LESSAND] = "<&", [SH_TOK_GREATAND] = ">&",
	};

	if (!tok)
		return "newline";
	if (tok->kind == SH_TOK_WORD || tok->kind == SH_TOK_IONUMBER)
		return "word";
	return names[tok->kind];
}

/* @tok is where the line went wrong; NULL for its end. */
static int
syntax_error(const struct sh_token *tok)
{
	fprintf(stderr, "sh: syntax error near '%s'\n", token_name(tok));
	return -1;
}

/* The command being built, or NULL (after a message) if there is no room. */
static struct sh_cmd *
open_command(struct parser *p)
{
	if (p->list->ncmds == SH_CMDS_MAX) {
		fprintf(stderr, "sh: too many commands in one line\n");
		return NULL;
	}
	return &p->list->cmds[p->list->ncmds];
}

static int
command_is_empty(const struct sh_cmd *cmd)
{
	return cmd->nwords == 0 && cmd->nredirs == 0;
}

/* End the command being built at @tok ('|', ';', '&' or NULL: the end). */
static int
end_command(struct parser *p, const struct sh_token *tok)
{
	struct sh_list *list = p->list;

	if (list->ncmds == SH_CMDS_MAX ||
	    command_is_empty(&list->cmds[list->ncmds]))
		return syntax_error(tok);
	list->ncmds++;
	return 0;
}

/* End the open pipeline (its last command already ended). */
static void
end_pipeline(struct parser *p, int background)
{
	struct sh_list *list = p->list;
	struct sh_pipeline *pl = &list->pipes[list->npipes++];

	pl->first = p->first;
	pl->ncmds = list->ncmds - p->first;
	pl->background = background;
	p->first = list->ncmds;
}

static int
add_word(struct parser *p, const struct sh_token *tok)
{
	struct sh_cmd *cmd = open_command(p);

	if (!cmd)
		return -1;
	if (cmd->nwords == SH_ARGS_MAX) {
		fprintf(stderr, "sh: too many arguments\n");
		return -1;
	}
	cmd->words[cmd->nwords++] = tok;
	return 0;
}

/* The fd in an IONUMBER token; -1 if it is absurdly large. */
static int
io_number(const struct sh_token *tok)
{
	int fd = 0;
	size_t i;

	for (i = 0; i < tok->len; i++) {
		fd = fd * 10 + (tok->text[i] - '0');
		if (fd > 65535)
			return -1;
	}
	return fd;
}

/*
 * Add the redirection starting at toks[*@i] (an IONUMBER or an operator)
 * to the command being built; *@i is left on its target word.
 */
static int
add_redir(struct parser *p, const struct sh_token *toks, int n, int *i)
{
	struct sh_cmd *cmd = open_command(p);
	const struct sh_token *op = &toks[*i];
	struct sh_redir *r;
	int fd = -1;

	if (!cmd)
		return -1;
	if (op->kind == SH_TOK_IONUMBER) {
		fd = io_number(op);
		if (fd < 0) {
			fprintf(stderr, "sh: %.*s: Bad file descriptor\n",
				(int)op->len, op->text);
			return -1;
		}
		op = &toks[++*i]; /* the lexer put an operator after it */
	}
	if (*i + 1 == n || toks[*i + 1].kind != SH_TOK_WORD)
		return syntax_error(*i + 1 < n ? &toks[*i + 1] : NULL);
	if (cmd->nredirs == SH_REDIRS_MAX) {
		fprintf(stderr, "sh: too many redirections\n");
		return -1;
	}
	r = &cmd->redirs[cmd->nredirs++];
	if (fd < 0) /* '<' and '<&' are for stdin, the others for stdout */
		fd = op->kind == SH_TOK_LESS || op->kind == SH_TOK_LESSAND ? 0
									   : 1;
	r->fd = fd;
	r->target = &toks[++*i];
	switch (op->kind) {
	case SH_TOK_LESS:
		r->kind = SH_REDIR_IN;
		break;
	case SH_TOK_GREAT:
		r->kind = SH_REDIR_OUT;
		break;
	case SH_TOK_DGREAT:
		r->kind = SH_REDIR_APPEND;
		break;
	default:
		r->kind = SH_REDIR_DUP;
		break;
	}
	return 0;
}

/* One token (or, for a redirection, two or three) at toks[*@i]. */
static int
parse_token(struct parser *p, const struct sh_token *toks, int n, int *i)
{
	const struct sh_token *tok = &toks[*i];

	switch (tok->kind) {
	case SH_TOK_WORD:
		return add_word(p, tok);
	case SH_TOK_PIPE:
		return end_command(p, tok);
	case SH_TOK_AMP:
	case SH_TOK_SEMI:
		if (end_command(p, tok) < 0)
			return -1;
		end_pipeline(p, tok->kind == SH_TOK_AMP);
		return 0;
	default:
		return add_redir(p, toks, n, i);
	}
}

int
sh_parse(const struct sh_token *toks, int n, struct sh_list *list)
{
	struct parser p = { list, 0 };
	int i;

	memset(list, 0, sizeof(*list));
	for (i = 0; i < n; i++)
		if (parse_token(&p, toks, n, &i) < 0)
			return -1;
	/* a last pipeline without ';' or '&' runs in the foreground */
	if (list->ncmds < SH_CMDS_MAX &&
	    !command_is_empty(&list->cmds[list->ncmds])) {
		list->ncmds++;
		end_pipeline(&p, 0);
	} else if (list->ncmds > p.first) {
		return syntax_error(NULL); /* "a |" */
	}
	return 0;
}
