/*
 * drivers/blk.h - the block layer: bios, requests, request queues.
 *
 * Anything that wants sectors read or written (the buffer cache, /dev/vda,
 * O_DIRECT, later ext2 and io_uring) builds a struct bio: an operation, a
 * start sector and a list of segments given by device (physical) address,
 * so kernel buffers and pinned user pages look the same.  submit_bio()
 * hands it to the device's request queue, which
 *
 *   1. merges it into a queued request when the sectors are adjacent
 *      (same operation, segment and size limits permitting),
 *   2. otherwise wraps it in a new struct request and gives it to the
 *      elevator, which decides the dispatch order (noop: FIFO; cscan:
 *      ascending sector order, wrapping around),
 *   3. dispatches requests to the driver while the driver has room, and
 *      tells the driver to notify the device once per batch.
 *
 * While a task holds a plug (blk_start_plug/blk_finish_plug), its bios
 * collect on the plug instead and go to the queue together when it is
 * released: one merge pass, one notify.  The driver completes a request
 * from its bottom half with blk_complete_request(), which ends each bio
 * (bio->end_io) and dispatches more.  submit_bio_wait() sleeps on a wait
 * queue until its bio ends; nothing busy-waits.
 *
 * Locks: q->lock (interrupts off) protects the queue, the elevator, the
 * driver's dispatch state and the statistics.  bio->end_io runs without it.
 */
#ifndef SLUICE_DRIVERS_BLK_H
#define SLUICE_DRIVERS_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/spinlock.h"

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1u << SECTOR_SHIFT)

#define BIO_MAX_SEGS	80   /* 256 KiB of unaligned user pages and then some */
#define BLK_MAX_SECTORS 2048 /* 1 MiB: the largest merged request */

enum req_op {
	REQ_OP_READ,
	REQ_OP_WRITE,
	REQ_OP_FLUSH, /* write back the device's volatile cache; no data */
};

/* One piece of memory the device reads or writes: physically contiguous. */
struct bio_seg {
	uint64_t addr; /* device (physical) address */
	uint32_t len;  /* bytes, a multiple of SECTOR_SIZE in total per bio */
};

struct bio;
struct sluice_blkbench;
typedef void (*bio_end_io_t)(struct bio *bio);

struct bio {
	struct block_device *bdev;
	enum req_op op;
	uint64_t sector;     /* first sector (512 bytes) */
	uint32_t size;	     /* bytes, sum of segs[].len */
	unsigned nr_segs;    /* used entries of segs[] */
	int status;	     /* set before end_io: 0 or -EIO */
	bio_end_io_t end_io; /* called once, from any context, no locks held */
	void *private;	     /* for end_io */
	struct bio *next;    /* [q->lock] next bio of the same request/plug */
	struct bio_seg segs[BIO_MAX_SEGS];
};

/*
 * A request: one or more bios covering adjacent sectors, sent to the
 * device as one command.  Allocated by the block layer; the driver keeps
 * its per-command state (header, status byte) in driver_data, which lives
 * as long as the request, so the device never writes into freed memory.
 */
struct request {
	struct request_queue *q;
	enum req_op op;
	uint64_t sector;	    /* first sector */
	uint32_t nr_sectors;	    /* total length in sectors */
	unsigned nr_segs;	    /* segments over all bios */
	struct bio *bio, *biotail;  /* the bios, in sector order */
	struct list_head queuelist; /* [q->lock] elevator or plug list */
	uint64_t start_ns;	    /* when it was queued (for diskstats) */
	uint64_t fifo_time;	    /* rises with each add(): elevators order
					ties and find the oldest by it */
	void *driver_data;	    /* the driver's per-command state */
	int status;		    /* the driver's result, until completion */
};

/*
 * An elevator keeps requests between submission and dispatch and decides
 * their order.  All callbacks run with q->lock held.
 */
struct elevator_type {
	const char *name;
	void *(*init)(void);	  /* private state; NULL on no memory */
	void (*exit)(void *data); /* called only when empty */
	void (*add)(void *data, struct request *rq);
	struct request *(*dispatch)(void *data); /* remove and return next */
	/*
	 * A queued request of @op that ends at @sector, so a bio starting
	 * there can be added at its end, or NULL.  Never one queued before
	 * a flush.
	 */
	struct request *(*find_back_merge)(void *data, enum req_op op,
					   uint64_t sector);
	/* @rq grew: re-sort it if the elevator cares. */
	void (*merged)(void *data, struct request *rq);
	bool (*empty)(void *data);
};

/* The elevator new queues start with (boot argument sluice.elevator=). */
extern const char *blk_default_elevator;

extern const struct elevator_type elevator_noop;
extern const struct elevator_type elevator_cscan;
const struct elevator_type *elevator_find(const char *name);

/* What a driver provides.  Called with q->lock held. */
struct blk_driver_ops {
	/* Take @rq to the device; 0, or -EBUSY when full (try later). */
	int (*queue_rq)(struct request_queue *q, struct request *rq);
	/* Notify the device of what queue_rq() added (once per batch). */
	void (*commit)(struct request_queue *q);
	/*
	 * Optional, for polled completion (io_uring IOPOLL): complete what
	 * the device has finished, as the bottom half would, now.  With
	 * @spin the poller comes back soon, so the device need not
	 * interrupt meanwhile; the poller's last call has @spin false.
	 * Process context, q->lock NOT held.  Returns requests completed.
	 */
	int (*poll)(struct request_queue *q, bool spin);
};

