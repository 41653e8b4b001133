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
 * table.  A transfer is a struct dio: bios of up to 256 KiB, ended
 * together.  read() and write() start one and sleep until it is done;
 * io_uring starts one and lets the bottom half post the completion.  The
 * pages stay put meanwhile: Sluice maps user memory eagerly and the dio
 * pins the address space (mm_io_pin), so munmap, exec and exit wait for
 * it.  Cached copies are written back before a direct read and forgotten
 * before a direct write (and after it, for the synchronous kind).
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
#include <uapi/uio.h>

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
#include "kernel/wait.h"

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

static void
dio_put(struct dio *dio)
{
	struct mm *mm = dio->mm;

	if (__atomic_sub_fetch(&dio->pending, 1, __ATOMIC_ACQ_REL))
		return;
	mm_io_unpin(mm); /* the device is done with the pages */
	dio->done(dio, dio->error ? dio->error : (long)dio->bytes);
}

static void
dio_bio_end(struct bio *bio)
{
	struct dio *dio = bio->private;
	int expected = 0;

	if (bio->status)
		__atomic_compare_exchange_n(&dio->error, &expected, bio->status,
					    false, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED);
	bio_free(bio);
	dio_put(dio);
}

/* Check @iov[0..cnt) for direct I/O; its total length in *total. */
static int
dio_check(const struct iovec *iov, unsigned cnt, bool write, uint64_t *total)
{
	const struct mm *mm = current_task()->mm;

	*total = 0;
	for (unsigned i = 0; i < cnt; i++) {
		uint64_t base = (uint64_t)iov[i].iov_base, len = iov[i].iov_len;

		if ((base | len) & (SECTOR_SIZE - 1))
			return -EINVAL;
		if (len > RW_MAX - *total)
			return -EINVAL;
		if (len && !mm_range_ok(mm, base, len, !write))
			return -EFAULT;
		*total += len;
	}
	return 0;
}

/* Bios for [ubuf, ubuf+len) at @pos + dio->bytes, at most DIRECT_CHUNK each. */
static int
dio_submit_range(struct block_device *bdev, bool write, uint64_t ubuf,
		 uint64_t len, uint64_t pos, struct dio *dio)
{
	while (len) {
		uint32_t chunk =
		    len < DIRECT_CHUNK ? (uint32_t)len : DIRECT_CHUNK;
		struct bio *bio = bio_alloc();
		int err;

		if (!bio)
			return -ENOMEM;
		bio->bdev = bdev;
		bio->op = write ? REQ_OP_WRITE : REQ_OP_READ;
		bio->sector = (pos + dio->bytes) >> SECTOR_SHIFT;
		bio->end_io = dio_bio_end;
		bio->private = dio;
		err = bio_add_user(bio, ubuf, chunk, !write);
		if (err) {
			bio_free(bio);
			return err;
		}
		__atomic_fetch_add(&dio->pending, 1, __ATOMIC_RELAXED);
		dio->bytes += chunk;
		submit_bio(bio);
		ubuf += chunk;
		len -= chunk;
	}
	return 0;
}

long
blkdev_dio_start(struct block_device *bdev, bool write, const struct iovec *iov,
		 unsigned cnt, uint64_t pos, struct dio *dio)
{
	struct mm *mm = current_task()->mm;
	uint64_t total, left, bytes;
	struct blk_plug plug;
	int err = dio_check(iov, cnt, write, &total);

	if (!err && (pos & (SECTOR_SIZE - 1)))
		err = -EINVAL;
	if (!err && write && bdev->read_only)
		err = -EPERM;
	if (!err && write && total && pos >= bdev_bytes(bdev))
		err = -ENOSPC;
	if (err)
		return err;
	left = clamp_to_end(bdev, pos, total);
	if (!write)
		err = bdev_sync_range(bdev, pos, pos + left);
	else
		bdev_invalidate_range(bdev, pos, pos + left);
	if (err)
		return err;
	dio->mm = mm;
	dio->pending = 1; /* ours, until everything is submitted */
	dio->error = 0;
	dio->bytes = 0;
	mm_io_pin(mm);
	blk_start_plug(&plug);
	for (unsigned i = 0; !err && i < cnt && left; i++) {
		uint64_t len = iov[i].iov_len < left ? iov[i].iov_len : left;

		err = dio_submit_range(bdev, write, (uint64_t)iov[i].iov_base,
				       len, pos, dio);
		left -= len;
	}
	blk_finish_plug(&plug);
	bytes = dio->bytes;
	if (err && bytes == 0) {
		mm_io_unpin(mm); /* nothing went out: no ->done */
		return err;
	}
	dio_put(dio); /* an error after some bios: a short transfer */
	return (long)bytes;
}

/* A synchronous direct transfer: a dio and a sleep until it is done. */
struct dio_wait {
	struct dio dio;
	struct completion done;
	long res;
};

static void
dio_wake(struct dio *dio, long res)
{
	struct dio_wait *w = container_of(dio, struct dio_wait, dio);

	w->res = res;
	complete(&w->done);
}

static long
direct_io(struct block_device *bdev, bool write, uint64_t ubuf, size_t n,
	  uint64_t *pos)
{
	struct iovec iov = { (void *)ubuf, n };
	struct dio_wait w = { .dio.done = dio_wake };
	long started;

	init_completion(&w.done);
	started = blkdev_dio_start(bdev, write, &iov, 1, *pos, &w.dio);
	if (started < 0)
		return started;
	wait_for_completion(&w.done);
	if (w.res > 0) {
		if (write) /* what was read while it was written is stale */
			bdev_invalidate_range(bdev, *pos,
					      *pos + (uint64_t)w.res);
		*pos += (uint64_t)w.res;
	}
	return w.res;
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
		return direct_io(file_bdev(f), false, ubuf, n, pos);
	return buffered_read(file_bdev(f), ubuf, n, pos);
}

static long
blkdev_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	if (file_bdev(f)->read_only)
		return -EPERM;
	if (is_direct(f))
		return direct_io(file_bdev(f), true, ubuf, n, pos);
	return buffered_write(file_bdev(f), ubuf, n, pos);
}

static long
blkdev_dio(struct file *f, bool write, const struct iovec *iov, unsigned cnt,
	   uint64_t pos, struct dio *dio)
{
	return blkdev_dio_start(file_bdev(f), write, iov, cnt, pos, dio);
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
	.dio_start = blkdev_dio,
};

struct file *
blkdev_open(struct block_device *bdev, unsigned flags)
{
	return file_alloc(&blkdev_fops, bdev, flags);
}
