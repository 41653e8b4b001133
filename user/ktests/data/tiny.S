/*
 * user/ktests/data/tiny.S - the smallest program: exit(0).  Assembled
 * for rv32 and linked into the kernel half to make malformed samples
 * for badexec.c; it never runs.
 */
	.text
	.globl _start
_start:
	li	a0, 0
	li	a7, 93
	ecall
