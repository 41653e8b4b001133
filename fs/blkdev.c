/*
 * fs/blkdev.c - a block device opened as a file (/dev/vda).
 *
 * Buffered I/O (the default) goes through the buffer cache in 4 KiB
 * blocks, at any offset and length; writes stay dirty in the cache until
 * fsync, sync(2) or the cache needs room, as on Linux.
 *
 * O_DIRECT I/O goes around the cache: the user's buffer, the offset and
 * the length must be multiples of 512 (else -EINVAL), and the device DMAs
 * straight to or from the user's pages, found through the process's page
 * table.  Those pages stay put while the device uses them: Sluice maps
 * user memory eagerly, a process is single-threaded (clone has fork
 * semantics), and the submitter sleeps uninterruptibly until the bio is
 * done, so nothing can unmap them meanwhile.  Cached copies are written
 * back before a direct read and forgotten after a direct write.
 *
 * Reads at or past the end return 0; writes there return -ENOSPC; a
 * transfer that crosses the end is cut short, as on Linux.
 *
 * State: none of its own; the buffer cache and the block layer lock
 * theirs, and f_pos is updated as for every file (fs/read_write.c).
 */
#include "fs/blkdev.h"

#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/fs.h>
#include <uapi/sluice.h>

#include "drivers/blk.h"
#include "fs/buffer.h"
#include "fs/file.h"
#include "kernel/compiler.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/printf.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "kernel/uvm.h"

#define BLKDEV_BLOCK 4096u	  /* buffered I/O granule */
#define DIRECT_CHUNK (256u << 10) /* bytes per O_DIRECT bio */

static uint64_t
bdev_bytes(const struct block_device *bdev)
{
	return bdev->nr_sectors << SECTOR_SHIFT;
}

/* Clamp [pos, pos+n) to the device; returns the new n (0: at the end). */
static size_t
clamp_to_end(const struct block_device *bdev, uint64_t pos, size_t n)
{
	uint64_t size = bdev_bytes(bdev);

	if (pos >= size)
		return 0;
	return n < size - pos ? n : (size_t)(size - pos);
}

#define READAHEAD 32 /* blocks started at each window of a buffered read */

/* Start reading the READAHEAD blocks from @blk (not past the end). */
static void
readahead(struct block_device *bdev, uint64_t blk)
{
	uint64_t blocks[READAHEAD], last = bdev_bytes(bdev) / BLKDEV_BLOCK;
	unsigned n = 0;

	for (; n < READAHEAD && blk + n < last; n++)
		blocks[n] = blk + n;
	breadahead(bdev, blocks, n, BLKDEV_BLOCK);
}

