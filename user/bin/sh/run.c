/*
 * user/bin/sh/run.c - running pipelines: a lone foreground builtin in
 * the shell itself, anything else in children (fork, redirect, execve),
 * one per stage, connected by pipes and waited for unless run with '&',
 * in which case they become background jobs (sh.jobs) reaped later.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/signal.h>
#include <uapi/wait.h>

#include "errname.h"
#include "start.h"

/* Expanded words of the command being run. */
static char argbuf[SH_ARGS_MAX][SH_WORD_MAX];
static char *argv_run[SH_ARGS_MAX + 1];

int
sh_status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return SH_STATUS_SIGNAL_BASE + WTERMSIG(wstatus);
	return 0;
}

/* Set @sig's disposition to SIG_DFL or SIG_IGN; errors are ignored. */
static void
set_signal(int sig, void (*handler)(int))
{
	struct uapi_sigaction sa = { handler, 0, 0 };

	syscall4(__NR_rt_sigaction, sig, (long)&sa, 0, UAPI_SIGSET_SIZE);
}

void
sh_ignore_interrupts(int ignore)
{
	set_signal(SIGINT, ignore ? SIG_IGN : SIG_DFL);
	set_signal(SIGQUIT, ignore ? SIG_IGN : SIG_DFL);
}

/*
 * Expand @cmd's words into argv_run; returns argc (0 for a command of
 * redirections alone), or -1 after a message.
 */
static int
expand_words(const struct sh_cmd *cmd)
{
	int i;

	for (i = 0; i < cmd->nwords; i++) {
		if (sh_expand(cmd->words[i], argbuf[i], SH_WORD_MAX) < 0) {
			fprintf(stderr, "sh: word too long\n");
			return -1;
		}
		argv_run[i] = argbuf[i];
	}
	argv_run[cmd->nwords] = NULL;
	return cmd->nwords;
}

/* In the child: become the program, or report why not and exit. */
static void exec_program(char **argv) __attribute__((noreturn));

static void
exec_program(char **argv)
{
	char path[SH_WORD_MAX + 64];

	if (strchr(argv[0], '/'))
		snprintf(path, sizeof(path), "%s", argv[0]);
	else
		snprintf(path, sizeof(path), "%s/%s", sh.bin_dir, argv[0]);
	if (sh.interactive)
		sh_ignore_interrupts(0);
	execve(path, argv, environ);
	if (errno == ENOENT || errno == ENOTDIR) {
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
		_exit(SH_STATUS_NOT_FOUND);
	}
	fprintf(stderr, "sh: %s: %s\n", argv[0], errno_text(errno));
	_exit(SH_STATUS_CANNOT_EXEC);
}

/* In a child: run @cmd (builtin or program) with its redirections. */
static void run_in_child(const struct sh_cmd *cmd) __attribute__((noreturn));

static void
run_in_child(const struct sh_cmd *cmd)
{
	int status, argc = expand_words(cmd);

	if (argc < 0)
		_exit(SH_STATUS_SYNTAX);
	if (sh_redirect(cmd, NULL))
		_exit(1);
	if (argc == 0)
		_exit(0);
	if (sh_builtin(argc, argv_run, &status))
		exit(status);
	exec_program(argv_run);
}

/*
 * A builtin (or redirections alone) in the foreground runs in the shell:
 * its redirections are undone afterwards.  stdio is flushed on both
 * sides so no text lands on the wrong fd.
 */
static int
run_in_shell(const struct sh_cmd *cmd, int argc)
{
	struct sh_saved_fds saved;
	int status;

	fflush(stdout);
	fflush(stderr);
	status = sh_redirect(cmd, &saved);
	if (status == 0 && argc > 0)
		sh_builtin(argc, argv_run, &status);
	fflush(stdout);
	fflush(stderr);
	sh_restore(&saved);
	return status;
}

static int
wait_for(pid_t pid)
{
	int wstatus;

	for (;;) {
		if (wait4(pid, &wstatus, 0, NULL) == pid)
			return wstatus;
		if (errno != EINTR) {
			warn_errno("sh", "wait4");
			return W_EXITCODE(SH_STATUS_NOT_FOUND, 0);
		}
	}
}

static void
job_add(pid_t pid)
{
	int i, free_slot = -1;

	for (i = 0; i < SH_JOBS_MAX; i++) {
		if (sh.jobs[i].pid == 0 || (free_slot < 0 && sh.jobs[i].done))
			free_slot = i;
		if (sh.jobs[i].pid == 0)
			break;
	}
	if (free_slot < 0) {
		fprintf(stderr, "sh: too many background jobs to track %d\n",
			pid);
		return;
	}
	sh.jobs[free_slot].pid = pid;
	sh.jobs[free_slot].done = 0;
}

/* Make @from (an fd of ours) fd @to, for a program to inherit. */
static void
move_fd(int from, int to)
{
	if (from == to) {
		fcntl(to, F_SETFD, 0);
		return;
	}
	dup2(from, to);
	close(from);
}

/*
 * Start one stage of a pipeline in a child of process group @pgid (0:
 * a new group, named after the child).  *@in is the read end of the
 * pipe from the stage before (-1 for the first); unless @last, a new
 * pipe carries this stage's stdout on, and *@in becomes its read end.
 * Pipe ends are close-on-exec and closed in the shell as soon as the
 * children have them, so each reader sees end of file when its writers
 * are done.  Returns the pid, or -1 after a message.
 */
