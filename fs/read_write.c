/*
 * fs/read_write.c - the descriptor system calls: read, write, their
 * vectored and positioned forms, lseek, fsync, sync, close, dup, dup3,
 * fcntl, ioctl.  Each looks the fd up in
 * the current task's table (taking a reference for the duration of the
 * call) and hands the work to the file's file_operations.
 */
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/uio.h>

#include "drivers/blk.h"
#include "fs/buffer.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/mm.h"
#include "kernel/ptregs.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

static struct files *
cur_files(void)
{
	return current_task()->files;
}

long
vfs_rw(struct file *f, uint64_t ubuf, size_t n, bool write, int64_t *at)
{
	long (*op)(struct file *, uint64_t, size_t, uint64_t *);
	unsigned acc = READ_ONCE(f->f_flags) & O_ACCMODE;
	uint64_t pos = at ? (uint64_t)*at : 0;
	long ret;

	op = write ? f->f_op->write : f->f_op->read;
	if (n > RW_MAX)
		n = RW_MAX;
	if (acc == (write ? O_RDONLY : O_WRONLY))
		return -EBADF;
	if (f->f_inode && S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (at && !f->f_op->llseek)
		return -ESPIPE;
	if (at && *at < 0)
		return -EINVAL;
	if (!op)
		return -EINVAL;
	if (!access_ok(ubuf, n))
		return -EFAULT;
	ret = op(f, ubuf, n, at ? &pos : &f->f_pos);
	if (at)
		*at = (int64_t)pos;
	return ret;
}

/* read/write (@at NULL) and pread64/pwrite64 on descriptor @fd. */
static long
do_rw_at(int fd, uint64_t ubuf, size_t n, bool write, int64_t *at)
{
	struct file *f = fd_get(cur_files(), fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_rw(f, ubuf, n, write, at);
	file_put(f);
	return ret;
}

static long
do_rw(int fd, uint64_t ubuf, size_t n, bool write)
{
	return do_rw_at(fd, ubuf, n, write, NULL);
}

SYSCALL(read)
{
	return do_rw((int)regs->a0, regs->a1, regs->a2, false);
}

SYSCALL(write)
{
	return do_rw((int)regs->a0, regs->a1, regs->a2, true);
}

SYSCALL(pread64)
{
	int64_t at = (int64_t)regs->a3;

	return do_rw_at((int)regs->a0, regs->a1, regs->a2, false, &at);
}

SYSCALL(pwrite64)
{
	int64_t at = (int64_t)regs->a3;

	return do_rw_at((int)regs->a0, regs->a1, regs->a2, true, &at);
}

SYSCALL(lseek)
{
	struct file *f = fd_get(cur_files(), (int)regs->a0);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_op->llseek
		  ? f->f_op->llseek(f, (int64_t)regs->a1, (int)regs->a2)
		  : -ESPIPE;
	file_put(f);
	return ret;
}

/* fsync and fdatasync: Sluice's files keep no metadata apart from data. */
static long
do_fsync(int fd)
{
	struct file *f = fd_get(cur_files(), fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_op->fsync ? f->f_op->fsync(f) : -EINVAL;
	file_put(f);
	return ret;
}

SYSCALL(fsync)
{
	return do_fsync((int)regs->a0);
}

SYSCALL(fdatasync)
{
	return do_fsync((int)regs->a0);
}

/* sync(2): file systems' own state, every block device's dirty buffers,
 * then its write cache. */
SYSCALL(sync)
{
	(void)regs;
	vfs_sync_all();
	for (struct block_device *b = blk_next(NULL); b; b = blk_next(b))
		sync_blockdev(b);
	return 0;
}

struct iovec *
iovec_import(uint64_t uiov, uint64_t cnt, long *err)
{
	struct iovec *iov;
	uint64_t total = 0;

	*err = -EINVAL;
	if (cnt > UIO_MAXIOV)
		return NULL;
	*err = -ENOMEM;
	iov = kmalloc(cnt ? cnt * sizeof(*iov) : 1);
	if (!iov)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov)))
		goto fail;
	*err = -EINVAL;
	for (uint64_t i = 0; i < cnt; i++) {
		if (iov[i].iov_len > (uint64_t)INT64_MAX - total)
			goto fail;
		total += iov[i].iov_len;
	}
	*err = 0;
	return iov;
fail:
	kfree(iov);
	return NULL;
}

