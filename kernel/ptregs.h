/*
 * kernel/ptregs.h - the trap frame: what kernel/trapentry.S saves on the
 * kernel stack for every trap, from user or supervisor mode.
 *
 * Register x<i> lives at offset 8*(i-1); the CSRs follow.  The PT_* offsets
 * are used by the assembly and pinned to the struct by _Static_assert.
 */
#ifndef SLUICE_KERNEL_PTREGS_H
#define SLUICE_KERNEL_PTREGS_H

#define PT_RA	   0
#define PT_SP	   8
#define PT_TP	   24
#define PT_S0	   56
#define PT_A0	   72
#define PT_SEPC	   248
#define PT_SSTATUS 256
#define PT_SCAUSE  264
#define PT_STVAL   272
#define PT_ORIG_A0 280
#define PT_SIZE	   288 /* a multiple of 16: the stack stays aligned */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct pt_regs {
	uint64_t ra, sp, gp, tp;
	uint64_t t0, t1, t2;
	uint64_t s0, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64_t t3, t4, t5, t6;
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
	uint64_t orig_a0; /* a0 at syscall entry, for restarts */
};

_Static_assert(offsetof(struct pt_regs, ra) == PT_RA, "PT_RA");
_Static_assert(offsetof(struct pt_regs, sp) == PT_SP, "PT_SP");
_Static_assert(offsetof(struct pt_regs, tp) == PT_TP, "PT_TP");
_Static_assert(offsetof(struct pt_regs, s0) == PT_S0, "PT_S0");
_Static_assert(offsetof(struct pt_regs, a0) == PT_A0, "PT_A0");
_Static_assert(offsetof(struct pt_regs, sepc) == PT_SEPC, "PT_SEPC");
_Static_assert(offsetof(struct pt_regs, sstatus) == PT_SSTATUS, "PT_SSTATUS");
_Static_assert(offsetof(struct pt_regs, scause) == PT_SCAUSE, "PT_SCAUSE");
_Static_assert(offsetof(struct pt_regs, stval) == PT_STVAL, "PT_STVAL");
_Static_assert(offsetof(struct pt_regs, orig_a0) == PT_ORIG_A0, "PT_ORIG_A0");
_Static_assert(sizeof(struct pt_regs) <= PT_SIZE && PT_SIZE % 16 == 0,
	       "PT_SIZE");
#endif

#endif /* SLUICE_KERNEL_PTREGS_H */
