/*
 * fs/devfs.c - device nodes and openat(2).
 *
 * Until the VFS exists this is the whole name space a process can open:
 * the directory /dev with one node per device, Linux's numbers:
 *
 *   /dev/console  char 5:1     /dev/null  char 1:3    /dev/zero  char 1:5
 *   /dev/vda ...  block 254:0  (one per registered block device)
 *
 * openat() resolves the path (absolute, or relative to the root, which is
 * every process's working directory for now; "." and ".." are understood)
 * and opens the node.  Anything else is -ENOENT; creating files is -EROFS.
 *
 * State: the char node table is constant; block nodes come from the
 * block layer's device list.
 */
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "drivers/blk.h"
#include "drivers/console.h"
#include "fs/blkdev.h"
#include "fs/file.h"
#include "kernel/mm.h"
#include "kernel/ptregs.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"

#define PATH_MAX 4096

static long
null_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	(void)f, (void)ubuf, (void)n, (void)pos;
	return 0;
}

static long
null_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	(void)f, (void)ubuf, (void)pos;
	return (long)n;
}

static long
zero_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	(void)f, (void)pos;
	return clear_user(ubuf, n) ? -EFAULT : (long)n;
}

static int64_t
null_llseek(struct file *f, int64_t off, int whence)
{
	(void)f, (void)off, (void)whence;
	return 0; /* as Linux: seeking /dev/null or /dev/zero always works */
}

static const struct file_operations null_fops = {
	.llseek = null_llseek,
	.read = null_read,
	.write = null_write,
};

static const struct file_operations zero_fops = {
	.llseek = null_llseek,
	.read = zero_read,
	.write = null_write,
};

static struct file *
null_open(unsigned flags)
{
	return file_alloc(&null_fops, NULL, flags);
}

static struct file *
zero_open(unsigned flags)
{
	return file_alloc(&zero_fops, NULL, flags);
}

struct chrdev_node {
	const char *name;
	unsigned major, minor;
	struct file *(*open)(unsigned flags);
};

static const struct chrdev_node chrdevs[] = {
	{ "console", 5, 1, console_open },
	{ "null", 1, 3, null_open },
	{ "zero", 1, 5, zero_open },
};

/*
 * Reduce @path in place to its components, resolving "." and "..";
 * returns how many are left (0: the root), their starts in @comp.
 */
static int
split_path(char *path, char **comp, int max)
{
	int n = 0;

	for (char *p = path; *p;) {
		char *start;

		while (*p == '/')
			*p++ = '\0';
		if (!*p)
			break;
		start = p;
		while (*p && *p != '/')
			p++;
		if (*p)
			*p++ = '\0';
		if (strcmp(start, ".") == 0)
			continue;
		if (strcmp(start, "..") == 0) {
			if (n)
				n--;
			continue;
		}
		if (n == max)
			return -ENOENT; /* deeper than anything that exists */
		comp[n++] = start;
	}
	return n;
}

/* Open /dev/@name, or -ENOENT. */
static long
open_node(const char *name, unsigned flags, struct file **out)
{
	struct block_device *bdev;

	for (unsigned i = 0; i < sizeof(chrdevs) / sizeof(chrdevs[0]); i++)
		if (strcmp(chrdevs[i].name, name) == 0) {
			*out = chrdevs[i].open(flags);
			return *out ? 0 : -ENOMEM;
		}
	bdev = blk_lookup(name);
	if (!bdev)
		return -ENOENT;
	if (bdev->read_only && (flags & O_ACCMODE) != O_RDONLY)
		return -EROFS;
	*out = blkdev_open(bdev, flags);
	return *out ? 0 : -ENOMEM;
}

static long
do_openat(int dirfd, uint64_t upath, unsigned flags)
{
	struct file *f = NULL;
	char *path, *comp[3];
	long err;
	int n;

	if (dirfd != AT_FDCWD) {
		struct file *d = fd_get(current_task()->files, dirfd);

		if (!d)
			return -EBADF;
		file_put(d);
	}
	path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, upath, PATH_MAX);
	if (err == 0)
		err = -ENOENT; /* the empty path */
	if (err < 0)
		goto out;
	if (path[0] != '/' && dirfd != AT_FDCWD) {
		err = -ENOTDIR; /* no open file is a directory yet */
		goto out;
	}
	n = split_path(path, comp, 3);
	if (n < 0 || n > 2 || (n >= 1 && strcmp(comp[0], "dev") != 0)) {
		err = (flags & O_CREAT) ? -EROFS : -ENOENT;
		goto out;
	}
	if (n < 2) { /* "/" or "/dev": directories cannot be opened yet */
		err = (flags & O_ACCMODE) != O_RDONLY ? -EISDIR : -EOPNOTSUPP;
		goto out;
	}
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		err =
		    open_node(comp[1], flags, &f) == -ENOENT ? -EROFS : -EEXIST;
		if (f)
			file_put(f);
		goto out;
	}
	/* The file keeps its status flags, not the open-time ones. */
	err = open_node(
	    comp[1],
	    flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC), &f);
	if (err == -ENOENT && (flags & O_CREAT))
		err = -EROFS;
	if (err)
		goto out;
	if (flags & O_DIRECTORY) {
		file_put(f);
		err = -ENOTDIR;
		goto out;
	}
	err = fd_install(current_task()->files, f, 0, flags & O_CLOEXEC);
	if (err < 0)
		file_put(f);
out:
	kfree(path);
	return err;
}

SYSCALL(openat)
{
	return do_openat((int)regs->a0, regs->a1, (unsigned)regs->a2);
}