static pid_t
start_stage(const struct sh_cmd *cmd, int *in, int last, pid_t pgid)
{
	int p[2] = { -1, -1 };
	pid_t pid;

	if (!last && pipe2(p, O_CLOEXEC) < 0) {
		warn_errno("sh", "pipe");
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		setpgid(0, pgid);
		if (*in >= 0)
			move_fd(*in, 0);
		if (!last) {
			close(p[0]);
			move_fd(p[1], 1);
		}
		run_in_child(cmd);
	}
	if (pid < 0)
		warn_errno("sh", "fork");
	else /* both sides call setpgid, so neither can race ahead */
		setpgid(pid, pgid ? pgid : pid);
	if (*in >= 0)
		close(*in);
	if (p[1] >= 0)
		close(p[1]);
	*in = p[0];
	if (pid < 0 && *in >= 0) {
		close(*in);
		*in = -1;
	}
	return pid;
}

/* The name of @cmd for a message: its first word, expanded. */
static const char *
cmd_name(const struct sh_cmd *cmd, char *buf, size_t size)
{
	if (cmd->nwords == 0 || sh_expand(cmd->words[0], buf, size) < 0)
		return "sh";
	return buf;
}

/*
 * Report a foreground stage that a signal ended (as other shells do);
 * returns 1 if it was SIGINT, which the caller reports once per job.
 */
static int
report_signal(const struct sh_cmd *cmd, int wstatus)
{
	char name[SH_WORD_MAX];
	int sig;

	if (!WIFSIGNALED(wstatus))
		return 0;
	sig = WTERMSIG(wstatus);
	if (sig != SIGINT && sig != SIGPIPE)
		fprintf(stderr, "sh: %s: killed by signal %d%s\n",
			cmd_name(cmd, name, sizeof(name)), sig,
			WCOREDUMP(wstatus) ? " (core dumped)" : "");
	return sig == SIGINT;
}

/* Wait for the @n stages in @pids; the status of the last one. */
static int
wait_stages(const struct sh_cmd *cmds, const pid_t *pids, int n)
{
	int i, wstatus = 0, interrupted = 0;

	for (i = 0; i < n; i++) {
		if (pids[i] < 0)
			continue;
		wstatus = wait_for(pids[i]);
		interrupted |= report_signal(&cmds[i], wstatus);
	}
	if (interrupted && sh.interactive)
		fputc('\n', stderr); /* the prompt starts after the ^C */
	return pids[n - 1] < 0 ? SH_STATUS_CANNOT_EXEC : sh_status_of(wstatus);
}

/*
 * Run a pipeline in children, one per stage, all in the process group of
 * the first.  A foreground job becomes the terminal's foreground group,
 * so ^C interrupts it and not the shell; its status is its last stage's.
 * A background job is remembered by its last stage's pid ($!); the
 * others are reaped by sh_reap_jobs() without a notice.
 */
static int
run_in_children(const struct sh_cmd *cmds, int n, int background)
{
	pid_t pids[SH_CMDS_MAX] = { 0 }, pgid = 0;
	int i, in = -1;

	for (i = 0; i < n; i++) {
		pids[i] = start_stage(&cmds[i], &in, i == n - 1, pgid);
		if (pids[i] < 0) {
			while (++i < n) /* the rest never start */
				pids[i] = -1;
			break;
		}
		if (pgid == 0) {
			pgid = pids[i];
			if (!background && sh.interactive)
				tcsetpgrp(0, pgid);
		}
	}
	if (in >= 0)
		close(in);
	if (!background)
		return wait_stages(cmds, pids, n);
	if (pids[n - 1] < 0)
		return SH_STATUS_CANNOT_EXEC;
	job_add(pids[n - 1]);
	sh.last_bg = pids[n - 1];
	if (sh.interactive)
		fprintf(stderr, "[%d]\n", pids[n - 1]);
	return 0;
}

static int
run_pipeline(const struct sh_list *list, const struct sh_pipeline *pl)
{
	const struct sh_cmd *cmds = &list->cmds[pl->first];
	int argc;

	if (pl->ncmds == 1 && !pl->background) {
		argc = expand_words(cmds);
		if (argc < 0)
			return SH_STATUS_SYNTAX;
		if (argc == 0 || sh_is_builtin(argv_run[0]))
			return run_in_shell(cmds, argc);
	}
	return run_in_children(cmds, pl->ncmds, pl->background);
}

void
sh_run_list(const struct sh_list *list)
{
	int i;

	for (i = 0; i < list->npipes; i++)
		sh.last_status = run_pipeline(list, &list->pipes[i]);
}

static struct sh_job *
job_find(pid_t pid)
{
	int i;

	for (i = 0; i < SH_JOBS_MAX; i++)
		if (sh.jobs[i].pid == pid)
			return &sh.jobs[i];
	return NULL;
}

void
sh_reap_jobs(void)
{
	struct sh_job *job;
	int wstatus;
	pid_t pid;

	while ((pid = wait4(-1, &wstatus, WNOHANG, NULL)) > 0) {
		job = job_find(pid);
		if (!job)
			continue;
		job->done = 1;
		job->status = wstatus;
		if (sh.interactive)
			fprintf(stderr, "[%d] done, status %d\n", pid,
				sh_status_of(wstatus));
	}
}

/* wait with no operand: every child, tracked or not. */
static int
wait_all(void)
{
	int wstatus;

	while (wait4(-1, &wstatus, 0, NULL) > 0 || errno == EINTR)
		;
	memset(sh.jobs, 0, sizeof(sh.jobs));
	return 0;
}

int
sh_job_wait(pid_t pid)
{
	struct sh_job *job;
	int wstatus;

	if (pid == 0)
		return wait_all();
	job = pid > 0 ? job_find(pid) : NULL;
	if (!job) {
		fprintf(stderr,
			"sh: wait: pid %d is not a child of this shell\n", pid);
		return SH_STATUS_NOT_FOUND;
	}
	wstatus = job->done ? job->status : wait_for(pid);
	job->pid = 0;
	return sh_status_of(wstatus);
}
