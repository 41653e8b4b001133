/*
 * fs/ext2_vfs.c - ext2 (fs/ext2.c, the on-disk format) joined to the VFS
 * and the buffer cache.
 *
 * fs/ext2.c knows the disk layout and nothing of the kernel: it reads and
 * writes blocks through two callbacks, which here are bread() and
 * brelse() on the buffer cache (a changed block is marked dirty and
 * written back by sync, fsync or the cache).  This file turns VFS calls
 * (lookup, create, read, write, readdir, ...) into ext2 calls, keeps each
 * VFS inode's fields in step with the on-disk inode, and frees an
 * unlinked inode on disk when its last reference goes.
 *
 * Locks: vol->lock (a mutex) serialises every call into fs/ext2.c on one
 * volume, and with it every ext2 inode's cached copy (i_private): any
 * inode an operation changes on disk is re-read under the same lock hold,
 * so a stale copy is never written back.  iget() and iput() are never
 * called with it held (reading or evicting an inode takes it).
 */
#include "fs/ext2.h"

#include <uapi/dirent.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "drivers/blk.h"
#include "fs/blkdev.h"
#include "fs/buffer.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/compiler.h"
#include "kernel/mm.h"
#include "kernel/mutex.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"

#define EXT2_ROOT_INO 2

struct ext2_vol {
	struct ext2_fs fs;	   /* [lock] */
	struct ext2_blockdev bd;   /* [I] */
	struct block_device *bdev; /* [I] */
	struct mutex lock;
	struct super_block sb;
};

static struct ext2_vol *
vol_of(const struct inode *inode)
{
	return inode->i_sb->s_fs_info;
}

/* The cached on-disk inode of a VFS inode. */
static struct ext2_inode *
raw_of(const struct inode *inode)
{
	return inode->i_private;
}

/* ---- blocks through the buffer cache ---- */

static void *
vol_get(void *ctx, uint64_t block, unsigned block_size, void **handle, int *err)
{
	struct ext2_vol *vol = ctx;
	struct buffer_head *bh = bread(vol->bdev, block, block_size);

	if (!bh) {
		*err = -EIO;
		return NULL;
	}
	*handle = bh;
	return bh->data;
}

static void
vol_forget(void *ctx, uint64_t block, unsigned block_size)
{
	struct ext2_vol *vol = ctx;

	bforget(vol->bdev, block, block_size);
}

static void
vol_put(void *ctx, void *handle, bool dirty)
{
	struct buffer_head *bh = handle;

	(void)ctx;
	if (dirty)
		mark_buffer_dirty(bh);
	brelse(bh);
}

/* ---- keeping VFS inodes in step ---- */

static const struct inode_operations ext2_iops;
static const struct file_operations ext2_file_fops, ext2_dir_fops;

/* Copy the on-disk fields into the VFS inode.  vol->lock held. */
static void
fill_vfs_inode(struct inode *inode)
{
	const struct ext2_inode *raw = raw_of(inode);

	inode->i_mode = raw->mode;
	inode->i_nlink = raw->links_count;
	inode->i_uid = raw->uid;
	inode->i_gid = raw->gid;
	inode->i_size = raw->size;
	inode->i_blocks = raw->blocks;
	inode->i_atime = raw->atime;
	inode->i_mtime = raw->mtime;
	inode->i_ctime = raw->ctime;
	if (S_ISCHR(raw->mode) || S_ISBLK(raw->mode))
		inode->i_rdev = ext2_inode_rdev(raw);
}

/* Re-read @inode from disk after fs/ext2.c changed it.  vol->lock held. */
static void
refresh(struct inode *inode)
{
	if (ext2_read_inode(&vol_of(inode)->fs, (uint32_t)inode->i_ino,
			    raw_of(inode)) == 0)
		fill_vfs_inode(inode);
}

/*
 * An inode that an operation is about to change behind its VFS inode's
 * back (the victim of an unlink, a renamed directory): the cached one,
 * referenced, or NULL when nobody has it in memory.  vol->lock held.
 */
