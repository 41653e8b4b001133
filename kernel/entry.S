/*
 * kernel/entry.S - the first instructions every hart runs.
 *
 * OpenSBI enters _start on the boot hart in S-mode with paging off,
 * a0 = hart id, a1 = physical address of the device tree.  Secondary harts
 * are started later by kernel/smp.c through SBI HSM hart_start and enter
 * _start_secondary with a0 = hart id, a1 = the opaque value (unused).
 *
 * Only one hart may run kmain().  OpenSBI 1.1 has been seen to send a
 * second hart to _start while the first was booting (then both cleared
 * .bss and ran kmain, and the kernel crashed).  So the first hart to
 * arrive claims the boot; a later one waits at late_hart until kmain lets
 * secondaries run (secondaries_go, kernel/smp.c) and joins as one.
 *
 * Both run at the physical load address at first.  All code here is
 * position independent (la is auipc-relative under -mcmodel=medany), so
 * it works before and after the jump to the linked, high-half address.
 * The early page table maps three 1 GiB "gigapages":
 *   VA 0x80000000            -> PA 0x80000000  (identity, for the jump)
 *   VA PAGE_OFFSET + 0..4GiB -> PA 0..4GiB     (direct map incl. MMIO)
 *   VA 0xffffffff80000000    -> PA 0x80000000  (the kernel image)
 * kernel/vm.c replaces it with a fine-grained table once memory is up.
 */
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "kernel/hart.h"

#define PTE_FLAGS_RWX	0xef	/* V R W X G A D */
#define GIGA_PTE(pa)	((((pa) >> 12) << 10) | PTE_FLAGS_RWX)

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sscratch, zero
	la	t0, boot_claimed	/* physical: the MMU is still off */
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, late_hart
	mv	s0, a0			/* hart id */
	mv	s1, a1			/* device tree (physical) */
	call	early_mmu_on
	/* Now running high.  Clear .bss: nothing lives there yet but our stack. */
	la	t0, _sbss
	la	t1, _ebss
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a0, s0
	mv	a1, s1
	call	kmain
	j	park

/* a0 = hart id, as at _start.  Not a pause: the hart has nothing to do. */
late_hart:
	la	t0, secondaries_go
1:	lw	t1, 0(t0)
	beqz	t1, 1b
	fence	r, rw
	/* fall through */

	.globl _start_secondary
_start_secondary:
	csrw	sie, zero
	csrw	sscratch, zero
	mv	s0, a0
	call	early_mmu_on
	mv	a0, s0
	call	secondary_main
	j	park

/*
 * early_mmu_on: a0 = hart id.  Picks the hart's boot stack, turns on the
 * early page table and returns to the caller at its high-half address,
 * with sp high too.  Harts with ids past MAX_HARTS are parked.
 */
early_mmu_on:
	li	t0, MAX_HARTS
	bgeu	a0, t0, park
	la	sp, boot_stacks
	addi	t0, a0, 1
	slli	t0, t0, BOOT_STACK_SHIFT
	add	sp, sp, t0
	la	t0, early_pgd
	srli	t0, t0, 12
	li	t1, SATP_MODE_SV39
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma
	li	t1, KERNEL_VOFFSET
	add	sp, sp, t1
	add	ra, ra, t1
	ret

park:
	csrw	sie, zero
1:	wfi
	j	1b

	.section .data, "aw"
	.balign 4
boot_claimed:
	.word	0
	.globl	secondaries_go
secondaries_go:			/* set by smp_boot_secondaries() */
	.word	0

	.section .data.pagetable, "aw"
	.balign 4096
	.globl early_pgd
early_pgd:
	.zero	2 * 8
	.quad	GIGA_PTE(0x80000000)		/* [2]: identity */
	.zero	(256 - 3) * 8
	.quad	GIGA_PTE(0x00000000)		/* [256..259]: direct map */
	.quad	GIGA_PTE(0x40000000)
	.quad	GIGA_PTE(0x80000000)
	.quad	GIGA_PTE(0xc0000000)
	.zero	(510 - 260) * 8
	.quad	GIGA_PTE(0x80000000)		/* [510]: kernel image */
	.zero	8

	.section .bss.stack, "aw", @nobits
	.balign 4096
	.globl boot_stacks
boot_stacks:
	.zero	MAX_HARTS * BOOT_STACK_SIZE
