/*
 * user/bin/sh/run.c - running commands: builtins in the shell itself,
 * programs by fork + execve, waited for unless run with '&', in which
 * case they become background jobs (sh.jobs) reaped later.
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

/*
 * Start @argv in a child of its own process group: a builtin in the
 * background also runs in a child.  A foreground job becomes the
 * terminal's foreground group, so ^C interrupts it and not the shell;
 * both sides call setpgid so neither can race ahead of the other.
 */
static pid_t
start_child(char **argv, int argc, int background)
{
	int status;
	pid_t pid = fork();

	if (pid > 0) {
		setpgid(pid, pid);
		if (!background && sh.interactive)
			tcsetpgrp(0, pid);
	}
	if (pid != 0)
		return pid;
	setpgid(0, 0);
	if (sh_builtin(argc, argv, &status))
		exit(status);
	exec_program(argv);
}

/* Report a foreground command that a signal ended (as other shells do). */
static void
report_signal(const char *name, int wstatus)
{
	int sig;

	if (!WIFSIGNALED(wstatus))
		return;
	sig = WTERMSIG(wstatus);
	if (sig == SIGINT && sh.interactive)
		fputc('\n', stderr); /* the prompt starts after the ^C */
	if (sig != SIGINT && sig != SIGPIPE)
		fprintf(stderr, "sh: %s: killed by signal %d%s\n", name, sig,
			WCOREDUMP(wstatus) ? " (core dumped)" : "");
}

static int
run_argv(char **argv, int argc, int background)
{
	int status, wstatus;
	pid_t pid;

	if (!background && sh_builtin(argc, argv, &status))
		return status;
	pid = start_child(argv, argc, background);
	if (pid < 0) {
		warn_errno("sh", "fork");
		return SH_STATUS_CANNOT_EXEC;
	}
	if (background) {
		job_add(pid);
		sh.last_bg = pid;
		if (sh.interactive)
			fprintf(stderr, "[%d]\n", pid);
		return 0;
	}
	wstatus = wait_for(pid);
	report_signal(argv[0], wstatus);
	return sh_status_of(wstatus);
}

static int
run_cmd(const struct sh_cmd *cmd)
{
	int i;

	for (i = 0; i < cmd->nwords; i++) {
		if (sh_expand(cmd->words[i], argbuf[i], SH_WORD_MAX) < 0) {
			fprintf(stderr, "sh: word too long\n");
			return SH_STATUS_SYNTAX;
		}
		argv_run[i] = argbuf[i];
	}
	argv_run[cmd->nwords] = NULL;
	return run_argv(argv_run, cmd->nwords, cmd->background);
}

void
sh_run_list(const struct sh_list *list)
{
	int i;

	for (i = 0; i < list->ncmds; i++)
		sh.last_status = run_cmd(&list->cmds[i]);
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