static struct inode *
cached_ino(struct inode *dir, const char *name, size_t len)
{
	uint32_t ino;

	if (ext2_lookup(&vol_of(dir)->fs, (uint32_t)dir->i_ino, name, len,
			&ino))
		return NULL;
	return ilookup(dir->i_sb, ino);
}

/* Re-read @inode if cached, under the lock; drop it after the unlock. */
static void
refresh_cached(struct inode *inode)
{
	if (inode)
		refresh(inode);
}

static int
ext2_vfs_read_inode(struct inode *inode)
{
	struct ext2_vol *vol = inode->i_sb->s_fs_info;
	struct ext2_inode *raw = kmalloc(sizeof(*raw));
	int err;

	if (!raw)
		return -ENOMEM;
	mutex_lock(&vol->lock);
	err = ext2_read_inode(&vol->fs, (uint32_t)inode->i_ino, raw);
	mutex_unlock(&vol->lock);
	if (!err && raw->links_count == 0)
		err = -ENOENT; /* a free inode */
	if (err) {
		kfree(raw);
		return err;
	}
	inode->i_private = raw;
	fill_vfs_inode(inode);
	inode->i_op = &ext2_iops;
	inode->i_fop = S_ISDIR(raw->mode)   ? &ext2_dir_fops
		       : S_ISREG(raw->mode) ? &ext2_file_fops
					    : NULL;
	return 0;
}

static void
ext2_vfs_evict(struct inode *inode)
{
	struct ext2_vol *vol = vol_of(inode);

	if (inode->i_nlink == 0) {
		mutex_lock(&vol->lock);
		ext2_evict(&vol->fs, (uint32_t)inode->i_ino, vfs_now());
		mutex_unlock(&vol->lock);
	}
	kfree(inode->i_private);
}

/* ---- names ---- */

static int
ext2_vfs_lookup(struct inode *dir, const char *name, size_t len,
		struct inode **out)
{
	struct ext2_vol *vol = vol_of(dir);
	uint32_t ino;
	int err;

	mutex_lock(&vol->lock);
	err = ext2_lookup(&vol->fs, (uint32_t)dir->i_ino, name, len, &ino);
	mutex_unlock(&vol->lock);
	if (err)
		return err;
	*out = iget(dir->i_sb, ino, &err);
	return err;
}

static int
ext2_vfs_create(struct inode *dir, const char *name, size_t len, unsigned mode,
		uint64_t rdev, struct inode **out)
{
	struct ext2_vol *vol = vol_of(dir);
	uint32_t ino;
	int err;

	mutex_lock(&vol->lock);
	err = ext2_create(&vol->fs, (uint32_t)dir->i_ino, name, len,
			  (uint16_t)mode, (uint32_t)rdev, vfs_now(), &ino);
	refresh(dir);
	mutex_unlock(&vol->lock);
	if (err)
		return err;
	*out = iget(dir->i_sb, ino, &err);
	return err;
}

static int
ext2_vfs_mkdir(struct inode *dir, const char *name, size_t len, unsigned mode)
{
	struct ext2_vol *vol = vol_of(dir);
	uint32_t ino;
	int err;

	mutex_lock(&vol->lock);
	err = ext2_mkdir(&vol->fs, (uint32_t)dir->i_ino, name, len,
			 (uint16_t)(S_IFDIR | mode), vfs_now(), &ino);
	refresh(dir);
	mutex_unlock(&vol->lock);
	return err;
}

/*
 * unlink or rmdir.  A victim nobody has in memory is freed on disk at once
 * (victim NULL); a cached one is re-read here, under the same lock hold,
 * and freed by ext2_vfs_evict() when its last reference goes.
 */
static int
remove_name(struct inode *dir, const char *name, size_t len, bool is_dir)
{
	struct ext2_vol *vol = vol_of(dir);
	struct ext2_victim victim = { 0, 0 };
	uint32_t now = vfs_now();
	struct inode *cached;
	int err;

	mutex_lock(&vol->lock);
	cached = cached_ino(dir, name, len);
	err = is_dir ? ext2_rmdir(&vol->fs, (uint32_t)dir->i_ino, name, len,
				  now, cached ? &victim : NULL)
		     : ext2_unlink(&vol->fs, (uint32_t)dir->i_ino, name, len,
				   now, cached ? &victim : NULL);
	refresh(dir);
	refresh_cached(cached);
	mutex_unlock(&vol->lock);
	iput(cached); /* the last reference frees an unlinked inode */
	return err;
}

