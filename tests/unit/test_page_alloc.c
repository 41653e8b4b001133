/*
 * tests/unit/test_page_alloc.c - the buddy allocator on a real host arena.
 *
 * The arena is 4 MiB aligned so each test can place the region's base at a
 * chosen page offset from a 4 MiB boundary.  Checks: the initial carving,
 * exhausting the region with random orders (every block inside, aligned to
 * its order in absolute terms, no overlap, its contents untouched while
 * allocated), freeing in random order back to exactly the initial meta
 * bytes and block counts, and every misuse of buddy_free() rejected with
 * the right error and no change of state.
 */
#include "kernel/page_alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

#define ARENA_PAGES 6144 /* 24 MiB: slack for offsets up to 1023 pages */
#define FOUR_MIB    ((uintptr_t)4 << 20)

struct alloc_rec {
	uintptr_t addr;
	unsigned order;
};

static uint8_t *arena;

static void
shuffle(struct alloc_rec *r, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = unit_rng() % i;
		struct alloc_rec t = r[i - 1];

		r[i - 1] = r[j];
		r[j] = t;
	}
}

/* Fill byte for a block: depends on its address, so swaps show up too. */
static uint8_t
pattern(uintptr_t addr)
{
	return (uint8_t)((addr >> 12) * 131 + 7);
}

static int
block_intact(uintptr_t addr, unsigned order)
{
	const uint8_t *p = (const uint8_t *)addr;
	uint8_t want = pattern(addr);

	for (size_t i = 0; i < (BUDDY_PAGE_SIZE << order); i++)
		if (p[i] != want)
			return 0;
	return 1;
}

struct snapshot {
	uint8_t *meta;
	size_t blocks[BUDDY_NR_ORDERS];
	size_t free_pages;
};

static void
take_snapshot(const struct buddy *b, struct snapshot *s)
{
	s->meta = malloc(b->npages);
	memcpy(s->meta, b->meta, b->npages);
	for (unsigned k = 0; k < BUDDY_NR_ORDERS; k++)
		s->blocks[k] = buddy_free_blocks(b, k);
	s->free_pages = buddy_free_pages(b);
}

static int
same_as_snapshot(const struct buddy *b, const struct snapshot *s)
{
	if (memcmp(s->meta, b->meta, b->npages) != 0 ||
	    s->free_pages != buddy_free_pages(b))
		return 0;
	for (unsigned k = 0; k < BUDDY_NR_ORDERS; k++)
		if (s->blocks[k] != buddy_free_blocks(b, k))
			return 0;
	return 1;
}

static uintptr_t
base_at(size_t page_offset)
{
	uintptr_t a = ((uintptr_t)arena + FOUR_MIB - 1) & ~(FOUR_MIB - 1);

	return a + page_offset * BUDDY_PAGE_SIZE;
}

