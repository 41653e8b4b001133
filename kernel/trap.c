/*
 * kernel/trap.c - trap dispatch.
 *
 * do_trap() runs on the current kernel stack with interrupts off.  For an
 * interrupt it calls the top-half handler, then, leaving the outermost
 * interrupt, runs bottom halves with interrupts on.  An exception in the
 * kernel is a bug: it panics with the decoded cause, the faulting pc with
 * its symbol, and a backtrace.  No locks of its own; irq_depth and the
 * counters are per hart.
 */
#include "kernel/trap.h"

#include "drivers/plic.h"
#include "kernel/hart.h"
#include "kernel/printk.h"
#include "kernel/ptregs.h"
#include "kernel/riscv.h"
#include "kernel/smp.h"
#include "kernel/softirq.h"
#include "kernel/time.h"

static const char *const exception_names[] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
	[EXC_STORE_ACCESS] = "store/AMO access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from S-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
};

static const char *const interrupt_names[] = {
	[IRQ_S_SOFT] = "supervisor software interrupt",
	[IRQ_S_TIMER] = "supervisor timer interrupt",
	[IRQ_S_EXT] = "supervisor external interrupt",
};

const char *
trap_cause_name(uint64_t scause)
{
	uint64_t code = scause & ~CAUSE_INTERRUPT;
	const char *name = NULL;

	if (scause & CAUSE_INTERRUPT) {
		if (code < ARRAY_SIZE(interrupt_names))
			name = interrupt_names[code];
	} else if (code < ARRAY_SIZE(exception_names)) {
		name = exception_names[code];
	}
	return name ? name : "unknown cause";
}

void
trap_init_hart(void)
{
	csr_write(sscratch, 0);
	csr_write(stvec, (uint64_t)trap_entry);
}

static void
do_interrupt(uint64_t code)
{
	struct hart *h = this_hart();

	h->irq_depth++;
	switch (code) {
	case IRQ_S_TIMER:
		timer_interrupt();
		break;
	case IRQ_S_EXT:
		plic_handle_irq();
		break;
	case IRQ_S_SOFT:
		ipi_interrupt();
		break;
	default:
		printk("trap: unexpected interrupt %lu on hart %u\n",
		       (unsigned long)code, h->id);
		break;
	}
	h->irq_depth--;
	if (h->irq_depth == 0)
		do_softirq();
}

/* Called from kernel/trapentry.S with interrupts off. */
void
do_trap(struct pt_regs *regs)
{
	uint64_t scause = regs->scause;

	if (scause & CAUSE_INTERRUPT) {
		do_interrupt(scause & ~CAUSE_INTERRUPT);
		return;
	}
	if (regs->sstatus & SSTATUS_SPP)
		panic_regs(regs, "kernel trap: %s", trap_cause_name(scause));
	/* User mode arrives with processes; until then nothing runs there. */
	panic_regs(regs, "user trap with no user mode: %s",
		   trap_cause_name(scause));
}
