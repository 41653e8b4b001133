/*
 * drivers/plic.c - claim/complete loop and per-hart routing for the PLIC.
 *
 * Locks: plic_lock protects the read-modify-write of enable words.  base,
 * ndev and contexts[] are [I] after plic_init().
 */
#include "drivers/plic.h"

#include "kernel/hart.h"
#include "kernel/irq.h"
#include "kernel/memlayout.h"
#include "kernel/mmio.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/spinlock.h"

static void *base;
static uint32_t ndev;
static int32_t contexts[MAX_HARTS]; /* S-mode context of each hart, or -1 */
static struct spinlock plic_lock = SPINLOCK_INIT("plic");

static void
plic_set_enable(int irq, uint32_t hartid, int on)
{
	uint32_t off, bit = 1u << (irq % 32), v;

	if (hartid >= MAX_HARTS || contexts[hartid] < 0)
		return;
	off = PLIC_ENABLE(contexts[hartid], irq);
	spin_lock(&plic_lock);
	v = mmio_read32(base, off);
	mmio_write32(base, off, on ? v | bit : v & ~bit);
	spin_unlock(&plic_lock);
}

static void
plic_enable(int irq, uint32_t hartid)
{
	mmio_write32(base, PLIC_PRIORITY(irq), 1);
	plic_set_enable(irq, hartid, 1);
}

static void
plic_disable(int irq, uint32_t hartid)
{
	plic_set_enable(irq, hartid, 0);
}

static struct irq_chip plic_chip = {
	.name = "PLIC",
	.enable = plic_enable,
	.disable = plic_disable,
};

void
plic_init(uint64_t base_pa, uint32_t n, const int32_t *s_context)
{
	base = phys_to_virt(base_pa);
	ndev = n;
	for (int h = 0; h < MAX_HARTS; h++)
		contexts[h] = s_context[h];
	/* Line 0 means "no interrupt"; ids run 1..ndev (spec §2). */
	plic_chip.nr_irqs = (int)ndev + 1;
	for (uint32_t irq = 1; irq <= ndev; irq++)
		mmio_write32(base, PLIC_PRIORITY(irq), 0);
	irq_set_chip(&plic_chip);
}

void
plic_init_hart(void)
{
	int32_t ctx = contexts[this_hart_id()];

	if (ctx < 0) {
		printk("plic: hart %u has no S-mode context\n", this_hart_id());
		return;
	}
	mmio_write32(base, PLIC_THRESHOLD(ctx), 0);
	csr_set(sie, SIE_SEIE);
}

/*
 * Interrupt context.  Claim lines until none is pending; each claim must
 * be completed with the same id, after the handler ran, or the PLIC will
 * not deliver that line again (spec §3.5).
 */
void
plic_handle_irq(void)
{
	int32_t ctx = contexts[this_hart_id()];
	uint32_t irq;

	while ((irq = mmio_read32(base, PLIC_CLAIM(ctx))) != 0) {
		handle_irq((int)irq);
		mmio_write32(base, PLIC_CLAIM(ctx), irq);
	}
}
