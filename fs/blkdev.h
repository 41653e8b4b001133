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

/*
 * Add the current process's pages [uaddr, uaddr+len) to @bio for DMA
 * (@dev_writes: the device writes them, a read); -EFAULT if not mapped so.
 */
int bio_add_user(struct bio *bio, uint64_t uaddr, uint32_t len,
		 bool dev_writes);

/* A new file on @bdev with open flags @flags, or NULL (no memory). */
struct file *blkdev_open(struct block_device *bdev, unsigned flags);

#endif /* SLUICE_FS_BLKDEV_H */
