/*
 * kernel/random.h - the kernel's pseudo-random numbers (getrandom,
 * AT_RANDOM).  Not cryptographic; see kernel/sys_proc.c.
 */
#ifndef SLUICE_KERNEL_RANDOM_H
#define SLUICE_KERNEL_RANDOM_H

#include <stdint.h>

uint64_t random_u64(void);

#endif /* SLUICE_KERNEL_RANDOM_H */
