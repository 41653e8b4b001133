/*
 * drivers/elevator.c - the two I/O schedulers ("elevators") a request
 * queue can use: noop and cscan.  The block layer (drivers/blk.c) gives
 * every new request to the queue's elevator and asks it for the next one
 * whenever the driver has room, so the device sees requests in the order
 * the elevator dispatches them.
 *
 * Why order matters: on a rotating disk most of a request's time is the
 * seek, the arm moving to the right track, and that grows with the
 * distance from the last request.  Serving requests sorted by sector, the
 * way a lift serves floors, cuts the total distance travelled.  On flash,
 * or a virtio disk backed by a host file, there is no arm and the sorting
 * buys little, so Sluice keeps both: "noop" is plain FIFO, the baseline
 * to compare against, and "cscan" sorts.  The SLUICE_BLKSETELV ioctl
 * switches a disk between them (Linux: /sys/block/vda/queue/scheduler,
 * where FIFO is called "none").
 *
 * C-SCAN (circular scan): the head only moves towards higher sectors.
 * The next request is the lowest-numbered one at or above the head (the
 * end of the last request dispatched); when none is left above it, the
 * head jumps back to the lowest queued sector and sweeps up again.  With
 * the head at 500 and requests queued at 100, 900, 300, 700 and 600:
 *
 *	sector:  0   100   300   500   600   700   900
 *	                         head   1     2     3     sweep up
 *	              4     5                             wrap, sweep up
 *
 * Plain SCAN would turn round at 900 and take 300 then 100; C-SCAN's
 * single direction gives the low sectors the same wait as the high ones.
 * Requests for the same sector keep their arrival order (fifo_time).
 *
 * Two rules bend the sort:
 *  - A flush is a barrier.  The requests queued before it are dispatched
 *    (in C-SCAN order), then the flush, then the requests queued after
 *    it; nothing crosses it, not even by merging.  So the queue is a
 *    series of batches separated by flushes, each sorted on its own.
 *  - The starvation guard.  A stream of requests just above the head can
 *    keep the sweep from ever wrapping.  Each dispatch that passes over
 *    the oldest request of the current batch counts one; after
 *    ELV_CSCAN_STARVE_LIMIT such dispatches the oldest goes next, and the
 *    count starts again for the new oldest.  So a request queued behind
 *    k older ones (flushes included) is dispatched within (k + 1) *
 *    (ELV_CSCAN_STARVE_LIMIT + 1) dispatches.  (Linux's deadline
 *    scheduler has the same guard with a time limit.)
 *
 * Both elevators find merge candidates and choose what to dispatch by
 * walking a list: O(n) in the number of queued requests, which is a few
 * dozen on Sluice.  A real kernel would use a tree or a hash by end sector.
 *
 * Locks: none inside.  The block layer calls every callback with q->lock
 * held, and that lock protects all elevator state and each request's
 * queuelist.  Everything here is pure C (no assembly, no kernel-only
 * code but kmalloc), so tests/unit/test_elevator.c runs it on the host.
 */
#include "drivers/elevator.h"

#include "drivers/blk.h"
#include "kernel/compiler.h"
#include "kernel/list.h"
#include "kernel/mm.h"

static struct request *
rq_of(struct list_head *n)
{
	return list_entry(n, struct request, queuelist);
}

static uint64_t
rq_end(const struct request *rq)
{
	return rq->sector + rq->nr_sectors;
}

static bool
rq_is_flush(const struct request *rq)
{
	return rq->op == REQ_OP_FLUSH;
}

/*
 * Returns the newest request of operation @op that ends at @sector,
 * searching back from the tail of @list, or NULL.  The search stops at
 * the first flush: merging a bio into a request queued before a flush
 * would move the bio's data ahead of the barrier.  (Both elevators keep
 * the requests queued since the last flush at the tail.)  A non-zero
 * @stop_below also stops it at a request starting more than that many
 * sectors below @sector: in cscan's sorted batches no request before
 * that one can reach @sector.
 */
