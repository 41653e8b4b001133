/*
 * kernel/time.c - per-hart periodic tick from the SBI timer.
 * timebase is [I] after time_init(); tick state lives in struct hart and is
 * touched only by its own hart, with interrupts off.
 */
#include "kernel/time.h"

#include "kernel/hart.h"
#include "kernel/riscv.h"
#include "kernel/sbi.h"
#include "kernel/sched.h"
#include "kernel/timer.h"

static uint64_t timebase;

void
time_init(uint32_t timebase_hz)
{
	timebase = timebase_hz;
}

uint64_t
timer_ticks_per_ms(void)
{
	return timebase / 1000;
}

uint64_t
time_now_ns(void)
{
	uint64_t t = rdtime();

	if (!timebase)
		return 0;
	return t / timebase * 1000000000ULL +
	       t % timebase * 1000000000ULL / timebase;
}

static void
timer_program_next(struct hart *h)
{
	uint64_t now = rdtime(), period = timebase / HZ;

	h->next_tick += period;
	if (h->next_tick <= now) /* missed ticks: do not try to catch up */
		h->next_tick = now + period;
	sbi_set_timer(h->next_tick);
}

/* Start this hart's tick.  Called once per hart, interrupts off. */
void
timer_init_hart(void)
{
	struct hart *h = this_hart();

	h->next_tick = rdtime();
	timer_program_next(h);
	csr_set(sie, SIE_STIE);
}

/* Supervisor timer interrupt, top half: count and re-arm. */
void
timer_interrupt(void)
{
	struct hart *h = this_hart();

	h->timer_irqs++;
	h->ticks++;
	timer_program_next(h);
	if (h->id == boot_hart_id)
		timer_run_expired();
	sched_tick();
}
