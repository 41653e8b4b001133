/*
 * tests/unit/test_ringbuf.c - kernel/ringbuf.c against a plain array model.
 *
 * Random sequences of every operation run on a ring and on an obviously
 * correct model (a linear array), with the free-running indices started just
 * below UINT32_MAX so they wrap during the run; after each step the two must
 * agree on every byte and every count.  The ring's storage is malloc'd at its
 * exact size so ASan catches any index that escapes the mask.
 */
#include "kernel/ringbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

#define MODEL_CAP 4096

/* The model: bytes q[0..n) in FIFO order. */
struct model {
	uint8_t q[MODEL_CAP];
	size_t n;
};

static void
model_drop_front(struct model *m, size_t k)
{
	memmove(m->q, m->q + k, m->n - k);
	m->n -= k;
}

static void
check_counts(const struct ringbuf *rb, const struct model *m, uint32_t size)
{
	CHECK_EQ_U64(ringbuf_len(rb), m->n);
	CHECK_EQ_U64(ringbuf_space(rb), size - m->n);
	CHECK_EQ_U64(ringbuf_empty(rb), m->n == 0);
	CHECK_EQ_U64(ringbuf_full(rb), m->n == size);
	CHECK_EQ_U64(ringbuf_peek(rb), m->n ? m->q[0] : -1);
}

/* One random operation on both the ring and the model. */
static void
step(struct ringbuf *rb, struct model *m, uint32_t size)
{
	uint8_t tmp[MODEL_CAP];
	size_t k, want;
	uint8_t c = (uint8_t)unit_rng();

	switch (unit_rng() % 6) {
	case 0:
		CHECK_EQ_U64(ringbuf_put(rb, c), m->n < size ? 0 : -1);
		if (m->n < size)
			m->q[m->n++] = c;
		break;
	case 1:
		CHECK_EQ_U64(ringbuf_get(rb), m->n ? m->q[0] : -1);
		if (m->n)
			model_drop_front(m, 1);
		break;
	case 2:
		CHECK_EQ_U64(ringbuf_unput(rb), m->n ? m->q[m->n - 1] : -1);
		if (m->n)
			m->n--;
		break;
	case 3:
		k = unit_rng() % (2 * size + 2);
		for (size_t i = 0; i < k; i++)
			tmp[i] = (uint8_t)unit_rng();
		want = k < size - m->n ? k : size - m->n;
		CHECK_EQ_U64(ringbuf_put_many(rb, tmp, k), want);
		memcpy(m->q + m->n, tmp, want);
		m->n += want;
		break;
	case 4:
		k = unit_rng() % (2 * size + 2);
		want = k < m->n ? k : m->n;
		memset(tmp, 0xee, sizeof(tmp));
		CHECK_EQ_U64(ringbuf_get_many(rb, tmp, k), want);
		CHECK(memcmp(tmp, m->q, want) == 0);
		CHECK_EQ_U64(tmp[want], 0xee); /* nothing past the count */
		model_drop_front(m, want);
		break;
	default:
		/* Fill to the brim one byte at a time, then one more. */
		while (m->n < size) {
			CHECK_EQ_U64(ringbuf_put(rb, c), 0);
			m->q[m->n++] = c++;
		}
		CHECK_EQ_U64(ringbuf_put(rb, c), -1);
		break;
	}
	check_counts(rb, m, size);
}

static void
run_random(uint32_t size, uint32_t start, int steps)
{
	struct ringbuf rb;
	struct model m = { .n = 0 };
	uint8_t *storage = malloc(size);

	CHECK(storage != NULL);
	CHECK_EQ_U64(ringbuf_init(&rb, storage, size), 0);
	rb.head = rb.tail = start;
	check_counts(&rb, &m, size);
	for (int i = 0; i < steps; i++)
		step(&rb, &m, size);
	free(storage);
}

static void
test_init(void)
{
	static const uint32_t bad[] = { 0,   3,		  6,	      12,
					100, 0x80000001u, 0xffffffffu };
	static const uint32_t good[] = { 1, 2, 4, 1024, 0x80000000u };
	struct ringbuf rb = { NULL, 77, 5, 9 };
	uint8_t store[4];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ_U64(ringbuf_init(&rb, store, bad[i]), -1);
		CHECK_EQ_U64(rb.size, 77); /* untouched on error */
	}
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		CHECK_EQ_U64(ringbuf_init(&rb, store, good[i]), 0);
		CHECK_EQ_U64(rb.size, good[i]);
		CHECK(ringbuf_empty(&rb) && !ringbuf_full(&rb));
		CHECK_EQ_U64(ringbuf_space(&rb), good[i]);
	}
}

/* The exact case the counters are for: head has wrapped, tail has not. */
static void
test_wrap_boundary(void)
{
	struct ringbuf rb;
	uint8_t store[8], out[8];

	ringbuf_init(&rb, store, 8);
	rb.head = rb.tail = UINT32_MAX - 2;
	for (int i = 0; i < 8; i++)
		CHECK_EQ_U64(ringbuf_put(&rb, (uint8_t)(0x10 + i)), 0);
	CHECK(rb.head < rb.tail); /* wrapped */
	CHECK_EQ_U64(ringbuf_len(&rb), 8);
	CHECK(ringbuf_full(&rb));
	CHECK_EQ_U64(ringbuf_put(&rb, 0xff), -1);
	CHECK_EQ_U64(ringbuf_unput(&rb), 0x17);
	CHECK_EQ_U64(ringbuf_put(&rb, 0x27), 0);
	CHECK_EQ_U64(ringbuf_get_many(&rb, out, 8), 8);
	CHECK(out[0] == 0x10 && out[6] == 0x16 && out[7] == 0x27);
	CHECK(ringbuf_empty(&rb));
	CHECK_EQ_U64(rb.tail, 5); /* UINT32_MAX - 2 + 8, mod 2^32 */
	CHECK_EQ_U64(ringbuf_get(&rb), -1);
	CHECK_EQ_U64(ringbuf_unput(&rb), -1);
	CHECK_EQ_U64(rb.head, 5); /* unput on empty must not move head */
}

int
main(void)
{
	static const uint32_t sizes[] = { 1, 2, 8, 64, 1024 };

	unit_rng_seed(0x9e3779b97f4a7c15ULL);
	static const uint32_t starts[] = { 0, 100, UINT32_MAX - 3,
					   UINT32_MAX - 700, UINT32_MAX };

	test_init();
	test_wrap_boundary();
	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
		for (size_t t = 0; t < ARRAY_SIZE(starts); t++)
			run_random(sizes[s], starts[t], 3000);
	return unit_done();
}
