/*
 * kernel/power.c - power-off through the QEMU test finisher or SBI SRST.
 * finisher is [I] after power_init().
 */
#include "kernel/power.h"

#include "kernel/memlayout.h"
#include "kernel/mmio.h"
#include "kernel/riscv.h"
#include "kernel/sbi.h"

/* QEMU hw/misc/sifive_test: a 32-bit write of code << 16 | command. */
#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555

static void *finisher;

void
power_init(uint64_t test_finisher_pa)
{
	if (test_finisher_pa)
		finisher = phys_to_virt(test_finisher_pa);
}

void __noreturn
machine_power_off(int status)
{
	local_irq_disable();
	if (finisher) {
		uint32_t cmd = status ? ((uint32_t)status << 16) | FINISHER_FAIL
				      : FINISHER_PASS;

		mmio_write32(finisher, 0, cmd);
	}
	sbi_system_reset(SBI_SRST_SHUTDOWN, status ? SBI_SRST_REASON_FAILURE
						   : SBI_SRST_REASON_NONE);
	for (;;)
		wfi();
}