/* Exhaust with random orders, free in random order, compare with init. */
static void
exhaust_and_refill(size_t offset, size_t npages)
{
	struct buddy b;
	struct snapshot init;
	struct alloc_rec *recs = calloc(npages, sizeof(*recs));
	uint8_t *meta = malloc(BUDDY_META_BYTES(npages));
	uint8_t *owned = calloc(npages, 1);
	uintptr_t base = base_at(offset), addr;
	size_t n = 0, used = 0;
	unsigned order;
	int misses = 0;

	CHECK_EQ_U64(buddy_init(&b, base, npages, meta), 0);
	CHECK_EQ_U64(buddy_check(&b), 0);
	CHECK_EQ_U64(buddy_total_pages(&b), npages);
	take_snapshot(&b, &init);

	while (misses < 64) {
		order = unit_rng() % (BUDDY_MAX_ORDER + 1);
		if (unit_rng() % 4)
			order %= 3; /* mostly small, like a kernel */
		addr = buddy_alloc(&b, order);
		if (addr == 0) {
			/* Never fails while a big enough block is free. */
			for (unsigned k = order; k <= BUDDY_MAX_ORDER; k++)
				CHECK_EQ_U64(buddy_free_blocks(&b, k), 0);
			misses++;
			continue;
		}
		CHECK(addr >= base && addr + (BUDDY_PAGE_SIZE << order) <=
					  base + npages * BUDDY_PAGE_SIZE);
		CHECK_EQ_U64(addr & ((BUDDY_PAGE_SIZE << order) - 1), 0);
		for (size_t i = 0; i < ((size_t)1 << order); i++) {
			size_t pg = (addr - base) / BUDDY_PAGE_SIZE + i;
			CHECK(pg < npages && !owned[pg]);
			if (pg < npages)
				owned[pg] = 1;
		}
		memset((void *)addr, pattern(addr), BUDDY_PAGE_SIZE << order);
		recs[n++] = (struct alloc_rec){ addr, order };
		used += (size_t)1 << order;
		CHECK_EQ_U64(buddy_free_pages(&b), npages - used);
	}
	/* Order-0 requests finish off whatever the random ones left. */
	while ((addr = buddy_alloc(&b, 0)) != 0) {
		memset((void *)addr, pattern(addr), BUDDY_PAGE_SIZE);
		recs[n++] = (struct alloc_rec){ addr, 0 };
		used++;
	}
	CHECK_EQ_U64(used, npages);
	CHECK_EQ_U64(buddy_free_pages(&b), 0);
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
		CHECK_EQ_U64(buddy_free_blocks(&b, k), 0);
		CHECK_EQ_U64(buddy_alloc(&b, k), 0);
	}
	CHECK_EQ_U64(buddy_check(&b), 0);

	shuffle(recs, n);
	for (size_t i = 0; i < n; i++) {
		CHECK(block_intact(recs[i].addr, recs[i].order));
		CHECK_EQ_U64(buddy_free(&b, recs[i].addr, recs[i].order), 0);
		if (i % 97 == 0)
			CHECK_EQ_U64(buddy_check(&b), 0);
	}
	CHECK_EQ_U64(buddy_check(&b), 0);
	CHECK(same_as_snapshot(&b, &init));
	free(init.meta);
	free(owned);
	free(meta);
	free(recs);
}

/* Greedy carving from a base one page past a 4 MiB boundary. */
static void
test_init_layout(void)
{
	size_t npages = 2048;
	uint8_t *meta = malloc(BUDDY_META_BYTES(3 * 1024 + 5));
	struct buddy b;

	CHECK_EQ_U64(buddy_init(&b, base_at(1), npages, meta), 0);
	/* pfn 1: 1 page, 2..3, 4..7, ..., 512..1023, then 1024 pages, then 1 */
	CHECK_EQ_U64(buddy_free_blocks(&b, 0), 2);
	for (unsigned k = 1; k <= BUDDY_MAX_ORDER; k++)
		CHECK_EQ_U64(buddy_free_blocks(&b, k), 1);
	CHECK_EQ_U64(buddy_free_blocks(&b, BUDDY_MAX_ORDER + 1), 0);
	CHECK_EQ_U64(buddy_free_pages(&b), npages);
	/* The only order-10 block starts at the next 4 MiB boundary. */
	CHECK_EQ_U64(buddy_alloc(&b, BUDDY_MAX_ORDER), base_at(1024));
	CHECK_EQ_U64(buddy_check(&b), 0);

	/* Aligned base: 3 * 4 MiB + 5 pages = three order-10, 4 + 1. */
	CHECK_EQ_U64(buddy_init(&b, base_at(0), 3 * 1024 + 5, meta), 0);
	CHECK_EQ_U64(buddy_free_blocks(&b, BUDDY_MAX_ORDER), 3);
	CHECK_EQ_U64(buddy_free_blocks(&b, 2), 1);
	CHECK_EQ_U64(buddy_free_blocks(&b, 0), 1);
	CHECK_EQ_U64(buddy_check(&b), 0);

	/* One page. */
	CHECK_EQ_U64(buddy_init(&b, base_at(7), 1, meta), 0);
	CHECK_EQ_U64(buddy_alloc(&b, 1), 0);
	CHECK_EQ_U64(buddy_alloc(&b, 0), base_at(7));
	CHECK_EQ_U64(buddy_alloc(&b, 0), 0);
	CHECK_EQ_U64(buddy_free(&b, base_at(7), 0), 0);
	CHECK_EQ_U64(buddy_free_pages(&b), 1);

	CHECK_EQ_U64(buddy_init(&b, 0, 16, meta), BUDDY_ERR_INVAL);
	CHECK_EQ_U64(buddy_init(&b, base_at(0) + 8, 16, meta), BUDDY_ERR_INVAL);
	CHECK_EQ_U64(buddy_init(&b, base_at(0), 0, meta), BUDDY_ERR_INVAL);
	CHECK_EQ_U64(buddy_init(&b, base_at(0), 16, NULL), BUDDY_ERR_INVAL);
	CHECK_EQ_U64(buddy_init(&b, UINTPTR_MAX - 0xfff, 2, meta),
		     BUDDY_ERR_INVAL);
	free(meta);
}

