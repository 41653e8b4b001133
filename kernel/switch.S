/*
 * kernel/switch.S - switch_to(prev, next): save the callee-saved registers
 * of the running task in prev->context and resume next from its context.
 * Caller-saved registers are already on the stack of whoever called
 * schedule(), as the C calling convention requires; sp and ra are all it
 * takes to land back in next's schedule() call (or in task_entry for a
 * new task).  Called by schedule() with rq_lock held and interrupts off.
 */
#include "kernel/task.h"

	.text
	.globl switch_to
switch_to:
	sd	ra, CTX_RA(a0)
	sd	sp, CTX_SP(a0)
	sd	s0, CTX_S0+0*8(a0)
	sd	s1, CTX_S0+1*8(a0)
	sd	s2, CTX_S0+2*8(a0)
	sd	s3, CTX_S0+3*8(a0)
	sd	s4, CTX_S0+4*8(a0)
	sd	s5, CTX_S0+5*8(a0)
	sd	s6, CTX_S0+6*8(a0)
	sd	s7, CTX_S0+7*8(a0)
	sd	s8, CTX_S0+8*8(a0)
	sd	s9, CTX_S0+9*8(a0)
	sd	s10, CTX_S0+10*8(a0)
	sd	s11, CTX_S0+11*8(a0)

	ld	ra, CTX_RA(a1)
	ld	sp, CTX_SP(a1)
	ld	s0, CTX_S0+0*8(a1)
	ld	s1, CTX_S0+1*8(a1)
	ld	s2, CTX_S0+2*8(a1)
	ld	s3, CTX_S0+3*8(a1)
	ld	s4, CTX_S0+4*8(a1)
	ld	s5, CTX_S0+5*8(a1)
	ld	s6, CTX_S0+6*8(a1)
	ld	s7, CTX_S0+7*8(a1)
	ld	s8, CTX_S0+8*8(a1)
	ld	s9, CTX_S0+9*8(a1)
	ld	s10, CTX_S0+10*8(a1)
	ld	s11, CTX_S0+11*8(a1)
	ret
