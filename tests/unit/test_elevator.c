/*
 * tests/unit/test_elevator.c - the noop and cscan elevators.
 *
 * Fixed cases first: elevator_find(), empty queues and out-of-memory
 * init, noop's FIFO order, cscan's sweep from the head with one wrap,
 * ties, flushes as barriers in both, the starvation guard firing on the
 * exact dispatch, back-merge lookups (same operation, adjacent, never
 * across a flush) and re-sorting after a merge.
 *
 * Then two random runs.  One queues thousands of requests in batches
 * between flushes, drains them, and checks that noop gives them back in
 * arrival order and cscan gives each batch as a rotation of its sorted
 * order, starting at the head (batches of non-overlapping requests, too
 * small for the starvation guard to fire).  The other interleaves adds,
 * flushes, merges and dispatches on a busy queue of overlapping requests
 * and checks every dispatch against a model built on an array, guard
 * included; every request must come out exactly once.
 *
 * kmalloc/kzalloc/kfree are shims over malloc so the elevator links on
 * the host; they count live blocks and can be told to fail.
 */
#include "drivers/elevator.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/blk.h"
#include "kernel/mm.h"
#include "tests/unit/unit.h"

#define STARVE_LIMIT ELV_CSCAN_STARVE_LIMIT

#define FLUSH_MARK   UINT64_MAX /* a flush in an expected dispatch order */

static size_t live_allocs;
static bool fail_alloc;

void *
kmalloc(size_t size)
{
	void *p;

	if (fail_alloc)
		return NULL;
	p = malloc(size);
	if (p)
		live_allocs++;
	return p;
}

void *
kzalloc(size_t size)
{
	void *p;

	if (fail_alloc)
		return NULL;
	p = calloc(1, size);
	if (p)
		live_allocs++;
	return p;
}

void
kfree(void *p)
{
	if (p)
		live_allocs--;
	free(p);
}

static const struct elevator_type *const both[] = { &elevator_noop,
						    &elevator_cscan };

static uint64_t fifo_seq;

static struct request *
rq_new(enum req_op op, uint64_t sector, uint32_t nr)
{
	struct request *rq = calloc(1, sizeof(*rq));

	if (rq == NULL)
		abort();
	rq->op = op;
	rq->sector = sector;
	rq->nr_sectors = nr;
	rq->fifo_time = fifo_seq++;
	list_init(&rq->queuelist);
	return rq;
}

static struct request *
add(const struct elevator_type *e, void *d, enum req_op op, uint64_t sector,
    uint32_t nr)
{
	struct request *rq = rq_new(op, sector, nr);

	e->add(d, rq);
	return rq;
}

static struct request *
add_w(const struct elevator_type *e, void *d, uint64_t sector)
{
	return add(e, d, REQ_OP_WRITE, sector, 8);
}

/*
 * A flush's sector means nothing; a high one catches an elevator that
 * sorts flushes with the data requests.
 */
static struct request *
add_flush(const struct elevator_type *e, void *d)
{
	return add(e, d, REQ_OP_FLUSH, 1000000 + unit_rng() % 1000, 0);
}

static void *
init_or_die(const struct elevator_type *e)
{
	void *d = e->init();

	if (d == NULL)
		abort();
	return d;
}

/*
 * Dispatch @n requests, check their start sectors (FLUSH_MARK for a
 * flush) against @want, free them, and check the queue is then empty.
 */
static void
expect_sectors(const struct elevator_type *e, void *d, const uint64_t *want,
	       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct request *rq = e->dispatch(d);

		CHECK(rq != NULL);
		if (rq == NULL)
			return;
		if (want[i] == FLUSH_MARK) {
			CHECK_EQ_U64(rq->op, REQ_OP_FLUSH);
		} else {
			CHECK(rq->op != REQ_OP_FLUSH);
			CHECK_EQ_U64(rq->sector, want[i]);
		}
		free(rq);
	}
	CHECK(e->empty(d));
	CHECK(e->dispatch(d) == NULL);
}

