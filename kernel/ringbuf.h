/*
 * kernel/ringbuf.h - a byte ring buffer (console input and output queues).
 *
 * head and tail are free-running uint32_t counters: they are never reduced
 * modulo the size, only masked when indexing, so head - tail is the fill level
 * even after either counter wraps past UINT32_MAX, and "full" needs no wasted
 * slot.  The size must be a power of two so the mask works and so the
 * counters' wrap at 2^32 is a multiple of it.
 *
 * Lock legend: none inside.  [I] immutable after ringbuf_init(); every other
 * field [c] is protected by the caller's lock (for the console, the UART
 * driver's lock, taken with interrupts off because the IRQ handler fills the
 * input ring).  A single producer and a single consumer still need that lock:
 * there are no memory barriers here.
 */
#ifndef SLUICE_KERNEL_RINGBUF_H
#define SLUICE_KERNEL_RINGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ringbuf {
	uint8_t *buf;  /* [I] size bytes of storage owned by the caller */
	uint32_t size; /* [I] power of two, 1 .. 2^31 */
	uint32_t head; /* [c] free-running write index */
	uint32_t tail; /* [c] free-running read index */
};

/* Returns 0, or -1 (and leaves rb untouched) if size is not a power of two. */
int ringbuf_init(struct ringbuf *rb, uint8_t *storage, uint32_t size);

static inline uint32_t
ringbuf_len(const struct ringbuf *rb)
{
	return rb->head - rb->tail;
}

static inline uint32_t
ringbuf_space(const struct ringbuf *rb)
{
	return rb->size - ringbuf_len(rb);
}

static inline bool
ringbuf_empty(const struct ringbuf *rb)
{
	return rb->head == rb->tail;
}

static inline bool
ringbuf_full(const struct ringbuf *rb)
{
	return ringbuf_len(rb) == rb->size;
}

/* Appends one byte: 0, or -1 when the ring is full. */
int ringbuf_put(struct ringbuf *rb, uint8_t c);
/* Removes the oldest byte: returns it (0..255), or -1 when empty. */
int ringbuf_get(struct ringbuf *rb);
/* Like ringbuf_get() but leaves the byte in the ring. */
int ringbuf_peek(const struct ringbuf *rb);
/* Takes back the newest byte (line editing's backspace): byte, or -1. */
int ringbuf_unput(struct ringbuf *rb);
/* Copy as much as fits / as much as is there; return the count copied. */
size_t ringbuf_put_many(struct ringbuf *rb, const uint8_t *src, size_t n);
size_t ringbuf_get_many(struct ringbuf *rb, uint8_t *dst, size_t n);

#endif /* SLUICE_KERNEL_RINGBUF_H */
