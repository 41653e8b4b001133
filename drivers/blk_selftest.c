/*
 * drivers/blk_selftest.c - in-kernel checks of the block layer on the
 * first block device, run with the other self-tests (`sluice.selftest`).
 * They write near the end of the disk: boot them on a scratch image.
 *
 *   - plugging: eight adjacent 4 KiB writes under one plug leave as one
 *     request and one notify, and read back intact;
 *   - a bio that runs past the end fails whole with -EIO, nothing written;
 *   - a flush succeeds;
 *   - switching the elevator while requests wait in it (queue stopped)
 *     loses none.
 */
#include <uapi/errno.h>

#include "drivers/blk.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include "kernel/string.h"
#include "kernel/wait.h"

#define NBIO 8
#define BS   4096

struct batch {
	struct wait_queue_head wq;
	int left;   /* [wq.lock] */
	int errors; /* [wq.lock] */
};

static void
batch_end_io(struct bio *bio)
{
	struct batch *b = bio->private;

	/* Wake under the lock: the waiter's frame may go once it is free. */
	spin_lock(&b->wq.lock);
	b->errors += bio->status != 0;
	if (--b->left == 0)
		__wake_up_locked(&b->wq, 1u << TASK_UNINTERRUPTIBLE, 0, NULL);
	spin_unlock(&b->wq.lock);
}

/* Submit NBIO adjacent bios of BS bytes from @buf at @sector, wait. */
static int
run_batch(struct block_device *bdev, enum req_op op, uint64_t sector, char *buf,
	  bool plugged, struct bio **bios)
{
	struct batch b = { .left = NBIO, .errors = 0 };
	struct blk_plug plug;

	init_waitqueue_head(&b.wq, "blk_selftest");
	if (plugged)
		blk_start_plug(&plug);
	for (int i = 0; i < NBIO; i++) {
		memset(bios[i], 0, sizeof(*bios[i]));
		bios[i]->bdev = bdev;
		bios[i]->op = op;
		bios[i]->sector = sector + (uint64_t)i * (BS / SECTOR_SIZE);
		bio_add_kernel(bios[i], buf + i * BS, BS);
		bios[i]->end_io = batch_end_io;
		bios[i]->private = &b;
		submit_bio(bios[i]);
	}
	if (plugged)
		blk_finish_plug(&plug);
	wait_event(b.wq, READ_ONCE(b.left) == 0);
	spin_lock(&b.wq.lock); /* the last end_io may still be in wake_up */
	spin_unlock(&b.wq.lock);
	return b.errors;
}

static int
check_plug_merge(struct block_device *bdev, char *buf, char *back,
		 struct bio **bios)
{
	uint64_t sector = bdev->nr_sectors - 64 - NBIO * (BS / SECTOR_SIZE);
	struct disk_stats before, after;
	unsigned inflight;
	int errors, ok;

	for (int i = 0; i < NBIO * BS; i++)
		buf[i] = (char)(i * 7 + i / BS);
	blk_get_stats(bdev->queue, &before, &inflight);
	errors = run_batch(bdev, REQ_OP_WRITE, sector, buf, true, bios);
	blk_get_stats(bdev->queue, &after, &inflight);
	ok = errors == 0 && after.ios[1] - before.ios[1] == 1 &&
	     after.merges[1] - before.merges[1] == NBIO - 1 &&
	     after.notifies - before.notifies == 1;
	printk("selftest: plugged writes merge: %lu request(s), %lu merges, "
	       "%lu notify\n",
	       (unsigned long)(after.ios[1] - before.ios[1]),
	       (unsigned long)(after.merges[1] - before.merges[1]),
	       (unsigned long)(after.notifies - before.notifies));
	memset(back, 0, NBIO * BS);
	ok = ok &&
	     blk_rw_kernel(bdev, REQ_OP_READ, sector * SECTOR_SIZE, back,
			   NBIO * BS) == 0 &&
	     memcmp(buf, back, NBIO * BS) == 0;
	return selftest_verdict("block: one plug, one request, data intact", ok,
				errors);
}

