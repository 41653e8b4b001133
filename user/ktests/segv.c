/*
 * user/ktests/segv.c - dereference a bad pointer from user mode.  The
 * kernel must report the fault on the console and end this process with
 * SIGSEGV (the shell shows status 139), and carry on.
 */
#include <stdint.h>

int main(void);

static volatile uintptr_t bad_address = 16;

int
main(void)
{
	return *(volatile int *)bad_address;
}
