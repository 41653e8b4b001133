/*
 * drivers/virtio_blk.c - the virtio block device (virtio 1.x section
 * "Block Device"), behind the block layer (drivers/blk.h).
 *
 * A request goes to the device as one descriptor chain:
 *
 *   [ header: type, sector ]  device reads
 *   [ data segment ] ...      device reads (write) or writes (read)
 *   [ status byte ]           device writes: OK, IOERR or UNSUPP
 *
 * Header and status byte live in a struct vblk_cmd taken from a pool the
 * driver allocates once per device, never on a stack: the device may
 * write the status byte long after the submitter's function returned.  A
 * command goes back to the pool only after the device handed it back in
 * the used ring.
 *
 * Completion: the device raises its PLIC line.  The top half
 * (vblk_interrupt) reads InterruptStatus, writes the same bits to
 * InterruptACK and raises SOFTIRQ_BLOCK; nothing else.  The bottom half
 * (vblk_softirq) reaps the used ring, then re-enables callbacks and
 * looks again, because a completion can land after the last reap but
 * before the device sees that we want to be told: that one would raise
 * no interrupt and sit in the ring forever.  Acknowledging before
 * reaping covers the other side: a completion after the ACK raises a new
 * interrupt.  Reaped requests are completed (bio end_io: wake the
 * sleeper) with no lock held, then the queue is run to refill the ring.
 * Under load the bottom half asks for the next interrupt only after
 * three quarters of the commands the device still holds are done
 * (virtqueue_enable_cb_delayed): one interrupt per batch, not per request.
 *
 * Locks: q->lock (the request queue's) protects the virtqueue, the
 * command pool and bench_mode; the pending flag is atomic.
 */
#include "drivers/virtio.h"

#include <uapi/errno.h>
#include <uapi/sluice.h>

#include "drivers/blk.h"
#include "kernel/compiler.h"
#include "kernel/irq.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/printf.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/softirq.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/wait.h"

/* Feature bits, virtio 1.x "Feature bits" of the block device. */
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* Configuration space offsets. */
#define VIRTIO_BLK_CFG_CAPACITY 0  /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SEG_MAX	12 /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE 20 /* le32 */

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4

#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VBLK_MAJOR		254 /* what Linux's virtblk usually gets */
#define VBLK_MINORS		16  /* minors per disk, as Linux */
#define VBLK_QUEUE_SIZE		256
#define VBLK_MAX_DEVICES	8
#define VBLK_BENCH_MAX_QD	64

struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* One command's device-visible state; 64-byte aligned, so never split. */
struct vblk_cmd {
	struct virtio_blk_req_hdr hdr; /* device reads */
	uint8_t status;		       /* device writes */
	struct request *rq;	       /* NULL for a bench command */
	struct vblk_cmd *next_free;
	unsigned bench_slot; /* a bench command's buffer */
} __aligned(64);

struct vblk {
	struct virtio_device *vdev;
	struct virtqueue vq; /* [q.lock] */
	struct request_queue q;
	struct block_device bdev;
	struct vblk_cmd *cmds;	    /* [I] the pool, vq.num entries */
	unsigned cmds_order;	    /* [I] its page order */
	struct vblk_cmd *free_cmds; /* [q.lock] */
	unsigned cmds_busy;	    /* [q.lock] commands the device holds */
	struct virtq_seg *segs;	    /* [q.lock] scratch for queue_rq */
	unsigned max_segs;	    /* [I] data segments per request */
	bool bench_mode;	    /* [q.lock] the bench owns the ring */
	int pending;		    /* [a] interrupt seen, reap due */
};

static struct vblk *vblks[VBLK_MAX_DEVICES]; /* [I] after probe */
static int nvblk;

static struct vblk_cmd *
cmd_get(struct vblk *vb)
{
	struct vblk_cmd *c = vb->free_cmds;

	if (c) {
		vb->free_cmds = c->next_free;
		vb->cmds_busy++;
	}
	return c;
}

static void
cmd_put(struct vblk *vb, struct vblk_cmd *c)
{
	c->rq = NULL;
	c->next_free = vb->free_cmds;
	vb->free_cmds = c;
	vb->cmds_busy--;
}

static uint32_t
req_type(enum req_op op)
{
	switch (op) {
	case REQ_OP_READ:
		return VIRTIO_BLK_T_IN;
	case REQ_OP_WRITE:
		return VIRTIO_BLK_T_OUT;
	case REQ_OP_FLUSH:
	default:
		return VIRTIO_BLK_T_FLUSH;
	}
}