/* The counters /proc/diskstats shows, as Linux names them. */
struct disk_stats {
	uint64_t ios[2];	/* completed reads, writes */
	uint64_t merges[2];	/* bios merged into a queued request */
	uint64_t sectors[2];	/* sectors read, written */
	uint64_t ticks_ms[2];	/* ms spent by requests, by direction */
	uint64_t flushes;	/* completed flush requests */
	uint64_t errors;	/* requests that ended with -EIO */
	uint64_t io_ticks_ms;	/* ms with at least one request in flight */
	uint64_t busy_since_ns; /* when in_flight last went above 0 */
	uint64_t notifies;	/* commit() calls that followed dispatch */
};

struct request_queue {
	struct spinlock lock;
	const struct blk_driver_ops *ops;
	void *driver;			 /* [I] the driver's device */
	const struct elevator_type *elv; /* [lock] */
	void *elv_data;			 /* [lock] */
	unsigned max_segs;		 /* [I] per request */
	uint32_t max_sectors;		 /* [I] per request */
	struct request *requeue;	 /* [lock] refused by the driver */
	bool stopped;			 /* [lock] hold requests back */
	unsigned queued;		 /* [lock] requests in the elevator */
	unsigned in_flight;		 /* [lock] dispatched, not completed */
	uint64_t fifo_seq;		 /* [lock] next fifo_time */
	struct disk_stats stats;	 /* [lock] */
};

struct block_device {
	char name[16]; /* "vda" */
	unsigned major, minor;
	uint64_t nr_sectors; /* capacity */
	unsigned block_size; /* logical block size in bytes */
	bool has_flush;	     /* a volatile write cache to flush */
	bool read_only;
	struct request_queue *queue;
	/* The driver's polled in-kernel benchmark (SLUICE_BLKBENCH), or NULL. */
	long (*bench)(struct block_device *bdev, struct sluice_blkbench *b);
	struct list_head node; /* [blk_devices_lock] */
};

struct blk_plug {
	struct list_head requests; /* built while plugged */
	struct request_queue *q;   /* the one queue they are for */
};

/* Make @q for a driver; @elevator names the initial elevator. */
int blk_queue_init(struct request_queue *q, const struct blk_driver_ops *ops,
		   void *driver, unsigned max_segs, const char *elevator);
int blk_register(struct block_device *bdev);
struct block_device *blk_lookup(const char *name);
struct block_device *blk_lookup_devt(unsigned major, unsigned minor);
/* For each registered device in registration order (procfs). */
struct block_device *blk_next(struct block_device *prev);

struct bio *bio_alloc(void); /* zeroed but segs[], or NULL */
void bio_free(struct bio *bio);
/* Append [addr, addr+len) to @bio, split at page boundaries; -E2BIG if full. */
int bio_add_kernel(struct bio *bio, const void *addr, uint32_t len);
int bio_add_phys(struct bio *bio, uint64_t pa, uint32_t len);

/* Queue @bio; its end_io is called when it is done (maybe already). */
void submit_bio(struct bio *bio);
/* Submit and sleep until done; returns bio->status. */
int submit_bio_wait(struct bio *bio);
/* Read or write @len bytes at byte offset @pos with a kernel buffer. */
int blk_rw_kernel(struct block_device *bdev, enum req_op op, uint64_t pos,
		  void *buf, size_t len);
int blk_flush(struct block_device *bdev);

void blk_start_plug(struct blk_plug *plug);
void blk_finish_plug(struct blk_plug *plug);
/*
 * Send what @plug collected so far and keep plugging.  schedule() calls
 * it for a task about to sleep: whatever it waits for may be one of its
 * own plugged bios.
 */
void blk_flush_plug(struct blk_plug *plug);

/* Hold requests in the elevator / let them go (self-tests, draining). */
void blk_stop_queue(struct request_queue *q);
void blk_start_queue(struct request_queue *q);
/* Driver side: dispatch queued requests (e.g. after completions). */
void blk_run_queue(struct request_queue *q);
/*
 * Complete what @q's device has finished without waiting for its
 * interrupt; the number of requests completed, or -EOPNOTSUPP if the
 * driver cannot poll.  @spin: the caller polls again soon and will end
 * with a call without @spin (blk_driver_ops.poll).  Process context.
 */
int blk_poll(struct request_queue *q, bool spin);
/* Driver side, q->lock not held: @rq is done with @status (0 or -EIO). */
void blk_complete_request(struct request *rq, int status);

/* Elevator switching: 0, -EINVAL for an unknown name, -EBUSY never. */
int blk_set_elevator(struct request_queue *q, const char *name);
const char *blk_elevator_name(struct request_queue *q);
void blk_get_stats(struct request_queue *q, struct disk_stats *st,
		   unsigned *in_flight);

#endif /* SLUICE_DRIVERS_BLK_H */
