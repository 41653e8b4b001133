/*
 * fs/buffer.c - the buffer cache; the interface is described in
 * fs/buffer.h.
 *
 * Write-back: dirty buffers are collected under a plug and submitted as
 * one batch, so adjacent blocks merge into few requests and the device
 * is notified once; then the caller sleeps until the last one is done.
 */
#include "fs/buffer.h"

#include <uapi/errno.h>

#include "drivers/blk.h"
#include "kernel/compiler.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"

#define BCACHE_HASH 512

static struct spinlock bcache_lock = SPINLOCK_INIT("bcache");
static struct list_head hash_table[BCACHE_HASH];   /* [bcache_lock] */
static struct list_head lru = LIST_HEAD_INIT(lru); /* [bcache_lock] */
static struct bcache_stats stats;		   /* [bcache_lock] */
/* Woken when a buffer is unlocked; sleepers recheck their buffer. */
static struct wait_queue_head unlock_wq =
    WAIT_QUEUE_HEAD_INIT(unlock_wq, "bh_unlock");

static struct list_head *
bucket(const struct block_device *bdev, uint64_t blocknr)
{
	uint64_t h = ((uintptr_t)bdev >> 6) ^ blocknr * 0x9e3779b97f4a7c15ULL;

	return &hash_table[(h >> 32) % BCACHE_HASH];
}

static void
bcache_init_once(void)
{
	struct mm_stats ms;

	if (stats.max_buffers)
		return;
	for (int i = 0; i < BCACHE_HASH; i++)
		list_init(&hash_table[i]);
	mm_get_stats(&ms);
	/* A quarter of RAM in 4 KiB blocks: room for a warm 16 MiB file. */
	stats.max_buffers = ms.total_pages / 4;
}

static struct buffer_head *
lookup_locked(struct block_device *bdev, uint64_t blocknr, unsigned size)
{
	struct buffer_head *bh;

	list_for_each_entry (bh, bucket(bdev, blocknr), hash)
		if (bh->bdev == bdev && bh->blocknr == blocknr &&
		    bh->size == size)
			return bh;
	return NULL;
}

static void
get_locked(struct buffer_head *bh)
{
	if (bh->count++ == 0)
		list_del(&bh->lru);
}

/* An unreferenced clean buffer to drop, oldest first, or NULL. */
static struct buffer_head *
victim_locked(void)
{
	struct buffer_head *bh;

	list_for_each_entry (bh, &lru, lru)
		if (!(bh->flags & (BH_DIRTY | BH_LOCKED)))
			return bh;
	return NULL;
}

static void
free_buffer(struct buffer_head *bh)
{
	kfree(bh->data);
	kfree(bh);
}

/*
 * Make room when the cache is full: drop the oldest clean buffer, or, if
 * every unreferenced one is dirty, write back the oldest and try again.
 * If everything is in use the cache grows past its limit instead.
 */
static void
make_room(void)
{
	for (int tries = 0; tries < 4; tries++) {
		struct buffer_head *bh;

		spin_lock(&bcache_lock);
		if (stats.buffers < stats.max_buffers) {
			spin_unlock(&bcache_lock);
			return;
		}
		bh = victim_locked();
		if (bh) {
			list_del(&bh->lru);
			list_del(&bh->hash);
			stats.buffers--;
			stats.evictions++;
			spin_unlock(&bcache_lock);
			free_buffer(bh);
			return;
		}
		if (list_empty(&lru)) {
			spin_unlock(&bcache_lock);
			return;
		}
		bh = list_first_entry(&lru, struct buffer_head, lru);
		get_locked(bh);
		spin_unlock(&bcache_lock);
		bwrite(bh);
		brelse(bh);
	}
}