/* Put one command on the ring: header, @data segments, status byte. */
static int
vblk_add(struct vblk *vb, struct vblk_cmd *c, enum req_op op, uint64_t sector,
	 unsigned ndata)
{
	bool in = op == REQ_OP_READ;
	struct virtq_seg *s = vb->segs;

	c->hdr.type = req_type(op);
	c->hdr.reserved = 0;
	c->hdr.sector = op == REQ_OP_FLUSH ? 0 : sector;
	c->status = 0xff; /* anything the device did not write is an error */
	s[0] =
	    (struct virtq_seg){ virt_to_phys(&c->hdr), sizeof(c->hdr), false };
	for (unsigned i = 1; i <= ndata; i++)
		s[i].write = in;
	s[ndata + 1] = (struct virtq_seg){ virt_to_phys(&c->status), 1, true };
	/* Device-readable segments first, then device-writable ones. */
	return virtqueue_add(&vb->vq, s, in ? 1 : ndata + 1, in ? ndata + 1 : 1,
			     c);
}

static int
vblk_queue_rq(struct request_queue *q, struct request *rq)
{
	struct vblk *vb = q->driver;
	struct vblk_cmd *c;
	unsigned n = 0;

	if (vb->bench_mode || !(c = cmd_get(vb)))
		return -EBUSY;
	for (struct bio *bio = rq->bio; bio; bio = bio->next)
		for (unsigned i = 0; i < bio->nr_segs; i++, n++)
			vb->segs[1 + n] =
			    (struct virtq_seg){ bio->segs[i].addr,
						bio->segs[i].len, false };
	if (vblk_add(vb, c, rq->op, rq->sector, n)) {
		cmd_put(vb, c);
		return -EBUSY;
	}
	c->rq = rq;
	rq->driver_data = c;
	return 0;
}

static void
vblk_commit(struct request_queue *q)
{
	struct vblk *vb = q->driver;

	if (virtqueue_kick_prepare(&vb->vq))
		virtio_notify(vb->vdev, 0);
}

/* Top half: acknowledge, leave the rest to the bottom half. */
static void
vblk_interrupt(int irq, void *dev)
{
	struct vblk *vb = dev;
	uint32_t status = virtio_ack_interrupt(vb->vdev);

	(void)irq;
	if (status & VIRTIO_INT_CONFIG)
		printk("%s: configuration changed (ignored)\n", vb->bdev.name);
	if (status & VIRTIO_INT_USED) {
		__atomic_store_n(&vb->pending, 1, __ATOMIC_RELEASE);
		raise_softirq(SOFTIRQ_BLOCK);
	}
}

/*
 * Collect every finished request of @vb on @done.  @rearm: ask for the
 * next interrupt and look once more (the bottom half); else leave the
 * interrupt off (a poller that will come back).  q.lock held.
 */
static void
vblk_reap_locked(struct vblk *vb, struct list_head *done, bool rearm)
{
	struct vblk_cmd *c;
	uint32_t len;

	do {
		virtqueue_disable_cb(&vb->vq);
		while ((c = virtqueue_get_buf(&vb->vq, &len))) {
			struct request *rq = c->rq;

			rq->status = c->status == VIRTIO_BLK_S_OK ? 0 : -EIO;
			if (c->status != VIRTIO_BLK_S_OK)
				printk("%s: %s of sector %lu failed (status "
				       "%u)\n",
				       vb->bdev.name,
				       rq->op == REQ_OP_WRITE  ? "write"
				       : rq->op == REQ_OP_READ ? "read"
							       : "flush",
				       (unsigned long)rq->sector, c->status);
			cmd_put(vb, c);
			list_add_tail(&rq->queuelist, done);
		}
	} while (rearm && !virtqueue_enable_cb_delayed(&vb->vq, vb->cmds_busy));
}

/* Reap, complete, refill: the bottom half's work.  Requests completed. */
static int
vblk_process(struct vblk *vb, bool rearm)
{
	struct list_head done = LIST_HEAD_INIT(done);
	struct request *rq, *tmp;
	int n = 0;

	spin_lock(&vb->q.lock);
	if (vb->bench_mode) {
		spin_unlock(&vb->q.lock); /* the bench reaps for itself */
		return 0;
	}
	vblk_reap_locked(vb, &done, rearm);
	spin_unlock(&vb->q.lock);
	list_for_each_entry_safe (rq, tmp, &done, queuelist) {
		list_del(&rq->queuelist);
		blk_complete_request(rq, rq->status);
		n++;
	}
	blk_run_queue(&vb->q);
	return n;
}

