/*
 * kernel/mutex.c - sleeping locks on wait queues (kernel/mutex.h).
 * Waiters queue exclusively, so an unlock wakes one of them, which then
 * competes for the lock again (a newcomer may win: no fairness promise).
 */
#include "kernel/mutex.h"

#include "kernel/compiler.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

void
mutex_init(struct mutex *m, const char *name)
{
	m->locked = false;
	m->owner = NULL;
	init_waitqueue_head(&m->wq, name);
}

static bool
mutex_trylock(struct mutex *m)
{
	bool got;

	spin_lock(&m->wq.lock);
	got = !m->locked;
	if (got) {
		m->locked = true;
		m->owner = current_task();
	}
	spin_unlock(&m->wq.lock);
	return got;
}

void
mutex_lock(struct mutex *m)
{
	struct wait_queue_entry w;

	if (mutex_trylock(m))
		return;
	init_wait_entry(&w, WQ_FLAG_EXCLUSIVE);
	for (;;) {
		prepare_to_wait(&m->wq, &w, TASK_UNINTERRUPTIBLE);
		if (mutex_trylock(m))
			break;
		schedule();
	}
	finish_wait(&m->wq, &w);
}

void
mutex_unlock(struct mutex *m)
{
	spin_lock(&m->wq.lock);
	if (!m->locked || m->owner != current_task())
		panic("mutex '%s': unlocked by a task that does not hold it",
		      m->wq.lock.name);
	m->locked = false;
	m->owner = NULL;
	spin_unlock(&m->wq.lock);
	wake_up(&m->wq);
}

bool
mutex_is_mine(struct mutex *m)
{
	return READ_ONCE(m->owner) == current_task();
}
