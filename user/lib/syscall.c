/*
 * user/lib/syscall.c - the C library's system call wrappers: each turns a
 * raw result of -errno into errno and -1, as a Linux libc does.  Where
 * riscv64 Linux has no system call of the POSIX name (open, fork, pipe,
 * dup2), the wrapper uses the one that replaced it (openat, clone, pipe2,
 * dup3).
 *
 * State: brk_cur, the program break as sbrk() last set it (single thread;
 * copied into the child by fork).
 */
#include "syscall.h"

#include <stdarg.h>

#include <uapi/reboot.h>
#include <uapi/signal.h>

#include "hostexec.h"
#include "stdfd.h"

static uintptr_t brk_cur;

/* sys_ret - a raw result as a libc return value, setting errno. */
static long
sys_ret(long r)
{
	if (syscall_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

ssize_t
read(int fd, void *buf, size_t count)
{
	return sys_ret(syscall3(__NR_read, fd, (long)buf, (long)count));
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	return sys_ret(syscall3(__NR_write, fd, (long)buf, (long)count));
}

ssize_t
readv(int fd, const struct iovec *iov, int iovcnt)
{
	return sys_ret(syscall3(__NR_readv, fd, (long)iov, iovcnt));
}

ssize_t
writev(int fd, const struct iovec *iov, int iovcnt)
{
	return sys_ret(syscall3(__NR_writev, fd, (long)iov, iovcnt));
}

/* The mode argument exists only when the flags create a file. */
static long
open_mode(int flags, va_list ap)
{
	if ((flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE)
		return va_arg(ap, int);
	return 0;
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	long mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return sys_ret(
	    syscall4(__NR_openat, AT_FDCWD, (long)path, flags, mode));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	long mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return sys_ret(syscall4(__NR_openat, dirfd, (long)path, flags, mode));
}

int
close(int fd)
{
	return sys_ret(syscall1(__NR_close, fd));
}

off_t
lseek(int fd, off_t offset, int whence)
{
	return sys_ret(syscall3(__NR_lseek, fd, offset, whence));
}

/* pread/pwrite - the riscv64 system calls are pread64/pwrite64. */
ssize_t
pread(int fd, void *buf, size_t count, off_t offset)
{
	return sys_ret(
	    syscall4(__NR_pread64, fd, (long)buf, (long)count, offset));
}

ssize_t
pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	return sys_ret(
	    syscall4(__NR_pwrite64, fd, (long)buf, (long)count, offset));
}

int
fsync(int fd)
{
	return sys_ret(syscall1(__NR_fsync, fd));
}

int
fdatasync(int fd)
{
	return sys_ret(syscall1(__NR_fdatasync, fd));
}

int
dup(int fd)
{
	return sys_ret(syscall1(__NR_dup, fd));
}

/*
 * dup2 - dup3 without flags, except that dup2(fd, fd) is allowed: POSIX
 * says it returns fd if fd is open (and EBADF if not), where dup3 says
 * EINVAL.
 */
int
dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fcntl(oldfd, F_GETFD) < 0 ? -1 : newfd;
	return dup3(oldfd, newfd, 0);
}

int
dup3(int oldfd, int newfd, int flags)
{
	return sys_ret(syscall3(__NR_dup3, oldfd, newfd, flags));
}

/* Every command takes at most one argument, an int or a pointer. */
int
fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return sys_ret(syscall3(__NR_fcntl, fd, cmd, arg));
}

int
ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	long arg;

	va_start(ap, request);
	arg = va_arg(ap, long);
	va_end(ap);
	return sys_ret(syscall3(__NR_ioctl, fd, (long)request, arg));
}

int
pipe(int fds[2])
{
	return pipe2(fds, 0);
}

int
pipe2(int fds[2], int flags)
{
	return sys_ret(syscall2(__NR_pipe2, (long)fds, flags));
}

int
io_uring_setup(unsigned entries, struct io_uring_params *p)
{
	return sys_ret(syscall2(__NR_io_uring_setup, entries, (long)p));
}