static int
check_out_of_range(struct block_device *bdev, char *buf, char *back)
{
	uint64_t last = bdev->nr_sectors - 4; /* 4 sectors before the end */
	int err, ok;

	blk_rw_kernel(bdev, REQ_OP_READ, last * SECTOR_SIZE, back,
		      4 * SECTOR_SIZE);
	memset(buf, 0x5a, BS);
	err = blk_rw_kernel(bdev, REQ_OP_WRITE, last * SECTOR_SIZE, buf, BS);
	memset(buf, 0, BS);
	ok = err == -EIO &&
	     blk_rw_kernel(bdev, REQ_OP_READ, last * SECTOR_SIZE, buf,
			   4 * SECTOR_SIZE) == 0 &&
	     memcmp(buf, back, 4 * SECTOR_SIZE) == 0;
	return selftest_verdict("block: write past the end is -EIO, nothing "
				"written",
				ok, err);
}

static int
check_elevator_switch(struct block_device *bdev, char *buf, struct bio **bios)
{
	const char *was = blk_elevator_name(bdev->queue);
	const char *other = was[0] == 'n' ? "cscan" : "noop";
	struct batch b = { .left = NBIO, .errors = 0 };
	unsigned queued;
	int ok;

	init_waitqueue_head(&b.wq, "blk_selftest");
	blk_stop_queue(bdev->queue);
	for (int i = 0; i < NBIO; i++) {
		memset(bios[i], 0, sizeof(*bios[i]));
		bios[i]->bdev = bdev;
		bios[i]->op = REQ_OP_READ;
		bios[i]->sector = (uint64_t)(NBIO - i) * 64;
		bio_add_kernel(bios[i], buf + i * BS, BS);
		bios[i]->end_io = batch_end_io;
		bios[i]->private = &b;
		submit_bio(bios[i]);
	}
	queued = READ_ONCE(bdev->queue->queued);
	blk_set_elevator(bdev->queue, other);
	blk_start_queue(bdev->queue);
	wait_event(b.wq, READ_ONCE(b.left) == 0);
	spin_lock(&b.wq.lock);
	spin_unlock(&b.wq.lock);
	ok = b.errors == 0 && queued == NBIO &&
	     strcmp(blk_elevator_name(bdev->queue), other) == 0 &&
	     blk_set_elevator(bdev->queue, "no-such") == -EINVAL &&
	     blk_set_elevator(bdev->queue, was) == 0;
	return selftest_verdict("block: elevator switch with requests queued",
				ok, b.errors);
}

int
blk_selftest(void)
{
	struct block_device *bdev = blk_next(NULL);
	char *buf, *back;
	struct bio *bios[NBIO] = { 0 };
	int failed = 0;

	if (!bdev || bdev->nr_sectors < 1024 || bdev->read_only) {
		printk("selftest: block: no writable disk, skipped\n");
		return 0;
	}
	buf = kmalloc(NBIO * BS);
	back = kmalloc(NBIO * BS);
	for (int i = 0; i < NBIO; i++)
		bios[i] = bio_alloc();
	for (int i = 0; i < NBIO; i++)
		if (!bios[i])
			failed = 1;
	if (!buf || !back || failed) {
		failed = selftest_verdict("block: memory", 0, -ENOMEM);
		goto out;
	}
	failed += check_plug_merge(bdev, buf, back, bios);
	failed += check_out_of_range(bdev, buf, back);
	failed += selftest_verdict("block: flush", blk_flush(bdev) == 0, 0);
	failed += check_elevator_switch(bdev, buf, bios);
out:
	for (int i = 0; i < NBIO; i++)
		bio_free(bios[i]);
	kfree(buf);
	kfree(back);
	return failed;
}
