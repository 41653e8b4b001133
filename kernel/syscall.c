/*
 * kernel/syscall.c - the system call table.  Indexed by the Linux
 * riscv64 (asm-generic) numbers, so binaries built for Linux run here.
 * Read-only; no locks.
 */
#include "kernel/syscall.h"

#include <uapi/errno.h>
#include <uapi/unistd.h>

#include "kernel/compiler.h"
#include "kernel/ptregs.h"

static const syscall_fn_t syscall_table[] = {
	[__NR_dup] = sys_dup,
	[__NR_dup3] = sys_dup3,
	[__NR_fcntl] = sys_fcntl,
	[__NR_ioctl] = sys_ioctl,
	[__NR_close] = sys_close,
	[__NR_pipe2] = sys_pipe2,
	[__NR_io_uring_setup] = sys_io_uring_setup,
	[__NR_io_uring_enter] = sys_io_uring_enter,
	[__NR_read] = sys_read,
	[__NR_write] = sys_write,
	[__NR_readv] = sys_readv,
	[__NR_writev] = sys_writev,
	[__NR_pread64] = sys_pread64,
	[__NR_pwrite64] = sys_pwrite64,
	[__NR_lseek] = sys_lseek,
	[__NR_fsync] = sys_fsync,
	[__NR_fdatasync] = sys_fdatasync,
	[__NR_sync] = sys_sync,
	[__NR_openat] = sys_openat,
	[__NR_mkdirat] = sys_mkdirat,
	[__NR_unlinkat] = sys_unlinkat,
	[__NR_renameat2] = sys_renameat2,
	[__NR_newfstatat] = sys_newfstatat,
	[__NR_fstat] = sys_fstat,
	[__NR_faccessat] = sys_faccessat,
	[__NR_ftruncate] = sys_ftruncate,
	[__NR_statfs] = sys_statfs,
	[__NR_fstatfs] = sys_fstatfs,
	[__NR_chdir] = sys_chdir,
	[__NR_getcwd] = sys_getcwd,
	[__NR_utimensat] = sys_utimensat,
	[__NR_getdents64] = sys_getdents64,
	[__NR_exit] = sys_exit,
	[__NR_exit_group] = sys_exit_group,
	[__NR_set_tid_address] = sys_set_tid_address,
	[__NR_set_robust_list] = sys_set_robust_list,
	[__NR_nanosleep] = sys_nanosleep,
	[__NR_clock_gettime] = sys_clock_gettime,
	[__NR_clock_getres] = sys_clock_getres,
	[__NR_clock_nanosleep] = sys_clock_nanosleep,
	[__NR_sched_yield] = sys_sched_yield,
	[__NR_kill] = sys_kill,
	[__NR_reboot] = sys_reboot,
	[__NR_setpgid] = sys_setpgid,
	[__NR_getpgid] = sys_getpgid,
	[__NR_uname] = sys_uname,
	[__NR_getpid] = sys_getpid,
	[__NR_getppid] = sys_getppid,
	[__NR_gettid] = sys_gettid,
	[__NR_brk] = sys_brk,
	[__NR_munmap] = sys_munmap,
	[__NR_clone] = sys_clone,
	[__NR_execve] = sys_execve,
	[__NR_mmap] = sys_mmap,
	[__NR_wait4] = sys_wait4,
	[__NR_prlimit64] = sys_prlimit64,
	[__NR_getrandom] = sys_getrandom,
};

void
do_syscall(struct pt_regs *regs)
{
	uint64_t nr = regs->a7;
	long ret = -ENOSYS;

	if (nr < ARRAY_SIZE(syscall_table) && syscall_table[nr])
		ret = syscall_table[nr](regs);
	regs->a0 = (uint64_t)ret;
}