/* Like expect_sectors(), by identity. */
static void
expect_rqs(const struct elevator_type *e, void *d, struct request *const *want,
	   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct request *rq = e->dispatch(d);

		CHECK(rq == want[i]);
		if (rq == NULL)
			return;
		free(rq);
	}
	CHECK(e->empty(d));
}

/* Dispatch one request, which must not be a flush; sets the cscan head. */
static void
dispatch_one(const struct elevator_type *e, void *d, uint64_t sector)
{
	struct request *rq = e->dispatch(d);

	CHECK(rq != NULL);
	if (rq == NULL)
		return;
	CHECK_EQ_U64(rq->sector, sector);
	free(rq);
}

static void
test_find(void)
{
	CHECK(elevator_find("noop") == &elevator_noop);
	CHECK(elevator_find("cscan") == &elevator_cscan);
	CHECK_STREQ(elevator_noop.name, "noop");
	CHECK_STREQ(elevator_cscan.name, "cscan");
	CHECK(elevator_find(NULL) == NULL);
	CHECK(elevator_find("") == NULL);
	CHECK(elevator_find("noo") == NULL);
	CHECK(elevator_find("noopx") == NULL);
	CHECK(elevator_find("CSCAN") == NULL);
	CHECK(elevator_find("deadline") == NULL);
}

static void
test_empty_and_alloc(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(both); i++) {
		const struct elevator_type *e = both[i];
		void *d;
		struct request *rq;

		fail_alloc = true;
		CHECK(e->init() == NULL);
		fail_alloc = false;

		d = init_or_die(e);
		CHECK(e->empty(d));
		CHECK(e->dispatch(d) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 8) == NULL);
		rq = add_w(e, d, 0);
		CHECK(!e->empty(d));
		CHECK(e->dispatch(d) == rq);
		CHECK(e->empty(d));
		free(rq);
		rq = add_flush(e, d);
		CHECK(!e->empty(d));
		CHECK(e->dispatch(d) == rq);
		CHECK(e->empty(d));
		free(rq);
		e->exit(d);
		CHECK_EQ_U64(live_allocs, 0);
	}
}

static void
test_noop_fifo(void)
{
	static const uint64_t order[] = { 900, 100, 500, 100, 300, 0, 700 };
	const struct elevator_type *e = &elevator_noop;
	void *d = init_or_die(e);

	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		add_w(e, d, order[i]);
	expect_sectors(e, d, order, ARRAY_SIZE(order));
	e->exit(d);
}

static void
test_cscan_sweep(void)
{
	static const uint64_t want[] = { 600, 700, 900, 100, 300 };
	static const uint64_t want2[] = { 308, 200, 310 };
	const struct elevator_type *e = &elevator_cscan;
	void *d = init_or_die(e);

	/* Head at 500: the request just dispatched covered 400..499. */
	add(e, d, REQ_OP_READ, 400, 100);
	dispatch_one(e, d, 400);
	add_w(e, d, 100);
	add_w(e, d, 900);
	add_w(e, d, 300);
	add_w(e, d, 700);
	add_w(e, d, 600);
	expect_sectors(e, d, want, ARRAY_SIZE(want));

	/*
	 * Head at 308 now: a request at the head goes first; 310 starts
	 * inside 308's range, so it is behind the head and waits for the
	 * wrap, after 200.
	 */
	add_w(e, d, 310);
	add_w(e, d, 200);
	add_w(e, d, 308);
	expect_sectors(e, d, want2, ARRAY_SIZE(want2));
	e->exit(d);
}