static int
ext2_vfs_unlink(struct inode *dir, const char *name, size_t len)
{
	return remove_name(dir, name, len, false);
}

static int
ext2_vfs_rmdir(struct inode *dir, const char *name, size_t len)
{
	return remove_name(dir, name, len, true);
}

static int
ext2_vfs_rename(struct inode *odir, const char *oname, size_t olen,
		struct inode *ndir, const char *nname, size_t nlen)
{
	struct ext2_vol *vol = vol_of(odir);
	struct ext2_victim victim = { 0, 0 };
	struct inode *moved, *target;
	int err;

	mutex_lock(&vol->lock);
	moved = cached_ino(odir, oname, olen);	/* a dir's ".." changes */
	target = cached_ino(ndir, nname, nlen); /* replaced, maybe freed */
	err = ext2_rename(&vol->fs, (uint32_t)odir->i_ino, oname, olen,
			  (uint32_t)ndir->i_ino, nname, nlen, vfs_now(),
			  target ? &victim : NULL);
	refresh(odir);
	refresh(ndir);
	refresh_cached(moved);
	refresh_cached(target);
	mutex_unlock(&vol->lock);
	iput(moved);
	iput(target);
	return err;
}

static int
ext2_vfs_truncate(struct inode *inode, uint64_t size)
{
	struct ext2_vol *vol = vol_of(inode);
	int err;

	mutex_lock(&vol->lock);
	err = ext2_truncate(&vol->fs, (uint32_t)inode->i_ino, raw_of(inode),
			    size, vfs_now());
	refresh(inode);
	mutex_unlock(&vol->lock);
	return err;
}

static int
ext2_vfs_set_times(struct inode *inode, int64_t atime, int64_t mtime)
{
	struct ext2_vol *vol = vol_of(inode);
	struct ext2_inode *raw = raw_of(inode);
	int err;

	mutex_lock(&vol->lock);
	raw->atime = (uint32_t)atime;
	raw->mtime = (uint32_t)mtime;
	raw->ctime = vfs_now();
	err = ext2_write_inode(&vol->fs, (uint32_t)inode->i_ino, raw);
	refresh(inode);
	mutex_unlock(&vol->lock);
	return err;
}

static long
ext2_vfs_read_kernel(struct inode *inode, uint64_t off, void *buf, size_t n)
{
	struct ext2_vol *vol = vol_of(inode);
	long ret;

	mutex_lock(&vol->lock);
	ret = ext2_read_data(&vol->fs, (uint32_t)inode->i_ino, raw_of(inode),
			     off, buf, n);
	mutex_unlock(&vol->lock);
	return ret;
}

static const struct inode_operations ext2_iops = {
	.lookup = ext2_vfs_lookup,
	.create = ext2_vfs_create,
	.mkdir = ext2_vfs_mkdir,
	.unlink = ext2_vfs_unlink,
	.rmdir = ext2_vfs_rmdir,
	.rename = ext2_vfs_rename,
	.truncate = ext2_vfs_truncate,
	.set_times = ext2_vfs_set_times,
	.read_kernel = ext2_vfs_read_kernel,
};

/* ---- regular files ---- */

static long direct_io(struct inode *inode, uint64_t ubuf, size_t n,
		      uint64_t pos, bool write);

#define READAHEAD 32 /* blocks read ahead at each window start */

/*
 * Sequential reads: at the start of each window of READAHEAD file blocks,
 * start reading the whole window (the plug merges neighbouring blocks
 * into large requests), so the disk works while we copy.
 */
