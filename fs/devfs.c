/*
 * fs/devfs.c - the device file system mounted on /dev, and the registry
 * of character devices.
 *
 * Drivers register character devices with register_chrdev() (Linux's
 * major/minor numbers); block devices come from the block layer's list.
 * devfs shows one node per device, with Linux's numbers and modes:
 *
 *   crw-------  5, 1  console     crw-rw-rw-  1, 3  null
 *   crw-rw-rw-  1, 5  zero        crw-r--r--  10, 135  rtc
 *   brw-rw----  254, 0  vda
 *
 * Opening a node goes through the VFS like any device node: its i_rdev
 * picks the driver (fs/namei.c, vfs_open_inode).  /dev/null and /dev/zero
 * are implemented here.
 *
 * State: chrdevs[] is filled at boot before any process runs and read-only
 * afterwards.  Inode numbers: 1 the directory, 2 + i the i-th char device,
 * 64 + j the j-th block device.
 */
#include <uapi/dirent.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "drivers/blk.h"
#include "drivers/console.h"
#include "drivers/rtc.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/mm.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"

#define MAX_CHRDEVS 16
#define INO_ROOT    1
#define INO_CHR	    2
#define INO_BLK	    64

static const struct chrdev *chrdevs[MAX_CHRDEVS]; /* [I] after boot */
static int nchrdevs;

int
register_chrdev(const struct chrdev *cd)
{
	if (nchrdevs == MAX_CHRDEVS || chrdev_lookup(cd->major, cd->minor))
		return -EBUSY;
	chrdevs[nchrdevs++] = cd;
	return 0;
}

const struct chrdev *
chrdev_lookup(unsigned major, unsigned minor)
{
	for (int i = 0; i < nchrdevs; i++)
		if (chrdevs[i]->major == major && chrdevs[i]->minor == minor)
			return chrdevs[i];
	return NULL;
}

/* ---- /dev/null and /dev/zero ---- */

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

static const struct chrdev console_dev = { "console", 5, 1, 0600,
					   console_open };
static const struct chrdev null_dev = { "null", 1, 3, 0666, null_open };
static const struct chrdev zero_dev = { "zero", 1, 5, 0666, zero_open };

/* ---- the file system ---- */

static struct super_block devfs_sb;

/* The j-th block device, or NULL. */
static struct block_device *
nth_bdev(uint64_t j)
{
	struct block_device *b = blk_next(NULL);

	while (b && j--)
		b = blk_next(b);
	return b;
}

static int devfs_readdir(struct file *f, struct dir_context *ctx);
static int devfs_lookup(struct inode *dir, const char *name, size_t len,
			struct inode **out);

static const struct inode_operations devfs_dir_iops = {
	.lookup = devfs_lookup,
};
static const struct file_operations devfs_dir_fops = {
	.llseek = dir_llseek,
	.readdir = devfs_readdir,
};
static const struct inode_operations devfs_node_iops = { 0 };

static int
devfs_read_inode(struct inode *inode)
{
	uint64_t ino = inode->i_ino;

	inode->i_nlink = 1;
	inode->i_mtime = inode->i_atime = inode->i_ctime = vfs_now();
	if (ino == INO_ROOT) {
		inode->i_mode = S_IFDIR | 0755;
		inode->i_nlink = 2;
		inode->i_op = &devfs_dir_iops;
		inode->i_fop = &devfs_dir_fops;
		return 0;
	}
	inode->i_op = &devfs_node_iops;
	if (ino >= INO_CHR && ino < INO_CHR + (uint64_t)nchrdevs) {
		const struct chrdev *cd = chrdevs[ino - INO_CHR];

		inode->i_mode = S_IFCHR | cd->mode;
		inode->i_rdev = UAPI_MKDEV(cd->major, cd->minor);
		return 0;
	}
	if (ino >= INO_BLK && nth_bdev(ino - INO_BLK)) {
		struct block_device *b = nth_bdev(ino - INO_BLK);

		inode->i_mode = S_IFBLK | 0660;
		inode->i_rdev = UAPI_MKDEV(b->major, b->minor);
		inode->i_gid = 6; /* "disk" */
		return 0;
	}
	return -ENOENT;
}

static int
devfs_lookup(struct inode *dir, const char *name, size_t len,
	     struct inode **out)
{
	int err = -ENOENT;
	uint64_t j = 0;

	if (name_eq(name, len, ".."))
		*out = iget(dir->i_sb, INO_ROOT, &err);
	for (int i = 0; err == -ENOENT && i < nchrdevs; i++)
		if (name_eq(name, len, chrdevs[i]->name))
			*out = iget(dir->i_sb, INO_CHR + (uint64_t)i, &err);
	for (struct block_device *b = blk_next(NULL); err == -ENOENT && b;
	     b = blk_next(b), j++)
		if (name_eq(name, len, b->name))
			*out = iget(dir->i_sb, INO_BLK + j, &err);
	return err;
}

static int
devfs_readdir(struct file *f, struct dir_context *ctx)
{
	struct block_device *b;

	if (dir_emit_dots(f, ctx, INO_ROOT, INO_ROOT))
		return 0;
	for (;;) {
		uint64_t k = f->f_pos - 2;
		const char *name;
		uint64_t ino;
		unsigned type;

		if (k < (uint64_t)nchrdevs) {
			name = chrdevs[k]->name;
			ino = INO_CHR + k;
			type = DT_CHR;
		} else if ((b = nth_bdev(k - (uint64_t)nchrdevs)) != NULL) {
			name = b->name;
			ino = INO_BLK + k - (uint64_t)nchrdevs;
			type = DT_BLK;
		} else {
			return 0;
		}
		ctx->pos = f->f_pos + 1;
		if (ctx->emit(ctx, name, strlen(name), ino, type))
			return 0;
		f->f_pos++;
	}
}

static int
devfs_statfs(struct super_block *sb, struct statfs *st)
{
	(void)sb;
	st->f_type = DEVFS_MAGIC;
	st->f_bsize = 4096;
	return 0;
}

static const struct super_operations devfs_sops = {
	.read_inode = devfs_read_inode,
	.statfs = devfs_statfs,
};

struct super_block *
devfs_mount(void)
{
	int err;

	register_chrdev(&console_dev);
	register_chrdev(&null_dev);
	register_chrdev(&zero_dev);
	rtc_register();
	devfs_sb.s_type = "devfs";
	devfs_sb.s_op = &devfs_sops;
	devfs_sb.s_dev = UAPI_MKDEV(0, 5);
	devfs_sb.s_root = iget(&devfs_sb, INO_ROOT, &err);
	return devfs_sb.s_root ? &devfs_sb : NULL;
}
