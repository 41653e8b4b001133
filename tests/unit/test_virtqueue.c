/*
 * tests/unit/test_virtqueue.c - drivers/virtqueue.c against a fake device.
 *
 * The fake device does what a virtio device does with a split ring: it reads
 * new heads from the avail ring, walks each chain (into indirect tables too)
 * checking flags, lengths and that no descriptor is in two chains at once,
 * completes requests in any order through the used ring, and raises
 * interrupts / honours notifications the way §2.6.7 and §2.6.10 say, with
 * or without EVENT_IDX.  It sleeps until notified, and the driver reaps only
 * on interrupts, so a lost notification in either direction shows up as a
 * request that never completes.  to_dma is the identity, so the device
 * follows indirect table addresses as host pointers.  To check a chain, the
 * device looks up the token the driver stored for its head: tokens point at
 * a struct req describing what was added.
 *
 * Rings are calloc'd at exactly virtq_*_bytes() so ASan catches any access
 * past the event words.
 */
#include "drivers/virtqueue.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uapi/errno.h>

#include "tests/unit/unit.h"

#define MAX_SEGS 40

struct req {
	struct virtq_seg segs[MAX_SEGS];
	unsigned nout, nin;
	uint32_t written; /* the used length the device reports */
	bool in_flight;
};

/* One queue, its memory, and the device's view of it. */
struct ring {
	struct virtqueue vq;
	struct virtqueue_config cfg;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;

	/* The fake device. */
	uint16_t last_avail; /* next avail entry to fetch */
	uint16_t used_idx;   /* its copy of used->idx */
	uint16_t *pending;   /* fetched heads not completed yet */
	unsigned npending;
	uint32_t *owner; /* desc i is in the chain of head owner[i] - 1 */
	bool awake;	 /* looks at the avail ring without a notify */
	bool irq_pending;
	unsigned long kicks, irqs;
};

static uint64_t
identity_dma(const void *va)
{
	return (uint64_t)(uintptr_t)va;
}

static void *
zalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

static void
ring_setup(struct ring *r, unsigned num, bool event_idx, unsigned ind_max)
{
	memset(r, 0, sizeof(*r));
	r->desc = zalloc(virtq_desc_bytes(num));
	r->avail = zalloc(virtq_avail_bytes(num));
	r->used = zalloc(virtq_used_bytes(num));
	r->pending = zalloc(num * sizeof(*r->pending));
	r->owner = zalloc(num * sizeof(*r->owner));
	r->cfg = (struct virtqueue_config){
		.num = num,
		.desc = r->desc,
		.avail = r->avail,
		.used = r->used,
		.event_idx = event_idx,
		.indirect = ind_max ? zalloc((size_t)num * ind_max * 16) : NULL,
		.indirect_max = ind_max,
		.to_dma = identity_dma,
		.tokens = zalloc(num * sizeof(void *)),
	};
	CHECK_EQ_U64(virtqueue_init(&r->vq, &r->cfg), 0);
	CHECK_EQ_U64(virtqueue_num_free(&r->vq), num);
}

static void
ring_free(struct ring *r)
{
	free(r->desc);
	free(r->avail);
	free(r->used);
	free(r->pending);
	free(r->owner);
	free(r->cfg.indirect);
	free(r->cfg.tokens);
}

static uint16_t *
dev_used_event(struct ring *r)
{
	return &r->avail->ring[r->cfg.num];
}

static uint16_t *
dev_avail_event(struct ring *r)
{
	return (uint16_t *)&r->used->ring[r->cfg.num];
}

/* The spec's rule, written independently of the module's copy. */
static bool
dev_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
	unsigned span = (uint16_t)(new_idx - old_idx);

	for (unsigned k = 0; k < span; k++)
		if ((uint16_t)(old_idx + k) == event)
			return true;
	return false;
}

/*
 * Walks the chain at @head and checks it against the request it carries.
 * @mark claims (true) or releases (false) its direct descriptors.
 */
