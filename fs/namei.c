/*
 * fs/namei.c - from path names to inodes: the mount table, path walks,
 * the working directory, and the system calls that take a path (openat,
 * mkdirat, unlinkat, renameat2, faccessat, newfstatat, chdir, getcwd,
 * statfs) or act on an open file's inode (fstat, ftruncate, fstatfs,
 * fchdir).  See fs/vfs.h for the model.
 *
 * State: root_sb is set once at boot; task->cwd and task->cwd_path are
 * the task's own ([o]).
 */
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/time.h>

#include "drivers/blk.h"
#include "fs/blkdev.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/compiler.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/ptregs.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"

static struct super_block *root_sb;    /* [I] after boot */
static struct super_block *mounted[8]; /* [I] after boot: every fs */
static int nmounted;

struct inode *
vfs_root(void)
{
	return root_sb ? igrab(root_sb->s_root) : NULL;
}

static struct files *
cur_files(void)
{
	return current_task()->files;
}

/* ---- path names from user space ---- */

char *
getname(uint64_t upath, int *err)
{
	char *name = kmalloc(PATH_MAX);
	long n;

	if (!name) {
		*err = -ENOMEM;
		return NULL;
	}
	n = strncpy_from_user(name, upath, PATH_MAX);
	*err = n < 0 ? (int)n : n == 0 ? -ENOENT : 0;
	if (*err) {
		kfree(name);
		return NULL;
	}
	return name;
}

void
putname(char *name)
{
	kfree(name);
}

static int namei_at_user(int dirfd, uint64_t upath, unsigned flags,
			 struct inode **out);

/* The inode behind open file @fd, referenced: -EBADF if none (pipes). */
static int
fd_inode(int fd, struct inode **out)
{
	struct file *f = fd_get(cur_files(), fd);

	if (!f)
		return -EBADF;
	*out = f->f_inode ? igrab(f->f_inode) : NULL;
	file_put(f);
	return *out ? 0 : -EBADF;
}

/* ---- walking ---- */

/* "name/": the object named must be a directory. */
static bool
trailing_slash(const char *path)
{
	size_t n = strlen(path);

	return n > 1 && path[n - 1] == '/';
}

static bool
is_dir(const struct inode *inode)
{
	return S_ISDIR(inode->i_mode);
}

/* Step onto whatever is mounted on @inode (consumes the reference). */
static struct inode *
follow_mount(struct inode *inode)
{
	while (inode->i_mounted) {
		struct inode *root = igrab(inode->i_mounted->s_root);

		iput(inode);
		inode = root;
	}
	return inode;
}

/* The starting directory of a walk, referenced. */
static int
walk_start(int dirfd, const char *path, struct inode **out)
{
	struct file *f;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		struct inode *cwd = current_task()->cwd;

		*out = path[0] == '/' || !cwd ? vfs_root() : igrab(cwd);
		return *out ? 0 : -ENOENT;
	}
	f = fd_get(cur_files(), dirfd);
	if (!f)
		return -EBADF;
	*out = f->f_inode ? igrab(f->f_inode) : NULL;
	file_put(f);
	if (!*out)
		return -ENOTDIR;
	if (!is_dir(*out)) {
		iput(*out);
		return -ENOTDIR;
	}
	return 0;
}

/*
 * One step from directory @dir (referenced; consumed) to its entry
 * @name: "." and ".." are handled here, across mount points and never
 * above the root.
 */
static int
walk_one(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct inode *root, *child;
	int err;

	if (!is_dir(dir)) {
		iput(dir);
		return -ENOTDIR;
	}
	if (len > NAME_MAX) {
		iput(dir);
		return -ENAMETOOLONG;
	}
	if (len == 1 && name[0] == '.') {
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		root = vfs_root();
		if (dir == root) {
			iput(root);
			*out = dir;
			return 0;
		}
		iput(root);
		/* From a mounted root, ".." is the mount point's parent. */
		while (dir == dir->i_sb->s_root && dir->i_sb->s_mountpoint) {
			struct inode *mp = igrab(dir->i_sb->s_mountpoint);

			iput(dir);
			dir = mp;
		}
	}
	err = dir->i_op->lookup ? dir->i_op->lookup(dir, name, len, &child)
				: -ENOTDIR;
	iput(dir);
	if (err)
		return err;
	*out = follow_mount(child);
	return 0;
}

