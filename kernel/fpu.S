/*
 * kernel/fpu.S - save and restore a user task's floating-point registers.
 * The kernel itself never uses them; user programs (lp64d) do, so
 * schedule() saves the outgoing task's f0-f31 and fcsr and the incoming
 * task's are restored before it runs.  sstatus.FS must not be Off for
 * these instructions to execute, so both routines first mark it Dirty.
 */
#include "kernel/riscv.h"

	.option push
	.option arch, +d

	.text
/* void fpu_save(struct fpu_state *st): a0 = 32 doubles then fcsr */
	.globl fpu_save
fpu_save:
	li	t0, SSTATUS_FS
	csrs	sstatus, t0
	.irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\r, \r*8(a0)
	.endr
	frcsr	t0
	sw	t0, 32*8(a0)
	ret

/* void fpu_restore(const struct fpu_state *st) */
	.globl fpu_restore
fpu_restore:
	li	t0, SSTATUS_FS
	csrs	sstatus, t0
	.irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\r, \r*8(a0)
	.endr
	lw	t0, 32*8(a0)
	fscsr	t0
	ret

	.option pop
