/*
 * user/tests/getrandom.c - getrandom(2) fills the whole request (64 bytes,
 * 16 with GRND_NONBLOCK, 0), two reads differ, a bad buffer is EFAULT and
 * unknown flags EINVAL.
 */
#include <stdio.h>
#include <string.h>

#include <uapi/random.h>

#include "check.h"

int main(void);

int
main(void)
{
	uint8_t a[64], b[64];

	check_value("getrandom(buf, 64, 0)", getrandom(a, 64, 0), 64);
	check_value("getrandom(buf, 64, 0) again", getrandom(b, 64, 0), 64);
	check_true("the two differ", memcmp(a, b, 64) != 0);
	check_value("getrandom(buf, 16, GRND_NONBLOCK)",
		    getrandom(a, 16, GRND_NONBLOCK), 16);
	check_value("getrandom(buf, 0, 0)", getrandom(a, 0, 0), 0);
	check_errno("getrandom(0x1000, 16, 0)", getrandom(UNMAPPED_ADDR, 16, 0),
		    EFAULT);
	check_errno("getrandom(kernel half, 16, 0)",
		    getrandom(KERNEL_HALF_ADDR, 16, 0), EFAULT);
	check_errno("getrandom(buf, 16, 0x100)", getrandom(a, 16, 0x100),
		    EINVAL);
	return check_exit();
}
