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
#include "kernel/proc.h"
#include "kernel/ptregs.h"
#include "kernel/riscv.h"
#include "kernel/smp.h"
#include "kernel/sched.h"
#include "kernel/softirq.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

#include <uapi/signal.h>

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

static bool
is_memory_fault(uint64_t code)
{
	return code == EXC_LOAD_PAGE_FAULT || code == EXC_STORE_PAGE_FAULT ||
	       code == EXC_INST_PAGE_FAULT || code == EXC_LOAD_ACCESS ||
	       code == EXC_STORE_ACCESS || code == EXC_INST_ACCESS;
}

/* An exception in user mode that is not a system call. */
static void
user_fault(struct pt_regs *regs)
{
	struct task *t = current_task();
	uint64_t code = regs->scause;
	int sig = SIGSEGV;

	if (code == EXC_ILLEGAL_INST)
		sig = SIGILL;
	else if (code == EXC_BREAKPOINT)
		sig = SIGTRAP;
	else if (code == EXC_LOAD_MISALIGNED || code == EXC_STORE_MISALIGNED ||
		 code == EXC_INST_MISALIGNED)
		sig = SIGBUS;
	if (sig == SIGSEGV)
		printk("pid %d (%s): segfault at %lx pc %lx (%s)\n", t->pid,
		       t->comm, (unsigned long)regs->stval,
		       (unsigned long)regs->sepc, trap_cause_name(code));
	else
		printk("pid %d (%s): %s at pc %lx\n", t->pid, t->comm,
		       trap_cause_name(code), (unsigned long)regs->sepc);
	do_kill(t->pid, sig);
}

/*
 * Work due before any return to user mode: pending signals, then a
 * switch if the tick asked for one.  Returns with interrupts off, as
 * trap_return needs them.
 */
static void
prepare_return_to_user(void)
{
	for (;;) {
		local_irq_disable();
		if (signal_pending(current_task())) {
			local_irq_enable();
			do_signals();
			continue;
		}
		if (!this_hart()->need_resched)
			return;
		local_irq_enable();
		schedule();
	}
}

void __noreturn
return_to_user(void)
{
	struct pt_regs *regs = task_user_regs(current_task());

	prepare_return_to_user();
	__asm__ volatile("mv sp, %0\n\tj trap_return" ::"r"(regs) : "memory");
	__builtin_unreachable();
}

/* Called from kernel/trapentry.S with interrupts off. */
void
do_trap(struct pt_regs *regs)
{
	uint64_t scause = regs->scause;
	bool from_user = !(regs->sstatus & SSTATUS_SPP);

	if (scause & CAUSE_INTERRUPT) {
		do_interrupt(scause & ~CAUSE_INTERRUPT);
	} else if (!from_user) {
		if (is_memory_fault(scause) && fixup_exception(regs))
			return;
		panic_regs(regs, "kernel trap: %s", trap_cause_name(scause));
	} else if (scause == EXC_ECALL_U) {
		regs->sepc += 4; /* resume after the ecall */
		local_irq_enable();
		do_syscall(regs);
	} else {
		local_irq_enable();
		user_fault(regs);
	}
	if (from_user)
		prepare_return_to_user();
}