static void
dev_walk(struct ring *r, uint16_t head, bool mark)
{
	const struct virtq_desc *tbl = r->desc;
	unsigned tbl_n = r->cfg.num, n = 0, hops = 0;
	struct req *q = r->cfg.tokens[head];
	bool in_table = false;
	uint16_t i = head;

	CHECK(q != NULL && q->in_flight);
	if (q == NULL)
		return;
	for (;;) {
		const struct virtq_desc *d;

		if (i >= tbl_n || ++hops > r->cfg.num + MAX_SEGS) {
			CHECK(!"chain leaves its table or loops");
			return;
		}
		d = &tbl[i];
		if (!in_table) {
			CHECK_EQ_U64(r->owner[i], mark ? 0 : head + 1u);
			r->owner[i] = mark ? head + 1u : 0;
		}
		if (d->flags & VIRTQ_DESC_F_INDIRECT) {
			CHECK(!in_table && i == head);
			CHECK_EQ_U64(d->flags, VIRTQ_DESC_F_INDIRECT);
			CHECK(d->len > 16 && d->len % 16 == 0);
			CHECK_EQ_U64(d->addr,
				     identity_dma(r->cfg.indirect +
						  head * r->cfg.indirect_max));
			tbl = (const struct virtq_desc *)(uintptr_t)d->addr;
			tbl_n = d->len / 16;
			CHECK(tbl_n <= r->cfg.indirect_max);
			in_table = true;
			i = 0;
			continue;
		}
		CHECK_EQ_U64(
		    d->flags & ~(VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE), 0);
		if (n < q->nout + q->nin) {
			CHECK_EQ_U64(d->addr, q->segs[n].addr);
			CHECK_EQ_U64(d->len, q->segs[n].len);
			CHECK_EQ_U64(!!(d->flags & VIRTQ_DESC_F_WRITE),
				     q->segs[n].write);
		}
		n++;
		if (!(d->flags & VIRTQ_DESC_F_NEXT))
			break;
		i = d->next;
	}
	CHECK_EQ_U64(n, q->nout + q->nin);
	/* A table exactly when there are tables and it is worth one. */
	CHECK_EQ_U64(in_table, n > 1 && n <= r->vq.indirect_max);
	if (in_table)
		CHECK_EQ_U64(n * 16, r->desc[head].len);
}

/* Takes up to @max new heads off the avail ring; returns how many. */
static unsigned
dev_fetch(struct ring *r, unsigned max)
{
	uint16_t idx = r->avail->idx;
	unsigned got = 0;

	CHECK((uint16_t)(idx - r->last_avail) <= r->cfg.num);
	while (r->last_avail != idx && got < max) {
		uint16_t head =
		    r->avail->ring[r->last_avail & (r->cfg.num - 1)];

		CHECK(head < r->cfg.num && r->npending < r->cfg.num);
		if (head >= r->cfg.num || r->npending >= r->cfg.num)
			return got;
		dev_walk(r, head, true);
		r->pending[r->npending++] = head;
		r->last_avail++;
		got++;
	}
	return got;
}

/* A kick (QueueNotify write): the device wakes and stops wanting more. */
static void
dev_kick(struct ring *r)
{
	r->kicks++;
	r->awake = true;
	if (!r->cfg.event_idx)
		r->used->flags = VIRTQ_USED_F_NO_NOTIFY;
}

/* Nothing left to fetch: re-arm notifications, look once more, sleep. */
static void
dev_try_sleep(struct ring *r)
{
	if (r->cfg.event_idx)
		*dev_avail_event(r) = r->last_avail;
	else
		r->used->flags = 0;
	virtq_mb();
	if (r->avail->idx != r->last_avail) {
		if (!r->cfg.event_idx)
			r->used->flags = VIRTQ_USED_F_NO_NOTIFY;
		return;
	}
	r->awake = false;
}

/* Completes pending request @k: writes its used entry, unpublished. */
static void
dev_complete_one(struct ring *r, unsigned k)
{
	uint16_t head = r->pending[k];
	struct req *q = r->cfg.tokens[head];
	struct virtq_used_elem *e =
	    &r->used->ring[r->used_idx & (r->cfg.num - 1)];

	dev_walk(r, head, false);
	e->id = head;
	e->len = q ? q->written : 0;
	r->used_idx++;
	r->pending[k] = r->pending[--r->npending];
}

