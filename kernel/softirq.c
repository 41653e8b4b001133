/*
 * kernel/softirq.c - runs bottom halves at interrupt exit.
 * softirq_vec is [I] after boot (open_softirq() runs before interrupts are
 * enabled); counts[][h] is written only by hart h.
 */
#include "kernel/softirq.h"

#include "kernel/hart.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"

struct softirq_action {
	void (*action)(void);
	const char *name;
	uint64_t counts[MAX_HARTS];
};

static struct softirq_action softirq_vec[SOFTIRQ_NR];

void
open_softirq(enum softirq_nr nr, void (*action)(void), const char *name)
{
	softirq_vec[nr].action = action;
	softirq_vec[nr].name = name;
}

/* Mark @nr pending on this hart.  Called from a top half, interrupts off. */
void
raise_softirq(enum softirq_nr nr)
{
	__atomic_or_fetch(&this_hart()->softirq_pending, 1u << nr,
			  __ATOMIC_RELAXED);
}

/*
 * Run pending bottom halves.  Called by do_trap() on the way out of the
 * outermost interrupt, interrupts off; returns with interrupts off.  The
 * handlers run with interrupts on; an interrupt that arrives meanwhile may
 * raise more work, which this loop picks up (bounded, so a flood of
 * interrupts cannot keep the hart here forever).
 */
void
do_softirq(void)
{
	struct hart *h = this_hart();

	if (h->in_softirq)
		return;
	h->in_softirq = true;
	for (int round = 0; round < 8; round++) {
		uint32_t pending = __atomic_exchange_n(&h->softirq_pending, 0,
						       __ATOMIC_RELAXED);
		if (!pending)
			break;
		local_irq_enable();
		for (int nr = 0; nr < SOFTIRQ_NR; nr++) {
			if (!(pending & (1u << nr)) || !softirq_vec[nr].action)
				continue;
			softirq_vec[nr].counts[h->id]++;
			softirq_vec[nr].action();
		}
		local_irq_disable();
	}
	h->in_softirq = false;
}

uint64_t
softirq_count(enum softirq_nr nr, uint32_t hartid)
{
	return softirq_vec[nr].counts[hartid];
}

const char *
softirq_name(enum softirq_nr nr)
{
	return softirq_vec[nr].name;
}
