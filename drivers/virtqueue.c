/*
 * drivers/virtqueue.c - the driver side of a virtio split virtqueue.
 *
 * Who writes what (virtio 1.1 §2.6):
 *   desc[], indirect tables   driver only; the device reads them once the
 *                             chain's head is published in the avail ring.
 *   avail->ring[], ->flags,   driver only.  After init ->idx moves only in
 *   ->idx, used_event         kick_prepare, so requests added in a batch
 *                             appear to the device together.
 *   used->ring[], ->flags,    device only.  We read them with READ_ONCE,
 *   ->idx, avail_event        once per field, and check the id we are given.
 * Free descriptors are linked through desc[].next; a direct chain is taken
 * from the list in list order, so only its flags need writing.  Indirect
 * table h (at indirect + h * indirect_max) belongs to whichever request has
 * descriptor h as its head.
 *
 * Barriers (each pairs with the device's side of the same protocol step):
 *   W1 kick_prepare: wmb before writing avail->idx, so the device never sees
 *      the index before the descriptors and ring entries it covers (pairs
 *      with the device's read barrier after it reads avail->idx).
 *   M1 kick_prepare: mb between writing avail->idx and reading avail_event
 *      or used->flags.  Otherwise the read may be satisfied before our store
 *      is visible: the device, going idle, re-arms notifications, re-reads
 *      a stale avail->idx and sleeps, while we read the old suppression and
 *      skip the notify.  Pairs with the device's mb between re-arming and
 *      re-reading avail->idx.
 *   R1 get_buf: rmb after reading used->idx, before reading the used entry
 *      and reusing the descriptors (pairs with the device's write barrier
 *      before it bumps used->idx).
 *   M2 enable_cb and get_buf: mb between writing used_event / clearing
 *      NO_INTERRUPT and reading used->idx again, the mirror of M1 for
 *      interrupts.
 *
 * Lock legend: none inside.  The caller serialises every call on one queue
 * with its own lock (taken with interrupts off if the interrupt handler
 * reaps).  Nothing here sleeps or allocates.
 */
#include "drivers/virtqueue.h"

#include <uapi/errno.h>

#include "kernel/compiler.h"

/* The event words that follow each ring when EVENT_IDX is negotiated. */
static inline uint16_t *
used_event(const struct virtqueue *vq)
{
	return &vq->avail->ring[vq->num];
}