/*
 * Polled completion (io_uring IOPOLL): the bottom half's work, done by
 * the polling task.  While it @spins the interrupt stays off -- it reaps
 * everyone's requests -- and its last call turns it back on.
 */
static int
vblk_poll(struct request_queue *q, bool spin)
{
	return vblk_process(q->driver, !spin);
}

static const struct blk_driver_ops vblk_ops = {
	.queue_rq = vblk_queue_rq,
	.commit = vblk_commit,
	.poll = vblk_poll,
};

/* Bottom half, SOFTIRQ_BLOCK: interrupts on, no sleeping. */
static void
vblk_softirq(void)
{
	for (int i = 0; i < nvblk; i++)
		if (__atomic_exchange_n(&vblks[i]->pending, 0,
					__ATOMIC_ACQUIRE))
			vblk_process(vblks[i], true);
}

/*
 * The ceiling for `make bench`: reads straight on the ring, polled, no
 * block layer, no copies, no interrupts.  Each read in flight has a
 * buffer of its own, as in user space (b->one_buffer: all share one,
 * which stays in the host's caches).  The block layer's queue is drained
 * first and held off meanwhile.
 */
static long
vblk_bench(struct block_device *bdev, struct sluice_blkbench *b)
{
	struct vblk *vb = container_of(bdev, struct vblk, bdev);
	uint64_t span, nblocks, issued = 0, completed = 0, next = 0;
	unsigned inflight = 0, order;
	unsigned nbufs, free_slots[VBLK_BENCH_MAX_QD], nfree = 0;
	void *bufs[VBLK_BENCH_MAX_QD];
	uint64_t t0;
	long err = 0;

	if (b->op != 0 || b->block_size == 0 || b->block_size % SECTOR_SIZE ||
	    b->block_size > PAGE_SIZE << 6 || b->queue_depth == 0 ||
	    b->queue_depth > vb->vq.num / 2 ||
	    b->queue_depth > VBLK_BENCH_MAX_QD || b->requests == 0 ||
	    (b->flags & ~SLUICE_BLKBENCH_ONE_BUFFER))
		return -EINVAL;
	span = b->span_bytes ? b->span_bytes : bdev->nr_sectors << SECTOR_SHIFT;
	if (span > bdev->nr_sectors << SECTOR_SHIFT || span < b->block_size)
		return -EINVAL;
	nblocks = span / b->block_size;
	order = page_order(b->block_size);
	nbufs = b->flags & SLUICE_BLKBENCH_ONE_BUFFER ? 1 : b->queue_depth;
	for (unsigned i = 0; i < nbufs; i++) {
		bufs[i] = page_alloc(order);
		if (!bufs[i]) {
			while (i--)
				page_free(bufs[i], order);
			return -ENOMEM;
		}
	}
	for (unsigned i = 0; i < b->queue_depth; i++)
		free_slots[nfree++] = i;

	/* Drain: stop dispatch, wait for what is in flight. */
	spin_lock(&vb->q.lock);
	vb->bench_mode = true;
	while (vb->q.in_flight) {
		spin_unlock(&vb->q.lock);
		schedule_timeout(1);
		spin_lock(&vb->q.lock);
	}
	virtqueue_disable_cb(&vb->vq);
	spin_unlock(&vb->q.lock);

	t0 = time_now_ns();
	while (completed < b->requests && !err) {
		struct vblk_cmd *c;
		uint32_t len;

		spin_lock(&vb->q.lock);
		while (inflight < b->queue_depth && issued < b->requests) {
			uint64_t blk = b->random ? random_u64() % nblocks
						 : next++ % nblocks;

			c = cmd_get(vb);
			if (!c)
				break;
			c->bench_slot = free_slots[--nfree];
			vb->segs[1] = (struct virtq_seg){
				virt_to_phys(bufs[c->bench_slot % nbufs]),
				b->block_size, true
			};
			if (vblk_add(vb, c, REQ_OP_READ,
				     blk * (b->block_size / SECTOR_SIZE), 1)) {
				free_slots[nfree++] = c->bench_slot;
				cmd_put(vb, c);
				break;
			}
			inflight++;
			issued++;
		}
		if (virtqueue_kick_prepare(&vb->vq))
			virtio_notify(vb->vdev, 0);
		while ((c = virtqueue_get_buf(&vb->vq, &len))) {
			if (c->status != VIRTIO_BLK_S_OK)
				err = -EIO;
			free_slots[nfree++] = c->bench_slot;
			cmd_put(vb, c);
			inflight--;
			completed++;
		}
		spin_unlock(&vb->q.lock);
	}
	b->elapsed_ns = time_now_ns() - t0;

	/* An error stops issuing; collect what is still out, then resume. */
	spin_lock(&vb->q.lock);
	while (inflight) {
		struct vblk_cmd *c;
		uint32_t len;

		while ((c = virtqueue_get_buf(&vb->vq, &len))) {
			cmd_put(vb, c);
			inflight--;
		}
	}
	vb->bench_mode = false;
	spin_unlock(&vb->q.lock);
	__atomic_store_n(&vb->pending, 1, __ATOMIC_RELEASE);
	vblk_process(vb, true); /* re-enables callbacks, runs the queue */
	for (unsigned i = 0; i < nbufs; i++)
		page_free(bufs[i], order);
	return err;
}

