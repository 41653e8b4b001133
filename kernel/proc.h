/*
 * kernel/proc.h - processes: creation (fork, kernel threads), exit,
 * waiting for children, process groups and default signal actions.
 *
 * Locks: tasklist_lock protects the task list, every task's parent,
 * children, sibling, pgid and exit_status, and exit_seq.  Order:
 * tasklist_lock before rq_lock.
 */
#ifndef SLUICE_KERNEL_PROC_H
#define SLUICE_KERNEL_PROC_H

#include <stdint.h>

#include "kernel/compiler.h"
#include "kernel/task.h"

struct pt_regs;

void proc_init(void);

/* A kernel thread running @fn(@arg); returns its pid or -errno. */
int kthread_start(void (*fn)(void *), void *arg, const char *name);

/* fork(): a copy of the current process returning 0 in the child. */
long do_fork(const struct pt_regs *regs);

/* End the current task with wait4 status @status (W_EXITCODE encoding). */
void __noreturn do_exit(int status);

long do_wait4(int pid, uint64_t ustatus, int options, uint64_t urusage);
long do_kill(int pid, int sig);
long do_kill_pgrp(int pgid, int sig);

/* Act on pending signals before returning to user mode. */
void do_signals(void);

struct task *find_task(int pid); /* caller holds tasklist_lock */
int task_ppid(struct task *t);
long do_setpgid(int pid, int pgid);
long do_getpgid(int pid);

/* Visit tasks for ps-like listings; @fn runs under tasklist_lock. */
void for_each_task(void (*fn)(struct task *t, void *arg), void *arg);

#endif /* SLUICE_KERNEL_PROC_H */
