/*
 * kernel/wait.c - wait queues.  The lock rule and the no-lost-wakeup
 * argument are at the top of kernel/wait.h.
 */
#include "kernel/wait.h"

#include "kernel/hart.h"
#include "kernel/timer.h"

void
init_waitqueue_head(struct wait_queue_head *wq, const char *name)
{
	spin_lock_init(&wq->lock, name);
	list_init(&wq->head);
}

int
default_wake_function(struct wait_queue_entry *w, unsigned mode, void *key)
{
	(void)key;
	return try_to_wake_up(w->task, mode);
}

void
init_wait_entry(struct wait_queue_entry *w, unsigned flags)
{
	w->task = current_task();
	w->func = default_wake_function;
	w->flags = flags;
	w->private = NULL;
	list_init(&w->node);
}

void
prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w,
		enum task_state state)
{
	spin_lock(&wq->lock);
	if (list_empty(&w->node))
		list_add_tail(&w->node, &wq->head);
	/*
	 * Store the state before the caller reads its condition: the
	 * release here and the waker's lock of wq->lock order the two.
	 */
	__atomic_store_n(&current_task()->state, state, __ATOMIC_SEQ_CST);
	spin_unlock(&wq->lock);
}

void
finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	__atomic_store_n(&current_task()->state, TASK_RUNNABLE,
			 __ATOMIC_SEQ_CST);
	if (list_empty(&w->node))
		return;
	spin_lock(&wq->lock);
	list_del(&w->node);
	spin_unlock(&wq->lock);
}

/*
 * Any context.  Callbacks run under wq->lock with interrupts off; they
 * must not sleep and must not take wq->lock.
 */
void
__wake_up_locked(struct wait_queue_head *wq, unsigned mode, int nr, void *key)
{
	struct wait_queue_entry *w, *tmp;

	list_for_each_entry_safe (w, tmp, &wq->head, node) {
		int woke = w->func(w, mode, key);

		if (woke && (w->flags & WQ_FLAG_EXCLUSIVE) && nr > 0 &&
		    --nr == 0)
			break;
	}
}

void
__wake_up(struct wait_queue_head *wq, unsigned mode, int nr, void *key)
{
	spin_lock(&wq->lock);
	__wake_up_locked(wq, mode, nr, key);
	spin_unlock(&wq->lock);
}

void
init_completion(struct completion *c)
{
	c->done = false;
	init_waitqueue_head(&c->wq, "completion");
}

void
complete(struct completion *c)
{
	spin_lock(&c->wq.lock);
	c->done = true;
	__wake_up_locked(
	    &c->wq, (1u << TASK_INTERRUPTIBLE) | (1u << TASK_UNINTERRUPTIBLE),
	    0, NULL);
	spin_unlock(&c->wq.lock);
}

void
wait_for_completion(struct completion *c)
{
	wait_event(c->wq, __atomic_load_n(&c->done, __ATOMIC_ACQUIRE));
	/* complete() may still hold the lock: wait until it lets go. */
	spin_lock(&c->wq.lock);
	spin_unlock(&c->wq.lock);
}

bool
signal_pending(const struct task *t)
{
	return __atomic_load_n(&t->sigpending, __ATOMIC_ACQUIRE) != 0;
}

static void
wake_sleeper(void *arg)
{
	wake_up_process(arg);
}

/* The caller has set its state; sleeps until woken or @ticks pass. */
long
schedule_timeout(long ticks)
{
	struct timer t;
	uint64_t expires = jiffies + (uint64_t)ticks;

	timer_setup(&t, wake_sleeper, current_task());
	timer_add(&t, expires);
	schedule();
	timer_del(&t);
	return jiffies >= expires ? 0 : (long)(expires - jiffies);
}