static int
vblk_probe(struct virtio_device *vdev)
{
	uint64_t wanted =
	    1ULL << VIRTIO_BLK_F_SEG_MAX | 1ULL << VIRTIO_BLK_F_RO |
	    1ULL << VIRTIO_BLK_F_BLK_SIZE | 1ULL << VIRTIO_BLK_F_FLUSH |
	    1ULL << VIRTIO_RING_F_EVENT_IDX |
	    1ULL << VIRTIO_RING_F_INDIRECT_DESC;
	struct vblk *vb;
	unsigned num;
	int err;

	if (nvblk == VBLK_MAX_DEVICES)
		return -ENOSPC;
	err = virtio_negotiate(vdev, wanted);
	if (err)
		return err;
	vb = kzalloc(sizeof(*vb));
	if (!vb)
		return -ENOMEM;
	vb->vdev = vdev;
	err = virtio_setup_vq(vdev, 0, VBLK_QUEUE_SIZE, &vb->vq);
	if (err)
		goto fail;
	num = vb->vq.num;

	/* Data segments per request: what one chain or table can hold. */
	vb->max_segs = (virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)
			    ? VIRTIO_INDIRECT_MAX
			    : num) -
		       2;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t seg_max =
		    virtio_config_read32(vdev, VIRTIO_BLK_CFG_SEG_MAX);

		if (seg_max && seg_max < vb->max_segs)
			vb->max_segs = seg_max;
	}
	err = -ENOMEM;
	vb->cmds_order = page_order(num * sizeof(struct vblk_cmd));
	vb->cmds = page_alloc_zeroed(vb->cmds_order);
	vb->segs = kmalloc((vb->max_segs + 2) * sizeof(struct virtq_seg));
	if (!vb->cmds || !vb->segs)
		goto fail;
	for (unsigned i = 0; i < num; i++)
		cmd_put(vb, &vb->cmds[i]);
	vb->cmds_busy = 0;

	ksnprintf(vb->bdev.name, sizeof(vb->bdev.name), "vd%c", 'a' + nvblk);
	vb->bdev.major = VBLK_MAJOR;
	vb->bdev.minor = (unsigned)nvblk * VBLK_MINORS;
	vb->bdev.nr_sectors =
	    virtio_config_read64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	vb->bdev.block_size =
	    virtio_has_feature(vdev, VIRTIO_BLK_F_BLK_SIZE)
		? virtio_config_read32(vdev, VIRTIO_BLK_CFG_BLK_SIZE)
		: SECTOR_SIZE;
	vb->bdev.has_flush = virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH);
	vb->bdev.read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	vb->bdev.queue = &vb->q;
	vb->bdev.bench = vblk_bench;
	err = blk_queue_init(&vb->q, &vblk_ops, vb, vb->max_segs,
			     blk_default_elevator);
	if (err)
		goto fail;
	err = request_irq(vdev->irq, vblk_interrupt, "virtio-blk", vb);
	if (err)
		goto fail;
	if (nvblk == 0)
		open_softirq(SOFTIRQ_BLOCK, vblk_softirq, "BLOCK");
	vdev->priv = vb;
	virtio_driver_ok(vdev);
	vblks[nvblk++] = vb;
	printk("%s: virtio%u irq %d, queue %u, %u segments, features "
	       "%s%s%s%s\n",
	       vb->bdev.name, vdev->slot, vdev->irq, num, vb->max_segs,
	       virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX) ? "event_idx "
								 : "",
	       virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)
		   ? "indirect "
		   : "",
	       vb->bdev.has_flush ? "flush " : "",
	       vb->bdev.read_only ? "ro" : "rw");
	return blk_register(&vb->bdev);
fail:
	/* The rings stay allocated: a failed device is reset, not reused. */
	if (vb->cmds)
		page_free(vb->cmds, vb->cmds_order);
	kfree(vb->segs);
	kfree(vb);
	return err;
}

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.probe = vblk_probe,
};
