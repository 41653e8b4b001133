/*
 * drivers/blk.c - the block layer between whoever reads and writes
 * sectors and the disk drivers.  The big picture is in drivers/blk.h;
 * here are the mechanics:
 *
 *   submit_bio ──► plug list (task holds a plug) ─┐ blk_finish_plug
 *        │                                        ▼
 *        └──────► merge into a queued request, or new request ─► elevator
 *                                                                   │
 *   blk_run_queue: elevator->dispatch ─► driver->queue_rq ... commit │◄┘
 *
 *   driver bottom half ─► blk_complete_request ─► bio->end_io
 *
 * A request the driver refuses (-EBUSY: its ring is full) waits in
 * q->requeue and goes first next time, so the elevator's order holds.
 *
 * Locks: q->lock as described in blk.h; blk_devices_lock protects the
 * list of registered devices.
 */
#include "drivers/blk.h"

#include <uapi/errno.h>

#include "kernel/compiler.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/wait.h"

const char *blk_default_elevator = "cscan";

static struct spinlock blk_devices_lock = SPINLOCK_INIT("blk_devices");
static struct list_head blk_devices = LIST_HEAD_INIT(blk_devices);

/* ---- devices ---- */

int
blk_register(struct block_device *bdev)
{
	spin_lock(&blk_devices_lock);
	list_add_tail(&bdev->node, &blk_devices);
	spin_unlock(&blk_devices_lock);
	printk("%s: %lu sectors (%lu MiB), elevator %s\n", bdev->name,
	       (unsigned long)bdev->nr_sectors,
	       (unsigned long)(bdev->nr_sectors >> (20 - SECTOR_SHIFT)),
	       blk_elevator_name(bdev->queue));
	return 0;
}

struct block_device *
blk_next(struct block_device *prev)
{
	struct list_head *n;
	struct block_device *bdev = NULL;

	spin_lock(&blk_devices_lock);
	n = prev ? prev->node.next : blk_devices.next;
	if (n != &blk_devices)
		bdev = list_entry(n, struct block_device, node);
	spin_unlock(&blk_devices_lock);
	return bdev; /* devices are never unregistered */
}

