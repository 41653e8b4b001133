/*
 * drivers/virtqueue.h - the driver side of a virtio 1.x split virtqueue
 * (virtio 1.1 §2.6): descriptor table, available ring, used ring.
 *
 * Pure module: no allocation, no locks, no transport.  The caller (a virtio
 * transport or device driver) gives it zeroed ring memory, optional
 * indirect tables, a kernel-virtual to device-address function and an array
 * for per-request tokens; it programs the ring addresses into the device and
 * writes QueueNotify itself when virtqueue_kick_prepare() says so.
 *
 * Lock legend: [I] immutable after virtqueue_init(); [c] protected by the
 * caller's lock, which must serialise every call on one queue (interrupt
 * handler included); [D] ring memory the device writes, read only through
 * READ_ONCE.  See virtqueue.c for who writes which ring field and why each
 * barrier sits where it does.
 *
 * Ring fields are little-endian; Sluice only runs on little-endian CPUs
 * (RISC-V, and the x86/arm hosts of the unit tests), so no byte swapping.
 */
#ifndef SLUICE_DRIVERS_VIRTQUEUE_H
#define SLUICE_DRIVERS_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "virtqueue rings are little-endian; add byte swapping");

/* virtio 1.1 §2.6.5: descriptor flags. */
#define VIRTQ_DESC_F_NEXT     1 /* chain continues at .next */
#define VIRTQ_DESC_F_WRITE    2 /* device writes the buffer (else reads) */
#define VIRTQ_DESC_F_INDIRECT 4 /* buffer is a table of descriptors */
/* §2.6.7, §2.6.10: notification suppression without EVENT_IDX. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1 /* driver: no used-buffer interrupts */
#define VIRTQ_USED_F_NO_NOTIFY	   1 /* device: no avail-buffer notifies */

#define VIRTQ_MAX_SIZE		   32768 /* §2.6: largest queue size */

/*
 * Barriers between our ring accesses and the device's (§2.6.13 "Supplying
 * Buffers to The Device", §2.6.14 "Receiving Used Buffers From The Device").  The
 * virtqueue is normal memory shared with the device, so memory fences
 * suffice; ordering against the QueueNotify register write is the MMIO
 * accessor's job (mmio_write32() issues "fence w,o").
 */
#ifdef __riscv
#define virtq_mb()  __asm__ volatile("fence rw,rw" ::: "memory")
#define virtq_wmb() __asm__ volatile("fence w,w" ::: "memory")
#define virtq_rmb() __asm__ volatile("fence r,r" ::: "memory")
#else
#define virtq_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define virtq_wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define virtq_rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

/* §2.6.5 */
struct virtq_desc {
	uint64_t addr; /* device address of the buffer */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* §2.6.6: written by the driver only. */
struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* then used_event (EVENT_IDX) */
};

/* §2.6.8: written by the device only. */
struct virtq_used_elem {
	uint32_t id;  /* head of the chain the device has finished */
	uint32_t len; /* bytes it wrote into the chain */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* then avail_event (EVENT_IDX) */
};

_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc layout");
_Static_assert(sizeof(struct virtq_avail) == 4, "virtq_avail layout");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "used_elem layout");
_Static_assert(offsetof(struct virtq_used, ring) == 4, "virtq_used layout");

/* One buffer segment of a request: device address, length, device-writable? */
struct virtq_seg {
	uint64_t addr;
	uint32_t len;
	bool write;
};

struct virtqueue_config {
	unsigned num;		   /* queue size, power of two, 1..32768 */
	void *desc, *avail, *used; /* ring memory, zeroed, aligned 16 / 2 / 4 */
	bool event_idx;		   /* VIRTIO_F_EVENT_IDX (29) negotiated */
	/* NULL, or num * indirect_max descriptors, 16-aligned (only with
	 * VIRTIO_F_INDIRECT_DESC, 28); indirect_max: segments per table. */
	struct virtq_desc *indirect;
	unsigned indirect_max;
	/* The device address of kernel memory (for the indirect tables). */
	uint64_t (*to_dma)(const void *va);
	void **tokens; /* num slots for the caller's per-request cookies */
};

struct virtqueue {
	unsigned num;		     /* [I] power of two */
	bool event_idx;		     /* [I] */
	struct virtq_desc *desc;     /* [I] table; [c] its contents */
	struct virtq_avail *avail;   /* [I] ring; [c] its contents */
	struct virtq_used *used;     /* [I] ring; [D] its contents */
	struct virtq_desc *indirect; /* [I] table h at h * indirect_max */
	unsigned indirect_max;	     /* [I] 0 when there are no tables */
	uint64_t (*to_dma)(const void *va); /* [I] */
	void **tokens; /* [I] array; [c] tokens[head], NULL if free */