/* The next component of *p: its start and length; 0 at the end. */
static size_t
next_component(const char **p)
{
	const char *s = *p, *e;

	while (*s == '/')
		s++;
	for (e = s; *e && *e != '/'; e++)
		;
	*p = s;
	return (size_t)(e - s);
}

/*
 * Walk @path from its start; with @parent_only stop before the last
 * component and return it in *last / *lastlen (len 0: there is none).
 */
static int
walk(int dirfd, const char *path, bool parent_only, struct inode **out,
     const char **last, size_t *lastlen)
{
	struct inode *cur;
	const char *p = path;
	size_t len;
	int err;

	if (!path[0])
		return -ENOENT;
	err = walk_start(dirfd, path, &cur);
	if (err)
		return err;
	while ((len = next_component(&p)) != 0) {
		const char *rest = p + len;

		if (parent_only) {
			const char *q = rest;

			if (next_component(&q) == 0) { /* @p is the last one */
				if (!is_dir(cur)) {
					iput(cur);
					return -ENOTDIR;
				}
				*last = p;
				*lastlen = len;
				*out = cur;
				return 0;
			}
		}
		err = walk_one(cur, p, len, &cur);
		if (err)
			return err;
		p = rest;
	}
	if (parent_only) {
		*last = p;
		*lastlen = 0;
	}
	*out = cur;
	return 0;
}

int
namei_at(int dirfd, const char *path, unsigned flags, struct inode **out)
{
	size_t n = strlen(path);
	int err = walk(dirfd, path, false, out, NULL, NULL);

	if (err)
		return err;
	/* "dir/" must be a directory; so must what the caller asks for. */
	if (((flags & LOOKUP_DIRECTORY) || (n && path[n - 1] == '/')) &&
	    !is_dir(*out)) {
		iput(*out);
		*out = NULL;
		return -ENOTDIR;
	}
	return 0;
}

/* namei_at() on a path still in user space. */
static int
namei_at_user(int dirfd, uint64_t upath, unsigned flags, struct inode **out)
{
	int err;
	char *path = getname(upath, &err);

	if (!path)
		return err;
	err = namei_at(dirfd, path, flags, out);
	putname(path);
	return err;
}

int
namei_parent(int dirfd, const char *path, struct inode **dir, const char **last,
	     size_t *lastlen)
{
	int err = walk(dirfd, path, true, dir, last, lastlen);

	if (err)
		return err;
	if (*lastlen > NAME_MAX) {
		iput(*dir);
		*dir = NULL;
		return -ENAMETOOLONG;
	}
	return 0;
}

/* ---- mounts ---- */

int
vfs_mount(struct super_block *sb, const char *where)
{
	struct inode *mp;
	int err;

	if (nmounted == (int)ARRAY_SIZE(mounted))
		return -ENOMEM;
	if (!where) {
		root_sb = sb;
		mounted[nmounted++] = sb;
		return 0;
	}
	err = namei_at(AT_FDCWD, where, LOOKUP_DIRECTORY, &mp);
	if (err)
		return err;
	if (mp->i_mounted) {
		iput(mp);
		return -EBUSY;
	}
	sb->s_mountpoint = mp; /* the reference pins it in the cache */
	mp->i_mounted = sb;
	mounted[nmounted++] = sb;
	return 0;
}

int
vfs_sync_all(void)
{
	int err = 0;

	for (int i = 0; i < nmounted; i++)
		if (mounted[i]->s_op->sync &&
		    mounted[i]->s_op->sync(mounted[i]))
			err = -EIO;
	return err;
}

/* ---- open ---- */