static void
readahead(struct inode *inode, uint64_t lblk)
{
	struct ext2_vol *vol = vol_of(inode);
	unsigned bs = vol->fs.block_size, n = 0;
	uint64_t last = (inode->i_size + bs - 1) / bs, pblk;
	uint64_t blocks[READAHEAD];

	for (uint64_t b = lblk; b < last && b < lblk + READAHEAD; b++)
		if (ext2_bmap(&vol->fs, (uint32_t)inode->i_ino, raw_of(inode),
			      b, false, &pblk) == 0 &&
		    pblk)
			blocks[n++] = pblk;
	breadahead(vol->bdev, blocks, n, bs);
}

/*
 * Read straight from the block cache into the user's buffer, block by
 * block: a hole reads as zeros.
 */
static long
ext2_file_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	struct inode *inode = f->f_inode;
	struct ext2_vol *vol = vol_of(inode);
	unsigned bs = vol->fs.block_size;
	size_t done = 0;
	long err = 0;

	mutex_lock(&vol->lock);
	if (READ_ONCE(f->f_flags) & O_DIRECT) {
		long ret = direct_io(inode, ubuf, n, *pos, false);

		if (ret > 0)
			*pos += (uint64_t)ret;
		mutex_unlock(&vol->lock);
		return ret;
	}
	if (*pos >= inode->i_size)
		n = 0;
	else if (n > inode->i_size - *pos)
		n = inode->i_size - *pos;
	while (done < n && !err) {
		uint64_t p = *pos + done, pblk;
		unsigned off = p % bs;
		size_t chunk = bs - off < n - done ? bs - off : n - done;

		if ((p / bs) % READAHEAD == 0 && off == 0)
			readahead(inode, p / bs);
		err = ext2_bmap(&vol->fs, (uint32_t)inode->i_ino, raw_of(inode),
				p / bs, false, &pblk);
		if (!err && pblk == 0) {
			err = clear_user(ubuf + done, chunk) ? -EFAULT : 0;
		} else if (!err) {
			struct buffer_head *bh = bread(vol->bdev, pblk, bs);

			err = !bh ? -EIO
				  : copy_to_user(ubuf + done,
						 (char *)bh->data + off, chunk);
			brelse(bh);
		}
		if (!err)
			done += chunk;
	}
	*pos += done; /* under the lock: a shared offset moves atomically */
	mutex_unlock(&vol->lock);
	return done ? (long)done : err;
}

#define WRITE_CHUNK 4096
#define DIRECT_MAX  (256u << 10) /* bytes per O_DIRECT bio */

/*
 * O_DIRECT: the device DMAs between the disk blocks and the user's pages,
 * one bio per run of contiguous disk blocks.  Buffer, offset and length
 * must be multiples of 512 (-EINVAL).  Dirty cached copies are written
 * first and cached copies dropped after a write; a hole reads as zeros; a
 * write allocates blocks (their zeroed contents reach the disk before the
 * data, so the rest of a partly written block is zero) and grows the
 * file.  vol->lock held.
 */
