/*
 * user/tests/efault.c - a bad user pointer gives EFAULT and nothing worse:
 * NULL, an unmapped user address (0x1000) and a kernel-half address, passed
 * to write, read, clock_gettime, uname and clock_nanosleep.  read() is only
 * given the kernel-half address: that range check comes before any waiting
 * for input (Linux checks it first thing), so the call cannot block on fd 0.
 * nanosleep() with a bad pointer is left out: qemu-riscv64 7.2 ignores the
 * failed copy and answers EINVAL (for NULL and every other bad address)
 * where Linux answers EFAULT.
 */
#include <stdio.h>

#include <uapi/time.h>

#include "check.h"

int main(void);

static void
io(void)
{
	check_errno("write(1, NULL, 5)", write(1, NULL, 5), EFAULT);
	check_errno("write(1, 0x1000, 5)", write(1, UNMAPPED_ADDR, 5), EFAULT);
	check_errno("write(1, kernel half, 5)", write(1, KERNEL_HALF_ADDR, 5),
		    EFAULT);
	check_errno("read(0, kernel half, 5)", read(0, KERNEL_HALF_ADDR, 5),
		    EFAULT);
}

static void
time_and_names(void)
{
	check_errno("clock_gettime(MONOTONIC, NULL)",
		    clock_gettime(CLOCK_MONOTONIC, NULL), EFAULT);
	check_errno("clock_gettime(MONOTONIC, 0x1000)",
		    clock_gettime(CLOCK_MONOTONIC, UNMAPPED_ADDR), EFAULT);
	check_errno("clock_gettime(MONOTONIC, kernel half)",
		    clock_gettime(CLOCK_MONOTONIC, KERNEL_HALF_ADDR), EFAULT);
	check_errno("uname(NULL)", uname(NULL), EFAULT);
	check_errno("uname(0x1000)", uname(UNMAPPED_ADDR), EFAULT);
	check_errno("uname(kernel half)", uname(KERNEL_HALF_ADDR), EFAULT);
	check_errnum("clock_nanosleep(MONOTONIC, 0, 0x1000)",
		     clock_nanosleep(CLOCK_MONOTONIC, 0, UNMAPPED_ADDR, NULL),
		     EFAULT);
	check_errnum(
	    "clock_nanosleep(MONOTONIC, 0, kernel half)",
	    clock_nanosleep(CLOCK_MONOTONIC, 0, KERNEL_HALF_ADDR, NULL),
	    EFAULT);
}

int
main(void)
{
	io();
	time_and_names();
	check_true("still running after all that", 1);
	return check_exit();
}
