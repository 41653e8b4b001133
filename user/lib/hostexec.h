/*
 * user/lib/hostexec.h - running Sluice programs on a Linux host under
 * qemu-riscv64, where execve() of a riscv64 ELF fails with ENOEXEC unless
 * the host registered QEMU with binfmt_misc.  See hostexec.c.
 */
#ifndef SLUICE_USER_HOSTEXEC_H
#define SLUICE_USER_HOSTEXEC_H

/*
 * hostexec_retry - called by execve() after the kernel said ENOEXEC.  If
 * the environment names an emulator (SLUICE_EMULATOR=/path/qemu-riscv64),
 * execs the emulator on @path with the same argv[0], arguments and
 * environment; otherwise, or if that fails too, returns -ENOEXEC.  Returns
 * only on failure.  On Sluice the variable is unset and nothing happens.
 */
long hostexec_retry(const char *path, char *const argv[], char *const envp[]);

#endif /* SLUICE_USER_HOSTEXEC_H */
