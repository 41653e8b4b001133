/*
 * fs/blkdev.h - open a block device as a file (fs/blkdev.c).
 */
#ifndef SLUICE_FS_BLKDEV_H
#define SLUICE_FS_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>

struct block_device;
struct file;

struct bio;
struct iovec;
struct mm;

/*
 * One O_DIRECT transfer in flight: bios over the current process's
 * pages.  ->done runs once, when the last bio has ended, from whatever
 * context ended it (often the block bottom half) with no lock held, and
 * gets the bytes transferred or -EIO; the dio is the caller's again then.
 */
struct dio {
	void (*done)(struct dio *dio, long res); /* set by the caller */
	struct mm *mm;				 /* pinned until done */
	int pending;	/* [a] bios out, plus one while submitting */
	int error;	/* [a] the first bio error */
	uint64_t bytes; /* bytes submitted */
};

/*
 * Start @dio: read or @write the user ranges @iov[0..@cnt) at byte @pos
 * of @bdev; a transfer crossing the end of the device is cut short there.
 * Returns the bytes submitted (0 at the end of the device) and ->done
 * follows -- the dio may be done and gone before this returns -- or,
 * with nothing submitted and no ->done: -EINVAL (a base, length or @pos not a multiple
 * of 512), -EFAULT (a range not mapped, or not writable for a read),
 * -ENOSPC (a write at or past the end), -EPERM (read-only device), -EIO
 * (cached data could not be written back first).
 */
long blkdev_dio_start(struct block_device *bdev, bool write,
		      const struct iovec *iov, unsigned cnt, uint64_t pos,
		      struct dio *dio);

/*
 * Add the current process's pages [uaddr, uaddr+len) to @bio for DMA
 * (@dev_writes: the device writes them, a read); -EFAULT if not mapped so.
 */
int bio_add_user(struct bio *bio, uint64_t uaddr, uint32_t len,
		 bool dev_writes);

/* A new file on @bdev with open flags @flags, or NULL (no memory). */
struct file *blkdev_open(struct block_device *bdev, unsigned flags);

#endif /* SLUICE_FS_BLKDEV_H */
