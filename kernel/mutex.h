/*
 * kernel/mutex.h - a sleeping lock, for long critical sections that may
 * block (a file system's metadata while it waits for the disk).  A task
 * that finds it taken sleeps on the mutex's wait queue; the owner's
 * mutex_unlock() wakes one waiter.  Process context only; never taken
 * from interrupts or bottom halves.
 *
 * Locks: m->wq.lock protects locked and owner.
 */
#ifndef SLUICE_KERNEL_MUTEX_H
#define SLUICE_KERNEL_MUTEX_H

#include <stdbool.h>

#include "kernel/wait.h"

struct task;

struct mutex {
	bool locked;	    /* [wq.lock] */
	struct task *owner; /* [wq.lock] for debugging and assertions */
	struct wait_queue_head wq;
};

#define MUTEX_INIT(m, n)                              \
	{                                             \
		.locked = false, .owner = NULL,       \
		.wq = WAIT_QUEUE_HEAD_INIT((m).wq, n) \
	}

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_mine(struct mutex *m);

#endif /* SLUICE_KERNEL_MUTEX_H */
