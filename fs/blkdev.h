/*
 * fs/blkdev.h - open a block device as a file (fs/blkdev.c).
 */
#ifndef SLUICE_FS_BLKDEV_H
#define SLUICE_FS_BLKDEV_H

struct block_device;
struct file;

/* A new file on @bdev with open flags @flags, or NULL (no memory). */
struct file *blkdev_open(struct block_device *bdev, unsigned flags);

#endif /* SLUICE_FS_BLKDEV_H */