/* Publishes used->idx and interrupts unless the driver suppressed it. */
static void
dev_publish(struct ring *r, uint16_t old_idx)
{
	bool irq;

	virtq_wmb();
	r->used->idx = r->used_idx;
	virtq_mb();
	if (r->cfg.event_idx)
		irq = dev_need_event(*dev_used_event(r), r->used_idx, old_idx);
	else
		irq = !(r->avail->flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
	if (irq) {
		r->irqs++;
		r->irq_pending = true;
	}
}

/* Completes up to @n random pending requests in one batch. */
static void
dev_complete(struct ring *r, unsigned n)
{
	uint16_t old_idx = r->used_idx;

	for (; n > 0 && r->npending > 0; n--)
		dev_complete_one(r, unit_rng() % r->npending);
	if (r->used_idx != old_idx)
		dev_publish(r, old_idx);
}

/* Completes the pending request with head @head (or CHECK-fails). */
static void
dev_complete_head(struct ring *r, uint16_t head)
{
	uint16_t old_idx = r->used_idx;

	for (unsigned k = 0; k < r->npending; k++) {
		if (r->pending[k] == head) {
			dev_complete_one(r, k);
			dev_publish(r, old_idx);
			return;
		}
	}
	CHECK(!"head not pending");
}

/* Fills @q with @nout readable and @nin writable random segments. */
static void
make_req(struct req *q, unsigned nout, unsigned nin)
{
	q->nout = nout;
	q->nin = nin;
	q->written = 0;
	q->in_flight = false;
	for (unsigned i = 0; i < nout + nin; i++) {
		q->segs[i].addr = (uint64_t)unit_rng() << 32 | unit_rng();
		q->segs[i].len = 1 + unit_rng() % 65536;
		q->segs[i].write = i >= nout;
		if (q->segs[i].write)
			q->written += q->segs[i].len;
	}
}

static int
add_req(struct ring *r, struct req *q)
{
	int err = virtqueue_add(&r->vq, q->segs, q->nout, q->nin, q);

	if (err == 0)
		q->in_flight = true;
	return err;
}

/* Reaps one request, which must be @q. */
static void
expect_buf(struct ring *r, const struct req *q)
{
	uint32_t len = 0xdeadbeef;
	struct req *got = virtqueue_get_buf(&r->vq, &len);

	CHECK(got == q);
	if (got != NULL) {
		CHECK(got->in_flight);
		CHECK_EQ_U64(len, got->written);
		got->in_flight = false;
	}
}

static void
test_sizes_and_init(void)
{
	struct ring r;
	struct virtqueue_config bad;
	struct virtqueue vq;
	static const unsigned bad_num[] = { 0, 3, 12, 65536, 32769 };

	CHECK_EQ_U64(virtq_desc_bytes(256), 4096);
	CHECK_EQ_U64(virtq_avail_bytes(256), 518);
	CHECK_EQ_U64(virtq_used_bytes(256), 2054);
	CHECK_EQ_U64(virtq_avail_bytes(1), 8);

	ring_setup(&r, 8, false, 4);
	for (size_t i = 0; i < ARRAY_SIZE(bad_num); i++) {
		bad = r.cfg;
		bad.num = bad_num[i];
		CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	}
	bad = r.cfg;
	bad.desc = (char *)r.desc + 8;
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	bad = r.cfg;
	bad.avail = (char *)r.avail + 1;
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	bad = r.cfg;
	bad.used = (char *)r.used + 2;
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	bad = r.cfg;
	bad.indirect = (struct virtq_desc *)((char *)r.cfg.indirect + 8);
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	bad = r.cfg;
	bad.indirect_max = 0;
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	bad = r.cfg;
	bad.to_dma = NULL;
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	bad = r.cfg;
	bad.tokens = NULL;
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	bad = r.cfg;
	bad.num = 32768;
	bad.desc = bad.avail = bad.used = NULL;
	CHECK_EQ_U64(virtqueue_init(&vq, &bad), -EINVAL);
	ring_free(&r);
}

/* Direct chains, in-order and out-of-order completion, -EINVAL cases. */
static void
test_basic(void)
{
	struct ring r;
	struct req q[4];

	ring_setup(&r, 8, false, 0);
	make_req(&q[0], 1, 0);
	make_req(&q[1], 1, 1);
	make_req(&q[2], 2, 1);
	CHECK_EQ_U64(add_req(&r, &q[0]), 0);
	CHECK_EQ_U64(add_req(&r, &q[1]), 0);
	CHECK_EQ_U64(add_req(&r, &q[2]), 0);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 2);
	CHECK_EQ_U64(r.avail->idx, 0); /* not published before the kick */
	CHECK(!virtqueue_has_used(&r.vq));
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(r.avail->idx, 3);
	CHECK(!virtqueue_kick_prepare(&r.vq)); /* nothing new */
	CHECK_EQ_U64(dev_fetch(&r, 8), 3);

	/* In order, then a device that finishes the last first. */
	dev_complete_head(&r, r.pending[0]);
	CHECK(virtqueue_has_used(&r.vq));
	expect_buf(&r, &q[0]);
	CHECK(virtqueue_get_buf(&r.vq, NULL) == NULL);
	dev_complete_head(&r, r.avail->ring[2]);
	dev_complete_head(&r, r.avail->ring[1]);
	expect_buf(&r, &q[2]);
	expect_buf(&r, &q[1]);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 8);

	/* Bad requests change nothing. */
	make_req(&q[3], 2, 2);
	CHECK_EQ_U64(virtqueue_add(&r.vq, q[3].segs, 0, 0, &q[3]), -EINVAL);
	CHECK_EQ_U64(virtqueue_add(&r.vq, q[3].segs, 2, 2, NULL), -EINVAL);
	CHECK_EQ_U64(virtqueue_add(&r.vq, q[3].segs, 1, 3, &q[3]), -EINVAL);
	CHECK_EQ_U64(virtqueue_add(&r.vq, q[3].segs, 3, 1, &q[3]), -EINVAL);
	CHECK_EQ_U64(virtqueue_add(&r.vq, q[3].segs, ~0u, 2, &q[3]), -EINVAL);
	make_req(&q[3], 5, 4); /* 9 > num */
	CHECK_EQ_U64(virtqueue_add(&r.vq, q[3].segs, 5, 4, &q[3]), -EINVAL);
	make_req(&q[3], 0, 2);
	q[3].segs[0].len = q[3].segs[1].len = 0x80000001u; /* > 4 GiB */
	CHECK_EQ_U64(virtqueue_add(&r.vq, q[3].segs, 0, 2, &q[3]), -EINVAL);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 8);
	CHECK(!virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(r.vq.stat_added, 3);
	ring_free(&r);
}

