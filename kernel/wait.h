/*
 * kernel/wait.h - wait queues: the one way a Sluice task sleeps.
 *
 * A sleeper puts a wait_queue_entry on the head of what it waits for and
 * sleeps; whoever makes the condition true calls wake_up() on that head,
 * which runs each entry's callback.  The default callback makes the task
 * RUNNABLE; select/poll, epoll and io_uring install their own.
 *
 * The rule that prevents lost wakeups:
 *   sleeper: prepare_to_wait() (queue the entry, set own state)
 *            check the condition; if false, schedule()
 *   waker:   make the condition true, then wake_up()
 * The state is set and the entry queued *before* the check, both under or
 * after wq->lock, so a waker that changes the condition after the check
 * finds the entry and sets the task RUNNABLE, and schedule() then does
 * not put it to sleep (kernel/sched.c).  A waker that changes it before
 * the check is seen by the check.
 *
 * Locks: wq->lock protects the list of entries and each entry's node.
 */
#ifndef SLUICE_KERNEL_WAIT_H
#define SLUICE_KERNEL_WAIT_H

#include <stdbool.h>

#include <uapi/errno.h>

#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define WQ_FLAG_EXCLUSIVE 0x1 /* wake_up() wakes only one such entry */

struct wait_queue_entry;
typedef int (*wait_func_t)(struct wait_queue_entry *w, unsigned mode,
			   void *key);

struct wait_queue_entry {
	struct task *task;
	wait_func_t func; /* returns nonzero if it woke something */
	unsigned flags;
	void *private;	       /* for custom callbacks */
	struct list_head node; /* [wq->lock] */
};

struct wait_queue_head {
	struct spinlock lock;
	struct list_head head; /* [lock] */
};

#define WAIT_QUEUE_HEAD_INIT(wq, n)                                         \
	{                                                                   \
		.lock = SPINLOCK_INIT(n), .head = LIST_HEAD_INIT((wq).head) \
	}

void init_waitqueue_head(struct wait_queue_head *wq, const char *name);
void init_wait_entry(struct wait_queue_entry *w, unsigned flags);
int default_wake_function(struct wait_queue_entry *w, unsigned mode, void *key);

/* Queue @w on @wq (once) and set the current task's state to @state. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w,
		     enum task_state state);
/* Back to RUNNABLE, off the queue.  Process context. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);

/* Run callbacks: all non-exclusive entries and up to @nr exclusive ones. */
void __wake_up(struct wait_queue_head *wq, unsigned mode, int nr, void *key);
#define wake_up(wq)                                                          \
	__wake_up(wq,                                                        \
		  (1u << TASK_INTERRUPTIBLE) | (1u << TASK_UNINTERRUPTIBLE), \
		  1, NULL)
#define wake_up_all(wq)                                                      \
	__wake_up(wq,                                                        \
		  (1u << TASK_INTERRUPTIBLE) | (1u << TASK_UNINTERRUPTIBLE), \
		  0, NULL)
#define wake_up_interruptible(wq) \
	__wake_up(wq, 1u << TASK_INTERRUPTIBLE, 1, NULL)

/* The same with wq->lock already held by the caller. */
void __wake_up_locked(struct wait_queue_head *wq, unsigned mode, int nr,
		      void *key);

bool signal_pending(const struct task *t);

/*
 * A one-shot event, for a waiter whose wait queue lives in its own stack
 * frame (submit_bio_wait, write-back batches).  complete() sets done and
 * wakes while holding wq.lock; wait_for_completion() returns only after
 * taking that lock once more, so by then the waker has let go of the
 * structure and the frame may be reused.  (Setting a flag and calling
 * wake_up() afterwards is not enough: the waiter can see the flag, skip
 * the sleep and return while the waker is still inside wake_up().)
 */
struct completion {
	bool done; /* [wq.lock] */
	struct wait_queue_head wq;
};

void init_completion(struct completion *c);
void complete(struct completion *c);		/* any context */
void wait_for_completion(struct completion *c); /* uninterruptible */

/* Sleep for @ticks (or until woken); returns the ticks left, 0 if expired. */
long schedule_timeout(long ticks);

#define __wait_event(wq, cond, state, ret, sleep)              \
	do {                                                   \
		struct wait_queue_entry __w;                   \
		init_wait_entry(&__w, 0);                      \
		for (;;) {                                     \
			prepare_to_wait(&(wq), &__w, (state)); \
			if (cond)                              \
				break;                         \
			if ((state) == TASK_INTERRUPTIBLE &&   \
			    signal_pending(current_task())) {  \
				(ret) = -EINTR;                \
				break;                         \
			}                                      \
			sleep;                                 \
		}                                              \
		finish_wait(&(wq), &__w);                      \
	} while (0)

/* Sleep until @cond; not interruptible.  Process context, no locks. */
#define wait_event(wq, cond)                                        \
	do {                                                        \
		int __ret = 0;                                      \
		__wait_event(wq, cond, TASK_UNINTERRUPTIBLE, __ret, \
			     schedule());                           \
		(void)__ret;                                        \
	} while (0)

/* Sleep until @cond or a signal; 0 or -EINTR. */
#define wait_event_interruptible(wq, cond)                                     \
	({                                                                     \
		int __ret = 0;                                                 \
		__wait_event(wq, cond, TASK_INTERRUPTIBLE, __ret, schedule()); \
		__ret;                                                         \
	})

/*
 * Sleep until @cond or @ticks pass; not interruptible.  Returns the ticks
 * left (at least 1) if @cond became true, 0 on time-out.
 */
#define wait_event_timeout(wq, cond, ticks)                                   \
	({                                                                    \
		long __left = (ticks);                                        \
		int __ret = 0;                                                \
		__wait_event(wq, (cond) || __left == 0, TASK_UNINTERRUPTIBLE, \
			     __ret, __left = schedule_timeout(__left));       \
		(void)__ret;                                                  \
		(cond) ? (__left ? __left : 1) : 0;                           \
	})

/*
 * Sleep until @cond, a signal or @ticks pass: returns the ticks left
 * (at least 1) if @cond became true, 0 on time-out, -EINTR on a signal.
 */
#define wait_event_interruptible_timeout(wq, cond, ticks)                   \
	({                                                                  \
		long __left = (ticks);                                      \
		int __ret = 0;                                              \
		__wait_event(wq, (cond) || __left == 0, TASK_INTERRUPTIBLE, \
			     __ret, __left = schedule_timeout(__left));     \
		__ret ? __ret : ((cond) ? (__left ? __left : 1) : 0);       \
	})

#endif /* SLUICE_KERNEL_WAIT_H */
