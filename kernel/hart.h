/*
 * kernel/hart.h - per-hart state.
 *
 * Each hart finds its own struct hart through the tp register, which holds
 * it for as long as the hart runs kernel code (kernel/trapentry.S restores
 * it on every trap).  Fields are touched only by their own hart unless
 * marked: [I] immutable after the hart comes online, [a] atomic access from
 * any hart.  The first two fields are used by trapentry.S (HART_* offsets).
 */
#ifndef SLUICE_KERNEL_HART_H
#define SLUICE_KERNEL_HART_H

#include "kernel/memlayout.h"

#define HART_KSTACK_TOP 0
#define HART_SCRATCH	8

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct task;

struct hart {
	uint64_t kstack_top;	  /* [I] stack for traps from user mode */
	uint64_t scratch;	  /* trapentry.S: sp while the frame is built */
	uint32_t id;		  /* [I] hart id from the SBI / device tree */
	int noff;		  /* depth of hart_irq_push() nesting */
	bool irq_was_on;	  /* SIE before the outermost hart_irq_push() */
	int irq_depth;		  /* > 0 while handling an interrupt */
	bool in_softirq;	  /* running bottom halves */
	uint32_t softirq_pending; /* [a] bit per SOFTIRQ_* */
	uint32_t ipi_pending;	  /* [a] bit per IPI_* */
	uint64_t ticks;		  /* timer ticks taken on this hart */
	uint64_t timer_irqs;	  /* timer interrupts (for the TMR row) */
	uint64_t ipis;		  /* software interrupts (for the IPI row) */
	uint64_t next_tick;	  /* rdtime value of the next tick */
	bool online;		  /* [a] set once the hart takes interrupts */
	struct task *current;	  /* the task running here */
	struct task *idle;	  /* [I] this hart's idle task */
	struct task *switched_from; /* [rq_lock] task being switched out */
	bool need_resched; /* the tick or a wakeup asks for schedule() */
};

_Static_assert(offsetof(struct hart, kstack_top) == HART_KSTACK_TOP, "");
_Static_assert(offsetof(struct hart, scratch) == HART_SCRATCH, "");

extern struct hart harts[MAX_HARTS];
extern uint32_t boot_hart_id; /* [I] the hart OpenSBI started first */

static inline struct hart *
this_hart(void)
{
	struct hart *h;

	/* volatile: a task may resume on another hart after schedule(). */
	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}

static inline uint32_t
this_hart_id(void)
{
	return this_hart()->id;
}

/* Visit every hart that has come online. */
#define for_each_online_hart(h)                               \
	for ((h) = &harts[0]; (h) < &harts[MAX_HARTS]; (h)++) \
		if (__atomic_load_n(&(h)->online, __ATOMIC_ACQUIRE))

void hart_setup(uint32_t hartid);
void hart_irq_push(void);
void hart_irq_pop(void);
int harts_online(void);
#endif

#endif /* SLUICE_KERNEL_HART_H */
