/*
 * kernel/sched.h - the scheduler: one run queue shared by all harts,
 * round-robin with a time slice of SCHED_SLICE ticks.  The kernel is not
 * preempted inside itself: the tick only sets need_resched, and the
 * switch happens on the way back to user mode or when a task sleeps.
 */
#ifndef SLUICE_KERNEL_SCHED_H
#define SLUICE_KERNEL_SCHED_H

#include <stdbool.h>

#include "kernel/compiler.h"
#include "kernel/task.h"

#define SCHED_SLICE 5 /* ticks: 50 ms at HZ=100 */

/* The task running on this hart. */
struct task *current_task(void);

/* Make this hart's boot context its idle task.  Each hart, at boot. */
void sched_init_hart(void);

/*
 * Give up the hart: requeue the current task if it is still RUNNABLE
 * and run the next one.  Process context, no spinlock held, may be called
 * with interrupts on or off (the caller's state is restored on return).
 */
void schedule(void);

/*
 * Make @t RUNNABLE if its state is one of @states (a bit mask of
 * 1 << TASK_*); returns true if it did.  Any context.
 */
bool try_to_wake_up(struct task *t, unsigned states);
bool wake_up_process(struct task *t);

/* Put a new task on the run queue for the first time. */
void sched_start_task(struct task *t);

/* Timer tick on this hart: account the slice, flag a switch. */
void sched_tick(void);

/* Switch now if the tick asked for it.  Called at return to user. */
void sched_preempt_point(void);

/* Runs on a new task's first switch-in (kernel/switch.S jumps here). */
void sched_finish_switch(void);

/* This hart has nothing else to do: run queued tasks forever. */
void __noreturn sched_idle(void);

#endif /* SLUICE_KERNEL_SCHED_H */
