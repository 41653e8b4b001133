/*
 * kernel/irq.c - the table of device interrupt lines.  Lock legend in
 * kernel/irq.h: irq_lock for registration, per-hart counters unlocked.
 */
#include "kernel/irq.h"

#include <uapi/errno.h>

#include "kernel/compiler.h"
#include "kernel/hart.h"
#include "kernel/printk.h"
#include "kernel/seqbuf.h"
#include "kernel/spinlock.h"

struct irq_desc {
	irq_handler_t handler; /* [irq_lock] */
	const char *name;      /* [irq_lock] */
	void *dev;	       /* [irq_lock] */
	uint32_t hart;	       /* [irq_lock] the hart the line is routed to */
	uint64_t counts[MAX_HARTS];
};

static struct spinlock irq_lock = SPINLOCK_INIT("irq");
static const struct irq_chip *chip; /* [I] */
static struct irq_desc irq_descs[NR_IRQS];
static uint64_t spurious[MAX_HARTS];

void
irq_set_chip(const struct irq_chip *c)
{
	chip = c;
}

const char *
irq_chip_name(void)
{
	return chip ? chip->name : "none";
}

static int
irq_valid(int irq)
{
	return chip && irq > 0 && irq < chip->nr_irqs && irq < NR_IRQS;
}

/*
 * Install @handler for line @irq and route the line to the boot hart.
 * Process context; takes irq_lock.
 */
int
request_irq(int irq, irq_handler_t handler, const char *name, void *dev)
{
	struct irq_desc *d;
	int err = 0;

	if (!irq_valid(irq) || !handler)
		return -EINVAL;
	d = &irq_descs[irq];
	spin_lock(&irq_lock);
	if (d->handler) {
		err = -EBUSY;
		goto out_unlock;
	}
	d->handler = handler;
	d->name = name;
	d->dev = dev;
	d->hart = boot_hart_id;
	chip->enable(irq, d->hart);
out_unlock:
	spin_unlock(&irq_lock);
	return err;
}

void
free_irq(int irq, void *dev)
{
	struct irq_desc *d;

	if (!irq_valid(irq))
		return;
	d = &irq_descs[irq];
	spin_lock(&irq_lock);
	if (d->handler && d->dev == dev) {
		chip->disable(irq, d->hart);
		d->handler = NULL;
		d->name = NULL;
		d->dev = NULL;
	}
	spin_unlock(&irq_lock);
}

/*
 * Interrupt context, interrupts off.  The handler is read without
 * irq_lock: a line is disabled at the controller before free_irq()
 * clears it.
 */
void
handle_irq(int irq)
{
	struct irq_desc *d;
	irq_handler_t handler;

	if (!irq_valid(irq)) {
		spurious[this_hart_id()]++;
		return;
	}
	d = &irq_descs[irq];
	handler = READ_ONCE(d->handler);
	if (!handler) {
		spurious[this_hart_id()]++;
		chip->disable(irq, this_hart_id());
		return;
	}
	d->counts[this_hart_id()]++;
	handler(irq, d->dev);
}

int
irq_next(int irq)
{
	for (irq++; irq < NR_IRQS; irq++)
		if (READ_ONCE(irq_descs[irq].handler))
			return irq;
	return -1;
}

const char *
irq_name(int irq)
{
	return irq_descs[irq].name;
}

uint64_t
irq_count(int irq, uint32_t hartid)
{
	return irq_descs[irq].counts[hartid];
}

uint64_t
irq_spurious_count(void)
{
	uint64_t n = 0;

	for (int h = 0; h < MAX_HARTS; h++)
		n += spurious[h];
	return n;
}

/* One column per online hart, one row per registered line. */
void
interrupts_show(struct seqbuf *sb)
{
	struct hart *h;

	seq_printf(sb, "     ");
	for_each_online_hart (h)
		seq_printf(sb, "       CPU%u", h->id);
	seq_printf(sb, "\n");
	for (int irq = irq_next(0); irq > 0; irq = irq_next(irq)) {
		seq_printf(sb, "%4d:", irq);
		for_each_online_hart (h)
			seq_printf(sb, " %10lu",
				   (unsigned long)irq_count(irq, h->id));
		seq_printf(sb, "  %s %3d  %s\n", irq_chip_name(), irq,
			   irq_name(irq));
	}
	seq_printf(sb, " LOC:");
	for_each_online_hart (h)
		seq_printf(sb, " %10lu", (unsigned long)h->timer_irqs);
	seq_printf(sb, "  Local timer interrupts\n IPI:");
	for_each_online_hart (h)
		seq_printf(sb, " %10lu", (unsigned long)h->ipis);
	seq_printf(sb, "  Inter-processor interrupts\n ERR: %10lu\n",
		   (unsigned long)irq_spurious_count());
}
