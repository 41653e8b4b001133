/*
 * kernel/softirq.h - bottom halves.  An interrupt handler (top half) does
 * the minimum and calls raise_softirq(); the work runs later on the same
 * hart in do_softirq(), at interrupt exit, with interrupts enabled, so
 * devices are not kept waiting while it runs.
 * Pending bits live in struct hart (softirq_pending, own hart only).
 */
#ifndef SLUICE_KERNEL_SOFTIRQ_H
#define SLUICE_KERNEL_SOFTIRQ_H

#include <stdint.h>

enum softirq_nr {
	SOFTIRQ_TTY,   /* console input: line discipline */
	SOFTIRQ_BLOCK, /* block request completions */
	SOFTIRQ_NR,
};

void open_softirq(enum softirq_nr nr, void (*action)(void), const char *name);
void raise_softirq(enum softirq_nr nr);
void do_softirq(void);
uint64_t softirq_count(enum softirq_nr nr, uint32_t hartid);
const char *softirq_name(enum softirq_nr nr);

#endif /* SLUICE_KERNEL_SOFTIRQ_H */