/* A full ring says -ENOSPC without touching anything. */
static void
test_full(void)
{
	struct ring r;
	struct req q[4];
	struct virtq_desc desc[4];
	struct virtqueue before;

	ring_setup(&r, 4, false, 0);
	make_req(&q[0], 1, 2);
	make_req(&q[1], 1, 1);
	make_req(&q[2], 0, 1);
	make_req(&q[3], 1, 0);
	CHECK_EQ_U64(add_req(&r, &q[0]), 0);
	before = r.vq;
	memcpy(desc, r.desc, sizeof(desc));
	CHECK_EQ_U64(add_req(&r, &q[1]), -ENOSPC);
	CHECK(memcmp(desc, r.desc, sizeof(desc)) == 0);
	CHECK_EQ_U64(r.vq.free_head, before.free_head);
	CHECK_EQ_U64(r.vq.num_free, 1);
	CHECK_EQ_U64(r.vq.avail_idx, before.avail_idx);
	CHECK_EQ_U64(r.vq.num_added, before.num_added);
	CHECK_EQ_U64(r.vq.stat_added, 1);
	for (unsigned i = 0; i < 4; i++)
		CHECK(r.cfg.tokens[i] != &q[1]);
	CHECK(!q[1].in_flight);
	CHECK_EQ_U64(add_req(&r, &q[2]), 0);
	CHECK_EQ_U64(add_req(&r, &q[3]), -ENOSPC);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 0);
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 2);
	dev_complete(&r, 2);
	CHECK(virtqueue_get_buf(&r.vq, NULL) != NULL);
	CHECK(virtqueue_get_buf(&r.vq, NULL) != NULL);
	CHECK(virtqueue_get_buf(&r.vq, NULL) == NULL);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 4);
	CHECK_EQ_U64(add_req(&r, &q[1]), 0); /* room again */
	CHECK_EQ_U64(add_req(&r, &q[3]), 0);
	ring_free(&r);
}

/* Tables for 2..indirect_max segments, direct chains otherwise. */
static void
test_indirect(void)
{
	struct ring r;
	struct req q[6];

	ring_setup(&r, 8, false, 6);
	make_req(&q[0], 3, 3); /* 6: a table, one descriptor */
	make_req(&q[1], 1, 0); /* one segment: direct */
	make_req(&q[2], 2, 3); /* 5: a table */
	make_req(&q[3], 4, 3); /* 7 > indirect_max: direct, no room */
	make_req(&q[4], 5, 4); /* 9 > num: never */
	CHECK_EQ_U64(add_req(&r, &q[0]), 0);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 7);
	CHECK_EQ_U64(r.desc[r.avail->ring[0]].flags, VIRTQ_DESC_F_INDIRECT);
	CHECK_EQ_U64(add_req(&r, &q[1]), 0);
	CHECK_EQ_U64(add_req(&r, &q[2]), 0);
	CHECK_EQ_U64(add_req(&r, &q[3]), -ENOSPC);
	CHECK_EQ_U64(add_req(&r, &q[4]), -EINVAL);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 5);
	CHECK_EQ_U64(r.vq.stat_indirect, 2);
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 3);
	dev_complete_head(&r, r.avail->ring[2]);
	dev_complete_head(&r, r.avail->ring[0]);
	expect_buf(&r, &q[2]);
	expect_buf(&r, &q[0]);
	CHECK_EQ_U64(add_req(&r, &q[3]), 0); /* 7 direct now fit */
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 0);
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 1);
	dev_complete_head(&r, r.avail->ring[3]);
	dev_complete_head(&r, r.avail->ring[1]);
	expect_buf(&r, &q[3]);
	expect_buf(&r, &q[1]);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 8);
	ring_free(&r);

	/* Longer than a table but within the queue: a direct chain. */
	ring_setup(&r, 16, false, 4);
	make_req(&q[5], 3, 3);
	CHECK_EQ_U64(add_req(&r, &q[5]), 0);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 10);
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 1);
	dev_complete(&r, 1);
	expect_buf(&r, &q[5]);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 16);
	ring_free(&r);
}