static void
test_cscan_ties(void)
{
	const struct elevator_type *e = &elevator_cscan;
	void *d = init_or_die(e);
	struct request *a, *b, *c, *x, *y;

	a = add_w(e, d, 100);
	b = add(e, d, REQ_OP_READ, 100, 8);
	x = add_w(e, d, 50);
	c = add_w(e, d, 100);
	{
		struct request *want[] = { x, a, b, c };

		expect_rqs(e, d, want, ARRAY_SIZE(want));
	}

	/* Arrival order is fifo_time, not the order of the add calls. */
	x = rq_new(REQ_OP_WRITE, 700, 8);
	y = rq_new(REQ_OP_WRITE, 700, 8);
	x->fifo_time = 20;
	y->fifo_time = 10;
	e->add(d, x);
	e->add(d, y);
	{
		struct request *want[] = { y, x };

		expect_rqs(e, d, want, ARRAY_SIZE(want));
	}

	/* Equal stamps: the order of the add calls. */
	x = rq_new(REQ_OP_WRITE, 700, 8);
	y = rq_new(REQ_OP_WRITE, 700, 8);
	a = rq_new(REQ_OP_WRITE, 700, 8);
	x->fifo_time = y->fifo_time = a->fifo_time = 30;
	e->add(d, x);
	e->add(d, y);
	e->add(d, a);
	{
		struct request *want[] = { x, y, a };

		expect_rqs(e, d, want, ARRAY_SIZE(want));
	}
	e->exit(d);
}

static void
test_noop_flush(void)
{
	static const uint64_t want[] = { 500,	     100, FLUSH_MARK, 50,
					 FLUSH_MARK, 300, FLUSH_MARK };
	const struct elevator_type *e = &elevator_noop;
	void *d = init_or_die(e);

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		if (want[i] == FLUSH_MARK)
			add_flush(e, d);
		else
			add_w(e, d, want[i]);
	}
	expect_sectors(e, d, want, ARRAY_SIZE(want));
	e->exit(d);
}

static void
test_cscan_flush(void)
{
	static const uint64_t want[] = { 100, 500,	  FLUSH_MARK, 900, 50,
					 300, FLUSH_MARK, FLUSH_MARK, 200 };
	static const uint64_t want2[] = { FLUSH_MARK, 10 };
	static const uint64_t want3[] = { 200, FLUSH_MARK, 150 };
	const struct elevator_type *e = &elevator_cscan;
	void *d = init_or_die(e);

	/*
	 * 50 sorts before everything but was queued after the flush; the
	 * flush leaves the head at 508, so 900 goes before 50.
	 */
	add_w(e, d, 500);
	add_w(e, d, 100);
	add_flush(e, d);
	add_w(e, d, 900);
	add_w(e, d, 50);
	add_w(e, d, 300);
	add_flush(e, d);
	add_flush(e, d);
	add_w(e, d, 200);
	expect_sectors(e, d, want, ARRAY_SIZE(want));

	add_flush(e, d);
	add_w(e, d, 10);
	expect_sectors(e, d, want2, ARRAY_SIZE(want2));

	/*
	 * 150 arrives after the flush while the batch before it is being
	 * dispatched: it sorts before 200 but stays behind the flush.
	 */
	add_w(e, d, 100);
	add_w(e, d, 200);
	add_flush(e, d);
	dispatch_one(e, d, 100);
	add_w(e, d, 150);
	expect_sectors(e, d, want3, ARRAY_SIZE(want3));
	e->exit(d);
}

/*
 * A request behind the head, and a stream of new ones always just ahead
 * of it: without the guard the sweep never wraps.
 */
static void
test_cscan_starvation(void)
{
	const struct elevator_type *e = &elevator_cscan;
	void *d = init_or_die(e);
	struct request *old, *rq;
	uint64_t head;
	int i;

	add_w(e, d, 1000);
	dispatch_one(e, d, 1000);
	head = 1008;
	old = add_w(e, d, 10);
	for (i = 0; i < STARVE_LIMIT; i++) {
		add_w(e, d, head);
		dispatch_one(e, d, head);
		head += 8;
	}
	add_w(e, d, head);
	rq = e->dispatch(d);
	CHECK(rq == old);
	free(rq);
	/* The sweep goes on from the old request's end. */
	add_w(e, d, 5);
	add_w(e, d, 18);
	dispatch_one(e, d, 18);
	dispatch_one(e, d, head);
	dispatch_one(e, d, 5);
	CHECK(e->empty(d));

	/* The next starved request gets the same bound, no less. */
	old = add_w(e, d, 10);
	head = 13;
	for (i = 0; i < STARVE_LIMIT; i++) {
		add_w(e, d, head + 8 * (uint64_t)i);
		dispatch_one(e, d, head + 8 * (uint64_t)i);
	}
	head += 8 * STARVE_LIMIT;
	add_w(e, d, head);
	CHECK(e->dispatch(d) == old);
	free(old);
	dispatch_one(e, d, head);
	e->exit(d);
}

