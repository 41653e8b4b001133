/*
 * kernel/power.h - ending the machine.  On QEMU virt the "sifive,test"
 * finisher device makes QEMU exit with a status we choose, which is how a
 * panic fails a test run instead of hanging it.  No locks.
 */
#ifndef SLUICE_KERNEL_POWER_H
#define SLUICE_KERNEL_POWER_H

#include <stdint.h>

#include "kernel/compiler.h"

#define POWER_OFF_SUCCESS 0
#define POWER_OFF_FAILURE 1

/* Record the finisher's MMIO address (0 if the platform has none). */
void power_init(uint64_t test_finisher_pa);

/* Stop the machine; @status 0 = clean halt, else QEMU exits with it. */
void __noreturn machine_power_off(int status);

#endif /* SLUICE_KERNEL_POWER_H */