/* EVENT_IDX: a kick only when avail->idx passes avail_event. */
static void
test_event_idx_kicks(void)
{
	struct ring r;
	struct req q[16];
	unsigned n = 0;

	ring_setup(&r, 16, true, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(q); i++)
		make_req(&q[i], 1, 0);
	*dev_avail_event(&r) = 0;
	CHECK_EQ_U64(add_req(&r, &q[n++]), 0);
	CHECK(virtqueue_kick_prepare(&r.vq)); /* idx 0 -> 1 passes 0 */
	CHECK_EQ_U64(add_req(&r, &q[n++]), 0);
	CHECK(!virtqueue_kick_prepare(&r.vq)); /* 1 -> 2: already passed */
	*dev_avail_event(&r) = 5;
	for (int i = 0; i < 3; i++)
		CHECK_EQ_U64(add_req(&r, &q[n++]), 0);
	CHECK(!virtqueue_kick_prepare(&r.vq)); /* 2 -> 5: not yet */
	CHECK_EQ_U64(add_req(&r, &q[n++]), 0);
	CHECK(virtqueue_kick_prepare(&r.vq)); /* 5 -> 6: writes entry 5 */
	*dev_avail_event(&r) = 7;
	for (int i = 0; i < 4; i++)
		CHECK_EQ_U64(add_req(&r, &q[n++]), 0);
	CHECK(virtqueue_kick_prepare(&r.vq)); /* batch 6 -> 10 spans 7 */
	CHECK_EQ_U64(r.avail->idx, 10);
	CHECK_EQ_U64(r.vq.stat_kicks_needed, 3);
	CHECK_EQ_U64(r.vq.stat_kicks_suppressed, 2);
	/* used->flags is the device's no-EVENT_IDX hint: ignored here. */
	r.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	*dev_avail_event(&r) = 10;
	CHECK_EQ_U64(add_req(&r, &q[n++]), 0);
	CHECK(virtqueue_kick_prepare(&r.vq));
	r.used->flags = 0;
	ring_free(&r);
}

/* EVENT_IDX: used_event, and the race enable_cb must report. */
static void
test_event_idx_cb(void)
{
	struct ring r;
	struct req q[4];

	ring_setup(&r, 8, true, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(q); i++) {
		make_req(&q[i], 0, 1);
		CHECK_EQ_U64(add_req(&r, &q[i]), 0);
	}
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 4);

	virtqueue_disable_cb(&r.vq);
	CHECK_EQ_U64(r.avail->flags, 0); /* must stay 0 with EVENT_IDX */
	CHECK(virtqueue_enable_cb(&r.vq));
	CHECK_EQ_U64(*dev_used_event(&r), 0);
	dev_complete_head(&r, r.avail->ring[0]);
	CHECK(r.irq_pending); /* used_event 0 was reached */
	r.irq_pending = false;

	/* Reaping with interrupts on moves used_event along. */
	expect_buf(&r, &q[0]);
	CHECK_EQ_U64(*dev_used_event(&r), 1);

	/* Reaping with interrupts off leaves it; enable_cb catches up. */
	virtqueue_disable_cb(&r.vq);
	dev_complete_head(&r, r.avail->ring[1]);
	CHECK(r.irq_pending);
	r.irq_pending = false;
	expect_buf(&r, &q[1]);
	CHECK_EQ_U64(*dev_used_event(&r), 1);
	dev_complete_head(&r, r.avail->ring[2]); /* races the enable */
	CHECK(!r.irq_pending);			 /* used_event was stale */
	CHECK(!virtqueue_enable_cb(&r.vq));	 /* so the caller must look */
	CHECK_EQ_U64(*dev_used_event(&r), 2);
	expect_buf(&r, &q[2]);
	CHECK(virtqueue_enable_cb(&r.vq));
	CHECK_EQ_U64(*dev_used_event(&r), 3);
	dev_complete_head(&r, r.avail->ring[3]);
	CHECK(r.irq_pending);
	expect_buf(&r, &q[3]);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 8);
	ring_free(&r);
}

/*
 * Interrupt moderation: with 8 pending, the interrupt comes after the
 * 7th completion (used_event = last + 6), never later, and a batch that
 * already passed the mark makes enable_cb_delayed ask for another reap.
 */