static void
test_back_merge(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(both); i++) {
		const struct elevator_type *e = both[i];
		void *d = init_or_die(e);
		struct request *w100, *r100, *w200, *r300, *fl, *w400, *big;

		w100 = add_w(e, d, 100);
		r100 = add(e, d, REQ_OP_READ, 100, 8);
		w200 = add_w(e, d, 200);
		r300 = add(e, d, REQ_OP_READ, 300, 8);
		big = add_w(e, d, 1000);
		big->nr_sectors = BLK_MAX_SECTORS;
		e->merged(d, big);

		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 108) == w100);
		CHECK(e->find_back_merge(d, REQ_OP_READ, 108) == r100);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 208) == w200);
		CHECK(e->find_back_merge(d, REQ_OP_READ, 208) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_READ, 308) == r300);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 308) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 107) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 109) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 100) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_FLUSH, 108) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE,
					 1000 + BLK_MAX_SECTORS) == big);

		/* Nothing merges into a flush, nor across one. */
		fl = add_flush(e, d);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 0) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_FLUSH, 0) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 108) == NULL);
		CHECK(e->find_back_merge(d, REQ_OP_READ, 308) == NULL);
		w400 = add_w(e, d, 400);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 408) == w400);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 208) == NULL);

		/* The block layer grows the request, then tells the elevator. */
		w400->nr_sectors += 8;
		e->merged(d, w400);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 416) == w400);
		CHECK(e->find_back_merge(d, REQ_OP_WRITE, 408) == NULL);

		if (e == &elevator_noop) {
			struct request *want[] = { w100, r100, w200, r300,
						   big,	 fl,   w400 };

			expect_rqs(e, d, want, ARRAY_SIZE(want));
		} else {
			/* r100 starts behind the head after w100. */
			struct request *want[] = { w100, w200, r300, big,
						   r100, fl,   w400 };

			expect_rqs(e, d, want, ARRAY_SIZE(want));
		}
		e->exit(d);
	}
}

/* merged() after a change of start sector re-sorts within the batch. */
static void
test_cscan_resort(void)
{
	const struct elevator_type *e = &elevator_cscan;
	void *d = init_or_die(e);
	struct request *a, *b, *c, *fl, *x, *y;

	a = add_w(e, d, 100);
	b = add_w(e, d, 200);
	c = add_w(e, d, 300);
	fl = add_flush(e, d);
	x = add_w(e, d, 400);
	y = add_w(e, d, 500);
	b->nr_sectors = 16;
	e->merged(d, b); /* stays */
	c->sector = 50;
	e->merged(d, c); /* moves back: c a b */
	a->sector = 250;
	e->merged(d, a); /* moves forward: c b a */
	y->sector = 10;
	e->merged(d, y); /* moves back, but not past the flush */
	{
		/* Head 258 after a, so 400 comes before 10 after the flush. */
		struct request *want[] = { c, b, a, fl, x, y };

		expect_rqs(e, d, want, ARRAY_SIZE(want));
	}
	e->exit(d);
}

/*
 * Random batches, all queued before the first dispatch.  Within a cscan
 * batch the requests do not overlap, so the expected order is the sorted
 * batch rotated to start at the first request at or above the head.
 */
#define A_ROUNDS    8
#define A_MAX_BATCH 60 /* < STARVE_LIMIT: the guard never fires */
#define A_MAX_REQS  1000
_Static_assert(A_MAX_BATCH < STARVE_LIMIT, "random batches must not starve");
#define A_SLOTS 4096 /* request slots of 64 sectors */

struct batch_rq {
	struct request *rq;
	int flush_after; /* a flush was queued right after this request */
};

static int
cmp_sector(const void *pa, const void *pb)
{
	const struct request *a = *(struct request *const *)pa;
	const struct request *b = *(struct request *const *)pb;

	return a->sector < b->sector ? -1 : a->sector > b->sector;
}

