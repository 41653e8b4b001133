/*
 * tests/unit/test_kmalloc.c - kernel/kmalloc.c on the buddy allocator, as
 * the kernel stacks them, over a host arena.
 *
 * The random test keeps a table of live allocations, each filled with its
 * own byte; after every step each live allocation must still hold its byte
 * (an overlap or a free-list write into live memory shows up at once), no
 * two live ranges may intersect, and the counters must equal the table's
 * sums.  At the end everything goes back: zero bytes, zero objects, and
 * after kmem_shrink() zero pages held and the buddy allocator full again.
 */
#include "kernel/kmalloc.h"
#include "kernel/page_alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

#define ARENA_PAGES 4096 /* 16 MiB */
#define MAX_LIVE    64

/* The page source: the buddy allocator plus a budget to force failures. */
struct page_src {
	struct buddy buddy;
	size_t outstanding; /* pages handed out, not yet returned */
	size_t budget;	    /* refuse requests that would exceed this */
	size_t bad_frees;
};

static void *
src_alloc(void *ctx, unsigned order)
{
	struct page_src *s = ctx;

	if (s->outstanding + ((size_t)1 << order) > s->budget)
		return NULL;
	uintptr_t a = buddy_alloc(&s->buddy, order);
	if (a)
		s->outstanding += (size_t)1 << order;
	return (void *)a;
}

static void
src_free(void *ctx, void *p, unsigned order)
{
	struct page_src *s = ctx;

	if (buddy_free(&s->buddy, (uintptr_t)p, order) != 0)
		s->bad_frees++;
	else
		s->outstanding -= (size_t)1 << order;
}

static uint8_t *arena;
static uint8_t meta[ARENA_PAGES];
static struct page_src src;
static struct kmem km;

static void
setup(void)
{
	struct kmem_pages pages = { src_alloc, src_free, &src };

	memset(&src, 0, sizeof(src));
	src.budget = SIZE_MAX;
	CHECK_EQ_U64(
	    buddy_init(&src.buddy, (uintptr_t)arena, ARENA_PAGES, meta), 0);
	CHECK_EQ_U64(kmem_init(&km, &pages), 0);
}

/* Everything returned; the page source whole again. */
static void
check_all_returned(void)
{
	struct kmem_stats st;

	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.bytes_requested, 0);
	CHECK_EQ_U64(st.objects, 0);
	CHECK(st.pages <= KMEM_NR_CLASSES); /* at most one spare per class */
	CHECK_EQ_U64(st.pages, st.slab_pages);
	kmem_shrink(&km);
	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.pages, 0);
	CHECK_EQ_U64(st.slab_pages, 0);
	CHECK_EQ_U64(src.outstanding, 0);
	CHECK_EQ_U64(src.bad_frees, 0);
	CHECK_EQ_U64(buddy_free_pages(&src.buddy), ARENA_PAGES);
	CHECK_EQ_U64(buddy_check(&src.buddy), 0);
}

struct live {
	uint8_t *p;
	size_t size;
	uint8_t fill;
};

static struct live live[MAX_LIVE];
static size_t nlive;

static int
intact(const struct live *l)
{
	for (size_t i = 0; i < l->size; i++)
		if (l->p[i] != l->fill)
			return 0;
	return 1;
}

static size_t
random_size(void)
{
	static const size_t edges[] = { 1,    15,   16,	  17,	31,   32,
					33,   2047, 2048, 2049, 4080, 4081,
					4096, 8176, 8177, 65536 };
	uint32_t r = unit_rng() % 100;

	if (r < 10)
		return edges[unit_rng() % ARRAY_SIZE(edges)];
	if (r < 20)
		return 2049 + unit_rng() % 30000;
	if (r < 50)
		return 1 + unit_rng() % 2048;
	return 1 + unit_rng() % 128;
}

static void
check_live_and_counters(void)
{
	struct kmem_stats st;
	size_t bytes = 0;

	for (size_t i = 0; i < nlive; i++) {
		CHECK(intact(&live[i]));
		bytes += live[i].size;
	}
	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.bytes_requested, bytes);
	CHECK_EQ_U64(st.objects, nlive);
	CHECK_EQ_U64(st.pages, src.outstanding);
}

