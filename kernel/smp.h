/*
 * kernel/smp.h - bringing up the other harts and poking them with IPIs.
 * IPIs are SBI "send_ipi" calls that raise a supervisor software interrupt
 * on the target; the reason travels in struct hart.ipi_pending [a].
 */
#ifndef SLUICE_KERNEL_SMP_H
#define SLUICE_KERNEL_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/compiler.h"

enum ipi_reason {
	IPI_STOP,    /* panic elsewhere: park this hart */
	IPI_CALL,    /* run the function posted by smp_call() */
	IPI_RESCHED, /* a task was queued: an idle hart should look */
};

void smp_boot_secondaries(const uint32_t *hart_ids, int nharts, bool late);
void smp_send_ipi(uint32_t hartid, enum ipi_reason why);
void smp_stop_others(void);
void __noreturn smp_park_this_hart(void);
void ipi_interrupt(void);

/* Run @fn(@arg) on @hartid from its IPI handler (interrupt context). */
int smp_call(uint32_t hartid, void (*fn)(void *), void *arg);

#endif /* SLUICE_KERNEL_SMP_H */
