/*
 * fs/initramfs.c - the cpio archive linked into the kernel, seen as a
 * read-only file system.  It is the root when no ext2 disk is attached
 * (the fallback), so the same paths (/bin/sh, /tests/...) work either way.
 *
 * Nothing is unpacked: an inode's number is the offset of its entry in
 * the archive (plus 2; 1 is the root), its data is read straight out of
 * the archive, and a directory's children are the entries whose names
 * start with the directory's name and a slash.  Lookups and listings scan
 * the archive, which is small.
 *
 * State: none besides the super block, written once at boot.
 */
#include <uapi/dirent.h>
#include <uapi/errno.h>

#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/compiler.h"
#include "kernel/cpio.h"
#include "kernel/exec.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"

#define INO_ROOT 1

static struct super_block initramfs_sb;

static size_t
archive_size(void)
{
	return (size_t)(initramfs_end - initramfs_start);
}

/* The entry's name without a leading "./". */
static const char *
entry_path(const struct cpio_entry *e, size_t *len)
{
	const char *n = e->name;

	*len = e->namelen;
	if (*len >= 2 && n[0] == '.' && n[1] == '/') {
		n += 2;
		*len -= 2;
	}
	return n;
}

/* Read the entry at archive offset @off (an inode number minus 2). */
static int
entry_at(uint64_t ino, struct cpio_entry *e)
{
	size_t off = (size_t)(ino - 2);

	return cpio_next(initramfs_start, archive_size(), &off, e) == 1
		   ? 0
		   : -ENOENT;
}

/* The path of directory inode @dir ("" for the root). */
static int
dir_path(const struct inode *dir, const char **path, size_t *len)
{
	struct cpio_entry e;

	if (dir->i_ino == INO_ROOT) {
		*path = "";
		*len = 0;
		return 0;
	}
	if (entry_at(dir->i_ino, &e))
		return -ENOENT;
	*path = entry_path(&e, len);
	return 0;
}

/*
 * Is @e a child of the directory at @dpath?  Its name within the
 * directory goes to *name / *nlen.
 */
