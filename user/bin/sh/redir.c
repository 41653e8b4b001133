/*
 * user/bin/sh/redir.c - redirections: point a command's fds at files or
 * at other fds before it runs.
 *
 *	[n]<file   open file for reading as n (default 0)
 *	[n]>file   create or truncate file, as n (default 1)
 *	[n]>>file  create file or append to it, as n (default 1)
 *	[n]>&m     n becomes a copy of m ([n]<&m the same, default n 0)
 *	[n]>&-     close n
 *
 * They are applied left to right, so "> f 2>&1" sends both to f and
 * "2>&1 > f" sends only stdout there.  A child applies them for good
 * just before execve.  For a builtin the shell applies them to itself:
 * each fd is first copied to fd SH_SAVE_FD_MIN or above (close-on-exec,
 * so programs never see it) and put back afterwards, so `pwd > f`
 * leaves the shell's own stdout alone.
 *
 * Files are created with mode 0666, as by any POSIX shell; Sluice has no
 * umask to take bits away.
 */
#include "sh.h"

#include <stdio.h>
#include <string.h>

#include "errname.h"

#define SH_SAVE_FD_MIN 10

/* Remember @fd (open or not) in @saved, once, so it can be put back. */
static int
save_fd(struct sh_saved_fds *saved, int fd)
{
	int i, copy, flags;

	for (i = 0; i < saved->n; i++)
		if (saved->fd[i] == fd)
			return 0;
	flags = fcntl(fd, F_GETFD);
	copy = flags < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, SH_SAVE_FD_MIN);
	if (flags >= 0 && copy < 0) {
		fprintf(stderr, "sh: %d: %s\n", fd, errno_text(errno));
		return 1;
	}
	saved->fd[saved->n] = fd;
	saved->copy[saved->n] = copy;
	saved->cloexec[saved->n++] = flags >= 0 && (flags & FD_CLOEXEC);
	return 0;
}

/* Open @name with @flags as fd @fd. */
static int
open_onto(int fd, const char *name, int flags)
{
	int f = open(name, flags, 0666);

	if (f < 0) {
		fprintf(stderr, "sh: %s: %s\n", name, errno_text(errno));
		return 1;
	}
	if (f != fd) {
		if (dup2(f, fd) < 0) {
			fprintf(stderr, "sh: %d: %s\n", fd, errno_text(errno));
			close(f);
			return 1;
		}
		close(f);
	}
	return 0;
}

/* [n]>&m, [n]<&m and [n]>&-: @name is m or "-". */
static int
dup_onto(int fd, const char *name)
{
	int from = 0;
	const char *p;

	if (strcmp(name, "-") == 0) {
		close(fd);
		return 0;
	}
	for (p = name; *p >= '0' && *p <= '9' && from <= 65535; p++)
		from = from * 10 + (*p - '0');
	if (p == name || *p) {
		fprintf(stderr, "sh: %s: bad file descriptor number\n", name);
		return 1;
	}
	if (dup2(from, fd) < 0) {
		fprintf(stderr, "sh: %s: %s\n", name, errno_text(errno));
		return 1;
	}
	return 0;
}

static int
redirect_one(const struct sh_redir *r, struct sh_saved_fds *saved)
{
	static const int flags[] = {
		[SH_REDIR_IN] = O_RDONLY,
		[SH_REDIR_OUT] = O_WRONLY | O_CREAT | O_TRUNC,
		[SH_REDIR_APPEND] = O_WRONLY | O_CREAT | O_APPEND,
	};
	char name[SH_WORD_MAX];

	if (sh_expand(r->target, name, sizeof(name)) < 0) {
		fprintf(stderr, "sh: word too long\n");
		return 1;
	}
	if (saved && save_fd(saved, r->fd))
		return 1;
	if (r->kind == SH_REDIR_DUP)
		return dup_onto(r->fd, name);
	return open_onto(r->fd, name, flags[r->kind]);
}

int
sh_redirect(const struct sh_cmd *cmd, struct sh_saved_fds *saved)
{
	int i;

	if (saved)
		saved->n = 0;
	for (i = 0; i < cmd->nredirs; i++)
		if (redirect_one(&cmd->redirs[i], saved))
			return 1;
	return 0;
}

/*
 * Newest first: a copy may sit on an fd that a later redirection of the
 * same command saved and replaced ("pwd >f 10>g" copies 1 to 10, then 10
 * to 11), and that fd must hold the copy again before it is used.
 */
void
sh_restore(struct sh_saved_fds *saved)
{
	int i;

	for (i = saved->n - 1; i >= 0; i--) {
		if (saved->copy[i] < 0) {
			close(saved->fd[i]);
			continue;
		}
		dup3(saved->copy[i], saved->fd[i],
		     saved->cloexec[i] ? O_CLOEXEC : 0);
		close(saved->copy[i]);
	}
	saved->n = 0;
}