static void
test_enable_cb_delayed(void)
{
	struct ring r;
	struct req q[8];
	unsigned done = 0;

	ring_setup(&r, 8, true, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(q); i++) {
		make_req(&q[i], 0, 1);
		CHECK_EQ_U64(add_req(&r, &q[i]), 0);
	}
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 8);
	virtqueue_disable_cb(&r.vq);
	CHECK(virtqueue_enable_cb_delayed(&r.vq, 8));
	CHECK_EQ_U64(*dev_used_event(&r), 6);
	for (; done < 6; done++) {
		dev_complete_head(&r, r.avail->ring[done]);
		CHECK(!r.irq_pending);
	}
	dev_complete_head(&r, r.avail->ring[done++]);
	CHECK(r.irq_pending); /* the 7th of 8 */
	r.irq_pending = false;
	virtqueue_disable_cb(&r.vq);
	for (unsigned i = 0; i < done; i++)
		expect_buf(&r, &q[i]);
	/* One left: moderation degrades to an interrupt per completion. */
	CHECK(virtqueue_enable_cb_delayed(&r.vq, 1));
	CHECK_EQ_U64(*dev_used_event(&r), 7);
	dev_complete_head(&r, r.avail->ring[7]);
	CHECK(r.irq_pending);
	r.irq_pending = false;
	virtqueue_disable_cb(&r.vq);
	expect_buf(&r, &q[7]);

	/* Four more; all complete before re-arming: the mark has passed. */
	dev_try_sleep(&r);
	for (unsigned i = 0; i < 4; i++) {
		make_req(&q[i], 0, 1);
		CHECK_EQ_U64(add_req(&r, &q[i]), 0);
	}
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 4);
	for (unsigned i = 0; i < 3; i++)
		dev_complete_head(&r, r.avail->ring[(8 + i) & 7]);
	CHECK(virtqueue_enable_cb_delayed(&r.vq, 4)); /* 3 of 4: not yet */
	dev_complete_head(&r, r.avail->ring[11 & 7]);
	CHECK(r.irq_pending); /* the 4th crossed used_event */
	virtqueue_disable_cb(&r.vq);
	CHECK(!virtqueue_enable_cb_delayed(&r.vq, 4)); /* passed: reap */
	for (unsigned i = 0; i < 4; i++)
		expect_buf(&r, &q[i]);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 8);
	ring_free(&r);
}

/* Without EVENT_IDX: NO_NOTIFY and NO_INTERRUPT flags. */
static void
test_flags(void)
{
	struct ring r;
	struct req q[3];

	ring_setup(&r, 4, false, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(q); i++)
		make_req(&q[i], 1, 1);
	CHECK_EQ_U64(add_req(&r, &q[0]), 0);
	r.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	CHECK(!virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(r.avail->idx, 1); /* published all the same */
	r.used->flags = 0;
	CHECK_EQ_U64(add_req(&r, &q[1]), 0);
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, 8), 2);

	virtqueue_disable_cb(&r.vq);
	CHECK_EQ_U64(r.avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	dev_complete(&r, 1);
	CHECK(!r.irq_pending);
	CHECK(!virtqueue_enable_cb(&r.vq)); /* one arrived while off */
	CHECK_EQ_U64(r.avail->flags, 0);
	CHECK(virtqueue_get_buf(&r.vq, NULL) != NULL);
	CHECK(virtqueue_enable_cb(&r.vq));
	dev_complete(&r, 1);
	CHECK(r.irq_pending);
	CHECK(virtqueue_get_buf(&r.vq, NULL) != NULL);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), 4);
	ring_free(&r);
}

/* Detaches every request in flight; each must be one of @pool's, once. */
static unsigned
detach_all(struct ring *r, struct req *pool, unsigned npool)
{
	unsigned seen = 0;
	struct req *q;

	while ((q = virtqueue_detach_unused(&r->vq)) != NULL) {
		CHECK(q >= pool && q < pool + npool && q->in_flight);
		q->in_flight = false;
		seen++;
	}
	CHECK_EQ_U64(virtqueue_num_free(&r->vq), r->cfg.num);
	for (unsigned i = 0; i < npool; i++)
		CHECK(!pool[i].in_flight);
	return seen;
}

/* A device reset: zeroed rings, a fresh device, virtqueue_init again. */
static void
ring_reset(struct ring *r)
{
	unsigned num = r->cfg.num;

	memset(r->desc, 0, virtq_desc_bytes(num));
	memset(r->avail, 0, virtq_avail_bytes(num));
	memset(r->used, 0, virtq_used_bytes(num));
	memset(r->owner, 0, num * sizeof(*r->owner));
	r->last_avail = r->used_idx = 0;
	r->npending = 0;
	r->awake = r->irq_pending = false;
	CHECK_EQ_U64(virtqueue_init(&r->vq, &r->cfg), 0);
}