static bool
child_of(const struct cpio_entry *e, const char *dpath, size_t dlen,
	 const char **name, size_t *nlen)
{
	size_t len;
	const char *p = entry_path(e, &len);

	if (dlen) {
		if (len <= dlen + 1 || memcmp(p, dpath, dlen) != 0 ||
		    p[dlen] != '/')
			return false;
		p += dlen + 1;
		len -= dlen + 1;
	}
	if (len == 0 || (len == 1 && p[0] == '.'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (p[i] == '/')
			return false; /* a grandchild */
	*name = p;
	*nlen = len;
	return true;
}

/*
 * Visit the children of @dir: @fn gets each one's inode number, name and
 * entry, and stops the scan by returning nonzero.
 */
static int
for_each_child(struct inode *dir,
	       int (*fn)(void *arg, uint64_t ino, const char *name, size_t len,
			 const struct cpio_entry *e),
	       void *arg)
{
	const char *dpath, *name;
	size_t dlen, nlen, off = 0, at;
	struct cpio_entry e;
	int err = dir_path(dir, &dpath, &dlen);

	if (err)
		return err;
	for (at = off;
	     cpio_next(initramfs_start, archive_size(), &off, &e) == 1;
	     at = off) {
		if (child_of(&e, dpath, dlen, &name, &nlen) &&
		    fn(arg, at + 2, name, nlen, &e))
			return 1;
	}
	return 0;
}

static int initramfs_lookup(struct inode *dir, const char *name, size_t len,
			    struct inode **out);
static int initramfs_readdir(struct file *f, struct dir_context *ctx);
static long initramfs_read(struct file *f, uint64_t ubuf, size_t n,
			   uint64_t *pos);
static int64_t initramfs_llseek(struct file *f, int64_t off, int whence);
static long initramfs_read_kernel(struct inode *inode, uint64_t off, void *buf,
				  size_t n);

static const struct inode_operations initramfs_iops = {
	.lookup = initramfs_lookup,
	.read_kernel = initramfs_read_kernel,
};
static const struct file_operations initramfs_dir_fops = {
	.llseek = dir_llseek,
	.readdir = initramfs_readdir,
};
static const struct file_operations initramfs_file_fops = {
	.llseek = initramfs_llseek,
	.read = initramfs_read,
};

static int
initramfs_read_inode(struct inode *inode)
{
	struct cpio_entry e;

	inode->i_op = &initramfs_iops;
	if (inode->i_ino == INO_ROOT) {
		inode->i_mode = S_IFDIR | 0755;
		inode->i_nlink = 2;
		inode->i_fop = &initramfs_dir_fops;
		return 0;
	}
	if (entry_at(inode->i_ino, &e))
		return -ENOENT;
	inode->i_mode = e.mode;
	inode->i_nlink = e.nlink;
	inode->i_size = e.size;
	inode->i_blocks = (e.size + 511) / 512;
	inode->i_mtime = inode->i_ctime = inode->i_atime = e.mtime;
	inode->i_fop =
	    cpio_is_dir(&e) ? &initramfs_dir_fops : &initramfs_file_fops;
	inode->i_private = (void *)e.data;
	return 0;
}

/* The inode number of the entry whose path is @path[0..len), or 0. */
static uint64_t
find_path(const char *path, size_t len)
{
	struct cpio_entry e;
	size_t off = 0, at;

	for (at = off;
	     cpio_next(initramfs_start, archive_size(), &off, &e) == 1;
	     at = off) {
		size_t plen;
		const char *p = entry_path(&e, &plen);

		if (plen == len && memcmp(p, path, len) == 0)
			return at + 2;
	}
	return 0;
}

static int
initramfs_lookup(struct inode *dir, const char *name, size_t len,
		 struct inode **out)
{
	char path[256];
	const char *dpath;
	size_t dlen, plen;
	uint64_t ino;
	int err = dir_path(dir, &dpath, &dlen);

	if (err)
		return err;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		/* The parent: the path up to the last slash, or the root. */
		for (plen = dlen; plen > 0 && dpath[plen - 1] != '/'; plen--)
			;
		ino = plen ? find_path(dpath, plen - 1) : INO_ROOT;
	} else {
		if (dlen + 1 + len > sizeof(path))
			return -ENOENT; /* longer than anything packed */
		memcpy(path, dpath, dlen);
		plen = dlen;
		if (dlen)
			path[plen++] = '/';
		memcpy(path + plen, name, len);
		ino = find_path(path, plen + len);
	}
	if (!ino)
		return -ENOENT;
	*out = iget(dir->i_sb, ino, &err);
	return err;
}

struct readdir_arg {
	struct file *f;
	struct dir_context *ctx;
	uint64_t index; /* children seen so far in this scan */
};

static int
emit_child(void *arg, uint64_t ino, const char *name, size_t len,
	   const struct cpio_entry *e)
{
	struct readdir_arg *a = arg;

	if (a->index++ < a->f->f_pos - 2)
		return 0; /* emitted by an earlier call */
	a->ctx->pos = a->f->f_pos + 1;
	if (a->ctx->emit(a->ctx, name, len, ino,
			 cpio_is_dir(e) ? DT_DIR : DT_REG))
		return 1;
	a->f->f_pos++;
	return 0;
}

/* Positions: 0 ".", 1 "..", 2 + k the k-th child in archive order. */
static int
initramfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct readdir_arg a = { f, ctx, 0 };

	if (dir_emit_dots(f, ctx, f->f_inode->i_ino, INO_ROOT))
		return 0;
	return for_each_child(f->f_inode, emit_child, &a) < 0 ? -EIO : 0;
}

static long
initramfs_read_kernel(struct inode *inode, uint64_t off, void *buf, size_t n)
{
	if (off >= inode->i_size)
		return 0;
	if (n > inode->i_size - off)
		n = inode->i_size - off;
	memcpy(buf, (const char *)inode->i_private + off, n);
	return (long)n;
}

static long
initramfs_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	struct inode *inode = f->f_inode;

	if (*pos >= inode->i_size)
		return 0;
	if (n > inode->i_size - *pos)
		n = inode->i_size - *pos;
	if (copy_to_user(ubuf, (const char *)inode->i_private + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}

static int64_t
initramfs_llseek(struct file *f, int64_t off, int whence)
{
	return generic_llseek(f, off, whence, (int64_t)f->f_inode->i_size);
}

static int
initramfs_statfs(struct super_block *sb, struct statfs *st)
{
	(void)sb;
	st->f_type = RAMFS_MAGIC;
	st->f_bsize = 4096;
	st->f_blocks = (archive_size() + 4095) / 4096;
	return 0;
}

static const struct super_operations initramfs_sops = {
	.read_inode = initramfs_read_inode,
	.statfs = initramfs_statfs,
};

struct super_block *
initramfs_mount(void)
{
	int err;

	initramfs_sb.s_type = "initramfs";
	initramfs_sb.s_op = &initramfs_sops;
	initramfs_sb.s_dev = UAPI_MKDEV(0, 1);
	initramfs_sb.s_rdonly = true;
	initramfs_sb.s_root = iget(&initramfs_sb, INO_ROOT, &err);
	return initramfs_sb.s_root ? &initramfs_sb : NULL;
}
