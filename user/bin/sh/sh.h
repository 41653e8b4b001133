/*
 * user/bin/sh/sh.h - Sluice's shell: the pieces and how a line flows
 * through them.
 *
 *   main.c     read a line from fd 0 (prompt "$ " only on a terminal)
 *   lex.c      split it into tokens: words (still quoted), operators, and
 *              the digits of an fd-numbered redirection (2>)
 *   parse.c    group tokens into a list of pipelines, each ended by
 *              ';', '&' or the end of the line; a pipeline is commands
 *              joined by '|'; a command is words plus redirections
 *   expand.c   per command, just before it runs: quote removal, '\',
 *              $? $$ $!
 *   redir.c    < > >> n>&m n<&m n>&-, in a child before execve, or in the
 *              shell around a builtin (the shell's own fds put back after)
 *   run.c      builtins, or one child per pipeline stage in one process
 *              group, waited for unless run with '&' (background jobs)
 *   builtin.c  cd, exit, pwd, wait
 *
 * Expansion happens when a command is about to run, so in
 * `false; echo $?` the second command sees the first one's status.  The
 * stages of a pipeline expand their words in their own child, which is
 * why $$ is the pid saved at start-up and not getpid().
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
#define SH_REDIRS_MAX 16   /* redirections in one command */

/* Exit statuses a POSIX shell uses. */
#define SH_STATUS_SYNTAX      2
#define SH_STATUS_CANNOT_EXEC 126
#define SH_STATUS_NOT_FOUND   127
#define SH_STATUS_SIGNAL_BASE 128

enum sh_tok_kind {
	SH_TOK_WORD,
	SH_TOK_IONUMBER, /* the digits of "2>": an fd, a redirection follows */
	SH_TOK_AMP,	 /* &  */
	SH_TOK_SEMI,	 /* ;  */
	SH_TOK_PIPE,	 /* |  */
	SH_TOK_LESS,	 /* <  */
	SH_TOK_GREAT,	 /* >  */
	SH_TOK_DGREAT,	 /* >> */
	SH_TOK_LESSAND,	 /* <& */
	SH_TOK_GREATAND, /* >& */
};

/* A token; a word is a slice of the line, quotes and backslashes intact. */
struct sh_token {
	enum sh_tok_kind kind;
	const char *text;
	size_t len;
};

enum sh_redir_kind {
	SH_REDIR_IN,	 /* [n]<file:  open for reading (n = 0) */
	SH_REDIR_OUT,	 /* [n]>file:  create or truncate (n = 1) */
	SH_REDIR_APPEND, /* [n]>>file: create, append (n = 1) */
	SH_REDIR_DUP,	 /* [n]>&m, [n]<&m: copy of m; m "-": close */
};

/* One redirection; @target is a file name or, for SH_REDIR_DUP, an fd. */
struct sh_redir {
	enum sh_redir_kind kind;
	int fd;
	const struct sh_token *target;
};

/* One simple command: its words and redirections (unexpanded). */
struct sh_cmd {
	const struct sh_token *words[SH_ARGS_MAX];
	int nwords;
	struct sh_redir redirs[SH_REDIRS_MAX];
	int nredirs;
};

/* cmds[first .. first + ncmds - 1] of a list, stdout to stdin by pipes. */
struct sh_pipeline {
	int first, ncmds;
	int background; /* ended by '&' */
};

struct sh_list {
	struct sh_cmd cmds[SH_CMDS_MAX];
	int ncmds;
	struct sh_pipeline pipes[SH_CMDS_MAX];
	int npipes;
};

struct sh_job {
	pid_t pid;
	int done;   /* reaped; status below is valid */
	int status; /* wait4 status word */
};

struct sh_state {
	pid_t pid;	     /* $$: the shell's, even in a pipeline's child */
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
 * a syntax message.  A command may be redirections alone ("> file").
 */
int sh_parse(const struct sh_token *toks, int n, struct sh_list *list);

/*
 * sh_expand - the argument @tok stands for: quotes removed, backslash
 * escapes applied, $? $$ $! replaced.  Writes a NUL-terminated string to
 * @out (@size bytes).  Returns 0, or -1 if it does not fit.
 */
int sh_expand(const struct sh_token *tok, char *out, size_t size);

/* The fds a redirection in the shell itself replaced, to put back. */
struct sh_saved_fds {
	int fd[SH_REDIRS_MAX];
	int copy[SH_REDIRS_MAX];    /* close-on-exec copy; -1: fd was closed */
	int cloexec[SH_REDIRS_MAX]; /* fd had FD_CLOEXEC */
	int n;
};

/*
 * sh_redirect - apply @cmd's redirections, in order.  @saved NULL: for
 * good (a child about to exec).  Otherwise every fd changed is first
 * copied into @saved, for sh_restore().  Returns 0, or 1 after printing
 * "sh: NAME: reason" (the redirections before the failing one stay
 * applied until sh_restore()).
 */
int sh_redirect(const struct sh_cmd *cmd, struct sh_saved_fds *saved);

/* sh_restore - put back the fds sh_redirect() saved in @saved. */
void sh_restore(struct sh_saved_fds *saved);

/* sh_run_list - run every pipeline of @list in order; sets sh.last_status. */
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

/* sh_is_builtin - does @name name a builtin? */
int sh_is_builtin(const char *name);

/*
 * sh_ignore_interrupts - an interactive shell ignores SIGINT and SIGQUIT
 * (^C is for the command it runs); children get the default back.
 */
void sh_ignore_interrupts(int ignore);

/* sh_status_of - the $? value of a wait4 status word. */
int sh_status_of(int wstatus);

#endif /* SLUICE_SH_H */