static long
direct_io(struct inode *inode, uint64_t ubuf, size_t n, uint64_t pos,
	  bool write)
{
	struct ext2_vol *vol = vol_of(inode);
	unsigned bs = vol->fs.block_size;
	struct bio *bio;
	size_t done = 0, want = n;
	long err = 0;

	if ((ubuf | pos | n) & (SECTOR_SIZE - 1))
		return -EINVAL;
	if (!write) {
		if (pos >= inode->i_size)
			return 0;
		if (n > inode->i_size - pos) /* whole sectors, up to EOF */
			n = ALIGN_UP(inode->i_size - pos, SECTOR_SIZE);
		want = n < inode->i_size - pos ? n : inode->i_size - pos;
	}
	bio = bio_alloc();
	if (!bio)
		return -ENOMEM;
	while (done < n && !err) {
		uint64_t p = pos + done, pblk, start;
		unsigned off = p % bs;
		uint32_t len = 0;

		err = ext2_bmap(&vol->fs, (uint32_t)inode->i_ino, raw_of(inode),
				p / bs, write, &pblk);
		if (err)
			break;
		if (pblk == 0) { /* a hole: reads as zeros */
			size_t chunk =
			    bs - off < n - done ? bs - off : n - done;

			err = clear_user(ubuf + done, chunk) ? -EFAULT : 0;
			done += chunk;
			continue;
		}
		/* Extend over the following blocks while they are contiguous. */
		start = pblk * bs + off;
		for (;;) {
			size_t chunk = bs - (p + len) % bs;
			uint64_t next;

			if (chunk > n - done - len)
				chunk = n - done - len;
			if (len + chunk > DIRECT_MAX)
				break;
			len += (uint32_t)chunk;
			if (done + len == n ||
			    ext2_bmap(&vol->fs, (uint32_t)inode->i_ino,
				      raw_of(inode), (p + len) / bs, write,
				      &next) ||
			    next != pblk + (p + len) / bs - p / bs)
				break;
		}
		if (write) /* zeroed new blocks and metadata go first */
			err = bdev_sync_range(vol->bdev, start - off,
					      ALIGN_UP(start + len, bs));
		else
			err = bdev_sync_range(vol->bdev, start, start + len);
		memset(bio, 0, sizeof(*bio));
		bio->bdev = vol->bdev;
		bio->op = write ? REQ_OP_WRITE : REQ_OP_READ;
		bio->sector = start >> SECTOR_SHIFT;
		if (!err)
			err = bio_add_user(bio, ubuf + done, len, !write);
		if (!err)
			err = submit_bio_wait(bio);
		if (write)
			bdev_invalidate_range(vol->bdev, start, start + len);
		if (!err)
			done += len;
	}
	bio_free(bio);
	if (write && done) {
		struct ext2_inode *raw = raw_of(inode);

		if (pos + done > raw->size)
			raw->size = pos + done;
		raw->mtime = raw->ctime = vfs_now();
		ext2_write_inode(&vol->fs, (uint32_t)inode->i_ino, raw);
		refresh(inode);
	}
	if (!write && done > want)
		done = want;
	return done ? (long)done : err;
}

static long
ext2_file_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	struct inode *inode = f->f_inode;
	struct ext2_vol *vol = vol_of(inode);
	char *bounce = kmalloc(WRITE_CHUNK);
	size_t done = 0;
	long ret = 0;

	if (!bounce)
		return -ENOMEM;
	mutex_lock(&vol->lock);
	if (READ_ONCE(f->f_flags) & O_APPEND)
		*pos = inode->i_size;
	if (READ_ONCE(f->f_flags) & O_DIRECT) {
		ret = direct_io(inode, ubuf, n, *pos, true);
		if (ret > 0)
			*pos += (uint64_t)ret;
		mutex_unlock(&vol->lock);
		kfree(bounce);
		return ret;
	}
	while (done < n) {
		size_t chunk = n - done < WRITE_CHUNK ? n - done : WRITE_CHUNK;

		if (copy_from_user(bounce, ubuf + done, chunk)) {
			ret = -EFAULT;
			break;
		}
		ret = ext2_write_data(&vol->fs, (uint32_t)inode->i_ino,
				      raw_of(inode), *pos + done, bounce, chunk,
				      vfs_now());
		if (ret > 0)
			done += (size_t)ret;
		if (ret < (long)chunk)
			break; /* disk full (short) or an error */
	}
	refresh(inode);
	*pos += done; /* under the lock: a shared offset moves atomically */
	mutex_unlock(&vol->lock);
	kfree(bounce);
	return done ? (long)done : ret;
}

static int64_t
ext2_file_llseek(struct file *f, int64_t off, int whence)
{
	return generic_llseek(f, off, whence, (int64_t)f->f_inode->i_size);
}

static long
ext2_file_fsync(struct file *f)
{
	struct ext2_vol *vol = vol_of(f->f_inode);
	int err;

	mutex_lock(&vol->lock);
	err = ext2_sync_super(&vol->fs);
	mutex_unlock(&vol->lock);
	return err ? err : sync_blockdev(vol->bdev);
}

static const struct file_operations ext2_file_fops = {
	.llseek = ext2_file_llseek,
	.read = ext2_file_read,
	.write = ext2_file_write,
	.fsync = ext2_file_fsync,
};

/* ---- directories ---- */

struct readdir_arg {
	struct dir_context *ctx;
	uint64_t *pos;
};