struct buffer_head *
getblk(struct block_device *bdev, uint64_t blocknr, unsigned size)
{
	struct buffer_head *bh, *fresh;

	spin_lock(&bcache_lock);
	bcache_init_once();
	bh = lookup_locked(bdev, blocknr, size);
	if (bh) {
		get_locked(bh);
		stats.hits++;
		spin_unlock(&bcache_lock);
		return bh;
	}
	spin_unlock(&bcache_lock);

	make_room();
	fresh = kzalloc(sizeof(*fresh));
	if (fresh)
		fresh->data = kmalloc(size);
	if (!fresh || !fresh->data) {
		kfree(fresh);
		return NULL;
	}
	fresh->bdev = bdev;
	fresh->blocknr = blocknr;
	fresh->size = size;
	fresh->count = 1;
	list_init(&fresh->lru);

	spin_lock(&bcache_lock);
	bh = lookup_locked(bdev, blocknr, size); /* someone was quicker */
	if (bh) {
		get_locked(bh);
		stats.hits++;
	} else {
		list_add(&fresh->hash, bucket(bdev, blocknr));
		stats.buffers++;
		stats.misses++;
	}
	spin_unlock(&bcache_lock);
	if (bh)
		free_buffer(fresh);
	return bh ? bh : fresh;
}

void
brelse(struct buffer_head *bh)
{
	if (!bh)
		return;
	spin_lock(&bcache_lock);
	if (--bh->count == 0)
		list_add_tail(&bh->lru, &lru);
	spin_unlock(&bcache_lock);
}

static bool
try_lock_buffer(struct buffer_head *bh)
{
	bool got;

	spin_lock(&bcache_lock);
	got = !(bh->flags & BH_LOCKED);
	bh->flags |= BH_LOCKED;
	spin_unlock(&bcache_lock);
	return got;
}

void
lock_buffer(struct buffer_head *bh)
{
	wait_event(unlock_wq, try_lock_buffer(bh));
}

void
unlock_buffer(struct buffer_head *bh)
{
	spin_lock(&bcache_lock);
	bh->flags &= ~BH_LOCKED;
	spin_unlock(&bcache_lock);
	wake_up_all(&unlock_wq);
}

static bool
test_flag(struct buffer_head *bh, unsigned flag)
{
	return READ_ONCE(bh->flags) & flag;
}

static void
set_flags(struct buffer_head *bh, unsigned set, unsigned clear)
{
	spin_lock(&bcache_lock);
	if ((set & BH_DIRTY) && !(bh->flags & BH_DIRTY))
		stats.dirty++;
	if ((clear & BH_DIRTY) && (bh->flags & BH_DIRTY))
		stats.dirty--;
	bh->flags = (bh->flags | set) & ~clear;
	spin_unlock(&bcache_lock);
}

void
mark_buffer_dirty(struct buffer_head *bh)
{
	set_flags(bh, BH_UPTODATE | BH_DIRTY, 0);
}

struct buffer_head *
bread(struct block_device *bdev, uint64_t blocknr, unsigned size)
{
	struct buffer_head *bh = getblk(bdev, blocknr, size);
	int err = 0;

	if (!bh)
		return NULL;
	if (test_flag(bh, BH_UPTODATE))
		return bh;
	lock_buffer(bh);
	if (!test_flag(bh, BH_UPTODATE)) {
		err = blk_rw_kernel(bdev, REQ_OP_READ, blocknr * size, bh->data,
				    size);
		if (!err)
			set_flags(bh, BH_UPTODATE, 0);
	}
	unlock_buffer(bh);
	if (err) {
		brelse(bh);
		return NULL;
	}
	return bh;
}

int
bwrite(struct buffer_head *bh)
{
	int err = 0;

	lock_buffer(bh);
	if (test_flag(bh, BH_DIRTY)) {
		set_flags(bh, 0, BH_DIRTY);
		err = blk_rw_kernel(bh->bdev, REQ_OP_WRITE,
				    bh->blocknr * bh->size, bh->data, bh->size);
		if (err)
			set_flags(bh, BH_DIRTY, 0); /* still newer than disk */
	}
	unlock_buffer(bh);
	return err;
}

/* ---- read-ahead ---- */

static void
readahead_end_io(struct bio *bio)
{
	struct buffer_head *bh = bio->private;

	if (bio->status == 0)
		set_flags(bh, BH_UPTODATE, 0);
	unlock_buffer(bh);
	brelse(bh);
	bio_free(bio);
}

