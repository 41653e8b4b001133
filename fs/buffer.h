/*
 * fs/buffer.h - the buffer cache: blocks of block devices kept in memory.
 *
 * A buffer is one block (1 KiB .. 4 KiB) of one device.  bread() finds it
 * in the cache (hashed by device and block number) or reads it, and
 * returns it with a reference; brelse() drops the reference, and a buffer
 * nobody references goes on the LRU list, whose oldest clean entries are
 * reused when the cache is full.  Writers lock the buffer, change the
 * data, mark_buffer_dirty() and unlock; dirty buffers reach the disk on
 * bwrite(), on sync_blockdev() (fsync of /dev/vda, sync(2)) or when the
 * cache needs room.  O_DIRECT goes around the cache and keeps it coherent
 * with bdev_sync_range() and bdev_invalidate_range().
 *
 * Locks: bcache_lock (spin) protects the hash, the LRU list, count and
 * flags except BH_LOCKED's owner; BH_LOCKED is a sleeping lock on the
 * buffer's data and I/O, taken with lock_buffer().
 */
#ifndef SLUICE_FS_BUFFER_H
#define SLUICE_FS_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/list.h"

struct block_device;

#define BH_UPTODATE 0x1 /* data matches the disk or is newer */
#define BH_DIRTY    0x2 /* data is newer than the disk */
#define BH_LOCKED   0x4 /* someone holds the buffer lock */

struct buffer_head {
	struct block_device *bdev; /* [I] */
	uint64_t blocknr;	   /* [I] in units of size */
	unsigned size;		   /* [I] bytes */
	void *data;		   /* [I] the block, changed under BH_LOCKED */
	int count;		   /* [bcache_lock] references */
	unsigned flags;		   /* [bcache_lock] BH_* */
	void *io_ctx;		   /* [BH_LOCKED] batched write-back */
	struct list_head hash;	   /* [bcache_lock] */
	struct list_head lru;	   /* [bcache_lock] while count == 0 */
};

/* The buffer for a block, referenced, its data not necessarily read. */
struct buffer_head *getblk(struct block_device *bdev, uint64_t blocknr,
			   unsigned size);
/* The block read and referenced; NULL on an I/O error or no memory. */
struct buffer_head *bread(struct block_device *bdev, uint64_t blocknr,
			  unsigned size);
void brelse(struct buffer_head *bh);
void lock_buffer(struct buffer_head *bh);
void unlock_buffer(struct buffer_head *bh);
/* Under lock_buffer(): the data is valid and newer than the disk. */
void mark_buffer_dirty(struct buffer_head *bh);
/*
 * Start reading @blocks (n of them, @size bytes each) that are not cached
 * yet, as one plugged batch so neighbours merge into few requests;
 * returns at once.  A later bread() of one waits for its read.
 */
void breadahead(struct block_device *bdev, const uint64_t *blocks, unsigned n,
		unsigned size);
/* Write now if dirty (lock not held); 0 or -EIO. */
int bwrite(struct buffer_head *bh);

/* Write the dirty buffers of [start, end) bytes of @bdev; 0 or -EIO. */
int bdev_sync_range(struct block_device *bdev, uint64_t start, uint64_t end);
/* Forget cached data of [start, end): the disk changed underneath. */
void bdev_invalidate_range(struct block_device *bdev, uint64_t start,
			   uint64_t end);
/* The block was freed: drop an unused cached copy (even a dirty one). */
void bforget(struct block_device *bdev, uint64_t blocknr, unsigned size);
/* Write every dirty buffer of @bdev, then flush its write cache. */
int sync_blockdev(struct block_device *bdev);

struct bcache_stats {
	unsigned long buffers, max_buffers, dirty, hits, misses, evictions;
};
void bcache_get_stats(struct bcache_stats *st);

#endif /* SLUICE_FS_BUFFER_H */
