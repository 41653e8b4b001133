/*
 * fs/file.c - reference-counted open files and descriptor tables.
 * Lock legend in fs/file.h.  A file's ->release runs when its last
 * reference goes, outside every lock.
 */
#include "fs/file.h"

#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "fs/vfs.h"
#include "kernel/mm.h"
#include "kernel/string.h"

struct file *
file_alloc(const struct file_operations *ops, void *private, unsigned flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->f_count = 1;
	f->f_op = ops;
	f->private = private;
	f->f_flags = flags;
	spin_lock_init(&f->f_lock, "file");
	return f;
}

struct file *
file_get(struct file *f)
{
	__atomic_add_fetch(&f->f_count, 1, __ATOMIC_RELAXED);
	return f;
}

void
file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->f_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (f->f_op->release)
		f->f_op->release(f);
	iput(f->f_inode);
	kfree(f);
}

int64_t
generic_llseek(struct file *f, int64_t off, int whence, int64_t size)
{
	int64_t base, pos;

	spin_lock(&f->f_lock);
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->f_pos;
		break;
	case SEEK_END:
		base = size;
		break;
	default:
		spin_unlock(&f->f_lock);
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, off, &pos) || pos < 0) {
		spin_unlock(&f->f_lock);
		return -EINVAL;
	}
	f->f_pos = (uint64_t)pos;
	spin_unlock(&f->f_lock);
	return pos;
}

struct files *
files_alloc(void)
{
	struct files *files = kzalloc(sizeof(*files));

	if (!files)
		return NULL;
	files->count = 1;
	spin_lock_init(&files->lock, "files");
	return files;
}

struct files *
files_dup(struct files *old)
{
	struct files *files = files_alloc();

	if (!files || !old)
		return files;
	spin_lock(&old->lock);
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (old->fd[fd])
			files->fd[fd] = file_get(old->fd[fd]);
	memcpy(files->cloexec, old->cloexec, sizeof(files->cloexec));
	spin_unlock(&old->lock);
	return files;
}

/* Take every fd for which @pick says yes out of the table, then close them. */
static void
files_close_where(struct files *files, bool (*pick)(struct files *, int))
{
	struct file *gone[NR_OPEN];
	int n = 0;

	spin_lock(&files->lock);
	for (int fd = 0; fd < NR_OPEN; fd++) {
		if (files->fd[fd] && pick(files, fd)) {
			gone[n++] = files->fd[fd];
			files->fd[fd] = NULL;
			files->cloexec[fd / 64] &= ~(1UL << (fd % 64));
		}
	}
	spin_unlock(&files->lock);
	while (n)
		file_put(gone[--n]);
}

static bool
pick_all(struct files *files, int fd)
{
	(void)files;
	(void)fd;
	return true;
}

static bool
pick_cloexec(struct files *files, int fd)
{
	return files->cloexec[fd / 64] & (1UL << (fd % 64));
}

void
files_put(struct files *files)
{
	if (__atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	files_close_where(files, pick_all);
	kfree(files);
}

void
files_close_on_exec(struct files *files)
{
	files_close_where(files, pick_cloexec);
}

static void
set_cloexec_locked(struct files *files, int fd, bool on)
{
	if (on)
		files->cloexec[fd / 64] |= 1UL << (fd % 64);
	else
		files->cloexec[fd / 64] &= ~(1UL << (fd % 64));
}

int
fd_install(struct files *files, struct file *f, int min, bool cloexec)
{
	int fd;

	if (min < 0 || min >= NR_OPEN)
		return -EINVAL;
	spin_lock(&files->lock);
	for (fd = min; fd < NR_OPEN && files->fd[fd]; fd++)
		;
	if (fd < NR_OPEN) {
		files->fd[fd] = f;
		set_cloexec_locked(files, fd, cloexec);
	}
	spin_unlock(&files->lock);
	return fd < NR_OPEN ? fd : -EMFILE;
}

struct file *
fd_get(struct files *files, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= NR_OPEN)
		return NULL;
	spin_lock(&files->lock);
	if (files->fd[fd])
		f = file_get(files->fd[fd]);
	spin_unlock(&files->lock);
	return f;
}

int
fd_close(struct files *files, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->lock);
	f = files->fd[fd];
	files->fd[fd] = NULL;
	set_cloexec_locked(files, fd, false);
	spin_unlock(&files->lock);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

int
fd_dup3(struct files *files, int oldfd, int newfd, bool cloexec)
{
	struct file *f, *old = NULL;

	if (oldfd < 0 || oldfd >= NR_OPEN || newfd < 0 || newfd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->lock);
	f = files->fd[oldfd];
	if (!f) {
		spin_unlock(&files->lock);
		return -EBADF;
	}
	old = files->fd[newfd];
	files->fd[newfd] = file_get(f);
	set_cloexec_locked(files, newfd, cloexec);
	spin_unlock(&files->lock);
	if (old)
		file_put(old);
	return newfd;
}

int
fd_get_cloexec(struct files *files, int fd)
{
	int ret;

	if (fd < 0 || fd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->lock);
	ret = !files->fd[fd] ? -EBADF : pick_cloexec(files, fd);
	spin_unlock(&files->lock);
	return ret;
}

int
fd_set_cloexec(struct files *files, int fd, bool on)
{
	int ret = 0;

	if (fd < 0 || fd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->lock);
	if (files->fd[fd])
		set_cloexec_locked(files, fd, on);
	else
		ret = -EBADF;
	spin_unlock(&files->lock);
	return ret;
}