static unsigned
dtype(unsigned ft)
{
	static const unsigned char map[] = { DT_UNKNOWN, DT_REG, DT_DIR,
					     DT_CHR,	 DT_BLK, DT_FIFO,
					     DT_SOCK,	 DT_LNK };

	return ft < sizeof(map) ? map[ft] : DT_UNKNOWN;
}

static int
emit_entry(void *arg, const char *name, size_t len, uint32_t ino,
	   unsigned file_type)
{
	struct readdir_arg *a = arg;

	/* d_off: past this entry (entries sit at distinct byte offsets). */
	a->ctx->pos = *a->pos + 1;
	return a->ctx->emit(a->ctx, name, len, ino, dtype(file_type));
}

static int
ext2_dir_readdir(struct file *f, struct dir_context *ctx)
{
	struct ext2_vol *vol = vol_of(f->f_inode);
	uint64_t pos = f->f_pos;
	struct readdir_arg a = { ctx, &pos };
	int err;

	if (f->f_inode->i_nlink == 0)
		return -ENOENT; /* removed while open, as Linux says */
	mutex_lock(&vol->lock);
	err = ext2_readdir(&vol->fs, (uint32_t)f->f_inode->i_ino, &pos,
			   emit_entry, &a);
	mutex_unlock(&vol->lock);
	f->f_pos = pos;
	return err < 0 ? err : 0;
}

static const struct file_operations ext2_dir_fops = {
	.llseek = ext2_file_llseek, /* rewinddir */
	.readdir = ext2_dir_readdir,
	.fsync = ext2_file_fsync,
};

/* ---- the volume ---- */

static int
ext2_vfs_statfs(struct super_block *sb, struct statfs *st)
{
	struct ext2_vol *vol = sb->s_fs_info;
	struct ext2_statfs es;

	mutex_lock(&vol->lock);
	ext2_statfs(&vol->fs, &es);
	mutex_unlock(&vol->lock);
	st->f_type = EXT2_SUPER_MAGIC;
	st->f_bsize = es.block_size;
	st->f_frsize = es.block_size;
	st->f_blocks = es.blocks;
	st->f_bfree = es.free_blocks;
	st->f_bavail = es.avail_blocks;
	st->f_files = es.files;
	st->f_ffree = es.free_files;
	st->f_namelen = es.name_max;
	return 0;
}

static int
ext2_vfs_sync(struct super_block *sb)
{
	struct ext2_vol *vol = sb->s_fs_info;
	int err;

	mutex_lock(&vol->lock);
	err = ext2_sync_super(&vol->fs);
	mutex_unlock(&vol->lock);
	return err;
}

static const struct super_operations ext2_sops = {
	.read_inode = ext2_vfs_read_inode,
	.evict_inode = ext2_vfs_evict,
	.statfs = ext2_vfs_statfs,
	.sync = ext2_vfs_sync,
};

struct super_block *
ext2_mount_bdev(struct block_device *bdev, int *err)
{
	struct ext2_vol *vol = kzalloc(sizeof(*vol));
	char why[96] = "";

	if (!vol) {
		*err = -ENOMEM;
		return NULL;
	}
	vol->bdev = bdev;
	vol->bd = (struct ext2_blockdev){
		.ctx = vol, .get = vol_get, .put = vol_put, .forget = vol_forget
	};
	mutex_init(&vol->lock, "ext2");
	*err =
	    ext2_mount(&vol->fs, &vol->bd, bdev->read_only, why, sizeof(why));
	if (why[0])
		printk("%s: %s\n", bdev->name, why);
	if (*err) {
		kfree(vol);
		return NULL;
	}
	vol->sb.s_type = "ext2";
	vol->sb.s_op = &ext2_sops;
	vol->sb.s_dev = UAPI_MKDEV(bdev->major, bdev->minor);
	vol->sb.s_rdonly = vol->fs.read_only;
	vol->sb.s_fs_info = vol;
	vol->sb.s_root = iget(&vol->sb, EXT2_ROOT_INO, err);
	if (!vol->sb.s_root) {
		kfree(vol);
		return NULL;
	}
	return &vol->sb;
}
