/*
 * user/bin/halt.c - power the machine off: sync(2), then reboot(2) with
 * LINUX_REBOOT_CMD_POWER_OFF.  Returns only if the kernel refused.
 *
 * Never run this under qemu-riscv64 on a host as root: qemu passes
 * reboot() through to the host kernel.
 */
#include <stdio.h>

#include <uapi/reboot.h>

#include "errname.h"
#include "syscall.h"

int main(void);

int
main(void)
{
	fflush(stdout);
	syscall0(__NR_sync);
	if (reboot(LINUX_REBOOT_CMD_POWER_OFF) < 0) {
		warn_errno("halt", "reboot");
		return 1;
	}
	fprintf(stderr, "halt: reboot returned without powering off\n");
	return 1;
}
