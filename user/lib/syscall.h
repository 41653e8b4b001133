/*
 * user/lib/syscall.h - Sluice's system call interface for user programs.
 *
 * Two layers:
 *  - syscall0() .. syscall6(): the bare `ecall`.  Number in a7, arguments
 *    in a0..a5, result in a0: a value, or -errno (-4095 .. -1).
 *  - The C library calls (read, write, fork ...): POSIX signatures; on
 *    failure they set errno and return -1 (mmap: MAP_FAILED), exactly like
 *    a Linux libc.  Constants and structs come from include/uapi/.
 *
 * errno is picolibc's, a thread-local int.  Do not include picolibc's
 * <errno.h>, <unistd.h>, <fcntl.h> ... together with this header: they
 * carry newlib's values (see include/uapi/types.h).
 */
#ifndef SLUICE_USER_SYSCALL_H
#define SLUICE_USER_SYSCALL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t, off_t, pid_t, mode_t, clockid_t */

#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/resource.h>
#include <uapi/stat.h>
#include <uapi/termios.h>
#include <uapi/time.h>
#include <uapi/uio.h>
#include <uapi/unistd.h>
#include <uapi/utsname.h>

extern __thread int errno;

static inline long
syscall0(long nr)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0");

	__asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
}

static inline long
syscall1(long nr, long arg0)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = arg0;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
}

static inline long
syscall2(long nr, long arg0, long arg1)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1) : "memory");
	return a0;
}

static inline long
syscall3(long nr, long arg0, long arg1, long arg2)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2)
			 : "memory");
	return a0;
}

static inline long
syscall4(long nr, long arg0, long arg1, long arg2, long arg3)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a3 __asm__("a3") = arg3;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3)
			 : "memory");
	return a0;
}

static inline long
syscall5(long nr, long arg0, long arg1, long arg2, long arg3, long arg4)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a3 __asm__("a3") = arg3;
	register long a4 __asm__("a4") = arg4;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4)
			 : "memory");
	return a0;
}

static inline long
syscall6(long nr, long arg0, long arg1, long arg2, long arg3, long arg4,
	 long arg5)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a3 __asm__("a3") = arg3;
	register long a4 __asm__("a4") = arg4;
	register long a5 __asm__("a5") = arg5;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
			 : "memory");
	return a0;
}

/* syscall_failed - does raw result @r encode an error (-4095 .. -1)? */
static inline int
syscall_failed(long r)
{
	return (unsigned long)r >= (unsigned long)-MAX_ERRNO;
}

/* Files and descriptors */
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
int fsync(int fd);
int fdatasync(int fd);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int fcntl(int fd, int cmd, ...);
int ioctl(int fd, unsigned long request, ...);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
ssize_t getdents64(int fd, void *buf, size_t count);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int ftruncate(int fd, off_t length);
void sync(void);

/* Names and inodes (Sluice has no symbolic links: lstat is stat) */
int stat(const char *path, struct uapi_stat *st);
int lstat(const char *path, struct uapi_stat *st);
int fstat(int fd, struct uapi_stat *st);
int fstatat(int dirfd, const char *path, struct uapi_stat *st, int flags);
int access(const char *path, int mode);
int mkdir(const char *path, mode_t mode);
int rmdir(const char *path);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags);
int rename(const char *oldpath, const char *newpath);
int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);
/* @times: access then modify time; NULL means both now (UTIME_NOW). */
int utimensat(int dirfd, const char *path, const struct uapi_timespec times[2],
	      int flags);

/* Terminals */
int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
int isatty(int fd);

/* Processes */
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
void _exit(int status) __attribute__((noreturn));
pid_t wait4(pid_t pid, int *status, int options, struct uapi_rusage *ru);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
int kill(pid_t pid, int sig);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
/* Make @pgrp the terminal's foreground group: it receives ^C. */
int tcsetpgrp(int fd, pid_t pgrp);
int sched_yield(void);
int prlimit(pid_t pid, int resource, const struct rlimit64 *new_limit,
	    struct rlimit64 *old_limit);
int reboot(unsigned int cmd);

/* Time */
int nanosleep(const struct uapi_timespec *req, struct uapi_timespec *rem);
int clock_gettime(clockid_t clock, struct uapi_timespec *ts);
int clock_nanosleep(clockid_t clock, int flags, const struct uapi_timespec *req,
		    struct uapi_timespec *rem);

/* Memory */
int brk(void *addr);
void *sbrk(intptr_t increment);
void *mmap(void *addr, size_t length, int prot, int flags, int fd,
	   off_t offset);
int munmap(void *addr, size_t length);

/* io_uring (include/uapi/io_uring.h; user/lib/uring.h wraps the rings) */
struct io_uring_params;
int io_uring_setup(unsigned entries, struct io_uring_params *p);
int io_uring_enter(int fd, unsigned to_submit, unsigned min_complete,
		   unsigned flags, const void *sig, size_t sigsz);

/* Miscellany */
int uname(struct new_utsname *buf);
ssize_t getrandom(void *buf, size_t count, unsigned int flags);

#endif /* SLUICE_USER_SYSCALL_H */