static void
random_alloc(uint8_t fill)
{
	size_t size = random_size();
	uint8_t *p = kmem_alloc(&km, size);

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_EQ_U64((uintptr_t)p % 16, 0);
	CHECK(p >= arena && p + size <= arena + ARENA_PAGES * BUDDY_PAGE_SIZE);
	for (size_t i = 0; i < nlive; i++)
		CHECK(p + size <= live[i].p || live[i].p + live[i].size <= p);
	memset(p, fill, size);
	live[nlive++] = (struct live){ p, size, fill };
}

static void
test_random(void)
{
	uint8_t fill = 1;

	for (int step = 0; step < 6000; step++) {
		if (nlive < MAX_LIVE && (nlive == 0 || unit_rng() % 100 < 55)) {
			random_alloc(fill);
			fill = fill == 255 ? 1 : fill + 1;
		} else {
			size_t i = unit_rng() % nlive;

			CHECK_EQ_U64(kmem_free(&km, live[i].p), 0);
			live[i] = live[--nlive];
		}
		check_live_and_counters();
	}
	while (nlive > 0) {
		CHECK_EQ_U64(kmem_free(&km, live[nlive - 1].p), 0);
		nlive--;
		check_live_and_counters();
	}
	check_all_returned();
}

static void
test_edges(void)
{
	struct kmem_stats st;
	struct kmem k2;
	struct kmem_pages none = { NULL, src_free, &src };
	void *p;

	CHECK(kmem_alloc(&km, 0) == NULL);
	CHECK(kmem_alloc(&km, KMEM_MAX_REQUEST + 1) == NULL);
	CHECK(kmem_alloc(&km, SIZE_MAX) == NULL);
	CHECK_EQ_U64(kmem_free(&km, NULL), 0);
	CHECK_EQ_U64(kmem_init(&k2, &none), KMEM_ERR_INVAL);
	CHECK_EQ_U64(kmem_init(&k2, NULL), KMEM_ERR_INVAL);

	/* The biggest request is one whole order-10 block. */
	p = kmem_alloc(&km, KMEM_MAX_REQUEST);
	CHECK(p != NULL);
	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.pages, 1024);
	CHECK_EQ_U64(st.bytes_requested, KMEM_MAX_REQUEST);
	memset(p, 0x5a, KMEM_MAX_REQUEST);
	CHECK_EQ_U64(kmem_free(&km, p), 0);

	/* 4080 bytes plus the header fit one page; 4081 do not. */
	p = kmem_alloc(&km, 4080);
	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.pages, 1);
	CHECK_EQ_U64(kmem_free(&km, p), 0);
	p = kmem_alloc(&km, 4081);
	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.pages, 2);
	CHECK_EQ_U64(kmem_free(&km, p), 0);
	check_all_returned();
}

/* Size classes: slots of a class are its size apart and size aligned. */
static void
test_classes(void)
{
	uint8_t *a, *b, *c;

	for (size_t size = KMEM_MIN_SIZE; size <= KMEM_MAX_SMALL; size *= 2) {
		a = kmem_alloc(&km, size);
		b = kmem_alloc(&km, size - size / 2 + 1); /* same class */
		CHECK_EQ_U64((uintptr_t)a % size, 0);
		if (size < KMEM_MAX_SMALL)
			CHECK_EQ_U64(b - a, size); /* next slot, same slab */
		c = kmem_alloc(&km, size + 1);	   /* next class up */
		CHECK(((uintptr_t)c & ~(uintptr_t)4095) !=
		      ((uintptr_t)a & ~(uintptr_t)4095));
		CHECK_EQ_U64(kmem_free(&km, a), 0);
		CHECK_EQ_U64(kmem_free(&km, b), 0);
		CHECK_EQ_U64(kmem_free(&km, c), 0);
	}
	check_all_returned();
}

