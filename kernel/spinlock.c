/*
 * kernel/spinlock.c - test-and-set spinlocks with interrupt masking,
 * holder tracking and a time-out that turns a deadlock into a panic.
 * Lock legend: struct spinlock fields as tagged in spinlock.h.
 */
#include "kernel/spinlock.h"

#include "kernel/hart.h"
#include "kernel/kallsyms.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/time.h"

void
spin_lock_init(struct spinlock *lk, const char *name)
{
	lk->locked = 0;
	lk->holder = -1;
	lk->holder_pc = 0;
	lk->name = name;
}

bool
spin_holding(const struct spinlock *lk)
{
	return __atomic_load_n(&lk->locked, __ATOMIC_RELAXED) &&
	       __atomic_load_n(&lk->holder, __ATOMIC_RELAXED) ==
		   (int)this_hart_id();
}

static void __noreturn
spin_deadlock(struct spinlock *lk, uint64_t waited)
{
	char where[64];
	int holder = __atomic_load_n(&lk->holder, __ATOMIC_RELAXED);

	kallsyms_format(lk->holder_pc, where, sizeof(where));
	panic("spinlock '%s': hart %u spun %lu ms; held by hart %d since %s",
	      lk->name, this_hart_id(),
	      (unsigned long)(waited / timer_ticks_per_ms()), holder, where);
}

/*
 * Take @lk, spinning until it is free.  Interrupts stay off on this hart
 * until the matching spin_unlock().  Any context; never sleeps.
 */
void
spin_lock(struct spinlock *lk)
{
	uint64_t start = 0, limit = 0;

	hart_irq_push();
	if (spin_holding(lk))
		panic("spinlock '%s': taken twice on hart %u", lk->name,
		      this_hart_id());
	while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE)) {
		if (limit == 0) {
			start = rdtime();
			limit =
			    (uint64_t)SPIN_TIMEOUT_MS * timer_ticks_per_ms();
		} else if (limit && rdtime() - start > limit) {
			spin_deadlock(lk, rdtime() - start);
		}
		cpu_relax();
	}
	__atomic_store_n(&lk->holder, (int)this_hart_id(), __ATOMIC_RELAXED);
	lk->holder_pc = (uint64_t)__builtin_return_address(0);
}

/* Release @lk; the acquire in spin_lock() pairs with this release. */
void
spin_unlock(struct spinlock *lk)
{
	if (!spin_holding(lk))
		panic("spinlock '%s': released by hart %u, which does not hold "
		      "it",
		      lk->name, this_hart_id());
	__atomic_store_n(&lk->holder, -1, __ATOMIC_RELAXED);
	__atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
	hart_irq_pop();
}