void
breadahead(struct block_device *bdev, const uint64_t *blocks, unsigned n,
	   unsigned size)
{
	struct blk_plug plug;

	blk_start_plug(&plug);
	for (unsigned i = 0; i < n; i++) {
		struct buffer_head *bh = getblk(bdev, blocks[i], size);
		struct bio *bio;

		if (!bh)
			break;
		if (test_flag(bh, BH_UPTODATE) || !try_lock_buffer(bh)) {
			brelse(bh); /* cached, or someone is reading it */
			continue;
		}
		bio = test_flag(bh, BH_UPTODATE) ? NULL : bio_alloc();
		if (!bio) {
			unlock_buffer(bh);
			brelse(bh);
			continue;
		}
		bio->bdev = bdev;
		bio->op = REQ_OP_READ;
		bio->sector = blocks[i] * (size >> SECTOR_SHIFT);
		bio_add_kernel(bio, bh->data, size);
		bio->end_io = readahead_end_io;
		bio->private = bh; /* the reference and the lock go with it */
		submit_bio(bio);
	}
	blk_finish_plug(&plug);
}

/* ---- batched write-back ---- */

struct writeback {
	struct wait_queue_head wq;
	int pending; /* [wq.lock] bios not yet ended */
	int error;   /* [wq.lock] */
};

static void
writeback_end_io(struct bio *bio)
{
	struct buffer_head *bh = bio->private;
	struct writeback *wb = bh->io_ctx;
	int status = bio->status;

	if (status)
		set_flags(bh, BH_DIRTY, 0);
	unlock_buffer(bh);
	brelse(bh);
	bio_free(bio);
	/*
	 * Wake under the lock, and touch nothing after unlocking: the
	 * waiter may return (and its frame be reused) right then.
	 */
	spin_lock(&wb->wq.lock);
	if (status)
		wb->error = status;
	if (--wb->pending == 0)
		__wake_up_locked(&wb->wq, 1u << TASK_UNINTERRUPTIBLE, 0, NULL);
	spin_unlock(&wb->wq.lock);
}

/* Submit @bh (referenced, locked) if dirty; the end_io unlocks it. */
static void
writeback_one(struct writeback *wb, struct buffer_head *bh)
{
	struct bio *bio = bio_alloc();

	if (!bio || !test_flag(bh, BH_DIRTY)) {
		if (!bio && test_flag(bh, BH_DIRTY)) {
			spin_lock(&wb->wq.lock);
			wb->error = -ENOMEM;
			spin_unlock(&wb->wq.lock);
		}
		bio_free(bio);
		unlock_buffer(bh);
		brelse(bh);
		return;
	}
	set_flags(bh, 0, BH_DIRTY);
	bio->bdev = bh->bdev;
	bio->op = REQ_OP_WRITE;
	bio->sector = bh->blocknr * (bh->size >> SECTOR_SHIFT);
	bio_add_kernel(bio, bh->data, bh->size);
	bio->end_io = writeback_end_io;
	bio->private = bh;
	bh->io_ctx = wb;
	spin_lock(&wb->wq.lock);
	wb->pending++;
	spin_unlock(&wb->wq.lock);
	submit_bio(bio);
}

static bool
in_range(const struct buffer_head *bh, const struct block_device *bdev,
	 uint64_t start, uint64_t end)
{
	uint64_t b0 = bh->blocknr * bh->size;

	return bh->bdev == bdev && b0 < end && b0 + bh->size > start;
}

/*
 * Take references to up to @max dirty buffers of the range into @out.
 * Done in rounds so no sleeping happens under bcache_lock.
 */
static int
collect_dirty(struct block_device *bdev, uint64_t start, uint64_t end,
	      struct buffer_head **out, int max)
{
	int n = 0;

	spin_lock(&bcache_lock);
	bcache_init_once();
	for (int i = 0; stats.dirty && i < BCACHE_HASH && n < max; i++) {
		struct buffer_head *bh;

		list_for_each_entry (bh, &hash_table[i], hash) {
			if (n == max)
				break;
			if ((bh->flags & BH_DIRTY) &&
			    in_range(bh, bdev, start, end)) {
				get_locked(bh);
				out[n++] = bh;
			}
		}
	}
	spin_unlock(&bcache_lock);
	return n;
}