/* Splitting takes the lowest half first and merges back on free. */
static void
test_split_merge(void)
{
	uint8_t meta[1024];
	struct buddy b;
	uintptr_t base = base_at(0), a, c, d;

	buddy_init(&b, base, 1024, meta);
	a = buddy_alloc(&b, 0);
	CHECK_EQ_U64(a, base);
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++)
		CHECK_EQ_U64(buddy_free_blocks(&b, k), 1);
	CHECK_EQ_U64(buddy_free_blocks(&b, BUDDY_MAX_ORDER), 0);
	c = buddy_alloc(&b, 0);
	CHECK_EQ_U64(c, base + BUDDY_PAGE_SIZE);
	d = buddy_alloc(&b, 1);
	CHECK_EQ_U64(d, base + 2 * BUDDY_PAGE_SIZE);
	CHECK_EQ_U64(buddy_check(&b), 0);
	CHECK_EQ_U64(buddy_free(&b, c, 0), 0);
	CHECK_EQ_U64(buddy_free_blocks(&b, 0), 1); /* c's buddy a is busy */
	CHECK_EQ_U64(buddy_free(&b, a, 0), 0);
	CHECK_EQ_U64(buddy_free_blocks(&b, 0), 0);
	CHECK_EQ_U64(buddy_free_blocks(&b, 1), 1);
	CHECK_EQ_U64(buddy_free(&b, d, 1), 0);
	CHECK_EQ_U64(buddy_free_blocks(&b, BUDDY_MAX_ORDER), 1);
	CHECK_EQ_U64(buddy_free_pages(&b), 1024);
	CHECK_EQ_U64(buddy_check(&b), 0);
	/* Freed and merged away: still a double free, whichever page. */
	CHECK_EQ_U64(buddy_free(&b, c, 0), BUDDY_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(buddy_free(&b, d, 1), BUDDY_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(buddy_free(&b, base, BUDDY_MAX_ORDER),
		     BUDDY_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(buddy_free_pages(&b), 1024);
}

/* Every bad free is refused and leaves the allocator exactly as it was. */
static void
test_bad_frees(void)
{
	uint8_t meta[64];
	struct buddy b;
	struct snapshot s;
	uintptr_t base = base_at(3), a0, a1, a2;

	/* pfns 3..66: blocks 3, 4..7, 8..15, 16..31, 32..63, 64..65, 66 */
	buddy_init(&b, base, 64, meta);
	a2 = buddy_alloc(&b, 2);
	a1 = buddy_alloc(&b, 1);
	a0 = buddy_alloc(&b, 0);
	CHECK(a0 && a1 && a2);
	take_snapshot(&b, &s);

#define BAD(addr, order, err)                                         \
	do {                                                          \
		CHECK_EQ_U64(buddy_free(&b, (addr), (order)), (err)); \
		CHECK(same_as_snapshot(&b, &s));                      \
		CHECK_EQ_U64(buddy_check(&b), 0);                     \
	} while (0)

	BAD(base - BUDDY_PAGE_SIZE, 0, BUDDY_ERR_RANGE);
	BAD(base + 64 * BUDDY_PAGE_SIZE, 0, BUDDY_ERR_RANGE);
	BAD(0, 0, BUDDY_ERR_RANGE);
	BAD(UINTPTR_MAX & ~(BUDDY_PAGE_SIZE - 1), 0, BUDDY_ERR_RANGE);
	BAD(a2 + 8, 2, BUDDY_ERR_ALIGN);
	BAD(a2 + BUDDY_PAGE_SIZE - 1, 2, BUDDY_ERR_ALIGN);
	BAD(a2, BUDDY_MAX_ORDER + 1, BUDDY_ERR_ORDER);
	BAD(a2, 1, BUDDY_ERR_ORDER);
	BAD(a2, 3, BUDDY_ERR_ORDER);
	BAD(a1, 0, BUDDY_ERR_ORDER);
	BAD(a2 + BUDDY_PAGE_SIZE, 0, BUDDY_ERR_NOT_BLOCK); /* tail page */
	BAD(a2 + 2 * BUDDY_PAGE_SIZE, 1, BUDDY_ERR_NOT_BLOCK);
	/* A page that was never allocated. */
	BAD(base + 40 * BUDDY_PAGE_SIZE, 0, BUDDY_ERR_DOUBLE_FREE);

	/* Double free: straight away, and after the block has merged. */
	CHECK_EQ_U64(buddy_free(&b, a0, 0), 0);
	CHECK_EQ_U64(buddy_free(&b, a0, 0), BUDDY_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(buddy_free(&b, a2, 2), 0);
	CHECK_EQ_U64(buddy_free(&b, a1, 1), 0);
	CHECK_EQ_U64(buddy_free_pages(&b), 64);
	CHECK_EQ_U64(buddy_free(&b, a1, 1), BUDDY_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(buddy_free(&b, a2, 2), BUDDY_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(buddy_free(&b, a2 + BUDDY_PAGE_SIZE, 0),
		     BUDDY_ERR_DOUBLE_FREE);
	CHECK_EQ_U64(buddy_free_pages(&b), 64);
	CHECK_EQ_U64(buddy_check(&b), 0);
#undef BAD
	for (int e = 0; e >= -8; e--)
		CHECK(buddy_strerror(e) != NULL);
	free(s.meta);
}

/* Mixed random traffic with the full invariant check after every step. */
static void
test_random_traffic(void)
{
	enum { NPAGES = 700, MAXLIVE = 400 };
	static uint8_t meta[NPAGES];
	struct alloc_rec live[MAXLIVE];
	struct buddy b;
	size_t nlive = 0, used = 0;

	buddy_init(&b, base_at(1021), NPAGES, meta);
	for (int step = 0; step < 20000; step++) {
		if (nlive < MAXLIVE && (nlive == 0 || unit_rng() % 2)) {
			unsigned order = unit_rng() % 5;
			uintptr_t a = buddy_alloc(&b, order);

			if (a) {
				live[nlive++] = (struct alloc_rec){ a, order };
				used += (size_t)1 << order;
			}
		} else {
			size_t i = unit_rng() % nlive;

			CHECK_EQ_U64(
			    buddy_free(&b, live[i].addr, live[i].order), 0);
			used -= (size_t)1 << live[i].order;
			live[i] = live[--nlive];
		}
		CHECK_EQ_U64(buddy_free_pages(&b), NPAGES - used);
		if (step % 10 == 0)
			CHECK_EQ_U64(buddy_check(&b), 0);
	}
	while (nlive > 0) {
		nlive--;
		CHECK_EQ_U64(
		    buddy_free(&b, live[nlive].addr, live[nlive].order), 0);
	}
	CHECK_EQ_U64(buddy_free_pages(&b), NPAGES);
	CHECK_EQ_U64(buddy_check(&b), 0);
}

/* buddy_check() itself must notice damage, or the checks above mean little. */
static void
test_check_detects(void)
{
	uint8_t meta[64];
	struct buddy b;
	uintptr_t a;

	buddy_init(&b, base_at(0), 64, meta);
	a = buddy_alloc(&b, 0);
	meta[1] ^= 0x40; /* the free neighbour's head loses its free bit */
	CHECK_EQ_U64(buddy_check(&b), BUDDY_ERR_CORRUPT);
	meta[1] ^= 0x40;
	CHECK_EQ_U64(buddy_check(&b), 0);
	b.nr_free++;
	CHECK_EQ_U64(buddy_check(&b), BUDDY_ERR_CORRUPT);
	b.nr_free--;
	b.nr_blocks[3]++;
	CHECK_EQ_U64(buddy_check(&b), BUDDY_ERR_CORRUPT);
	b.nr_blocks[3]--;
	CHECK_EQ_U64(buddy_free(&b, a, 0), 0);
	CHECK_EQ_U64(buddy_check(&b), 0);
}

int
main(void)
{
	static const size_t offsets[] = { 0, 1, 3, 513, 1023 };
	static const size_t sizes[] = { 4096, 3000, 1025, 77 };

	unit_rng_seed(0x853c49e6748fea9bULL);

	arena = aligned_alloc(FOUR_MIB, (size_t)ARENA_PAGES * BUDDY_PAGE_SIZE);
	if (arena == NULL)
		return 1;
	test_init_layout();
	test_split_merge();
	test_bad_frees();
	test_random_traffic();
	test_check_detects();
	for (size_t i = 0; i < ARRAY_SIZE(offsets); i++)
		for (size_t j = 0; j < ARRAY_SIZE(sizes); j++)
			exhaust_and_refill(offsets[i], sizes[j]);
	free(arena);
	return unit_done();
}