static struct request *
find_back_merge_tail(struct list_head *list, enum req_op op, uint64_t sector,
		     uint64_t stop_below)
{
	struct list_head *n;

	if (op == REQ_OP_FLUSH)
		return NULL;
	for (n = list->prev; n != list; n = n->prev) {
		struct request *rq = rq_of(n);

		if (rq_is_flush(rq))
			break;
		if (stop_below && rq->sector + stop_below < sector)
			break;
		if (rq->op == op && rq_end(rq) == sector)
			return rq;
	}
	return NULL;
}

/* noop: first come, first served. */

struct noop_data {
	struct list_head fifo; /* [q->lock] queued requests, oldest first */
};

static void *
noop_init(void)
{
	struct noop_data *nd = kmalloc(sizeof(*nd));

	if (nd)
		list_init(&nd->fifo);
	return nd;
}

static void
noop_exit(void *data)
{
	kfree(data);
}

static void
noop_add(void *data, struct request *rq)
{
	struct noop_data *nd = data;

	list_add_tail(&rq->queuelist, &nd->fifo);
}

static struct request *
noop_dispatch(void *data)
{
	struct noop_data *nd = data;
	struct request *rq;

	if (list_empty(&nd->fifo))
		return NULL;
	rq = rq_of(nd->fifo.next);
	list_del(&rq->queuelist);
	return rq;
}

static struct request *
noop_find_back_merge(void *data, enum req_op op, uint64_t sector)
{
	struct noop_data *nd = data;

	return find_back_merge_tail(&nd->fifo, op, sector, 0);
}

static void
noop_merged(void *data, struct request *rq)
{
	(void)data;
	(void)rq;
}

static bool
noop_empty(void *data)
{
	struct noop_data *nd = data;

	return list_empty(&nd->fifo);
}

const struct elevator_type elevator_noop = {
	.name = "noop",
	.init = noop_init,
	.exit = noop_exit,
	.add = noop_add,
	.dispatch = noop_dispatch,
	.find_back_merge = noop_find_back_merge,
	.merged = noop_merged,
	.empty = noop_empty,
};

/*
 * cscan.  One list holds every queued request: the batches in arrival
 * order, each sorted by (sector, fifo_time), with each flush between the
 * batch before it and the batch after it.  The first batch (up to the
 * first flush) is the one being dispatched; new requests join the last.
 *
 *	list -> 100 300 700 | FLUSH | 200 900 | FLUSH | 50 -> (list)
 *	        first batch                             last batch
 */
struct cscan_data {
	struct list_head list; /* [q->lock] batches and flushes, see above */
	uint64_t head;	       /* [q->lock] end sector of the last dispatch */
	unsigned passed; /* [q->lock] dispatches that skipped the oldest */
};

/* Does @a go before @b within a batch? */
static bool
cscan_before(const struct request *a, const struct request *b)
{
	if (a->sector != b->sector)
		return a->sector < b->sector;
	return a->fifo_time < b->fifo_time;
}

static void *
cscan_init(void)
{
	struct cscan_data *cd = kzalloc(sizeof(*cd));

	if (cd)
		list_init(&cd->list);
	return cd;
}

static void
cscan_exit(void *data)
{
	kfree(data);
}

/*
 * A flush closes the last batch and goes at the tail.  Any other request
 * is sorted into the last batch, walking back from the tail: batches are
 * usually appended to in ascending order, so the walk is short.
 */
static void
cscan_add(void *data, struct request *rq)
{
	struct cscan_data *cd = data;
	struct list_head *pos = cd->list.prev;

	if (!rq_is_flush(rq)) {
		while (pos != &cd->list) {
			struct request *prev = rq_of(pos);

			if (rq_is_flush(prev) || !cscan_before(rq, prev))
				break;
			pos = pos->prev;
		}
	}
	list_add(&rq->queuelist, pos);
}

