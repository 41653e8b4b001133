/*
 * kernel/irq.h - device interrupt lines, independent of the controller.
 *
 * A driver asks for a line with request_irq(); the interrupt controller
 * driver (drivers/plic.c) registers itself as the irq_chip and, when a
 * line fires, calls handle_irq(), which counts it per hart and calls the
 * driver's handler.  Handlers run in interrupt context: interrupts off,
 * no sleeping; they do the minimum and raise a bottom half.
 *
 * Locks: irq_lock protects the descriptor table's handler, name, dev and
 * hart fields; counts[][h] are written only by hart h.
 */
#ifndef SLUICE_KERNEL_IRQ_H
#define SLUICE_KERNEL_IRQ_H

#include <stdint.h>

#define NR_IRQS 128

typedef void (*irq_handler_t)(int irq, void *dev);

struct irq_chip {
	const char *name;
	int nr_irqs; /* valid lines are 1..nr_irqs-1 */
	void (*enable)(int irq, uint32_t hartid); /* route to one hart */
	void (*disable)(int irq, uint32_t hartid);
};

void irq_set_chip(const struct irq_chip *chip);
const char *irq_chip_name(void);

/* Returns 0, -EINVAL for a bad line or handler, -EBUSY if taken. */
int request_irq(int irq, irq_handler_t handler, const char *name, void *dev);
void free_irq(int irq, void *dev);

/* Interrupt context: the controller driver reports line @irq fired. */
void handle_irq(int irq);

/* For the irq table: the next registered line after @irq, or -1. */
int irq_next(int irq);
const char *irq_name(int irq);
uint64_t irq_count(int irq, uint32_t hartid);
uint64_t irq_spurious_count(void);

/* The interrupt table, laid out like Linux's /proc/interrupts. */
struct seqbuf;
void interrupts_show(struct seqbuf *sb);

#endif /* SLUICE_KERNEL_IRQ_H */