int
vfs_open_inode(struct inode *inode, unsigned flags, struct file **out)
{
	const struct file_operations *fops = inode->i_fop;
	struct file *f;
	int err;

	if (S_ISCHR(inode->i_mode)) {
		const struct chrdev *cd = chrdev_lookup(
		    UAPI_MAJOR(inode->i_rdev), UAPI_MINOR(inode->i_rdev));

		if (!cd)
			return -ENXIO;
		f = cd->open(flags);
		if (!f)
			return -ENOMEM;
		f->f_inode = inode;
		*out = f;
		return 0;
	}
	if (S_ISBLK(inode->i_mode)) {
		struct block_device *bdev = blk_lookup_devt(
		    UAPI_MAJOR(inode->i_rdev), UAPI_MINOR(inode->i_rdev));

		if (!bdev)
			return -ENXIO;
		if (bdev->read_only && (flags & O_ACCMODE) != O_RDONLY)
			return -EROFS;
		f = blkdev_open(bdev, flags);
		if (!f)
			return -ENOMEM;
		f->f_inode = inode;
		*out = f;
		return 0;
	}
	if (!fops)
		return -ENXIO;
	f = file_alloc(fops, NULL, flags);
	if (!f)
		return -ENOMEM;
	f->f_inode = inode;
	f->private = inode->i_private;
	err = fops->open ? fops->open(f) : 0;
	if (err) {
		f->f_inode = NULL; /* the caller still owns the reference */
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

static bool
wants_write(unsigned flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

/* Find or make the file @path names, as open(2) says. */
static int
open_lookup(int dirfd, const char *path, unsigned flags, unsigned mode,
	    struct inode **out)
{
	struct inode *dir, *inode = NULL;
	const char *last;
	size_t len;
	int err;

	if (!(flags & O_CREAT))
		return namei_at(dirfd, path,
				(flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0,
				out);
	if (trailing_slash(path))
		return -EISDIR; /* O_CREAT makes files, never "name/" */
	err = namei_parent(dirfd, path, &dir, &last, &len);
	if (err)
		return err;
	if (len == 0) { /* "dir/", ".": exists and is a directory */
		iput(dir);
		return -EISDIR;
	}
	err = walk_one(igrab(dir), last, len, &inode);
	if (!err && (flags & O_EXCL)) {
		iput(inode);
		err = -EEXIST;
	} else if (!err && is_dir(inode)) {
		iput(inode);
		err = -EISDIR;
	} else if (err == -ENOENT) {
		if (dir->i_sb->s_rdonly)
			err = -EROFS;
		else if (!dir->i_op->create)
			err = -EACCES;
		else
			err = dir->i_op->create(dir, last, len,
						S_IFREG | (mode & 07777), 0,
						&inode);
	}
	iput(dir);
	if (!err)
		*out = inode;
	return err;
}

static long
do_open(int dirfd, const char *path, unsigned flags, unsigned mode)
{
	unsigned keep =
	    flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	struct inode *inode;
	struct file *f;
	long err = open_lookup(dirfd, path, flags, mode, &inode);

	if (err)
		return err;
	if (is_dir(inode) && wants_write(flags))
		err = -EISDIR;
	else if ((flags & O_DIRECTORY) && !is_dir(inode))
		err = -ENOTDIR;
	else if (wants_write(flags) && inode->i_sb->s_rdonly &&
		 S_ISREG(inode->i_mode))
		err = -EROFS;
	else if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && inode->i_size)
		err = inode->i_op->truncate ? inode->i_op->truncate(inode, 0)
					    : -EINVAL;
	if (!err)
		err = vfs_open_inode(inode, keep, &f);
	if (err) {
		iput(inode);
		return err;
	}
	err = fd_install(cur_files(), f, 0, flags & O_CLOEXEC);
	if (err < 0)
		file_put(f);
	return err;
}

SYSCALL(openat)
{
	int err;
	char *path = getname(regs->a1, &err);
	long ret;

	if (!path)
		return err;
	ret = do_open((int)regs->a0, path, (unsigned)regs->a2,
		      (unsigned)regs->a3);
	putname(path);
	return ret;
}

/* ---- directories and names ---- */

/* @slash: the path ended in '/', so it must name a directory. */
typedef int (*dir_op_t)(struct inode *dir, const char *name, size_t len,
			bool slash, void *arg);

/* Resolve @upath's parent and call @op on (parent, last name). */
static long
with_parent(int dirfd, uint64_t upath, dir_op_t op, void *arg)
{
	struct inode *dir;
	const char *last;
	size_t len;
	int err;
	char *path = getname(upath, &err);

	if (!path)
		return err;
	err = namei_parent(dirfd, path, &dir, &last, &len);
	if (!err) {
		if (len == 0)
			err = -EEXIST; /* "/", ".", "a/..": nothing to name */
		else if (dir->i_sb->s_rdonly)
			err = -EROFS;
		else
			err = op(dir, last, len, trailing_slash(path), arg);
		iput(dir);
	}
	putname(path);
	return err;
}

static bool
is_dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

static int
mkdir_op(struct inode *dir, const char *name, size_t len, bool slash, void *arg)
{
	(void)slash; /* mkdir("new/") is fine: it makes a directory */
	struct inode *old;

	if (is_dot_or_dotdot(name, len))
		return -EEXIST;
	if (walk_one(igrab(dir), name, len, &old) == 0) {
		iput(old);
		return -EEXIST;
	}
	return dir->i_op->mkdir
		   ? dir->i_op->mkdir(dir, name, len, *(unsigned *)arg & 07777)
		   : -EPERM;
}

SYSCALL(mkdirat)
{
	unsigned mode = (unsigned)regs->a2;

	return with_parent((int)regs->a0, regs->a1, mkdir_op, &mode);
}

static int
unlink_op(struct inode *dir, const char *name, size_t len, bool slash,
	  void *arg)
{
	bool rmdir = *(int *)arg & AT_REMOVEDIR;
	struct inode *victim;
	int err;

	if (is_dot_or_dotdot(name, len))
		return rmdir ? (len == 1 ? -EINVAL : -ENOTEMPTY) : -EISDIR;
	err = walk_one(igrab(dir), name, len, &victim);
	if (err)
		return err;
	if (victim->i_sb != dir->i_sb || victim->i_mounted)
		err = -EBUSY;			      /* a mount point */
	else if ((rmdir || slash) && !is_dir(victim)) /* "file/": ENOTDIR */
		err = -ENOTDIR;
	else if (!rmdir && is_dir(victim))
		err = -EISDIR;
	iput(victim);
	if (err)
		return err;
	if (rmdir)
		return dir->i_op->rmdir ? dir->i_op->rmdir(dir, name, len)
					: -EPERM;
	return dir->i_op->unlink ? dir->i_op->unlink(dir, name, len) : -EPERM;
}

SYSCALL(unlinkat)
{
	int flags = (int)regs->a2;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return with_parent((int)regs->a0, regs->a1, unlink_op, &flags);
}

/* rename("a/", ...): "a" must be a directory (ENOTDIR, or its lookup error). */
static int
slash_needs_dir(struct inode *dir, const char *name, size_t len)
{
	struct inode *inode;
	int err = walk_one(igrab(dir), name, len, &inode);

	if (err)
		return err;
	err = is_dir(inode) ? 0 : -ENOTDIR;
	iput(inode);
	return err;
}

/* Why rename(@oldp -> @newp) cannot be done, or 0. */
static int
rename_check(struct inode *odir, const char *olast, size_t olen,
	     struct inode *ndir, const char *nlast, size_t nlen,
	     const char *oldp, const char *newp)
{
	if (olen == 0 || nlen == 0 || is_dot_or_dotdot(olast, olen) ||
	    is_dot_or_dotdot(nlast, nlen))
		return -EBUSY;
	if (odir->i_sb != ndir->i_sb)
		return -EXDEV;
	if (trailing_slash(oldp) || trailing_slash(newp)) {
		int err = slash_needs_dir(odir, olast, olen);

		if (err)
			return err;
	}
	if (odir->i_sb->s_rdonly)
		return -EROFS;
	return odir->i_op->rename ? 0 : -EPERM;
}

SYSCALL(renameat2)
{
	struct inode *odir = NULL, *ndir = NULL;
	const char *olast, *nlast;
	size_t olen, nlen;
	int err;
	char *oldp = getname(regs->a1, &err), *newp;

	if (!oldp)
		return err;
	newp = getname(regs->a3, &err);
	if (!newp) {
		putname(oldp);
		return err;
	}
	err = regs->a4 ? -EINVAL : 0; /* only flags 0 */
	if (!err)
		err = namei_parent((int)regs->a0, oldp, &odir, &olast, &olen);
	if (!err)
		err = namei_parent((int)regs->a2, newp, &ndir, &nlast, &nlen);
	if (!err)
		err = rename_check(odir, olast, olen, ndir, nlast, nlen, oldp,
				   newp);
	if (!err)
		err = odir->i_op->rename(odir, olast, olen, ndir, nlast, nlen);
	iput(odir);
	iput(ndir);
	putname(oldp);
	putname(newp);
	return err;
}

/* ---- stat and access ---- */

static long
stat_at(int dirfd, uint64_t upath, int flags, uint64_t ustat)
{
	struct uapi_stat st;
	struct inode *inode;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = namei_at_user(dirfd, upath, 0, &inode);
	if (err == -ENOENT && (flags & AT_EMPTY_PATH)) {
		char c;

		/* "": the file dirfd refers to, if the path really is empty */
		if (get_user(c, upath) == 0 && c == '\0')
			err = fd_inode(dirfd, &inode);
	}
	if (err)
		return err;
	vfs_fill_stat(inode, &st);
	iput(inode);
	return copy_to_user(ustat, &st, sizeof(st));
}

SYSCALL(newfstatat)
{
	return stat_at((int)regs->a0, regs->a1, (int)regs->a3, regs->a2);
}

/* Pipes and the console have no inode: a character-device-like stat. */
static void
stat_anon(struct file *f, struct uapi_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = f->f_op->llseek ? S_IFREG | 0600 : S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = 4096;
}

SYSCALL(fstat)
{
	struct file *f = fd_get(cur_files(), (int)regs->a0);
	struct uapi_stat st;

	if (!f)
		return -EBADF;
	if (f->f_inode)
		vfs_fill_stat(f->f_inode, &st);
	else
		stat_anon(f, &st);
	file_put(f);
	return copy_to_user(regs->a1, &st, sizeof(st));
}

SYSCALL(faccessat)
{
	struct inode *inode;
	int err, mode = (int)regs->a2;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	err = namei_at_user((int)regs->a0, regs->a1, 0, &inode);
	if (err)
		return err;
	/* Everyone is root: only a read-only volume and no x bit refuse. */
	if ((mode & W_OK) && inode->i_sb->s_rdonly && !S_ISCHR(inode->i_mode))
		err = -EROFS;
	else if ((mode & X_OK) && !is_dir(inode) && !(inode->i_mode & 0111))
		err = -EACCES;
	iput(inode);
	return err;
}

SYSCALL(ftruncate)
{
	struct file *f = fd_get(cur_files(), (int)regs->a0);
	int64_t size = (int64_t)regs->a1;
	int err;

	if (!f)
		return -EBADF;
	if (!f->f_inode || !S_ISREG(f->f_inode->i_mode))
		err = -EINVAL;
	else if ((f->f_flags & O_ACCMODE) == O_RDONLY)
		err = -EINVAL; /* as Linux (POSIX allows EBADF too) */
	else if (size < 0)
		err = -EINVAL;
	else if (f->f_inode->i_sb->s_rdonly)
		err = -EROFS;
	else
		err =
		    f->f_inode->i_op->truncate
			? f->f_inode->i_op->truncate(f->f_inode, (uint64_t)size)
			: -EINVAL;
	file_put(f);
	return err;
}

static long
statfs_inode(struct inode *inode, uint64_t ubuf)
{
	struct statfs st = { .f_namelen = NAME_MAX };
	int err = 0;

	if (inode->i_sb->s_op->statfs)
		err = inode->i_sb->s_op->statfs(inode->i_sb, &st);
	if (!err && inode->i_sb->s_rdonly)
		st.f_flags |= 1; /* ST_RDONLY */
	return err ? err : copy_to_user(ubuf, &st, sizeof(st));
}

SYSCALL(statfs)
{
	struct inode *inode;
	int err = namei_at_user(AT_FDCWD, regs->a0, 0, &inode);
	long ret;

	if (err)
		return err;
	ret = statfs_inode(inode, regs->a1);
	iput(inode);
	return ret;
}

SYSCALL(fstatfs)
{
	struct file *f = fd_get(cur_files(), (int)regs->a0);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_inode ? statfs_inode(f->f_inode, regs->a1) : -EINVAL;
	file_put(f);
	return ret;
}

/* One utimensat time: UTIME_NOW, UTIME_OMIT (keep @old) or a value. */
static int
pick_time(const struct uapi_timespec *ts, int64_t old, int64_t now,
	  int64_t *out)
{
	if (ts->tv_nsec == UTIME_OMIT)
		*out = old;
	else if (ts->tv_nsec == UTIME_NOW)
		*out = now;
	else if (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
		return -EINVAL;
	else
		*out = ts->tv_sec;
	return 0;
}

SYSCALL(utimensat)
{
	struct uapi_timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	int dirfd = (int)regs->a0, flags = (int)regs->a3, err;
	struct inode *inode;
	int64_t atime, mtime, now = vfs_now();

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (regs->a2 && copy_from_user(ts, regs->a2, sizeof(ts)))
		return -EFAULT;
	/* A NULL path is futimens(): the file dirfd refers to. */
	err = regs->a1 ? namei_at_user(dirfd, regs->a1, 0, &inode)
		       : fd_inode(dirfd, &inode);
	if (err)
		return err;
	err = pick_time(&ts[0], inode->i_atime, now, &atime);
	if (!err)
		err = pick_time(&ts[1], inode->i_mtime, now, &mtime);
	if (!err && inode->i_sb->s_rdonly)
		err = -EROFS;
	else if (!err)
		err = inode->i_op->set_times
			  ? inode->i_op->set_times(inode, atime, mtime)
			  : -EPERM;
	iput(inode);
	return err;
}

/* ---- the working directory ---- */

/*
 * Join @base and @rel into an absolute path with "." and ".." resolved
 * (Sluice has no symbolic links, so this matches the walk); NULL when it
 * does not fit PATH_MAX.
 */
static char *
join_path(const char *base, const char *rel)
{
	char *out = kmalloc(PATH_MAX);
	size_t n = 0, len;
	const char *p;
	int pass;

	if (!out)
		return NULL;
	for (pass = rel[0] == '/' ? 1 : 0; pass < 2; pass++) {
		p = pass == 0 ? base : rel;
		while ((len = next_component(&p)) != 0) {
			if (len == 1 && p[0] == '.') {
				/* nothing */
			} else if (len == 2 && p[0] == '.' && p[1] == '.') {
				while (n > 0 && out[--n] != '/')
					;
			} else {
				if (n + 1 + len >= PATH_MAX) {
					kfree(out);
					return NULL;
				}
				out[n++] = '/';
				memcpy(out + n, p, len);
				n += len;
			}
			p += len;
		}
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

static int
set_cwd(struct inode *dir, const char *path)
{
	struct task *t = current_task();
	char *abs = join_path(t->cwd_path ? t->cwd_path : "/", path);

	if (!abs) {
		iput(dir);
		return -ENAMETOOLONG;
	}
	iput(t->cwd);
	kfree(t->cwd_path);
	t->cwd = dir;
	t->cwd_path = abs;
	return 0;
}

SYSCALL(chdir)
{
	struct inode *dir;
	int err;
	char *path = getname(regs->a0, &err);

	if (!path)
		return err;
	err = namei_at(AT_FDCWD, path, LOOKUP_DIRECTORY, &dir);
	if (!err)
		err = set_cwd(dir, path);
	putname(path);
	return err;
}

SYSCALL(getcwd)
{
	const char *cwd = current_task()->cwd_path;
	size_t n;

	if (!cwd)
		cwd = "/";
	n = strlen(cwd) + 1;
	if (regs->a1 < n)
		return -ERANGE;
	if (copy_to_user(regs->a0, cwd, n))
		return -EFAULT;
	return (long)n; /* the raw syscall returns the length with the NUL */
}

int
vfs_fork_cwd(struct task *child, struct task *parent)
{
	if (!parent->cwd_path)
		return 0;
	child->cwd_path = kmalloc(strlen(parent->cwd_path) + 1);
	if (!child->cwd_path)
		return -ENOMEM;
	memcpy(child->cwd_path, parent->cwd_path, strlen(parent->cwd_path) + 1);
	child->cwd = parent->cwd ? igrab(parent->cwd) : NULL;
	return 0;
}

void
vfs_exit_cwd(struct task *t)
{
	iput(t->cwd);
	kfree(t->cwd_path);
	t->cwd = NULL;
	t->cwd_path = NULL;
}
