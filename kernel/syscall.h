/*
 * kernel/syscall.h - system call dispatch.  A user program puts the
 * number in a7 and the arguments in a0..a5 and executes ecall; do_trap()
 * calls do_syscall(), which runs the handler from the table indexed by
 * the Linux riscv64 number (include/uapi/unistd.h) and puts the result,
 * a value or -errno, in a0.  An unknown number returns -ENOSYS.
 * Every handler takes the trap frame and reads its arguments from it.
 */
#ifndef SLUICE_KERNEL_SYSCALL_H
#define SLUICE_KERNEL_SYSCALL_H

#include <stdint.h>

struct pt_regs;

typedef long (*syscall_fn_t)(struct pt_regs *regs);

/* Process context, interrupts on.  Called for ecall from U-mode. */
void do_syscall(struct pt_regs *regs);

/* Handlers, grouped by the file that implements them. */
#define SYSCALL(name) long sys_##name(struct pt_regs *regs)

/* fs/read_write.c */
SYSCALL(read);
SYSCALL(write);
SYSCALL(readv);
SYSCALL(writev);
SYSCALL(close);
SYSCALL(dup);
SYSCALL(dup3);
SYSCALL(fcntl);
SYSCALL(ioctl);
SYSCALL(pread64);
SYSCALL(pwrite64);
SYSCALL(lseek);
SYSCALL(fsync);
SYSCALL(fdatasync);
SYSCALL(sync);
/* fs/namei.c */
SYSCALL(openat);
SYSCALL(mkdirat);
SYSCALL(unlinkat);
SYSCALL(renameat2);
SYSCALL(newfstatat);
SYSCALL(fstat);
SYSCALL(faccessat);
SYSCALL(ftruncate);
SYSCALL(statfs);
SYSCALL(fstatfs);
SYSCALL(chdir);
SYSCALL(getcwd);
SYSCALL(utimensat);
/* fs/readdir.c */
SYSCALL(getdents64);
/* fs/pipe.c */
SYSCALL(pipe2);
/* kernel/sys_proc.c */
SYSCALL(clone);
SYSCALL(exit);
SYSCALL(exit_group);
SYSCALL(wait4);
SYSCALL(getpid);
SYSCALL(getppid);
SYSCALL(gettid);
SYSCALL(sched_yield);
SYSCALL(kill);
SYSCALL(setpgid);
SYSCALL(getpgid);
SYSCALL(set_tid_address);
SYSCALL(set_robust_list);
SYSCALL(prlimit64);
SYSCALL(uname);
SYSCALL(getrandom);
SYSCALL(reboot);
/* kernel/sys_time.c */
SYSCALL(nanosleep);
SYSCALL(clock_gettime);
SYSCALL(clock_nanosleep);
SYSCALL(clock_getres);
/* kernel/io_uring.c */
SYSCALL(io_uring_setup);
SYSCALL(io_uring_enter);
/* kernel/sys_mm.c */
SYSCALL(brk);
SYSCALL(mmap);
SYSCALL(munmap);
/* kernel/exec.c */
SYSCALL(execve);

#endif /* SLUICE_KERNEL_SYSCALL_H */
