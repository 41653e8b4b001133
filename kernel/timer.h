/*
 * kernel/timer.h - one-shot kernel timers on the global tick count.
 * `jiffies` counts ticks since boot; the boot hart advances it and runs
 * expired timers from its tick interrupt.  A timer callback runs in
 * interrupt context: no sleeping.
 *
 * Locks: timer_lock (kernel/timer.c) protects the pending list and each
 * timer's node.
 */
#ifndef SLUICE_KERNEL_TIMER_H
#define SLUICE_KERNEL_TIMER_H

#include <stdint.h>

#include "kernel/list.h"

struct timer {
	uint64_t expires; /* jiffies value to fire at */
	void (*fn)(void *arg);
	void *arg;
	struct list_head node; /* [timer_lock] sorted by expires */
};

extern volatile uint64_t jiffies;

void timer_setup(struct timer *t, void (*fn)(void *), void *arg);
void timer_add(struct timer *t, uint64_t expires);
/* Cancel; returns 1 if it was pending.  Safe if it already fired. */
int timer_del(struct timer *t);
/* Boot hart's tick: advance jiffies, run what expired. */
void timer_run_expired(void);

#endif /* SLUICE_KERNEL_TIMER_H */