/*
 * The C-SCAN choice in the first batch, which is not empty: the first
 * request at or above the head, else (wrap) the lowest.  Also finds the
 * batch's oldest request for the starvation guard.
 */
static struct request *
cscan_pick(struct cscan_data *cd, struct request **oldest)
{
	struct request *first = rq_of(cd->list.next), *pick = NULL;
	struct list_head *n;

	*oldest = first;
	for (n = cd->list.next; n != &cd->list; n = n->next) {
		struct request *rq = rq_of(n);

		if (rq_is_flush(rq))
			break;
		if (!pick && rq->sector >= cd->head)
			pick = rq;
		if (rq->fifo_time < (*oldest)->fifo_time)
			*oldest = rq;
	}
	return pick ? pick : first;
}

/*
 * A flush at the front goes at once (its batch is done) and leaves the
 * head where it was: it moves no arm.  The guard's count is already 0
 * then, since the last request of a batch is always its oldest.
 */
static struct request *
cscan_dispatch(void *data)
{
	struct cscan_data *cd = data;
	struct request *rq, *oldest;

	if (list_empty(&cd->list))
		return NULL;
	rq = rq_of(cd->list.next);
	if (rq_is_flush(rq)) {
		list_del(&rq->queuelist);
		return rq;
	}
	rq = cscan_pick(cd, &oldest);
	if (rq != oldest && cd->passed >= ELV_CSCAN_STARVE_LIMIT)
		rq = oldest;
	if (rq == oldest)
		cd->passed = 0;
	else
		cd->passed++;
	cd->head = rq_end(rq);
	list_del(&rq->queuelist);
	return rq;
}

/*
 * Requests in a batch are at most BLK_MAX_SECTORS long, so the backward
 * walk over the sorted last batch can stop at one starting further below.
 */
static struct request *
cscan_find_back_merge(void *data, enum req_op op, uint64_t sector)
{
	struct cscan_data *cd = data;

	return find_back_merge_tail(&cd->list, op, sector, BLK_MAX_SECTORS);
}

/*
 * A back merge keeps rq->sector, so the list stays sorted and neither
 * loop moves anything; a merge that moved the start would be put right
 * here, within @rq's own batch (the walks stop at flushes).
 */
static void
cscan_merged(void *data, struct request *rq)
{
	struct cscan_data *cd = data;
	struct list_head *pos = rq->queuelist.prev;

	while (pos != &cd->list && !rq_is_flush(rq_of(pos)) &&
	       cscan_before(rq, rq_of(pos)))
		pos = pos->prev;
	if (pos == rq->queuelist.prev) {
		pos = rq->queuelist.next;
		while (pos != &cd->list && !rq_is_flush(rq_of(pos)) &&
		       cscan_before(rq_of(pos), rq))
			pos = pos->next;
		pos = pos->prev;
	}
	if (pos != &rq->queuelist && pos != rq->queuelist.prev) {
		list_del(&rq->queuelist);
		list_add(&rq->queuelist, pos);
	}
}

static bool
cscan_empty(void *data)
{
	struct cscan_data *cd = data;

	return list_empty(&cd->list);
}

const struct elevator_type elevator_cscan = {
	.name = "cscan",
	.init = cscan_init,
	.exit = cscan_exit,
	.add = cscan_add,
	.dispatch = cscan_dispatch,
	.find_back_merge = cscan_find_back_merge,
	.merged = cscan_merged,
	.empty = cscan_empty,
};

/* The elevators blk_set_elevator() can choose, by name. */
static const struct elevator_type *const elevators[] = {
	&elevator_noop,
	&elevator_cscan,
};

static bool
name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Returns the elevator called @name, or NULL.  Any context, no locks. */
const struct elevator_type *
elevator_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(elevators); i++)
		if (name_eq(elevators[i]->name, name))
			return elevators[i];
	return NULL;
}
