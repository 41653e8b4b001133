/*
 * kernel/task.h - tasks: the unit the scheduler runs.
 *
 * A task is a kernel stack, a saved context and, for a user process, an
 * address space and a file table.  States (the life cycle a student
 * traces in /proc and in the scheduler trace):
 *
 *   RUNNABLE      may run: on a hart (on_cpu) or on the run queue (on_rq)
 *   INTERRUPTIBLE sleeping on a wait queue; a signal also wakes it
 *   UNINTERRUPTIBLE sleeping; only the event it waits for wakes it
 *   ZOMBIE        exited; its parent has not collected the status yet
 *
 * Locks: rq_lock (kernel/sched.c) protects state changes made by others,
 * on_cpu, on_rq, rq_node and a switched-out task's context; a task may set
 * its own state to a sleeping state without it (see kernel/wait.c for why
 * that is safe).  tasklist_lock (kernel/proc.c) protects parent, children,
 * sibling, exit_code and the task list.  [I] fields never change after
 * the task is created; [o] fields are touched only by the task itself.
 */
#ifndef SLUICE_KERNEL_TASK_H
#define SLUICE_KERNEL_TASK_H

#define CTX_RA	     0
#define CTX_SP	     8
#define CTX_S0	     16

#define KSTACK_ORDER 2 /* 16 KiB kernel stacks */
#define KSTACK_SIZE  (4096UL << KSTACK_ORDER)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/ptregs.h"

struct mm;
struct files;
struct blk_plug;
struct inode;

/* Callee-saved registers, all switch_to() needs (kernel/switch.S). */
struct context {
	uint64_t ra, sp;
	uint64_t s[12];
};

_Static_assert(offsetof(struct context, ra) == CTX_RA, "CTX_RA");
_Static_assert(offsetof(struct context, sp) == CTX_SP, "CTX_SP");
_Static_assert(offsetof(struct context, s) == CTX_S0, "CTX_S0");

/* A user task's floating-point registers (kernel/fpu.S). */
struct fpu_state {
	uint64_t f[32];
	uint32_t fcsr;
};

void fpu_save(struct fpu_state *st);
void fpu_restore(const struct fpu_state *st);

enum task_state {
	TASK_RUNNABLE,
	TASK_INTERRUPTIBLE,
	TASK_UNINTERRUPTIBLE,
	TASK_ZOMBIE,
};

#define TASK_COMM_LEN 16

struct task {
	struct context context;	    /* [rq_lock] while switched out */
	enum task_state state;	    /* [rq_lock], see above */
	bool on_cpu;		    /* [rq_lock] running on a hart */
	bool on_rq;		    /* [rq_lock] on the run queue */
	struct list_head rq_node;   /* [rq_lock] */
	int slice;		    /* [o] ticks left in this time slice */
	int pid;		    /* [I] */
	char comm[TASK_COMM_LEN];   /* [o] name, set by exec */
	void *kstack;		    /* [I] lowest address of the stack */
	struct mm *mm;		    /* [o] NULL for kernel threads */
	struct files *files;	    /* [o] */
	struct inode *cwd;	    /* [o] working directory, referenced */
	char *cwd_path;		    /* [o] its absolute path (getcwd) */
	uint64_t sigpending;	    /* [a] bit (sig - 1) per pending signal */
	int pgid;		    /* [tasklist_lock] process group */
	struct task *parent;	    /* [tasklist_lock] */
	struct list_head children;  /* [tasklist_lock] */
	struct list_head sibling;   /* [tasklist_lock] in parent's children */
	struct list_head all;	    /* [tasklist_lock] in the task list */
	int exit_status;	    /* [tasklist_lock] wait4 encoding */
	struct fpu_state fpu;	    /* [o] saved while switched out */
	struct blk_plug *plug;	    /* [o] bios being collected, or NULL */
	void (*kthread_fn)(void *); /* [I] what a new kernel thread runs */
	void *kthread_arg;	    /* [I] */
};

/* The user trap frame sits at the top of every task's kernel stack. */
static inline struct pt_regs *
task_user_regs(struct task *t)
{
	return (struct pt_regs *)((char *)t->kstack + KSTACK_SIZE) - 1;
}
#endif

#endif /* SLUICE_KERNEL_TASK_H */
