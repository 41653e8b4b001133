/*
 * user/lib/crt0.S - _start, where every Sluice user program begins.
 *
 * The kernel enters here in user mode with sp pointing at the initial
 * stack Linux defines (16-byte aligned):
 *
 *	sp ->	argc
 *		argv[0] ... argv[argc - 1], NULL
 *		envp[0] ... NULL
 *		auxv: (type, value) pairs ..., (AT_NULL, 0)
 *		... the strings they point to
 *
 * Every other register is unspecified (Linux zeroes them; Sluice need
 * not).  In particular tp and gp are not set up: gp is loaded here, the
 * TLS block is made by crt_start() in start.c.
 */

	.section .text._start, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	/*
	 * gp must be loaded without relaxation: a relaxed `la gp` would
	 * itself be turned into a gp-relative access.
	 */
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop

	/* No caller: a zero return address and frame end backtraces here. */
	li	ra, 0
	li	fp, 0
	mv	a0, sp
	andi	sp, sp, -16
	call	crt_start
	/* crt_start() does not return; trap if it ever does. */
	unimp
	.size	_start, . - _start