/* Queue up to A_MAX_REQS requests in batches; returns how many, with flushes. */
static size_t
queue_batches(const struct elevator_type *e, void *d, struct request **all)
{
	static uint8_t used[A_SLOTS];
	size_t n = 0;

	while (n < A_MAX_REQS - A_MAX_BATCH - 1) {
		size_t len = unit_rng() % (A_MAX_BATCH + 1);

		memset(used, 0, sizeof(used));
		for (size_t i = 0; i < len; i++) {
			uint32_t slot;
			enum req_op op =
			    unit_rng() & 1 ? REQ_OP_READ : REQ_OP_WRITE;

			do
				slot = unit_rng() % A_SLOTS;
			while (used[slot]);
			used[slot] = 1;
			all[n++] = add(e, d, op, (uint64_t)slot * 64,
				       1 + unit_rng() % 64);
		}
		all[n++] = add_flush(e, d);
	}
	return n;
}

static void
test_random_batches(void)
{
	static struct request *all[A_MAX_REQS], *sorted[A_MAX_BATCH];
	size_t total = 0;

	for (size_t i = 0; i < ARRAY_SIZE(both); i++) {
		const struct elevator_type *e = both[i];
		void *d = init_or_die(e);
		uint64_t head = 0;

		for (int round = 0; round < A_ROUNDS; round++) {
			size_t n = queue_batches(e, d, all), start = 0;

			total += n;
			if (e == &elevator_noop) {
				expect_rqs(e, d, all, n);
				continue;
			}
			while (start < n) {
				size_t len = 0, first = 0;

				while (all[start + len]->op != REQ_OP_FLUSH)
					len++;
				memcpy(sorted, &all[start],
				       len * sizeof(sorted[0]));
				qsort(sorted, len, sizeof(sorted[0]),
				      cmp_sector);
				while (first < len &&
				       sorted[first]->sector < head)
					first++;
				for (size_t k = 0; k < len; k++) {
					struct request *want =
					    sorted[(first + k) % len];
					struct request *rq = e->dispatch(d);

					CHECK(rq == want);
					head = want->sector + want->nr_sectors;
					free(rq);
				}
				CHECK(e->dispatch(d) == all[start + len]);
				free(all[start + len]);
				start += len + 1;
			}
			CHECK(e->empty(d));
		}
		e->exit(d);
	}
	CHECK(total > 5000);
}

/*
 * Random interleaving against a model: the queued requests in an array
 * in arrival order (fifo_time rises with each add here).
 */
#define B_STEPS	  40000
#define B_MAX_Q	  512
#define B_SECTORS 2000

struct model {
	struct request *q[B_MAX_Q];
	size_t n;
	uint64_t head;
	unsigned passed;
	unsigned long guard_fires, merges;
};

static struct request *
model_take(struct model *m, size_t i)
{
	struct request *rq = m->q[i];

	memmove(&m->q[i], &m->q[i + 1], (m->n - i - 1) * sizeof(m->q[0]));
	m->n--;
	return rq;
}

static bool
key_less(const struct request *a, const struct request *b)
{
	return a->sector < b->sector ||
	       (a->sector == b->sector && a->fifo_time < b->fifo_time);
}

static struct request *
model_cscan(struct model *m)
{
	size_t end = 0, pick = SIZE_MAX, low = 0;

	if (m->n == 0)
		return NULL;
	while (end < m->n && m->q[end]->op != REQ_OP_FLUSH)
		end++;
	if (end == 0) {
		m->passed = 0;
		return model_take(m, 0);
	}
	for (size_t i = 0; i < end; i++) {
		if (key_less(m->q[i], m->q[low]))
			low = i;
		if (m->q[i]->sector >= m->head &&
		    (pick == SIZE_MAX || key_less(m->q[i], m->q[pick])))
			pick = i;
	}
	if (pick == SIZE_MAX)
		pick = low;
	/* q[0] is the oldest of the first batch. */
	if (pick != 0 && m->passed >= STARVE_LIMIT) {
		pick = 0;
		m->guard_fires++;
	}
	m->passed = pick == 0 ? 0 : m->passed + 1;
	m->head = m->q[pick]->sector + m->q[pick]->nr_sectors;
	return model_take(m, pick);
}

