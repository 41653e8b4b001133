/*
 * kernel/spinlock.h - spinlocks that keep interrupts off on the local hart
 * while held, so an interrupt handler on the same hart can never spin on a
 * lock its own hart holds.
 *
 * A lock remembers who holds it.  A hart that spins longer than
 * SPIN_TIMEOUT_MS panics naming the lock, the holder hart and the place
 * it was taken (the deadlock detector).  Taking a lock twice on one hart
 * panics at once.
 */
#ifndef SLUICE_KERNEL_SPINLOCK_H
#define SLUICE_KERNEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#ifndef SPIN_TIMEOUT_MS
#define SPIN_TIMEOUT_MS 5000
#endif

struct spinlock {
	uint32_t locked;    /* [a] 1 while held */
	int holder;	    /* [a] hart id of the holder, -1 when free */
	uint64_t holder_pc; /* where the holder took it; written by it */
	const char *name;   /* [I] for messages */
};

#define SPINLOCK_INIT(n)                                               \
	{                                                              \
		.locked = 0, .holder = -1, .holder_pc = 0, .name = (n) \
	}

void spin_lock_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool spin_holding(const struct spinlock *lk);

/* Lock preconditions are checks that run. */
#define assert_held(lk)                                                        \
	do {                                                                   \
		if (!spin_holding(lk))                                         \
			panic("%s:%d: lock '%s' not held", __FILE__, __LINE__, \
			      (lk)->name);                                     \
	} while (0)

#endif /* SLUICE_KERNEL_SPINLOCK_H */
