/*
 * kernel/hart.c - the per-hart structures and interrupt-off nesting.
 * harts[h] is set up by hart h itself (hart_setup) before it takes any
 * interrupt; the lock legend is in kernel/hart.h.
 */
#include "kernel/hart.h"

#include "kernel/printk.h"
#include "kernel/riscv.h"

struct hart harts[MAX_HARTS];
uint32_t boot_hart_id;

extern char boot_stacks[];

/* Point tp at this hart's struct hart.  First thing each hart does in C. */
void
hart_setup(uint32_t hartid)
{
	struct hart *h = &harts[hartid];

	h->id = hartid;
	h->kstack_top = (uint64_t)boot_stacks + (hartid + 1) * BOOT_STACK_SIZE;
	__asm__ volatile("mv tp, %0" ::"r"(h));
}

/*
 * Turn interrupts off on this hart, counting nesting so that only the
 * outermost hart_irq_pop() turns them back on, and only if they were on.
 */
void
hart_irq_push(void)
{
	int was_on = local_irq_enabled();
	struct hart *h;

	local_irq_disable();
	h = this_hart();
	if (h->noff == 0)
		h->irq_was_on = was_on;
	h->noff++;
}

void
hart_irq_pop(void)
{
	struct hart *h = this_hart();

	if (local_irq_enabled())
		panic("hart_irq_pop: interrupts are on");
	if (h->noff < 1)
		panic("hart_irq_pop: not pushed");
	h->noff--;
	if (h->noff == 0 && h->irq_was_on)
		local_irq_enable();
}

int
harts_online(void)
{
	struct hart *h;
	int n = 0;

	for_each_online_hart (h)
		n++;
	return n;
}