static struct request *
model_dispatch(const struct elevator_type *e, struct model *m)
{
	if (e == &elevator_noop)
		return m->n ? model_take(m, 0) : NULL;
	return model_cscan(m);
}

/* Is @rq a valid back-merge answer for (@op, @sector)?  NULL: is none? */
static bool
model_merge_ok(const struct model *m, enum req_op op, uint64_t sector,
	       const struct request *rq)
{
	size_t i = m->n;
	bool any = false;

	while (i > 0 && m->q[i - 1]->op != REQ_OP_FLUSH) {
		const struct request *c = m->q[--i];

		if (op != REQ_OP_FLUSH && c->op == op &&
		    c->sector + c->nr_sectors == sector) {
			if (c == rq)
				return true;
			any = true;
		}
	}
	return rq == NULL && !any;
}

static void
random_merge(const struct elevator_type *e, void *d, struct model *m)
{
	enum req_op op;
	uint64_t sector;
	struct request *rq;

	if (m->n && unit_rng() % 2) {
		const struct request *t = m->q[unit_rng() % m->n];

		op = t->op;
		sector = t->sector + t->nr_sectors;
	} else {
		op = (enum req_op)(unit_rng() % 3);
		sector = unit_rng() % (B_SECTORS + 16);
	}
	rq = e->find_back_merge(d, op, sector);
	CHECK(model_merge_ok(m, op, sector, rq));
	if (rq && rq->nr_sectors < BLK_MAX_SECTORS - 8) {
		rq->nr_sectors += 1 + unit_rng() % 8;
		e->merged(d, rq);
		m->merges++;
	}
}

static void
test_random_model(void)
{
	static struct model m;
	static uint8_t seen[B_STEPS];

	for (size_t i = 0; i < ARRAY_SIZE(both); i++) {
		const struct elevator_type *e = both[i];
		void *d = init_or_die(e);
		uint64_t base = fifo_seq;
		unsigned long added = 0, dispatched = 0;

		memset(&m, 0, sizeof(m));
		memset(seen, 0, sizeof(seen));
		for (int step = 0; step < B_STEPS || m.n; step++) {
			uint32_t r = unit_rng() % 100;
			struct request *rq, *want;

			CHECK(e->empty(d) == (m.n == 0));
			if (step < B_STEPS && m.n < B_MAX_Q &&
			    r < (m.n > 200 ? 35 : 50)) {
				if (r < 2)
					rq = add_flush(e, d);
				else
					rq = add(e, d,
						 r & 1 ? REQ_OP_READ
						       : REQ_OP_WRITE,
						 unit_rng() % B_SECTORS,
						 1 + unit_rng() % 16);
				m.q[m.n++] = rq;
				added++;
				continue;
			}
			if (step < B_STEPS && r >= 90) {
				random_merge(e, d, &m);
				continue;
			}
			want = model_dispatch(e, &m);
			rq = e->dispatch(d);
			CHECK(rq == want);
			if (rq == NULL)
				continue;
			if (rq->fifo_time - base < B_STEPS)
				seen[rq->fifo_time - base]++;
			dispatched++;
			if (rq != want)
				break; /* the model no longer matches */
			free(rq);
		}
		CHECK_EQ_U64(dispatched, added);
		for (unsigned long k = 0; k < added; k++)
			CHECK_EQ_U64(seen[k], 1);
		CHECK(e->empty(d));
		CHECK(added > 10000);
		CHECK(m.merges > 100);
		if (e == &elevator_cscan)
			CHECK(m.guard_fires > 0);
		if (e->empty(d))
			e->exit(d);
	}
}

int
main(void)
{
	unit_rng_seed(0x5eed0e1e7a70fULL);
	test_find();
	test_empty_and_alloc();
	test_noop_fifo();
	test_cscan_sweep();
	test_cscan_ties();
	test_noop_flush();
	test_cscan_flush();
	test_cscan_starvation();
	test_back_merge();
	test_cscan_resort();
	test_random_batches();
	test_random_model();
	CHECK_EQ_U64(live_allocs, 0);
	return unit_done();
}