/* Sort by block so the plug sees them in order and merges neighbours. */
static void
sort_by_block(struct buffer_head **v, int n)
{
	for (int i = 1; i < n; i++) {
		struct buffer_head *x = v[i];
		int j = i - 1;

		for (; j >= 0 && v[j]->blocknr > x->blocknr; j--)
			v[j + 1] = v[j];
		v[j + 1] = x;
	}
}

#define WB_BATCH 256

int
bdev_sync_range(struct block_device *bdev, uint64_t start, uint64_t end)
{
	struct buffer_head **batch;
	struct writeback wb = { .pending = 0, .error = 0 };
	int n;

	if (READ_ONCE(stats.dirty) == 0)
		return 0; /* the common case for every O_DIRECT read */
	batch = kmalloc(WB_BATCH * sizeof(*batch));
	if (!batch)
		return -ENOMEM;
	init_waitqueue_head(&wb.wq, "writeback");
	while ((n = collect_dirty(bdev, start, end, batch, WB_BATCH)) > 0) {
		struct blk_plug plug;

		sort_by_block(batch, n);
		for (int i = 0; i < n; i++)
			lock_buffer(batch[i]);
		blk_start_plug(&plug);
		for (int i = 0; i < n; i++)
			writeback_one(&wb, batch[i]);
		blk_finish_plug(&plug);
		wait_event(wb.wq, READ_ONCE(wb.pending) == 0);
		if (wb.error)
			break;
	}
	/* The last end_io may still hold wb.wq.lock: wait for it. */
	spin_lock(&wb.wq.lock);
	spin_unlock(&wb.wq.lock);
	kfree(batch);
	return wb.error;
}

int
sync_blockdev(struct block_device *bdev)
{
	int err = bdev_sync_range(bdev, 0, UINT64_MAX);

	return err ? err : blk_flush(bdev);
}

static void
invalidate_locked(struct buffer_head *bh)
{
	if (!(bh->flags & (BH_DIRTY | BH_LOCKED)))
		bh->flags &= ~BH_UPTODATE;
}

void
bdev_invalidate_range(struct block_device *bdev, uint64_t start, uint64_t end)
{
	spin_lock(&bcache_lock);
	bcache_init_once();
	if (stats.buffers == 0) {
		/* Nothing cached: the usual case for O_DIRECT users. */
	} else if (end - start <= 64 * 4096) {
		/* A short range: look up each block of each block size. */
		for (unsigned size = 1024; size <= 4096; size *= 2)
			for (uint64_t b = start / size; b * size < end; b++) {
				struct buffer_head *bh =
				    lookup_locked(bdev, b, size);

				if (bh)
					invalidate_locked(bh);
			}
	} else {
		for (int i = 0; i < BCACHE_HASH; i++) {
			struct buffer_head *bh;

			list_for_each_entry (bh, &hash_table[i], hash)
				if (in_range(bh, bdev, start, end))
					invalidate_locked(bh);
		}
	}
	spin_unlock(&bcache_lock);
}

void
bforget(struct block_device *bdev, uint64_t blocknr, unsigned size)
{
	struct buffer_head *bh;

	spin_lock(&bcache_lock);
	bcache_init_once();
	bh = lookup_locked(bdev, blocknr, size);
	if (bh && bh->count == 0 && !(bh->flags & BH_LOCKED)) {
		list_del(&bh->lru);
		list_del(&bh->hash);
		if (bh->flags & BH_DIRTY)
			stats.dirty--;
		stats.buffers--;
	} else {
		bh = NULL;
	}
	spin_unlock(&bcache_lock);
	if (bh)
		free_buffer(bh);
}

void
bcache_get_stats(struct bcache_stats *st)
{
	spin_lock(&bcache_lock);
	bcache_init_once();
	*st = stats;
	spin_unlock(&bcache_lock);
}
