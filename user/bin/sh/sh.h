/*
 * user/bin/sh/sh.h - Sluice's shell: the pieces and how a line flows
 * through them.
 *
 *   main.c     read a line from fd 0 (prompt "$ " only on a terminal)
 *   lex.c      split it into tokens: words (still quoted) and operators
 *   parse.c    group tokens into a list of commands, each ended by
 *              ';', '&' or the end of the line
 *   expand.c   per command, just before it runs: quote removal, '\',
 *              $? $$ $!
 *   run.c      builtins, or fork + execve + wait; background jobs
 *   builtin.c  cd, exit, wait
 *
 * Expansion happens when a command is about to run, so in
 * `false; echo $?` the second command sees the first one's status.
 *
 * Pipelines and redirection are recognised by the lexer ('|', '<', '>',
 * '>>') and refused by the parser for now.  They slot in as: a redirection
 * list per command (struct sh_cmd) and a pipeline of commands per list
 * entry, set up in run.c between fork and execve.
 *
 * Programs are found in $SLUICE_BIN if set (host testing), else /bin; a
 * word containing '/' is used as the path itself.
 *
 * Single-threaded; the global state is struct sh_state (main.c).
 */
#ifndef SLUICE_SH_H
#define SLUICE_SH_H

#include <stddef.h>

#include "syscall.h"

#define SH_LINE_MAX   4096 /* bytes in one input line */
#define SH_TOKENS_MAX 256  /* tokens in one line */
#define SH_ARGS_MAX   64   /* words in one command */
#define SH_CMDS_MAX   32   /* commands in one line */
#define SH_JOBS_MAX   32   /* background jobs remembered */
#define SH_WORD_MAX   1024 /* bytes of one expanded word */

/* Exit statuses a POSIX shell uses. */
#define SH_STATUS_SYNTAX      2
#define SH_STATUS_CANNOT_EXEC 126
#define SH_STATUS_NOT_FOUND   127
#define SH_STATUS_SIGNAL_BASE 128

enum sh_tok_kind {
	SH_TOK_WORD,
	SH_TOK_AMP,    /* &  */
	SH_TOK_SEMI,   /* ;  */
	SH_TOK_PIPE,   /* |  (not yet supported) */
	SH_TOK_LESS,   /* <  (not yet supported) */
	SH_TOK_GREAT,  /* >  (not yet supported) */
	SH_TOK_DGREAT, /* >> (not yet supported) */
};

/* A token; a word is a slice of the line, quotes and backslashes intact. */
struct sh_token {
	enum sh_tok_kind kind;
	const char *text;
	size_t len;
};

/* One simple command: its words (unexpanded), and how it is run. */
struct sh_cmd {
	const struct sh_token *words[SH_ARGS_MAX];
	int nwords;
	int background; /* ended by '&' */
};

struct sh_list {
	struct sh_cmd cmds[SH_CMDS_MAX];
	int ncmds;
};

struct sh_job {
	pid_t pid;
	int done;   /* reaped; status below is valid */
	int status; /* wait4 status word */
};

struct sh_state {
	int interactive;     /* fd 0 is a terminal: prompt, job notices */
	int last_status;     /* $? */
	pid_t last_bg;	     /* $! (0: none yet) */
	const char *bin_dir; /* where programs are looked for */
	struct sh_job jobs[SH_JOBS_MAX];
};

extern struct sh_state sh;

/*
 * sh_lex - split @line into at most @max tokens in @toks.  Returns the
 * count, or -1 after printing a message (unterminated quote, too many
 * tokens).  An unquoted '#' at the start of a word ends the line.
 */
int sh_lex(const char *line, struct sh_token *toks, int max);

/*
 * sh_parse - group @n tokens into @list.  Returns 0, or -1 after printing
 * a syntax message.
 */
int sh_parse(const struct sh_token *toks, int n, struct sh_list *list);

/*
 * sh_expand - the argument @tok stands for: quotes removed, backslash
 * escapes applied, $? $$ $! replaced.  Writes a NUL-terminated string to
 * @out (@size bytes).  Returns 0, or -1 if it does not fit.
 */
int sh_expand(const struct sh_token *tok, char *out, size_t size);

/* sh_run_list - run every command of @list in order; sets sh.last_status. */
void sh_run_list(const struct sh_list *list);

/* sh_reap_jobs - collect finished background jobs without waiting. */
void sh_reap_jobs(void);

/* sh_job_wait - wait for background job @pid (or all if 0); its status. */
int sh_job_wait(pid_t pid);

/*
 * sh_builtin - if @argv[0] names a builtin, run it, set *@status and
 * return 1; else return 0.
 */
int sh_builtin(int argc, char **argv, int *status);

/*
 * sh_ignore_interrupts - an interactive shell ignores SIGINT and SIGQUIT
 * (^C is for the command it runs); children get the default back.
 */
void sh_ignore_interrupts(int ignore);

/* sh_status_of - the $? value of a wait4 status word. */
int sh_status_of(int wstatus);

#endif /* SLUICE_SH_H */