/* Reset: every request in flight comes back exactly once. */
static void
test_detach(void)
{
	struct ring r;
	struct req q[16];

	memset(q, 0, sizeof(q));
	ring_setup(&r, 16, true, 4);
	for (unsigned i = 0; i < 8; i++) {
		make_req(&q[i], 1 + i % 3, i % 2);
		CHECK_EQ_U64(add_req(&r, &q[i]), 0);
		if (i == 4)
			virtqueue_kick_prepare(&r.vq);
	}
	/* Two completed and reaped, one completed but not reaped, the rest
	 * seen by the device or not even published. */
	CHECK_EQ_U64(dev_fetch(&r, 3), 3);
	dev_complete_head(&r, r.avail->ring[1]);
	dev_complete_head(&r, r.avail->ring[0]);
	dev_complete_head(&r, r.avail->ring[2]);
	expect_buf(&r, &q[1]);
	expect_buf(&r, &q[0]);
	CHECK_EQ_U64(detach_all(&r, q, ARRAY_SIZE(q)), 6);
	CHECK(virtqueue_detach_unused(&r.vq) == NULL);

	/* Every descriptor a head, then random states, each ended by a reset. */
	ring_reset(&r);
	for (unsigned i = 0; i < 16; i++) {
		make_req(&q[i], 1, 0);
		CHECK_EQ_U64(add_req(&r, &q[i]), 0);
	}
	CHECK_EQ_U64(detach_all(&r, q, ARRAY_SIZE(q)), 16);
	for (int round = 0; round < 500; round++) {
		unsigned inflight = 0, n;

		ring_reset(&r);
		for (unsigned i = 0; i < ARRAY_SIZE(q); i++) {
			n = 1 + unit_rng() % 6;
			make_req(&q[i], n / 2, n - n / 2);
			if (unit_rng() % 3 && add_req(&r, &q[i]) == 0)
				inflight++;
			if (unit_rng() % 4 == 0)
				virtqueue_kick_prepare(&r.vq);
		}
		dev_fetch(&r, unit_rng() % 16);
		dev_complete(&r, unit_rng() % 16);
		for (n = unit_rng() % 8; n > 0; n--) {
			struct req *got = virtqueue_get_buf(&r.vq, NULL);

			if (got == NULL)
				break;
			CHECK(got->in_flight);
			got->in_flight = false;
			inflight--;
		}
		CHECK_EQ_U64(detach_all(&r, q, ARRAY_SIZE(q)), inflight);
	}
	ring_free(&r);
}

/* A device that reports a head it was never given breaks the queue. */
static void
test_broken(void)
{
	struct ring r;
	struct req q;

	ring_setup(&r, 4, false, 0);
	make_req(&q, 1, 0);
	CHECK_EQ_U64(add_req(&r, &q), 0);
	virtqueue_kick_prepare(&r.vq);
	r.used->ring[0].id = 3; /* free descriptor */
	r.used->idx = 1;
	CHECK(virtqueue_get_buf(&r.vq, NULL) == NULL);
	CHECK(virtqueue_is_broken(&r.vq));
	CHECK_EQ_U64(add_req(&r, &q), -EINVAL);
	ring_free(&r);
}

/* The largest queue: fill it, overfill it, drain it in reverse. */
static void
test_max_size(void)
{
	struct ring r;
	struct req *q = zalloc((VIRTQ_MAX_SIZE + 1) * sizeof(*q));

	ring_setup(&r, VIRTQ_MAX_SIZE, false, 0);
	for (unsigned i = 0; i <= VIRTQ_MAX_SIZE; i++) {
		q[i].nout = 1;
		q[i].segs[0] = (struct virtq_seg){ i, 512, false };
		CHECK_EQ_U64(add_req(&r, &q[i]),
			     i < VIRTQ_MAX_SIZE ? 0 : -ENOSPC);
	}
	CHECK(virtqueue_kick_prepare(&r.vq));
	CHECK_EQ_U64(dev_fetch(&r, VIRTQ_MAX_SIZE), VIRTQ_MAX_SIZE);
	for (unsigned i = VIRTQ_MAX_SIZE; i-- > 0;)
		dev_complete_one(&r, i);
	dev_publish(&r, 0);
	for (unsigned i = VIRTQ_MAX_SIZE; i-- > 0;)
		expect_buf(&r, &q[i]);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), VIRTQ_MAX_SIZE);
	ring_free(&r);
	free(q);
}

/* The driver's interrupt handler; sometimes the device races it. */
static unsigned long
drv_irq(struct ring *r, unsigned long *enable_races)
{
	unsigned long reaped = 0;
	bool mask = unit_rng() % 2;
	struct req *q;
	uint32_t len;

	r->irq_pending = false;
	for (;;) {
		if (mask)
			virtqueue_disable_cb(&r->vq);
		while ((q = virtqueue_get_buf(&r->vq, &len)) != NULL) {
			CHECK(q->in_flight);
			CHECK_EQ_U64(len, q->written);
			q->in_flight = false;
			reaped++;
			if (unit_rng() % 8 == 0)
				dev_complete(r, 1 + unit_rng() % 3);
		}
		if (unit_rng() % 4 == 0)
			dev_complete(r, 1 + unit_rng() % 3);
		if (virtqueue_enable_cb(&r->vq))
			return reaped;
		(*enable_races)++;
	}
}