long
vfs_rwv(struct file *f, const struct iovec *iov, uint64_t cnt, bool write,
	int64_t *at)
{
	long done = 0,
	     ret = vfs_rw(f, 0, 0, write, at); /* checks, even for 0 */

	for (uint64_t i = 0; ret >= 0 && i < cnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		ret = vfs_rw(f, (uint64_t)iov[i].iov_base, iov[i].iov_len,
			     write, at);
		if (ret > 0)
			done += ret;
		if (ret < 0 || (uint64_t)ret < iov[i].iov_len)
			break;
	}
	return done ? done : ret;
}

static long
do_rwv(int fd, uint64_t uiov, uint64_t iovcnt, bool write)
{
	struct file *f;
	long ret;
	struct iovec *iov = iovec_import(uiov, iovcnt, &ret);

	if (!iov)
		return ret;
	f = fd_get(cur_files(), fd);
	ret = f ? vfs_rwv(f, iov, iovcnt, write, NULL) : -EBADF;
	if (f)
		file_put(f);
	kfree(iov);
	return ret;
}

SYSCALL(readv)
{
	return do_rwv((int)regs->a0, regs->a1, regs->a2, false);
}

SYSCALL(writev)
{
	return do_rwv((int)regs->a0, regs->a1, regs->a2, true);
}

SYSCALL(close)
{
	return fd_close(cur_files(), (int)regs->a0);
}

static long
dup_from(int oldfd, int min, bool cloexec)
{
	struct file *f = fd_get(cur_files(), oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install(cur_files(), f, min, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL(dup)
{
	return dup_from((int)regs->a0, 0, false);
}

SYSCALL(dup3)
{
	int oldfd = (int)regs->a0, newfd = (int)regs->a1;
	unsigned flags = (unsigned)regs->a2;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return fd_dup3(cur_files(), oldfd, newfd, flags & O_CLOEXEC);
}

/* The status flags F_SETFL may change; the rest are fixed at open. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT)

static long
fcntl_setfl(int fd, unsigned flags)
{
	struct file *f = fd_get(cur_files(), fd);

	if (!f)
		return -EBADF;
	spin_lock(&f->f_lock);
	f->f_flags = (f->f_flags & ~SETFL_MASK) | (flags & SETFL_MASK);
	spin_unlock(&f->f_lock);
	file_put(f);
	return 0;
}

SYSCALL(fcntl)
{
	int fd = (int)regs->a0, cmd = (int)regs->a1;
	uint64_t arg = regs->a2;
	struct file *f;
	long ret;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NR_OPEN)
			return fd_get_cloexec(cur_files(), fd) < 0 ? -EBADF
								   : -EINVAL;
		return dup_from(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		ret = fd_get_cloexec(cur_files(), fd);
		return ret < 0 ? ret : (ret ? FD_CLOEXEC : 0);
	case F_SETFD:
		return fd_set_cloexec(cur_files(), fd, arg & FD_CLOEXEC);
	case F_GETFL:
		f = fd_get(cur_files(), fd);
		if (!f)
			return -EBADF;
		ret = READ_ONCE(f->f_flags);
		file_put(f);
		return ret;
	case F_SETFL:
		return fcntl_setfl(fd, (unsigned)arg);
	default:
		return fd_get_cloexec(cur_files(), fd) < 0 ? -EBADF : -EINVAL;
	}
}

SYSCALL(ioctl)
{
	struct file *f = fd_get(cur_files(), (int)regs->a0);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_op->ioctl ? f->f_op->ioctl(f, (unsigned)regs->a1, regs->a2)
			     : -ENOTTY;
	file_put(f);
	return ret;
}