struct block_device *
blk_lookup(const char *name)
{
	for (struct block_device *b = blk_next(NULL); b; b = blk_next(b))
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

struct block_device *
blk_lookup_devt(unsigned major, unsigned minor)
{
	for (struct block_device *b = blk_next(NULL); b; b = blk_next(b))
		if (b->major == major && b->minor == minor)
			return b;
	return NULL;
}

/* ---- bios ---- */

struct bio *
bio_alloc(void)
{
	struct bio *bio = kmalloc(sizeof(*bio));

	/* segs[] is filled as it is used: zeroing 1.3 KiB per bio is waste. */
	if (bio)
		memset(bio, 0, offsetof(struct bio, segs));
	return bio;
}

void
bio_free(struct bio *bio)
{
	kfree(bio);
}

int
bio_add_phys(struct bio *bio, uint64_t pa, uint32_t len)
{
	while (len) {
		uint32_t room = PAGE_SIZE - (pa & (PAGE_SIZE - 1));
		uint32_t n = len < room ? len : room;
		struct bio_seg *last =
		    bio->nr_segs ? &bio->segs[bio->nr_segs - 1] : NULL;

		/* Physically contiguous with the last segment: extend it. */
		if (last && last->addr + last->len == pa &&
		    last->len + n <= PAGE_SIZE * 64) {
			last->len += n;
		} else {
			if (bio->nr_segs == BIO_MAX_SEGS)
				return -E2BIG;
			bio->segs[bio->nr_segs++] =
			    (struct bio_seg){ .addr = pa, .len = n };
		}
		bio->size += n;
		pa += n;
		len -= n;
	}
	return 0;
}

int
bio_add_kernel(struct bio *bio, const void *addr, uint32_t len)
{
	return bio_add_phys(bio, virt_to_phys(addr), len);
}

/* ---- requests and the queue ---- */

int
blk_queue_init(struct request_queue *q, const struct blk_driver_ops *ops,
	       void *driver, unsigned max_segs, const char *elevator)
{
	const struct elevator_type *e = elevator_find(elevator);

	if (!e)
		e = &elevator_cscan;
	memset(q, 0, sizeof(*q));
	spin_lock_init(&q->lock, "request_queue");
	q->ops = ops;
	q->driver = driver;
	q->max_segs = max_segs;
	q->max_sectors = BLK_MAX_SECTORS;
	q->elv = e;
	q->elv_data = e->init();
	return q->elv_data ? 0 : -ENOMEM;
}

static unsigned
bio_sectors(const struct bio *bio)
{
	return bio->size >> SECTOR_SHIFT;
}

static struct request *
request_from_bio(struct request_queue *q, struct bio *bio)
{
	struct request *rq = kzalloc(sizeof(*rq));

	if (!rq)
		return NULL;
	rq->q = q;
	rq->op = bio->op;
	rq->sector = bio->sector;
	rq->nr_sectors = bio_sectors(bio);
	rq->nr_segs = bio->nr_segs;
	rq->bio = rq->biotail = bio;
	bio->next = NULL;
	list_init(&rq->queuelist);
	rq->start_ns = time_now_ns();
	return rq;
}

/* Can @bio go at the end of @rq as one device command? */
static bool
can_back_merge(const struct request_queue *q, const struct request *rq,
	       const struct bio *bio)
{
	return rq && rq->op == bio->op && bio->op != REQ_OP_FLUSH &&
	       rq->sector + rq->nr_sectors == bio->sector &&
	       rq->nr_sectors + bio_sectors(bio) <= q->max_sectors &&
	       rq->nr_segs + bio->nr_segs <= q->max_segs;
}

static void
back_merge(struct request *rq, struct bio *bio)
{
	bio->next = NULL;
	rq->biotail->next = bio;
	rq->biotail = bio;
	rq->nr_sectors += bio_sectors(bio);
	rq->nr_segs += bio->nr_segs;
}

static void
end_bio(struct bio *bio, int status)
{
	bio->status = status;
	bio->end_io(bio);
}

/* Hand requests to the driver while it takes them.  q->lock held. */
static void
dispatch_locked(struct request_queue *q)
{
	unsigned sent = 0;

	while (!q->stopped) {
		struct request *rq = q->requeue;

		if (!rq) {
			if (q->elv->empty(q->elv_data))
				break;
			rq = q->elv->dispatch(q->elv_data);
			q->queued--;
		}
		q->requeue = NULL;
		if (q->ops->queue_rq(q, rq) == -EBUSY) {
			q->requeue = rq;
			break;
		}
		if (q->in_flight++ == 0)
			q->stats.busy_since_ns = time_now_ns();
		sent++;
	}
	if (sent) {
		q->ops->commit(q);
		q->stats.notifies++;
	}
}

void
blk_stop_queue(struct request_queue *q)
{
	spin_lock(&q->lock);
	q->stopped = true;
	spin_unlock(&q->lock);
}

void
blk_start_queue(struct request_queue *q)
{
	spin_lock(&q->lock);
	q->stopped = false;
	dispatch_locked(q);
	spin_unlock(&q->lock);
}

void
blk_run_queue(struct request_queue *q)
{
	spin_lock(&q->lock);
	dispatch_locked(q);
	spin_unlock(&q->lock);
}

/* Add @bio to @q: merge or queue a new request.  q->lock held. */
static int
queue_bio_locked(struct request_queue *q, struct bio *bio)
{
	struct request *rq = NULL;

	if (bio->op != REQ_OP_FLUSH)
		rq = q->elv->find_back_merge(q->elv_data, bio->op, bio->sector);
	if (can_back_merge(q, rq, bio)) {
		back_merge(rq, bio);
		q->elv->merged(q->elv_data, rq);
		q->stats.merges[bio->op == REQ_OP_WRITE]++;
		return 0;
	}
	rq = request_from_bio(q, bio);
	if (!rq)
		return -ENOMEM;
	rq->fifo_time = q->fifo_seq++;
	q->elv->add(q->elv_data, rq);
	q->queued++;
	return 0;
}

static int
check_bio(const struct bio *bio)
{
	const struct block_device *bdev = bio->bdev;

	if (bio->op == REQ_OP_FLUSH)
		return bio->size ? -EINVAL : 0;
	if (bio->size == 0 || (bio->size & (SECTOR_SIZE - 1)))
		return -EINVAL;
	if (bio->op == REQ_OP_WRITE && bdev->read_only)
		return -EROFS;
	/* Past the end of the device: refused whole, nothing is written. */
	if (bio->sector > bdev->nr_sectors ||
	    bio_sectors(bio) > bdev->nr_sectors - bio->sector)
		return -EIO;
	return 0;
}

void
submit_bio(struct bio *bio)
{
	struct request_queue *q = bio->bdev->queue;
	struct blk_plug *plug = current_task()->plug;
	int err = check_bio(bio);

	if (err) {
		end_bio(bio, err);
		return;
	}
	if (plug && bio->op != REQ_OP_FLUSH && (!plug->q || plug->q == q)) {
		struct request *last =
		    list_empty(&plug->requests)
			? NULL
			: list_entry(plug->requests.prev, struct request,
				     queuelist);

		plug->q = q;
		if (can_back_merge(q, last, bio)) {
			back_merge(last, bio);
			spin_lock(&q->lock);
			q->stats.merges[bio->op == REQ_OP_WRITE]++;
			spin_unlock(&q->lock);
			return;
		}
		last = request_from_bio(q, bio);
		if (last) {
			list_add_tail(&last->queuelist, &plug->requests);
			return;
		}
		/* No memory for a request: fall through and try unplugged. */
	}
	spin_lock(&q->lock);
	err = queue_bio_locked(q, bio);
	if (!err)
		dispatch_locked(q);
	spin_unlock(&q->lock);
	if (err)
		end_bio(bio, err);
}

void
blk_start_plug(struct blk_plug *plug)
{
	struct task *t = current_task();

	list_init(&plug->requests);
	plug->q = NULL;
	if (!t->plug)
		t->plug = plug; /* nested plugs: the outermost one collects */
}

/*
 * Move the plugged requests to the elevator (they may still merge with
 * what is queued there), then dispatch them all with one notify.
 */
void
blk_flush_plug(struct blk_plug *plug)
{
	struct request_queue *q = plug->q;
	struct request *rq, *tmp;

	if (!q)
		return;
	spin_lock(&q->lock);
	list_for_each_entry_safe (rq, tmp, &plug->requests, queuelist) {
		list_del(&rq->queuelist);
		rq->fifo_time = q->fifo_seq++;
		q->elv->add(q->elv_data, rq);
		q->queued++;
	}
	dispatch_locked(q);
	spin_unlock(&q->lock);
}

void
blk_finish_plug(struct blk_plug *plug)
{
	if (current_task()->plug != plug)
		return;
	current_task()->plug = NULL;
	blk_flush_plug(plug);
}

int
blk_poll(struct request_queue *q, bool spin)
{
	return q->ops->poll ? q->ops->poll(q, spin) : -EOPNOTSUPP;
}

void
blk_complete_request(struct request *rq, int status)
{
	struct request_queue *q = rq->q;
	uint64_t now = time_now_ns();
	struct disk_stats *st = &q->stats;
	int dir = rq->op == REQ_OP_WRITE;
	struct bio *bio, *next;

	spin_lock(&q->lock);
	if (status) {
		st->errors++;
	} else if (rq->op == REQ_OP_FLUSH) {
		st->flushes++;
	} else {
		st->ios[dir]++;
		st->sectors[dir] += rq->nr_sectors;
	}
	st->ticks_ms[dir] += (now - rq->start_ns) / 1000000;
	if (--q->in_flight == 0)
		st->io_ticks_ms += (now - st->busy_since_ns) / 1000000;
	spin_unlock(&q->lock);

	for (bio = rq->bio; bio; bio = next) {
		next = bio->next; /* end_io may free the bio */
		end_bio(bio, status);
	}
	kfree(rq);
}

/* ---- waiting for a bio ---- */

static void
bio_wake(struct bio *bio)
{
	complete(bio->private);
}

/*
 * The completion lives in this stack frame, which is safe: the device
 * never sees it, and wait_for_completion() returns only once bio_wake()
 * has let go of it (kernel/wait.h).
 */
int
submit_bio_wait(struct bio *bio)
{
	struct completion done;

	init_completion(&done);
	/* cppcheck-suppress autoVariables ; see above */
	bio->private = &done;
	bio->end_io = bio_wake;
	submit_bio(bio);
	wait_for_completion(&done);
	return bio->status;
}

int
blk_rw_kernel(struct block_device *bdev, enum req_op op, uint64_t pos,
	      void *buf, size_t len)
{
	struct bio *bio = bio_alloc();
	int err = 0;

	if (!bio)
		return -ENOMEM;
	while (len && !err) {
		size_t chunk = len < 256 * 1024 ? len : 256 * 1024;

		memset(bio, 0, sizeof(*bio));
		bio->bdev = bdev;
		bio->op = op;
		bio->sector = pos >> SECTOR_SHIFT;
		err = (pos | chunk) & (SECTOR_SIZE - 1)
			  ? -EINVAL
			  : bio_add_kernel(bio, buf, (uint32_t)chunk);
		if (!err)
			err = submit_bio_wait(bio);
		pos += chunk;
		buf = (char *)buf + chunk;
		len -= chunk;
	}
	bio_free(bio);
	return err;
}

int
blk_flush(struct block_device *bdev)
{
	struct bio *bio;
	int err;

	if (!bdev->has_flush)
		return 0;
	bio = bio_alloc();
	if (!bio)
		return -ENOMEM;
	bio->bdev = bdev;
	bio->op = REQ_OP_FLUSH;
	err = submit_bio_wait(bio);
	bio_free(bio);
	return err;
}

/* ---- elevator switching and statistics ---- */

int
blk_set_elevator(struct request_queue *q, const char *name)
{
	const struct elevator_type *e = elevator_find(name);
	void *data;

	if (!e)
		return -EINVAL;
	data = e->init();
	if (!data)
		return -ENOMEM;
	spin_lock(&q->lock);
	/* Requests waiting in the old elevator move over, in its order. */
	while (!q->elv->empty(q->elv_data))
		e->add(data, q->elv->dispatch(q->elv_data));
	q->elv->exit(q->elv_data);
	q->elv = e;
	q->elv_data = data;
	spin_unlock(&q->lock);
	return 0;
}

const char *
blk_elevator_name(struct request_queue *q)
{
	return READ_ONCE(q->elv)->name;
}

void
blk_get_stats(struct request_queue *q, struct disk_stats *st,
	      unsigned *in_flight)
{
	spin_lock(&q->lock);
	*st = q->stats;
	*in_flight = q->in_flight;
	if (q->in_flight)
		st->io_ticks_ms +=
		    (time_now_ns() - st->busy_since_ns) / 1000000;
	spin_unlock(&q->lock);
}
