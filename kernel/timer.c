/*
 * kernel/timer.c - a sorted list of pending one-shot timers.
 * Locks: timer_lock protects `pending` and every queued timer's node;
 * callbacks run with it released.
 */
#include "kernel/timer.h"

#include "kernel/riscv.h"
#include "kernel/spinlock.h"

volatile uint64_t jiffies;
static struct spinlock timer_lock = SPINLOCK_INIT("timer");
static struct list_head pending = LIST_HEAD_INIT(pending);
static struct timer *running; /* [timer_lock] callback in progress */

void
timer_setup(struct timer *t, void (*fn)(void *), void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->expires = 0;
	list_init(&t->node);
}

void
timer_add(struct timer *t, uint64_t expires)
{
	struct timer *pos;

	spin_lock(&timer_lock);
	t->expires = expires;
	list_for_each_entry (pos, &pending, node)
		if (pos->expires > expires)
			break;
	list_add_tail(&t->node, &pos->node);
	spin_unlock(&timer_lock);
}

/*
 * Also waits for a callback of @t that is running on another hart, so
 * the caller may free @t (often a stack variable) as soon as this returns.
 */
int
timer_del(struct timer *t)
{
	int was_pending;

	for (;;) {
		spin_lock(&timer_lock);
		if (running != t)
			break;
		spin_unlock(&timer_lock);
		cpu_relax();
	}
	was_pending = !list_empty(&t->node);
	list_del(&t->node);
	spin_unlock(&timer_lock);
	return was_pending;
}

/* Interrupt context on the boot hart. */
void
timer_run_expired(void)
{
	jiffies++;
	for (;;) {
		struct timer *t;
		void (*fn)(void *);
		void *arg;

		spin_lock(&timer_lock);
		if (list_empty(&pending)) {
			spin_unlock(&timer_lock);
			return;
		}
		t = list_first_entry(&pending, struct timer, node);
		if (t->expires > jiffies) {
			spin_unlock(&timer_lock);
			return;
		}
		list_del(&t->node);
		fn = t->fn;
		arg = t->arg;
		running = t;
		spin_unlock(&timer_lock);
		fn(arg);
		spin_lock(&timer_lock);
		running = NULL;
		spin_unlock(&timer_lock);
	}
}