static long
buffered_read(struct block_device *bdev, uint64_t ubuf, size_t n, uint64_t *pos)
{
	size_t done = 0;

	n = clamp_to_end(bdev, *pos, n);
	while (done < n) {
		uint64_t p = *pos + done;
		unsigned off = p % BLKDEV_BLOCK;
		size_t chunk = BLKDEV_BLOCK - off;
		struct buffer_head *bh;
		int err;

		if (chunk > n - done)
			chunk = n - done;
		if ((p / BLKDEV_BLOCK) % READAHEAD == 0 && off == 0)
			readahead(bdev, p / BLKDEV_BLOCK);
		bh = bread(bdev, p / BLKDEV_BLOCK, BLKDEV_BLOCK);
		if (!bh)
			return done ? (long)done : -EIO;
		err = copy_to_user(ubuf + done, (char *)bh->data + off, chunk);
		brelse(bh);
		if (err)
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	*pos += done;
	return (long)done;
}

static long
buffered_write(struct block_device *bdev, uint64_t ubuf, size_t n,
	       uint64_t *pos)
{
	size_t done = 0;

	if (n && *pos >= bdev_bytes(bdev))
		return -ENOSPC;
	n = clamp_to_end(bdev, *pos, n);
	while (done < n) {
		uint64_t p = *pos + done;
		unsigned off = p % BLKDEV_BLOCK;
		size_t chunk = BLKDEV_BLOCK - off;
		uint64_t blk = p / BLKDEV_BLOCK;
		struct buffer_head *bh;
		int err;

		if (chunk > n - done)
			chunk = n - done;
		/* A whole block needs no read first. */
		bh = chunk == BLKDEV_BLOCK ? getblk(bdev, blk, BLKDEV_BLOCK)
					   : bread(bdev, blk, BLKDEV_BLOCK);
		if (!bh)
			return done ? (long)done : -EIO;
		lock_buffer(bh);
		err =
		    copy_from_user((char *)bh->data + off, ubuf + done, chunk);
		if (!err)
			mark_buffer_dirty(bh);
		unlock_buffer(bh);
		brelse(bh);
		if (err)
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	*pos += done;
	return (long)done;
}

/*
 * Add the user range [uaddr, uaddr+len) to @bio page by page.  The
 * device writes the pages for a read, so they must be writable then.
 */
int
bio_add_user(struct bio *bio, uint64_t uaddr, uint32_t len, bool dev_writes)
{
	struct mm *mm = current_task()->mm;

	if (!mm_range_ok(mm, uaddr, len, dev_writes))
		return -EFAULT;
	while (len) {
		uint32_t n = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
		pte_t *pte = vm_lookup(mm->pgd, uaddr);
		int err;

		if (n > len)
			n = len;
		if (!pte || !(*pte & PTE_V))
			return -EFAULT;
		err = bio_add_phys(
		    bio, vm_pte_pa(*pte) + (uaddr & (PAGE_SIZE - 1)), n);
		if (err)
			return err;
		uaddr += n;
		len -= n;
	}
	return 0;
}

static long
direct_io(struct block_device *bdev, enum req_op op, uint64_t ubuf, size_t n,
	  uint64_t *pos)
{
	struct bio *bio;
	size_t done = 0;
	int err = 0;

	if ((ubuf | *pos | n) & (SECTOR_SIZE - 1))
		return -EINVAL;
	if (op == REQ_OP_WRITE && n && *pos >= bdev_bytes(bdev))
		return -ENOSPC;
	n = clamp_to_end(bdev, *pos, n);
	if (n == 0)
		return 0;
	if (op == REQ_OP_READ)
		err = bdev_sync_range(bdev, *pos, *pos + n);
	bio = bio_alloc();
	if (!bio)
		return -ENOMEM;
	while (!err && done < n) {
		uint32_t chunk = n - done < DIRECT_CHUNK ? (uint32_t)(n - done)
							 : DIRECT_CHUNK;

		memset(bio, 0, sizeof(*bio));
		bio->bdev = bdev;
		bio->op = op;
		bio->sector = (*pos + done) >> SECTOR_SHIFT;
		err = bio_add_user(bio, ubuf + done, chunk, op == REQ_OP_READ);
		if (!err)
			err = submit_bio_wait(bio);
		if (!err)
			done += chunk;
	}
	bio_free(bio);
	if (op == REQ_OP_WRITE && done)
		bdev_invalidate_range(bdev, *pos, *pos + done);
	*pos += done;
	return done ? (long)done : err;
}

static struct block_device *
file_bdev(struct file *f)
{
	return f->private;
}

static bool
is_direct(struct file *f)
{
	return READ_ONCE(f->f_flags) & O_DIRECT;
}

static long
blkdev_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	if (is_direct(f))
		return direct_io(file_bdev(f), REQ_OP_READ, ubuf, n, pos);
	return buffered_read(file_bdev(f), ubuf, n, pos);
}

static long
blkdev_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	if (file_bdev(f)->read_only)
		return -EPERM;
	if (is_direct(f))
		return direct_io(file_bdev(f), REQ_OP_WRITE, ubuf, n, pos);
	return buffered_write(file_bdev(f), ubuf, n, pos);
}

static int64_t
blkdev_llseek(struct file *f, int64_t off, int whence)
{
	return generic_llseek(f, off, whence,
			      (int64_t)bdev_bytes(file_bdev(f)));
}

static long
blkdev_fsync(struct file *f)
{
	return sync_blockdev(file_bdev(f));
}

static long
blkdev_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct block_device *bdev = file_bdev(f);
	char name[SLUICE_ELV_NAME_MAX];
	struct sluice_blkbench b;
	uint64_t size = bdev_bytes(bdev);
	int ssz = SECTOR_SIZE;
	long err;

	switch (cmd) {
	case BLKGETSIZE64:
		return copy_to_user(arg, &size, sizeof(size));
	case BLKSSZGET:
		return copy_to_user(arg, &ssz, sizeof(ssz));
	case SLUICE_BLKSETELV:
		if (copy_from_user(name, arg, sizeof(name)))
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		return blk_set_elevator(bdev->queue, name);
	case SLUICE_BLKGETELV:
		memset(name, 0, sizeof(name));
		ksnprintf(name, sizeof(name), "%s",
			  blk_elevator_name(bdev->queue));
		return copy_to_user(arg, name, sizeof(name));
	case SLUICE_BLKBENCH:
		if (!bdev->bench)
			return -ENOTTY;
		if (copy_from_user(&b, arg, sizeof(b)))
			return -EFAULT;
		err = bdev->bench(bdev, &b);
		if (err)
			return err;
		return copy_to_user(arg, &b, sizeof(b));
	default:
		return -ENOTTY;
	}
}

static const struct file_operations blkdev_fops = {
	.llseek = blkdev_llseek,
	.read = blkdev_read,
	.write = blkdev_write,
	.ioctl = blkdev_ioctl,
	.fsync = blkdev_fsync,
};

struct file *
blkdev_open(struct block_device *bdev, unsigned flags)
{
	return file_alloc(&blkdev_fops, bdev, flags);
}
