/*
 * kernel/entry_fork.S - where a new task starts.  schedule() switched to
 * it with rq_lock held and its sp at the trap frame copied from the
 * parent (kernel/proc.c sets that up); finish the switch, then leave
 * through the normal trap exit as if returning from the parent's ecall.
 */
	.text
	.globl ret_from_fork
ret_from_fork:
	call	sched_first_run_user
	j	trap_return

	.globl kthread_trampoline
kthread_trampoline:
	call	sched_first_run_kthread	/* does not return */
