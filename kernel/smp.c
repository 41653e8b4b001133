/*
 * kernel/smp.c - secondary hart start-up and inter-processor interrupts.
 *
 * Locks: call_lock serialises smp_call() users; call_fn/call_arg are
 * written under it and read by the target hart after the IPI (the release
 * store of ipi_pending in smp_send_ipi pairs with the acquire exchange in
 * ipi_interrupt).
 */
#include "kernel/smp.h"

#include <uapi/errno.h>

#include "kernel/hart.h"
#include "kernel/memlayout.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/sbi.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"

extern char _start_secondary[];
extern char _start[];

/* entry.S: set when secondaries may run; a late hart waits for it. */
extern uint32_t secondaries_go;

static struct spinlock call_lock = SPINLOCK_INIT("smp_call");
static void (*call_fn[MAX_HARTS])(void *);
static void *call_arg[MAX_HARTS];

/*
 * Start every hart but this one through SBI HSM and wait (up to a second
 * each) for it to report online.  A hart that is running already (one
 * OpenSBI sent to _start, waiting at late_hart) comes online by itself.
 * @late: start the first one at _start instead, to test that path.
 * Process context, boot hart, at boot.
 */
void
smp_boot_secondaries(const uint32_t *hart_ids, int nharts, bool late)
{
	__atomic_store_n(&secondaries_go, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < nharts; i++) {
		uint32_t id = hart_ids[i];
		uint64_t deadline;
		int err;

		if (id == this_hart_id() || id >= MAX_HARTS)
			continue;
		/* sluice.late_hart: send the first one where OpenSBI once did. */
		err = sbi_hart_start(
		    id, virt_to_phys(late ? _start : _start_secondary), 0);
		late = false;
		if (err == SBI_ERR_ALREADY_AVAILABLE)
			printk("smp: hart %u was running already\n", id);
		else if (err) {
			printk("smp: hart %u did not start (SBI error %d)\n",
			       id, err);
			continue;
		}
		deadline = rdtime() + 1000 * timer_ticks_per_ms();
		while (!__atomic_load_n(&harts[id].online, __ATOMIC_ACQUIRE) &&
		       rdtime() < deadline)
			cpu_relax();
		if (!__atomic_load_n(&harts[id].online, __ATOMIC_ACQUIRE))
			printk("smp: hart %u started but never came online\n",
			       id);
	}
}

void
smp_send_ipi(uint32_t hartid, enum ipi_reason why)
{
	__atomic_or_fetch(&harts[hartid].ipi_pending, 1u << why,
			  __ATOMIC_RELEASE);
	sbi_send_ipi(1UL << hartid, 0);
}

/* Ask every other online hart to park.  Any context. */
void
smp_stop_others(void)
{
	struct hart *h;

	for_each_online_hart (h)
		if (h != this_hart())
			smp_send_ipi(h->id, IPI_STOP);
}

void __noreturn
smp_park_this_hart(void)
{
	local_irq_disable();
	csr_write(sie, 0);
	for (;;)
		wfi();
}

int
smp_call(uint32_t hartid, void (*fn)(void *), void *arg)
{
	if (hartid >= MAX_HARTS || !harts[hartid].online ||
	    hartid == this_hart_id())
		return -EINVAL;
	spin_lock(&call_lock);
	if (call_fn[hartid]) {
		spin_unlock(&call_lock);
		return -EBUSY;
	}
	call_arg[hartid] = arg;
	call_fn[hartid] = fn;
	spin_unlock(&call_lock);
	smp_send_ipi(hartid, IPI_CALL);
	return 0;
}

/* Supervisor software interrupt: interrupt context. */
void
ipi_interrupt(void)
{
	struct hart *h = this_hart();
	uint32_t why;

	csr_clear(sip, SIP_SSIP);
	h->ipis++;
	why = __atomic_exchange_n(&h->ipi_pending, 0, __ATOMIC_ACQUIRE);
	if (why & (1u << IPI_STOP))
		smp_park_this_hart();
	if (why & (1u << IPI_RESCHED))
		h->need_resched = true;
	if (why & (1u << IPI_CALL)) {
		void (*fn)(void *);
		void *arg;

		spin_lock(&call_lock);
		fn = call_fn[h->id];
		arg = call_arg[h->id];
		call_fn[h->id] = NULL;
		spin_unlock(&call_lock);
		if (fn)
			fn(arg);
	}
}
