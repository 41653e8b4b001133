/*
 * user/ktests/badexec.c - execve of malformed executables fails with a
 * clear error and the caller carries on.  The Makefile puts the samples
 * in /ktests/bad: truncated, rv32 (ELFCLASS32), wrong machine, a segment
 * in the kernel half, and a text file.
 */
#include <stdio.h>

#include "errname.h"
#include "syscall.h"

int main(void);

static const char *const samples[] = {
	"truncated", "rv32", "x86", "kernelhalf", "text",
};

int
main(void)
{
	char path[64];
	char *argv[] = { path, NULL };

	for (unsigned i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		snprintf(path, sizeof(path), "/ktests/bad/%s", samples[i]);
		execve(path, argv, NULL);
		printf("execve(%s) = -1 %s\n", samples[i], errno_name(errno));
	}
	printf("still running after every failed execve: yes\n");
	return 0;
}
