/*
 * user/lib/hostexec.c - the host-testing fallback of execve().
 *
 * On a Linux host the Sluice binaries run under qemu-riscv64 (user-mode
 * emulation), which passes execve() straight to the host kernel.  The host
 * cannot run a riscv64 ELF itself and answers ENOEXEC, unless binfmt_misc
 * knows QEMU.  So, only when the kernel has said ENOEXEC and
 * SLUICE_EMULATOR names an emulator, this execs
 *
 *	$SLUICE_EMULATOR -0 argv[0] path argv[1] ...
 *
 * with the caller's envp: the new program sees the argv and environment
 * it was given, and keeps the pid, open files and parent.  Every other
 * outcome of execve() (ENOENT, EACCES, EFAULT, success) is the kernel's
 * own.  On Sluice SLUICE_EMULATOR is not set and execve() is the bare
 * system call.  The runner in tests/linux-diff/ sets it.
 */
#include "hostexec.h"

#include <stdlib.h>

#include "syscall.h"

#define HOSTEXEC_MAX_ARGS 256

long
hostexec_retry(const char *path, char *const argv[], char *const envp[])
{
	const char *emulator = getenv("SLUICE_EMULATOR");
	const char *args[HOSTEXEC_MAX_ARGS + 4];
	int i, n = 0;

	if (!emulator || !*emulator || !argv || !argv[0])
		return -ENOEXEC;
	args[n++] = emulator;
	args[n++] = "-0";
	args[n++] = argv[0];
	args[n++] = path;
	for (i = 1; argv[i]; i++) {
		if (i > HOSTEXEC_MAX_ARGS)
			return -E2BIG;
		args[n++] = argv[i];
	}
	args[n] = NULL;
	return syscall3(__NR_execve, (long)emulator, (long)args, (long)envp);
}