/* Adds up to a few random requests from @pool, then kicks if told to. */
static unsigned long
drv_submit(struct ring *r, struct req *pool, unsigned npool, unsigned long left,
	   bool *full)
{
	unsigned want = 1 + unit_rng() % 6, maxseg = r->cfg.num;
	unsigned long added = 0;

	if (maxseg > MAX_SEGS)
		maxseg = MAX_SEGS;
	while (added < want && added < left) {
		struct req *q = &pool[unit_rng() % npool];
		unsigned nseg = 1 + unit_rng() % maxseg, nout, free_before;
		unsigned need =
		    nseg > 1 && nseg <= r->cfg.indirect_max ? 1 : nseg;
		int err;

		if (q->in_flight)
			continue;
		nout = unit_rng() % (nseg + 1);
		make_req(q, nout, nseg - nout);
		free_before = virtqueue_num_free(&r->vq);
		err = add_req(r, q);
		if (err == -ENOSPC) {
			CHECK(free_before < need);
			CHECK_EQ_U64(virtqueue_num_free(&r->vq), free_before);
			*full = true;
			break;
		}
		CHECK_EQ_U64(err, 0);
		CHECK_EQ_U64(virtqueue_num_free(&r->vq), free_before - need);
		added++;
	}
	if (virtqueue_kick_prepare(&r->vq))
		dev_kick(r);
	return added;
}

/*
 * Random traffic: @total requests of 1..min(num, MAX_SEGS) segments,
 * completed in random order and batches.  Ends when all are reaped, or
 * fails if no side can move (a notification or an interrupt was lost).
 */
static void
run_random(unsigned num, bool event_idx, unsigned ind_max, unsigned long total)
{
	struct ring r;
	unsigned npool = num * 2;
	struct req *pool = zalloc(npool * sizeof(*pool));
	unsigned long submitted = 0, reaped = 0, races = 0, steps = 0;
	bool full = false;

	ring_setup(&r, num, event_idx, ind_max);
	while (reaped < total && steps++ < total * 50) {
		switch (unit_rng() % 4) {
		case 0:
			if (submitted < total)
				submitted += drv_submit(
				    &r, pool, npool, total - submitted, &full);
			break;
		case 1:
			if (r.awake && dev_fetch(&r, 1 + unit_rng() % 8) == 0)
				dev_try_sleep(&r);
			break;
		case 2:
			dev_complete(&r, 1 + unit_rng() % 4);
			break;
		default:
			if (r.irq_pending) {
				reaped += drv_irq(&r, &races);
				full = false;
			}
			break;
		}
		/* Nobody can move: a lost kick or interrupt. */
		if (!r.awake && r.npending == 0 && !r.irq_pending &&
		    (full || submitted == total) && reaped < total) {
			CHECK(!"stalled");
			fprintf(stderr, "num %u event %d ind %u: %lu of %lu\n",
				num, event_idx, ind_max, reaped, total);
			break;
		}
	}
	CHECK_EQ_U64(reaped, total);
	CHECK_EQ_U64(virtqueue_num_free(&r.vq), num);
	CHECK_EQ_U64(r.vq.stat_added, total);
	CHECK_EQ_U64(r.vq.stat_kicks_needed, r.kicks);
	CHECK_EQ_U64(r.avail->idx, (uint16_t)total);
	CHECK_EQ_U64(r.used->idx, (uint16_t)total);
	for (unsigned i = 0; i < num; i++)
		CHECK_EQ_U64(r.owner[i], 0);
	for (unsigned i = 0; i < npool; i++)
		CHECK(!pool[i].in_flight);
	if (total > 1000) {
		CHECK(num == 1 || races > 0); /* one request cannot race */
		if (event_idx)
			CHECK(r.vq.stat_kicks_suppressed > 0);
	}
	ring_free(&r);
	free(pool);
}

int
main(void)
{
	static const struct {
		unsigned num, ind_max;
	} shapes[] = { { 1, 0 },   { 2, 0 },   { 8, 0 },   { 8, 4 },
		       { 64, 16 }, { 256, 0 }, { 256, 32 } };

	unit_rng_seed(0x76697274717565ULL);
	test_sizes_and_init();
	test_basic();
	test_full();
	test_indirect();
	test_event_idx_kicks();
	test_event_idx_cb();
	test_enable_cb_delayed();
	test_flags();
	test_detach();
	test_broken();
	test_max_size();
	for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
		for (int ev = 0; ev < 2; ev++)
			run_random(shapes[i].num, ev, shapes[i].ind_max,
				   i == ARRAY_SIZE(shapes) - 1 ? 100000
							       : 70000);
	}
	return unit_done();
}