	uint16_t free_head;	/* [c] free descriptors, linked by .next */
	unsigned num_free;	/* [c] length of that list */
	uint16_t avail_idx;	/* [c] avail->idx including unpublished adds */
	uint16_t num_added;	/* [c] added since the last kick_prepare */
	uint16_t last_used_idx; /* [c] next used entry to reap */
	bool cb_enabled;	/* [c] interrupts wanted (shadow of the flag) */
	bool broken;		/* [c] device returned garbage; queue is dead */

	/* [c] statistics for benchmarks: requests added, those through an
	 * indirect table, kick_prepare calls with something to publish that
	 * returned true (notify) and false (suppressed by the device). */
	uint64_t stat_added, stat_indirect;
	uint64_t stat_kicks_needed, stat_kicks_suppressed;
};

/* Bytes each ring needs for @num entries (for the caller's allocation). */
size_t virtq_desc_bytes(unsigned num);	/* 16 * num */
size_t virtq_avail_bytes(unsigned num); /* 6 + 2 * num */
size_t virtq_used_bytes(unsigned num);	/* 6 + 8 * num */

/*
 * Sets @vq up over @cfg's memory: 0, or -EINVAL for a bad size, missing or
 * misaligned memory.  Writes the driver-owned ring headers and the free list;
 * the device must not be using the rings yet.  Also used again after a device
 * reset (with zeroed rings), once virtqueue_detach_unused() returned NULL.
 */
int virtqueue_init(struct virtqueue *vq, const struct virtqueue_config *cfg);

/*
 * Exposes one request: @nout device-readable segments followed by @nin
 * device-writable ones (segs[i].write must agree).  Uses one indirect table
 * when there are tables and 1 < nout + nin <= indirect_max, else a chain of
 * direct descriptors.  The request goes into the avail ring, unpublished
 * until virtqueue_kick_prepare().  @token (not NULL) comes back from
 * virtqueue_get_buf().  Returns 0; -ENOSPC when there are not enough free
 * descriptors (nothing changed); -EINVAL for no segments, more than num (a
 * chain may not be longer than the queue, §2.6.5.3.1), more than 4 GiB in
 * all, readable after writable segments, a NULL token or a broken queue.
 * Caller's lock held; any context; never sleeps.
 */
int virtqueue_add(struct virtqueue *vq, const struct virtq_seg *segs,
		  unsigned nout, unsigned nin, void *token);

/*
 * Publishes every request added since the last call and says whether the
 * device must be notified (§2.6.13.4, §2.6.10): with EVENT_IDX, when the new avail
 * index passed the device's avail_event; without, unless the device set
 * VIRTQ_USED_F_NO_NOTIFY.  False when nothing was added.  The caller then
 * writes QueueNotify if true.  Adding a batch and calling this once gives
 * one notify per batch.  Caller's lock held; any context.
 */
bool virtqueue_kick_prepare(struct virtqueue *vq);

/*
 * The next request the device has finished: its token, and in *@len (if not
 * NULL) the bytes the device says it wrote; NULL when there is none or the
 * queue is broken.  Frees the request's descriptors.  With EVENT_IDX and
 * interrupts enabled, also moves used_event along.  Caller's lock held;
 * any context.
 */
void *virtqueue_get_buf(struct virtqueue *vq, uint32_t *len);

/* Whether virtqueue_get_buf() has something to return (reads used->idx). */
bool virtqueue_has_used(const struct virtqueue *vq);

/*
 * Asks the device not to interrupt: sets VIRTQ_AVAIL_F_NO_INTERRUPT, or with
 * EVENT_IDX just stops virtqueue_get_buf() from moving used_event.  A hint
 * only: interrupts may still come.
 */
void virtqueue_disable_cb(struct virtqueue *vq);

/*
 * Asks for interrupts again (clears the flag, or with EVENT_IDX sets
 * used_event to the next entry to reap), then looks at the used ring once
 * more: false if entries arrived meanwhile, and the caller must reap again
 * (the interrupt for them may already have been suppressed).  Typical IRQ
 * handler: do { disable_cb; while (get_buf) ...; } while (!enable_cb).
 */
bool virtqueue_enable_cb(struct virtqueue *vq);
/*
 * Interrupt moderation: like virtqueue_enable_cb(), but with EVENT_IDX
 * ask for the interrupt only after about three quarters of the @pending
 * requests the device holds have completed (fewer interrupts under load,
 * more latency for the first ones).  It cannot stall: the interrupt comes
 * once that many of the already pending requests are done.  Returns
 * false if that many are done already (reap again).
 */
bool virtqueue_enable_cb_delayed(struct virtqueue *vq, unsigned pending);

unsigned virtqueue_num_free(const struct virtqueue *vq);

/* True once the device returned an impossible used entry; reset it. */
bool virtqueue_is_broken(const struct virtqueue *vq);

/*
 * For reset, after the device has stopped: the token of one request still
 * in flight (NULL when none are left), freeing its descriptors.  Afterwards
 * the queue must be set up again with virtqueue_init().
 */
void *virtqueue_detach_unused(struct virtqueue *vq);

#endif /* SLUICE_DRIVERS_VIRTQUEUE_H */
