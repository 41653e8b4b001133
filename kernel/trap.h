/*
 * kernel/trap.h - the C half of the trap path.  kernel/trapentry.S saves
 * a struct pt_regs and calls do_trap(), which dispatches on scause.
 */
#ifndef SLUICE_KERNEL_TRAP_H
#define SLUICE_KERNEL_TRAP_H

#include <stdint.h>

#include "kernel/compiler.h"

struct pt_regs;

extern char trap_entry[], trap_return[];

void trap_init_hart(void);
void do_trap(struct pt_regs *regs);
const char *trap_cause_name(uint64_t scause);

/* Leave the kernel for the current task's user registers. */
void __noreturn return_to_user(void);

#endif /* SLUICE_KERNEL_TRAP_H */
