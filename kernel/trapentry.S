/*
 * kernel/trapentry.S - the one stvec entry for every trap, from user or
 * supervisor mode, and the way back out.
 *
 * Convention: while a hart runs kernel code, tp points to its struct hart
 * and sscratch is 0.  While it runs user code, sscratch holds the struct
 * hart pointer and tp belongs to the user.  So "csrrw tp, sscratch, tp"
 * yields 0 for a trap from the kernel and the hart pointer for one from
 * user mode.  The hardware has cleared sstatus.SIE, so nothing can
 * interrupt the code below until do_trap() chooses to.
 */
#include "kernel/hart.h"
#include "kernel/ptregs.h"
#include "kernel/riscv.h"

	.cfi_sections .debug_frame

	.macro SAVE_GPRS
	sd	ra, 0*8(sp)
	sd	gp, 2*8(sp)
	sd	t0, 4*8(sp)
	sd	t1, 5*8(sp)
	sd	t2, 6*8(sp)
	sd	s0, 7*8(sp)
	sd	s1, 8*8(sp)
	sd	a0, 9*8(sp)
	sd	a1, 10*8(sp)
	sd	a2, 11*8(sp)
	sd	a3, 12*8(sp)
	sd	a4, 13*8(sp)
	sd	a5, 14*8(sp)
	sd	a6, 15*8(sp)
	sd	a7, 16*8(sp)
	sd	s2, 17*8(sp)
	sd	s3, 18*8(sp)
	sd	s4, 19*8(sp)
	sd	s5, 20*8(sp)
	sd	s6, 21*8(sp)
	sd	s7, 22*8(sp)
	sd	s8, 23*8(sp)
	sd	s9, 24*8(sp)
	sd	s10, 25*8(sp)
	sd	s11, 26*8(sp)
	sd	t3, 27*8(sp)
	sd	t4, 28*8(sp)
	sd	t5, 29*8(sp)
	sd	t6, 30*8(sp)
	.endm

	.macro RESTORE_GPRS		/* all but sp and tp */
	ld	ra, 0*8(sp)
	ld	gp, 2*8(sp)
	ld	t0, 4*8(sp)
	ld	t1, 5*8(sp)
	ld	t2, 6*8(sp)
	ld	s0, 7*8(sp)
	ld	s1, 8*8(sp)
	ld	a0, 9*8(sp)
	ld	a1, 10*8(sp)
	ld	a2, 11*8(sp)
	ld	a3, 12*8(sp)
	ld	a4, 13*8(sp)
	ld	a5, 14*8(sp)
	ld	a6, 15*8(sp)
	ld	a7, 16*8(sp)
	ld	s2, 17*8(sp)
	ld	s3, 18*8(sp)
	ld	s4, 19*8(sp)
	ld	s5, 20*8(sp)
	ld	s6, 21*8(sp)
	ld	s7, 22*8(sp)
	ld	s8, 23*8(sp)
	ld	s9, 24*8(sp)
	ld	s10, 25*8(sp)
	ld	s11, 26*8(sp)
	ld	t3, 27*8(sp)
	ld	t4, 28*8(sp)
	ld	t5, 29*8(sp)
	ld	t6, 30*8(sp)
	.endm

	.text
	.balign 4			/* stvec direct mode needs 4-byte alignment */
	.globl trap_entry
trap_entry:
	csrrw	tp, sscratch, tp
	bnez	tp, .Lfrom_user
	csrr	tp, sscratch		/* from the kernel: tp was right already */
	sd	sp, HART_SCRATCH(tp)
	j	.Lbuild_frame
.Lfrom_user:
	sd	sp, HART_SCRATCH(tp)	/* the user's sp */
	ld	sp, HART_KSTACK_TOP(tp)
.Lbuild_frame:
	addi	sp, sp, -PT_SIZE
	SAVE_GPRS
	ld	t0, HART_SCRATCH(tp)
	sd	t0, PT_SP(sp)
	csrrw	t0, sscratch, zero	/* the interrupted tp; back to "in kernel" */
	sd	t0, PT_TP(sp)
	csrr	t0, sepc
	sd	t0, PT_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, PT_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, PT_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, PT_STVAL(sp)
	sd	a0, PT_ORIG_A0(sp)
	/*
	 * Make the frame look like a call from the interrupted pc, so gdb and
	 * the kernel's own backtraces walk from do_trap() into the code that
	 * trapped: s0 points just above a {fp, ra} pair like a C prologue.
	 */
	.cfi_startproc
	.cfi_def_cfa sp, 0
	.cfi_offset ra, PT_SEPC
	.cfi_offset s0, PT_S0
	.cfi_offset sp, PT_SP
	addi	s0, sp, PT_SIZE
	mv	a0, sp
	call	do_trap

	/* Still inside the CFI block: do_trap's return address is here. */
	.globl trap_return
trap_return:
	ld	t0, PT_SSTATUS(sp)
	andi	t1, t0, SSTATUS_SPP
	bnez	t1, 1f
	csrw	sscratch, tp		/* back to user: park the hart pointer */
1:	csrw	sstatus, t0
	ld	t0, PT_SEPC(sp)
	csrw	sepc, t0
	RESTORE_GPRS
	ld	tp, PT_TP(sp)
	ld	sp, PT_SP(sp)
	sret
	.cfi_endproc