int
io_uring_enter(int fd, unsigned to_submit, unsigned min_complete,
	       unsigned flags, const void *sig, size_t sigsz)
{
	return sys_ret(syscall6(__NR_io_uring_enter, fd, to_submit,
				min_complete, flags, (long)sig, (long)sigsz));
}

ssize_t
getdents64(int fd, void *buf, size_t count)
{
	return sys_ret(syscall3(__NR_getdents64, fd, (long)buf, (long)count));
}

int
chdir(const char *path)
{
	return sys_ret(syscall1(__NR_chdir, (long)path));
}

/* The system call returns the length; the library returns the buffer. */
char *
getcwd(char *buf, size_t size)
{
	if (sys_ret(syscall2(__NR_getcwd, (long)buf, (long)size)) < 0)
		return NULL;
	return buf;
}

int
ftruncate(int fd, off_t length)
{
	return sys_ret(syscall2(__NR_ftruncate, fd, length));
}

/* sync - cannot fail (POSIX); the result is ignored. */
void
sync(void)
{
	syscall0(__NR_sync);
}

/* The riscv64 system calls are the *at() forms; AT_FDCWD stands for cwd. */
int
stat(const char *path, struct uapi_stat *st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int
lstat(const char *path, struct uapi_stat *st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int
fstat(int fd, struct uapi_stat *st)
{
	return sys_ret(syscall2(__NR_fstat, fd, (long)st));
}

int
fstatat(int dirfd, const char *path, struct uapi_stat *st, int flags)
{
	return sys_ret(
	    syscall4(__NR_newfstatat, dirfd, (long)path, (long)st, flags));
}

int
access(const char *path, int mode)
{
	return sys_ret(syscall3(__NR_faccessat, AT_FDCWD, (long)path, mode));
}

int
mkdir(const char *path, mode_t mode)
{
	return sys_ret(syscall3(__NR_mkdirat, AT_FDCWD, (long)path, mode));
}

int
rmdir(const char *path)
{
	return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int
unlink(const char *path)
{
	return unlinkat(AT_FDCWD, path, 0);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	return sys_ret(syscall3(__NR_unlinkat, dirfd, (long)path, flags));
}

/* rename - renameat2 without flags (riscv64 has neither rename nor renameat). */
int
rename(const char *oldpath, const char *newpath)
{
	return sys_ret(syscall5(__NR_renameat2, AT_FDCWD, (long)oldpath,
				AT_FDCWD, (long)newpath, 0));
}

int
statfs(const char *path, struct statfs *buf)
{
	return sys_ret(syscall2(__NR_statfs, (long)path, (long)buf));
}

int
fstatfs(int fd, struct statfs *buf)
{
	return sys_ret(syscall2(__NR_fstatfs, fd, (long)buf));
}

int
utimensat(int dirfd, const char *path, const struct uapi_timespec times[2],
	  int flags)
{
	return sys_ret(
	    syscall4(__NR_utimensat, dirfd, (long)path, (long)times, flags));
}

int
tcgetattr(int fd, struct termios *t)
{
	return ioctl(fd, TCGETS, t);
}

int
tcsetattr(int fd, int action, const struct termios *t)
{
	static const unsigned long request[] = {
		[TCSANOW] = TCSETS,
		[TCSADRAIN] = TCSETSW,
		[TCSAFLUSH] = TCSETSF,
	};

	if (action < TCSANOW || action > TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	return ioctl(fd, request[action], t);
}

/* isatty - 1 if TCGETS works on @fd; else 0 with errno ENOTTY or EBADF. */
int
isatty(int fd)
{
	struct termios t;

	return tcgetattr(fd, &t) == 0;
}

/*
 * fork - clone with only the exit signal: a copy of the address space and
 * file table.  stdio is flushed first so buffered output is not written
 * twice, once by each process.
 */
pid_t
fork(void)
{
	stdio_flush_all();
	return sys_ret(syscall5(__NR_clone, SIGCHLD, 0, 0, 0, 0));
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	long r;

	stdio_flush_all();
	r = syscall3(__NR_execve, (long)path, (long)argv, (long)envp);
	if (r == -ENOEXEC)
		r = hostexec_retry(path, argv, envp);
	return sys_ret(r);
}

void
_exit(int status)
{
	for (;;) {
		syscall1(__NR_exit_group, status);
		syscall1(__NR_exit, status);
	}
}

pid_t
wait4(pid_t pid, int *status, int options, struct uapi_rusage *ru)
{
	return sys_ret(
	    syscall4(__NR_wait4, pid, (long)status, options, (long)ru));
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t
getpid(void)
{
	return syscall0(__NR_getpid);
}

pid_t
getppid(void)
{
	return syscall0(__NR_getppid);
}

pid_t
gettid(void)
{
	return syscall0(__NR_gettid);
}

int
kill(pid_t pid, int sig)
{
	return sys_ret(syscall2(__NR_kill, pid, sig));
}

int
setpgid(pid_t pid, pid_t pgid)
{
	return sys_ret(syscall2(__NR_setpgid, pid, pgid));
}

pid_t
getpgid(pid_t pid)
{
	return (pid_t)sys_ret(syscall1(__NR_getpgid, pid));
}

int
tcsetpgrp(int fd, pid_t pgrp)
{
	return ioctl(fd, TIOCSPGRP, &pgrp);
}

int
sched_yield(void)
{
	return sys_ret(syscall0(__NR_sched_yield));
}

int
prlimit(pid_t pid, int resource, const struct rlimit64 *new_limit,
	struct rlimit64 *old_limit)
{
	return sys_ret(syscall4(__NR_prlimit64, pid, resource, (long)new_limit,
				(long)old_limit));
}

/* reboot - as in the C library: the magic numbers are supplied here. */
int
reboot(unsigned int cmd)
{
	return sys_ret(syscall4(__NR_reboot, LINUX_REBOOT_MAGIC1,
				LINUX_REBOOT_MAGIC2, cmd, 0));
}

int
nanosleep(const struct uapi_timespec *req, struct uapi_timespec *rem)
{
	return sys_ret(syscall2(__NR_nanosleep, (long)req, (long)rem));
}

int
clock_gettime(clockid_t clock, struct uapi_timespec *ts)
{
	return sys_ret(syscall2(__NR_clock_gettime, clock, (long)ts));
}

/* clock_nanosleep - POSIX: returns the error number, leaves errno alone. */
int
clock_nanosleep(clockid_t clock, int flags, const struct uapi_timespec *req,
		struct uapi_timespec *rem)
{
	long r =
	    syscall4(__NR_clock_nanosleep, clock, flags, (long)req, (long)rem);

	return syscall_failed(r) ? (int)-r : 0;
}

/*
 * brk - set the break to @addr.  The system call always answers with the
 * break now in force; anything but @addr means it refused.
 */
int
brk(void *addr)
{
	uintptr_t now = syscall1(__NR_brk, (long)addr);

	brk_cur = now;
	if (now != (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* sbrk - move the break by @increment; returns the old break. */
void *
sbrk(intptr_t increment)
{
	uintptr_t old, want;

	if (!brk_cur)
		brk_cur = syscall1(__NR_brk, 0);
	old = brk_cur;
	if (increment == 0)
		return (void *)old;
	want = old + (uintptr_t)increment;
	if ((increment > 0 && want < old) || (increment < 0 && want > old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (brk((void *)want) < 0)
		return (void *)-1;
	return (void *)old;
}

void *
mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
	long r = syscall6(__NR_mmap, (long)addr, (long)length, prot, flags, fd,
			  offset);

	if (syscall_failed(r)) {
		errno = (int)-r;
		return (void *)-1;
	}
	return (void *)r;
}

int
munmap(void *addr, size_t length)
{
	return sys_ret(syscall2(__NR_munmap, (long)addr, (long)length));
}

int
uname(struct new_utsname *buf)
{
	return sys_ret(syscall1(__NR_uname, (long)buf));
}

ssize_t
getrandom(void *buf, size_t count, unsigned int flags)
{
	return sys_ret(syscall3(__NR_getrandom, (long)buf, (long)count, flags));
}
