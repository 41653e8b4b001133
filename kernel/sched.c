/*
 * kernel/sched.c - the run queue and the context switch.
 *
 * Locks: rq_lock protects run_queue, idle_harts and, for every task, the
 * fields tagged [rq_lock] in kernel/task.h.  It is held *across*
 * switch_to(): the outgoing task takes it, the incoming one releases it
 * (in schedule() after its own switch_to() returns, or in
 * sched_finish_switch() on its first run).  So no other hart can see a
 * task whose registers are half saved.
 *
 * Sleeping and waking race-free: a sleeper sets its own state, then
 * checks its condition, then calls schedule().  A waker that gets there
 * first finds the sleeper still on_cpu and only sets it RUNNABLE; schedule()
 * then sees RUNNABLE under rq_lock and keeps it on the run queue.
 */
#include "kernel/sched.h"

#include "drivers/blk.h"

#include "kernel/hart.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/uvm.h"

void switch_to(struct context *prev, struct context *next);

static struct spinlock rq_lock = SPINLOCK_INIT("rq");
static struct list_head run_queue = LIST_HEAD_INIT(run_queue);
static uint32_t idle_harts; /* [rq_lock] bit per hart in idle */
static struct task idle_tasks[MAX_HARTS];

struct task *
current_task(void)
{
	return this_hart()->current;
}

void
sched_init_hart(void)
{
	struct hart *h = this_hart();
	struct task *idle = &idle_tasks[h->id];

	idle->state = TASK_RUNNABLE;
	idle->on_cpu = true;
	idle->pid = 0;
	idle->comm[0] = 'i';
	idle->comm[1] = 'd';
	idle->comm[2] = 'l';
	idle->comm[3] = 'e';
	idle->kstack = (void *)(h->kstack_top - BOOT_STACK_SIZE);
	list_init(&idle->rq_node);
	h->idle = idle;
	h->current = idle;
}

static void
enqueue_locked(struct task *t)
{
	struct hart *h;

	list_add_tail(&t->rq_node, &run_queue);
	t->on_rq = true;
	/* Wake one idle hart to take it; the others keep sleeping. */
	for_each_online_hart (h) {
		if (idle_harts & (1u << h->id)) {
			idle_harts &= ~(1u << h->id);
			if (h != this_hart())
				smp_send_ipi(h->id, IPI_RESCHED);
			break;
		}
	}
}

bool
try_to_wake_up(struct task *t, unsigned states)
{
	bool woke = false;

	spin_lock(&rq_lock);
	if (states & (1u << t->state)) {
		t->state = TASK_RUNNABLE;
		if (!t->on_cpu && !t->on_rq)
			enqueue_locked(t);
		woke = true;
	}
	spin_unlock(&rq_lock);
	return woke;
}

bool
wake_up_process(struct task *t)
{
	return try_to_wake_up(t, (1u << TASK_INTERRUPTIBLE) |
				     (1u << TASK_UNINTERRUPTIBLE));
}

void
sched_start_task(struct task *t)
{
	spin_lock(&rq_lock);
	t->state = TASK_RUNNABLE;
	enqueue_locked(t);
	spin_unlock(&rq_lock);
}

static struct task *
pick_next_locked(struct hart *h, struct task *prev)
{
	struct task *next;

	if (list_empty(&run_queue))
		return prev->state == TASK_RUNNABLE ? prev : h->idle;
	next = list_first_entry(&run_queue, struct task, rq_node);
	list_del(&next->rq_node);
	next->on_rq = false;
	return next;
}

void
sched_finish_switch(void)
{
	struct hart *h = this_hart();

	/* Kernel threads and idle run on the kernel table: see mm_destroy(). */
	mm_activate(h->current->mm);
	if (h->current->mm)
		fpu_restore(&h->current->fpu);
	h->switched_from->on_cpu = false;
	h->switched_from = NULL;
	spin_unlock(&rq_lock);
}

void
schedule(void)
{
	struct hart *h;
	struct task *prev, *next;
	bool irq_was_on;

	/* Going to sleep with bios on a plug: they may be what it awaits. */
	if (current_task()->plug && current_task()->state != TASK_RUNNABLE)
		blk_flush_plug(current_task()->plug);
	spin_lock(&rq_lock);
	h = this_hart();
	if (h->noff != 1)
		panic("schedule: called with %d spinlocks held", h->noff - 1);
	prev = h->current;
	if (prev->state == TASK_RUNNABLE && prev != h->idle && !prev->on_rq) {
		list_add_tail(&prev->rq_node, &run_queue);
		prev->on_rq = true;
	}
	next = pick_next_locked(h, prev);
	h->need_resched = false;
	if (next == prev) {
		spin_unlock(&rq_lock);
		return;
	}
	next->on_cpu = true;
	next->slice = SCHED_SLICE;
	h->current = next;
	h->switched_from = prev;
	h->kstack_top = (uint64_t)next->kstack +
			(next == h->idle ? BOOT_STACK_SIZE : KSTACK_SIZE);
	irq_was_on = h->irq_was_on;
	if (prev->mm)
		fpu_save(&prev->fpu);
	switch_to(&prev->context, &next->context);
	/* Running as prev again, perhaps on another hart. */
	this_hart()->irq_was_on = irq_was_on;
	sched_finish_switch();
}

void
sched_tick(void)
{
	struct hart *h = this_hart();
	struct task *t = h->current;

	if (t != h->idle && --t->slice <= 0)
		h->need_resched = true;
}

void
sched_preempt_point(void)
{
	if (this_hart()->need_resched)
		schedule();
}

/*
 * The idle loop: sleep in wfi until a task is queued.  The check runs
 * with interrupts off so a wakeup IPI between check and wfi stays
 * pending and ends the wfi.  Never returns.
 */
void __noreturn
sched_idle(void)
{
	struct hart *h = this_hart();

	for (;;) {
		local_irq_disable();
		spin_lock(&rq_lock);
		if (list_empty(&run_queue)) {
			idle_harts |= 1u << h->id;
			spin_unlock(&rq_lock);
			wfi();
			local_irq_enable();
			continue;
		}
		idle_harts &= ~(1u << h->id);
		spin_unlock(&rq_lock);
		local_irq_enable();
		schedule();
	}
}
