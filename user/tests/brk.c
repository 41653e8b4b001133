/*
 * user/tests/brk.c - the program break.  The raw brk(2) call returns the
 * break in force: brk(0) reads it, a larger value grows the heap (fresh
 * memory reads as zero and is writable), a smaller one shrinks it, memory
 * regrown after a shrink is zero again (whole pages; the page holding the
 * break may keep its bytes), and an impossible value (the kernel half)
 * leaves the break where it was.  Then the C library's brk()/sbrk().
 */
#include <stdio.h>

#include "check.h"

int main(void);

#define BRK_GROW 65536UL
#define PAGE	 4096UL

static uintptr_t
raw_brk(uintptr_t addr)
{
	return (uintptr_t)syscall1(__NR_brk, (long)addr);
}

static int
all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void
grow_shrink(uintptr_t start)
{
	uint8_t *heap = (uint8_t *)start;
	uintptr_t mid = start + PAGE, aligned = (mid + PAGE - 1) & ~(PAGE - 1);
	size_t i;

	check_value("brk(start + 65536) - start",
		    raw_brk(start + BRK_GROW) - start, BRK_GROW);
	check_true("new heap memory reads as zero", all_zero(heap, BRK_GROW));
	for (i = 0; i < BRK_GROW; i++)
		heap[i] = (uint8_t)(i * 7);
	for (i = 0; i < BRK_GROW && heap[i] == (uint8_t)(i * 7); i++)
		;
	check_true("it holds what was written", i == BRK_GROW);
	check_value("brk(start + 4096) - start", raw_brk(mid) - start, PAGE);
	check_value("brk(start + 65536) again - start",
		    raw_brk(start + BRK_GROW) - start, BRK_GROW);
	check_true("regrown pages read as zero",
		   all_zero((uint8_t *)aligned, start + BRK_GROW - aligned));
	check_value("brk(start) - start", raw_brk(start) - start, 0);
}

int
main(void)
{
	uintptr_t start = raw_brk(0), cur;

	check_true("brk(0) returns a break", start != 0);
	check_true("brk(0) again returns the same", raw_brk(0) == start);
	grow_shrink(start);
	check_true("brk(kernel half) leaves the break unchanged",
		   raw_brk((uintptr_t)KERNEL_HALF_ADDR) == start);

	cur = (uintptr_t)sbrk(0);
	check_true("sbrk(0) is the break", cur == raw_brk(0));
	check_true("sbrk(8192) returns the old break",
		   (uintptr_t)sbrk(8192) == cur);
	check_true("sbrk(-8192) returns the grown break",
		   (uintptr_t)sbrk(-8192) == cur + 8192);
	check_value("brk(back to the start)", brk((void *)cur), 0);
	check_errno("brk(kernel half)", brk(KERNEL_HALF_ADDR), ENOMEM);
	return check_exit();
}
