/*
 * kernel/ringbuf.c - byte ring buffer operations; see ringbuf.h for the
 * free-running index scheme.
 *
 * Lock legend: none inside; the caller holds the lock that protects the ring
 * ([c] in ringbuf.h) across each call.  No call sleeps, so any context may
 * use a ring, including interrupt handlers.
 */
#include "kernel/ringbuf.h"

int
ringbuf_init(struct ringbuf *rb, uint8_t *storage, uint32_t size)
{
	if (size == 0 || (size & (size - 1)) != 0)
		return -1;
	rb->buf = storage;
	rb->size = size;
	rb->head = 0;
	rb->tail = 0;
	return 0;
}

static inline uint32_t
slot(const struct ringbuf *rb, uint32_t index)
{
	return index & (rb->size - 1);
}

int
ringbuf_put(struct ringbuf *rb, uint8_t c)
{
	if (ringbuf_full(rb))
		return -1;
	rb->buf[slot(rb, rb->head)] = c;
	rb->head++;
	return 0;
}

int
ringbuf_get(struct ringbuf *rb)
{
	int c;

	if (ringbuf_empty(rb))
		return -1;
	c = rb->buf[slot(rb, rb->tail)];
	rb->tail++;
	return c;
}

int
ringbuf_peek(const struct ringbuf *rb)
{
	if (ringbuf_empty(rb))
		return -1;
	return rb->buf[slot(rb, rb->tail)];
}

int
ringbuf_unput(struct ringbuf *rb)
{
	if (ringbuf_empty(rb))
		return -1;
	rb->head--;
	return rb->buf[slot(rb, rb->head)];
}

size_t
ringbuf_put_many(struct ringbuf *rb, const uint8_t *src, size_t n)
{
	size_t i;

	if (n > ringbuf_space(rb))
		n = ringbuf_space(rb);
	for (i = 0; i < n; i++)
		rb->buf[slot(rb, rb->head + (uint32_t)i)] = src[i];
	rb->head += (uint32_t)n;
	return n;
}

size_t
ringbuf_get_many(struct ringbuf *rb, uint8_t *dst, size_t n)
{
	size_t i;

	if (n > ringbuf_len(rb))
		n = ringbuf_len(rb);
	for (i = 0; i < n; i++)
		dst[i] = rb->buf[slot(rb, rb->tail + (uint32_t)i)];
	rb->tail += (uint32_t)n;
	return n;
}
