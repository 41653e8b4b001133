/*
 * kernel/usercopy.S - user-memory copies that may fault.
 *
 * Each load or store that touches user memory is wrapped in USER(), which
 * records (instruction, fixup) in __ex_table.  A fault there lands in
 * fixup_exception(), which resumes at the fixup label: it closes SUM and
 * returns the number of bytes not copied.  The C wrappers in uaccess.c
 * check the range first and turn a short copy into -EFAULT.
 */
#include "kernel/riscv.h"

	.macro USER insn:vararg
100:	\insn
	.pushsection __ex_table, "a"
	.balign 8
	.quad	100b, .Lfault
	.popsection
	.endm

	.text
/* size_t __uaccess_copy(void *dst, const void *src, size_t n): bytes left */
	.globl __uaccess_copy
__uaccess_copy:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	beqz	a2, .Ldone
	/* Whole words while both pointers are 8-byte aligned. */
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, .Lbytes
.Lwords:
	li	t1, 8
	bltu	a2, t1, .Lbytes
	USER	ld t0, 0(a1)
	USER	sd t0, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	.Lwords
.Lbytes:
	beqz	a2, .Ldone
	USER	lbu t0, 0(a1)
	USER	sb t0, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	.Lbytes
.Ldone:
.Lfault:
	csrc	sstatus, t6
	mv	a0, a2
	ret

/* size_t __uaccess_clear(void *udst, size_t n): bytes left */
	.globl __uaccess_clear
__uaccess_clear:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
1:	beqz	a1, 2f
	USER	sb zero, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	1b
2:	csrc	sstatus, t6
	mv	a0, a1
	ret
	.pushsection __ex_table, "a"
	.balign 8
	.quad	1b + 4, 2b
	.popsection

/*
 * long __uaccess_strncpy(char *dst, const char *usrc, size_t n):
 * length copied without the NUL, n if there was no NUL in n bytes,
 * -1 on a fault.
 */
	.globl __uaccess_strncpy
__uaccess_strncpy:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	li	t2, 0
1:	beq	t2, a2, 3f
	add	t3, a1, t2
200:	lbu	t0, 0(t3)
	add	t4, a0, t2
	sb	t0, 0(t4)
	beqz	t0, 3f
	addi	t2, t2, 1
	j	1b
3:	csrc	sstatus, t6
	mv	a0, t2
	ret
4:	csrc	sstatus, t6
	li	a0, -1
	ret
	.pushsection __ex_table, "a"
	.balign 8
	.quad	200b, 4b
	.popsection