/* Bad and double frees are refused and change nothing. */
static void
test_bad_frees(void)
{
	struct kmem_stats before, after;
	uint8_t *a, *b, *big, *raw;

	a = kmem_alloc(&km, 100);
	b = kmem_alloc(&km, 100);
	big = kmem_alloc(&km, 10000);
	memset(big, 0, 10000);	  /* no stale magic in its second page */
	raw = src_alloc(&src, 0); /* a page kmem knows nothing about */
	memset(raw, 0, BUDDY_PAGE_SIZE);
	kmem_stats(&km, &before);

#define BAD(ptr, err)                                                \
	do {                                                         \
		CHECK_EQ_U64(kmem_free(&km, (ptr)), (err));          \
		kmem_stats(&km, &after);                             \
		CHECK(memcmp(&before, &after, sizeof(before)) == 0); \
	} while (0)

	BAD(a + 1, KMEM_ERR_BADPTR);
	BAD(a + 64, KMEM_ERR_BADPTR); /* inside a 128-byte slot */
	BAD((uint8_t *)((uintptr_t)a & ~(uintptr_t)4095) + 8,
	    KMEM_ERR_BADPTR); /* slab header */
	BAD(big + 16, KMEM_ERR_BADPTR);
	BAD(big - 16, KMEM_ERR_BADPTR);	  /* the large header itself */
	BAD(big + 4096, KMEM_ERR_BADPTR); /* second page of the object */
	BAD(raw + 64, KMEM_ERR_BADPTR);
	BAD(b + 128, KMEM_ERR_DOUBLE_FREE); /* a slot never handed out */

	CHECK_EQ_U64(kmem_free(&km, a), 0);
	kmem_stats(&km, &before);
	BAD(a, KMEM_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(kmem_free(&km, b), 0);
	kmem_stats(&km, &before);
	BAD(b, KMEM_ERR_DOUBLE_FREE); /* slab is now the cached spare */
	CHECK_EQ_U64(kmem_free(&km, big), 0);
	kmem_stats(&km, &before);
	BAD(big, KMEM_ERR_BADPTR); /* its pages went back */
#undef BAD
	src_free(&src, raw, 0);
	check_all_returned();
	for (int e = 0; e >= -4; e--)
		CHECK(kmem_strerror(e) != NULL);
}

/* One empty slab per class is kept; the next empty one is returned. */
static void
test_spare_slab(void)
{
	enum { N = 200 }; /* 64-byte slots: more than one slab's worth */
	struct kmem_stats st;
	void *p[N];
	size_t pages_full;

	for (int i = 0; i < N; i++)
		p[i] = kmem_alloc(&km, 64);
	kmem_stats(&km, &st);
	pages_full = st.pages;
	CHECK(pages_full >= 3);
	for (int i = 0; i < N; i++)
		CHECK_EQ_U64(kmem_free(&km, p[i]), 0);
	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.pages, 1);
	/* The spare is reused without asking the page source. */
	size_t before = src.outstanding;
	p[0] = kmem_alloc(&km, 50);
	CHECK_EQ_U64(src.outstanding, before);
	CHECK_EQ_U64(kmem_free(&km, p[0]), 0);
	check_all_returned();
}

/* The page source running dry is a NULL, not a broken allocator. */
static void
test_exhaustion(void)
{
	struct kmem_stats st;
	void *p[64];
	int n = 0;

	src.budget = 3;
	p[n++] = kmem_alloc(&km, 8000); /* 2 pages */
	CHECK(p[0] != NULL);
	CHECK(kmem_alloc(&km, 8000) == NULL);
	while (n < 64 && (p[n] = kmem_alloc(&km, 1024)) != NULL)
		n++;
	CHECK_EQ_U64(n, 1 + 3); /* one slab of three 1024-byte slots */
	if (n != 1 + 3)
		return; /* the budget was ignored: p[] may be full */
	CHECK(kmem_alloc(&km, 16) == NULL);
	kmem_stats(&km, &st);
	CHECK_EQ_U64(st.objects, 4);
	CHECK_EQ_U64(st.bytes_requested, 8000 + 3 * 1024);
	CHECK_EQ_U64(st.pages, 3);
	src.budget = SIZE_MAX;
	p[n] = kmem_alloc(&km, 16);
	CHECK(p[n] != NULL);
	n++;
	while (n > 0)
		CHECK_EQ_U64(kmem_free(&km, p[--n]), 0);
	check_all_returned();
}

int
main(void)
{
	arena = aligned_alloc((size_t)4 << 20, ARENA_PAGES * BUDDY_PAGE_SIZE);

	unit_rng_seed(0xda3e39cb94b95bdbULL);
	if (arena == NULL)
		return 1;
	setup();
	test_edges();
	test_classes();
	test_bad_frees();
	test_spare_slab();
	test_exhaustion();
	test_random();
	free(arena);
	return unit_done();
}
