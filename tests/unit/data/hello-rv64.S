/*
 * tests/unit/data/hello-rv64.S - a tiny static riscv64 program that
 * test_elf feeds to elf_parse().  unit.mk links it with no C library, entry
 * _start, so it has the layout execve sees from any static Sluice program:
 * a read-only executable segment (headers, .text, .rodata) and a writable
 * one (.data plus .bss, so p_memsz > p_filesz).  It also runs: it prints
 * "hello" and exits 0 with the Linux riscv64 write and exit_group calls.
 */
#define SYS_write	64
#define SYS_exit_group	94
#define MSG_LEN		6		/* "hello\n" */

	.section .text
	.globl	_start
_start:
	li	a0, 1
	la	a1, msg
	li	a2, MSG_LEN
	li	a7, SYS_write
	ecall

	la	t0, counter		/* .data is writable... */
	ld	t1, 0(t0)
	addi	t1, t1, 1
	sd	t1, 0(t0)
	la	t0, scratch		/* ...and so is .bss */
	sd	t1, 0(t0)

	li	a0, 0
	li	a7, SYS_exit_group
	ecall

	.section .rodata
msg:	.ascii	"hello\n"
msg_end:

	.data
	.balign	8
counter:
	.dword	41

	.bss
	.balign	8
scratch:
	.space	4096
