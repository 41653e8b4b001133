/*
 * kernel/exec.h - replacing a process's program (execve).
 */
#ifndef SLUICE_KERNEL_EXEC_H
#define SLUICE_KERNEL_EXEC_H

#include <stddef.h>

#include "kernel/compiler.h"

struct pt_regs;

/* The initramfs linked into the image (build/initramfs.cpio). */
extern const char initramfs_start[], initramfs_end[];

/*
 * Exec @path from the kernel with NULL-terminated kernel-string vectors:
 * how pid 1 becomes /bin/init.  On success the current task's user
 * registers are set up to start the program; returns 0 or -errno.
 */
int kernel_execve(const char *path, const char *const *argv,
		  const char *const *envp);

#endif /* SLUICE_KERNEL_EXEC_H */