static inline uint16_t *
avail_event(const struct virtqueue *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

/*
 * §2.6.10: having moved an index from @old to @new, must the other side be
 * told, given that it asked to hear once index @event is passed?  True when
 * @event lies in [old, new), all modulo 2^16.
 */
static inline bool
need_event(uint16_t event, uint16_t new, uint16_t old)
{
	return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
}

size_t
virtq_desc_bytes(unsigned num)
{
	return sizeof(struct virtq_desc) * num;
}

size_t
virtq_avail_bytes(unsigned num)
{
	return 3 * sizeof(uint16_t) + sizeof(uint16_t) * num;
}

size_t
virtq_used_bytes(unsigned num)
{
	return 3 * sizeof(uint16_t) + sizeof(struct virtq_used_elem) * num;
}

static bool
misaligned(const void *p, uintptr_t align)
{
	return p == NULL || ((uintptr_t)p & (align - 1)) != 0;
}

int
virtqueue_init(struct virtqueue *vq, const struct virtqueue_config *cfg)
{
	unsigned n = cfg->num;

	if (n == 0 || n > VIRTQ_MAX_SIZE || (n & (n - 1)) != 0 ||
	    misaligned(cfg->desc, 16) || misaligned(cfg->avail, 2) ||
	    misaligned(cfg->used, 4) || cfg->to_dma == NULL ||
	    cfg->tokens == NULL)
		return -EINVAL;
	if (cfg->indirect != NULL &&
	    (misaligned(cfg->indirect, 16) || cfg->indirect_max == 0 ||
	     cfg->indirect_max > VIRTQ_MAX_SIZE))
		return -EINVAL;

	*vq = (struct virtqueue){
		.num = n,
		.event_idx = cfg->event_idx,
		.desc = cfg->desc,
		.avail = cfg->avail,
		.used = cfg->used,
		.indirect = cfg->indirect,
		.indirect_max = cfg->indirect ? cfg->indirect_max : 0,
		.to_dma = cfg->to_dma,
		.tokens = cfg->tokens,
		.num_free = n,
		.cb_enabled = true,
	};
	for (unsigned i = 0; i < n; i++) {
		vq->desc[i].next = (uint16_t)(i + 1);
		vq->tokens[i] = NULL;
	}
	/* The device is not running yet, so its half is ours to clear too. */
	WRITE_ONCE(vq->avail->flags, 0);
	WRITE_ONCE(vq->avail->idx, 0);
	WRITE_ONCE(*used_event(vq), 0);
	WRITE_ONCE(vq->used->flags, 0);
	WRITE_ONCE(vq->used->idx, 0);
	WRITE_ONCE(*avail_event(vq), 0);
	return 0;
}

static void
fill_desc(struct virtq_desc *d, uint64_t addr, uint32_t len, uint16_t flags)
{
	d->addr = addr;
	d->len = len;
	d->flags = flags;
}

/* Checks a request against the contract of virtqueue_add(). */
static int
check_segs(const struct virtqueue *vq, const struct virtq_seg *segs,
	   unsigned nout, unsigned nin, const void *token)
{
	unsigned total = nout + nin;
	uint64_t bytes = 0;

	if (nout > vq->num || nin > vq->num || total == 0 || total > vq->num ||
	    token == NULL || vq->broken)
		return -EINVAL;
	for (unsigned i = 0; i < total; i++) {
		if (segs[i].write != (i >= nout))
			return -EINVAL;
		bytes += segs[i].len;
	}
	return bytes > (1ull << 32) ? -EINVAL : 0;
}

static uint16_t
seg_flags(const struct virtq_seg *segs, unsigned i, unsigned total)
{
	return (segs[i].write ? VIRTQ_DESC_F_WRITE : 0) |
	       (i + 1 < total ? VIRTQ_DESC_F_NEXT : 0);
}

/* The whole request in head's table; one descriptor from the free list. */
static void
add_indirect(struct virtqueue *vq, const struct virtq_seg *segs, unsigned total,
	     uint16_t head)
{
	struct virtq_desc *t = vq->indirect + head * vq->indirect_max;

	for (unsigned i = 0; i < total; i++) {
		fill_desc(&t[i], segs[i].addr, segs[i].len,
			  seg_flags(segs, i, total));
		t[i].next = (uint16_t)(i + 1);
	}
	fill_desc(&vq->desc[head], vq->to_dma(t),
		  (uint32_t)(total * sizeof(*t)), VIRTQ_DESC_F_INDIRECT);
	vq->free_head = vq->desc[head].next;
	vq->num_free--;
	vq->stat_indirect++;
}

/* A chain of @total descriptors off the free list, which already links them. */
static void
add_direct(struct virtqueue *vq, const struct virtq_seg *segs, unsigned total)
{
	uint16_t d = vq->free_head;

	for (unsigned i = 0; i < total; i++) {
		fill_desc(&vq->desc[d], segs[i].addr, segs[i].len,
			  seg_flags(segs, i, total));
		if (i + 1 < total)
			d = vq->desc[d].next;
	}
	vq->free_head = vq->desc[d].next;
	vq->num_free -= total;
}

int
virtqueue_add(struct virtqueue *vq, const struct virtq_seg *segs, unsigned nout,
	      unsigned nin, void *token)
{
	unsigned total = nout + nin;
	bool indirect = total > 1 && total <= vq->indirect_max;
	uint16_t head = vq->free_head;
	int err = check_segs(vq, segs, nout, nin, token);

	if (err)
		return err;
	if (vq->num_free < (indirect ? 1 : total))
		return -ENOSPC;
	if (indirect)
		add_indirect(vq, segs, total, head);
	else
		add_direct(vq, segs, total);

	vq->tokens[head] = token;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	vq->avail_idx++;
	vq->num_added++;
	vq->stat_added++;
	return 0;
}

bool
virtqueue_kick_prepare(struct virtqueue *vq)
{
	uint16_t new_idx = vq->avail_idx;
	uint16_t old_idx = (uint16_t)(new_idx - vq->num_added);
	bool need;

	if (vq->num_added == 0)
		return false;
	vq->num_added = 0;

	virtq_wmb(); /* W1: pairs with the device's rmb after avail->idx */
	WRITE_ONCE(vq->avail->idx, new_idx);
	virtq_mb(); /* M1: pairs with the device's mb after re-arming */

	if (vq->event_idx) {
		uint16_t event = READ_ONCE(*avail_event(vq));

		need = need_event(event, new_idx, old_idx);
	} else
		need = !(READ_ONCE(vq->used->flags) & VIRTQ_USED_F_NO_NOTIFY);
	if (need)
		vq->stat_kicks_needed++;
	else
		vq->stat_kicks_suppressed++;
	return need;
}

/* Returns the descriptors of the request headed by @head to the free list. */
static void
free_chain(struct virtqueue *vq, uint16_t head)
{
	uint16_t d = head;
	unsigned n = 1;

	vq->tokens[head] = NULL;
	while (vq->desc[d].flags & VIRTQ_DESC_F_NEXT) {
		d = vq->desc[d].next;
		n++;
	}
	vq->desc[d].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
}

bool
virtqueue_has_used(const struct virtqueue *vq)
{
	return READ_ONCE(vq->used->idx) != vq->last_used_idx;
}

void *
virtqueue_get_buf(struct virtqueue *vq, uint32_t *len)
{
	struct virtq_used_elem *e;
	uint32_t id;
	void *token;

	if (vq->broken || !virtqueue_has_used(vq))
		return NULL;
	virtq_rmb(); /* R1: pairs with the device's wmb before used->idx */

	e = &vq->used->ring[vq->last_used_idx & (vq->num - 1)];
	id = READ_ONCE(e->id);
	if (id >= vq->num || vq->tokens[id] == NULL) {
		vq->broken = true;
		return NULL;
	}
	if (len != NULL)
		*len = READ_ONCE(e->len);
	token = vq->tokens[id];
	free_chain(vq, (uint16_t)id);
	vq->last_used_idx++;

	/*
	 * Interrupts wanted: ask for one at the next entry, and make the
	 * request visible before the caller's next look at used->idx (M2).
	 */
	if (vq->event_idx && vq->cb_enabled) {
		WRITE_ONCE(*used_event(vq), vq->last_used_idx);
		virtq_mb();
	}
	return token;
}

void
virtqueue_disable_cb(struct virtqueue *vq)
{
	vq->cb_enabled = false;
	/* With EVENT_IDX, avail->flags must stay 0; used_event just lags. */
	if (!vq->event_idx)
		WRITE_ONCE(vq->avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
}

bool
virtqueue_enable_cb(struct virtqueue *vq)
{
	vq->cb_enabled = true;
	if (vq->event_idx)
		WRITE_ONCE(*used_event(vq), vq->last_used_idx);
	else
		WRITE_ONCE(vq->avail->flags, 0);
	virtq_mb(); /* M2: pairs with the device's mb after used->idx */
	return !virtqueue_has_used(vq);
}

bool
virtqueue_enable_cb_delayed(struct virtqueue *vq, unsigned pending)
{
	uint16_t bufs;

	if (!vq->event_idx || pending < 2)
		return virtqueue_enable_cb(vq);
	/*
	 * The device interrupts when used->idx passes used_event, i.e.
	 * after bufs + 1 more completions; bufs + 1 <= pending, and every
	 * pending request completes, so the interrupt does come.
	 */
	bufs = (uint16_t)(pending * 3 / 4);
	vq->cb_enabled = true;
	WRITE_ONCE(*used_event(vq), (uint16_t)(vq->last_used_idx + bufs));
	virtq_mb(); /* M2, as in virtqueue_enable_cb() */
	return (uint16_t)(READ_ONCE(vq->used->idx) - vq->last_used_idx) <= bufs;
}

unsigned
virtqueue_num_free(const struct virtqueue *vq)
{
	return vq->num_free;
}

bool
virtqueue_is_broken(const struct virtqueue *vq)
{
	return vq->broken;
}

void *
virtqueue_detach_unused(struct virtqueue *vq)
{
	for (unsigned i = 0; i < vq->num; i++) {
		void *token = vq->tokens[i];

		if (token != NULL) {
			free_chain(vq, (uint16_t)i);
			return token;
		}
	}
	return NULL;
}
