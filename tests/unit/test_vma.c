/*
 * tests/unit/test_vma.c - the sorted list of virtual memory areas.
 *
 * Fixed cases first: an empty list, vma_insert() refusing bad or
 * overlapping ranges, splits with and without a spare, removal across
 * several areas and holes, and vma_find_free() at its floor and ceiling.
 * Then random sequences of fixed maps (remove, then insert, like
 * MAP_FIXED), top-down maps, unmaps and lookups, checked after every step
 * against a model: one id per page of a small address space, a new id per
 * area, so a split shows up as the upper part getting the spare's id.
 */
#include "kernel/vma.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

#define PG     VMA_PAGE_SIZE
#define NPAGES 512 /* the model's address space: [0, NPAGES * PG) */
#define STEPS  20000
#define MAX_ID (4 * STEPS) /* each step makes at most two areas */

/* Each area carries the model's id for it. */
struct tvma {
	struct vma v;
	uint32_t id;
};

static uint32_t next_id = 1;
static size_t live; /* struct tvma allocated and not yet freed */

static struct tvma *
tvma_new(uint64_t start, uint64_t end, uint32_t prot, uint32_t flags)
{
	struct tvma *t = calloc(1, sizeof(*t));

	if (!t || next_id >= MAX_ID)
		abort();
	t->v.start = start;
	t->v.end = end;
	t->v.prot = prot;
	t->v.flags = flags;
	t->id = next_id++;
	live++;
	return t;
}

static void
tvma_free(struct vma *v)
{
	free(container_of(v, struct tvma, v));
	live--;
}

static void
free_list(struct list_head *h)
{
	struct vma *v, *tmp;

	list_for_each_entry_safe (v, tmp, h, node) {
		list_del(&v->node);
		tvma_free(v);
	}
}

static size_t
count(const struct list_head *h)
{
	const struct vma *v;
	size_t n = 0;

	list_for_each_entry (v, h, node)
		n++;
	return n;
}

/* Insert a new area that must be accepted. */
static struct vma *
add(struct list_head *h, uint64_t start_pg, uint64_t end_pg, uint32_t prot)
{
	struct tvma *t = tvma_new(start_pg * PG, end_pg * PG, prot, VMA_ANON);

	CHECK(vma_insert(h, &t->v));
	return &t->v;
}

static void
test_empty(void)
{
	struct list_head h = LIST_HEAD_INIT(h),
			 removed = LIST_HEAD_INIT(removed);
	uint64_t out = 0;

	CHECK(vma_find(&h, 0) == NULL);
	CHECK(vma_range_free(&h, 0, UINT64_MAX));
	CHECK(!vma_split_needed(&h, 0, PG));
	CHECK(vma_remove(&h, 0, 100 * PG, NULL, &removed));
	CHECK(list_empty(&h) && list_empty(&removed));
	CHECK(vma_find_free(&h, PG, 0, 10 * PG, &out));
	CHECK_EQ_U64(out, 9 * PG);
	CHECK(vma_find_free(&h, 10 * PG, 0, 10 * PG, &out));
	CHECK_EQ_U64(out, 0);
	CHECK(!vma_find_free(&h, 11 * PG, 0, 10 * PG, &out));
	CHECK(!vma_find_free(&h, 0, 0, 10 * PG, &out));
	CHECK(!vma_find_free(&h, PG, 10 * PG, 10 * PG, &out));
	CHECK(!vma_find_free(&h, PG, 11 * PG, 10 * PG, &out));
}

static void
test_insert_rejects(void)
{
	static const uint64_t bad[][2] = {
		{ 10, 20 }, { 5, 11 }, { 19, 25 }, { 12, 13 }, { 0, 40 },
	};
	struct list_head h = LIST_HEAD_INIT(h);
	struct tvma *t;

	add(&h, 10, 20, VMA_READ);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		t = tvma_new(bad[i][0] * PG, bad[i][1] * PG, VMA_READ, 0);
		CHECK(!vma_insert(&h, &t->v));
		tvma_free(&t->v);
	}
	t = tvma_new(30 * PG, 30 * PG, VMA_READ, 0); /* empty */
	CHECK(!vma_insert(&h, &t->v));
	t->v.start = 30 * PG + 1; /* unaligned start */
	t->v.end = 31 * PG;
	CHECK(!vma_insert(&h, &t->v));
	t->v.start = 30 * PG; /* unaligned end */
	t->v.end = 31 * PG - 8;
	CHECK(!vma_insert(&h, &t->v));
	tvma_free(&t->v);
	CHECK_EQ_U64(count(&h), 1);

	/* Touching at either end is fine; the list stays sorted. */
	add(&h, 20, 21, VMA_WRITE);
	add(&h, 9, 10, VMA_EXEC);
	add(&h, 0, 1, VMA_READ);
	CHECK_EQ_U64(count(&h), 4);
	CHECK(vma_find(&h, 0)->end == PG);
	CHECK(vma_find(&h, 10 * PG - 1)->prot == VMA_EXEC);
	CHECK(vma_find(&h, 10 * PG)->prot == VMA_READ);
	CHECK(vma_find(&h, 21 * PG - 1)->prot == VMA_WRITE);
	CHECK(vma_find(&h, 21 * PG) == NULL);
	CHECK(vma_find(&h, PG) == NULL);
	free_list(&h);
}

static void
test_split(void)
{
	struct list_head h = LIST_HEAD_INIT(h),
			 removed = LIST_HEAD_INIT(removed);
	struct vma *v = add(&h, 10, 20, VMA_READ | VMA_WRITE), *hi;
	struct vma *spare = NULL;

	v->flags = VMA_HEAP;
	CHECK(vma_split_needed(&h, 13 * PG, 15 * PG));
	CHECK(!vma_split_needed(&h, 10 * PG, 15 * PG)); /* trims the start */
	CHECK(!vma_split_needed(&h, 13 * PG, 20 * PG)); /* trims the end */
	CHECK(!vma_split_needed(&h, 13 * PG, 13 * PG)); /* empty range */
	CHECK(!vma_split_needed(&h, 0, 100 * PG));

	/* No spare: refused, nothing changed. */
	CHECK(!vma_remove(&h, 13 * PG, 15 * PG, NULL, &removed));
	CHECK(!vma_remove(&h, 13 * PG, 15 * PG, &spare, &removed));
	CHECK(v->start == 10 * PG && v->end == 20 * PG && count(&h) == 1);

	spare = &tvma_new(0, 0, 0, 0)->v;
	hi = spare;
	CHECK(vma_remove(&h, 13 * PG, 15 * PG, &spare, &removed));
	CHECK(spare == NULL && list_empty(&removed));
	CHECK_EQ_U64(count(&h), 2);
	CHECK(v->start == 10 * PG && v->end == 13 * PG);
	CHECK(hi->start == 15 * PG && hi->end == 20 * PG);
	CHECK(hi->prot == (VMA_READ | VMA_WRITE) && hi->flags == VMA_HEAP);
	CHECK(vma_find(&h, 14 * PG) == NULL && vma_find(&h, 15 * PG) == hi);
	CHECK(vma_find(&h, 13 * PG - 1) == v);

	/* A page-sized split of a page-sized hole's neighbour. */
	spare = &tvma_new(0, 0, 0, 0)->v;
	CHECK(vma_remove(&h, 16 * PG, 17 * PG, &spare, &removed));
	CHECK(spare == NULL);
	CHECK_EQ_U64(count(&h), 3);
	CHECK(vma_range_free(&h, 16 * PG, 17 * PG));
	CHECK(!vma_range_free(&h, 16 * PG, 17 * PG + 1));
	free_list(&h);
}

static void
test_remove_across(void)
{
	struct list_head h = LIST_HEAD_INIT(h),
			 removed = LIST_HEAD_INIT(removed);
	struct vma *a = add(&h, 10, 20, VMA_READ), *d;
	struct vma *b = add(&h, 22, 25, VMA_WRITE);
	struct vma *c = add(&h, 25, 30, VMA_EXEC);
	struct vma *spare = NULL;

	d = add(&h, 40, 50, VMA_READ);

	/* Holes only, and ranges touching but not overlapping areas. */
	CHECK(vma_remove(&h, 20 * PG, 22 * PG, &spare, &removed));
	CHECK(vma_remove(&h, 30 * PG, 40 * PG, &spare, &removed));
	CHECK(vma_remove(&h, 0, 10 * PG, &spare, &removed));
	CHECK(vma_remove(&h, 50 * PG, 60 * PG, &spare, &removed));
	CHECK(list_empty(&removed) && count(&h) == 4);
	CHECK(a->start == 10 * PG && a->end == 20 * PG);
	CHECK(d->start == 40 * PG && d->end == 50 * PG);

	/* Trim a's top, drop b and c, trim d's bottom. */
	CHECK(!vma_split_needed(&h, 15 * PG, 45 * PG));
	CHECK(vma_remove(&h, 15 * PG, 45 * PG, &spare, &removed));
	CHECK_EQ_U64(count(&h), 2);
	CHECK(a->start == 10 * PG && a->end == 15 * PG);
	CHECK(d->start == 45 * PG && d->end == 50 * PG);
	CHECK_EQ_U64(count(&removed), 2);
	CHECK(list_first_entry(&removed, struct vma, node) == b);
	CHECK(removed.prev == &c->node);
	free_list(&removed);

	/* Exactly one area, then everything. */
	CHECK(vma_remove(&h, 10 * PG, 15 * PG, &spare, &removed));
	CHECK(count(&h) == 1 && count(&removed) == 1);
	free_list(&removed);
	CHECK(vma_remove(&h, 0, UINT64_MAX & ~(PG - 1), &spare, &removed));
	CHECK(list_empty(&h) && count(&removed) == 1);
	free_list(&removed);
}

static void
test_find_free(void)
{
	struct list_head h = LIST_HEAD_INIT(h);
	uint64_t out = 0;

	add(&h, 10, 20, VMA_READ);
	add(&h, 23, 30, VMA_READ);
	add(&h, 60, 70, VMA_READ); /* above every ceiling below */

	/* Room right under the ceiling. */
	CHECK(vma_find_free(&h, 5 * PG, 0, 40 * PG, &out));
	CHECK_EQ_U64(out, 35 * PG);
	/* The whole gap above the top area, exactly. */
	CHECK(vma_find_free(&h, 10 * PG, 0, 40 * PG, &out));
	CHECK_EQ_U64(out, 30 * PG);
	/* Too big for every gap below the ceiling. */
	CHECK(!vma_find_free(&h, 11 * PG, 0, 40 * PG, &out));
	/* The 3-page gap between the two low areas fits 3 but not 4. */
	CHECK(vma_find_free(&h, 3 * PG, 0, 30 * PG, &out));
	CHECK_EQ_U64(out, 20 * PG);
	CHECK(vma_find_free(&h, 4 * PG, 0, 30 * PG, &out));
	CHECK_EQ_U64(out, 6 * PG);
	/* Ceiling inside an area: that area bounds the gap. */
	CHECK(vma_find_free(&h, 2 * PG, 0, 25 * PG, &out));
	CHECK_EQ_U64(out, 21 * PG);
	CHECK(vma_find_free(&h, 4 * PG, 0, 25 * PG, &out));
	CHECK_EQ_U64(out, 6 * PG);
	/* Floor: inside an area, at its end, and leaving no room. */
	CHECK(vma_find_free(&h, 3 * PG, 15 * PG, 30 * PG, &out));
	CHECK_EQ_U64(out, 20 * PG);
	CHECK(!vma_find_free(&h, 4 * PG, 15 * PG, 30 * PG, &out));
	CHECK(vma_find_free(&h, 2 * PG, 21 * PG, 30 * PG, &out));
	CHECK_EQ_U64(out, 21 * PG);
	CHECK(!vma_find_free(&h, 3 * PG, 21 * PG, 30 * PG, &out));
	CHECK(vma_find_free(&h, PG, 4 * PG, 10 * PG, &out));
	CHECK_EQ_U64(out, 9 * PG);
	CHECK(vma_find_free(&h, 6 * PG, 4 * PG, 10 * PG, &out));
	CHECK_EQ_U64(out, 4 * PG);
	CHECK(!vma_find_free(&h, 7 * PG, 4 * PG, 10 * PG, &out));
	/* Nothing free at all between floor and ceiling. */
	CHECK(!vma_find_free(&h, PG, 10 * PG, 20 * PG, &out));
	CHECK(!vma_find_free(&h, PG, 60 * PG, 70 * PG, &out));
	/* Areas above the ceiling do not matter; the top of memory. */
	CHECK(vma_find_free(&h, 10 * PG, 30 * PG, 60 * PG, &out));
	CHECK_EQ_U64(out, 50 * PG);
	CHECK(vma_find_free(&h, PG, 0, UINT64_MAX & ~(PG - 1), &out));
	CHECK_EQ_U64(out, (UINT64_MAX & ~(PG - 1)) - PG);
	free_list(&h);
}

/* ---- the random test against a model ---- */

static uint32_t model[NPAGES];	    /* id of the area holding each page, or 0 */
static uint32_t model_attr[MAX_ID]; /* prot | flags << 8, by id */

static uint64_t
rand_page(void)
{
	return unit_rng() % (NPAGES + 1);
}

/* Every area matches a maximal run of one id in the model, and back. */
static void
check_model(const struct list_head *h)
{
	const struct vma *v;
	size_t pages = 0, ids = 0;

	list_for_each_entry (v, h, node) {
		const struct tvma *t = container_of(v, const struct tvma, v);
		uint64_t s = v->start / PG, e = v->end / PG;

		CHECK(s < e && e <= NPAGES);
		CHECK_EQ_U64(model_attr[t->id], v->prot | v->flags << 8);
		for (uint64_t p = s; p < e && p < NPAGES; p++)
			CHECK_EQ_U64(model[p], t->id);
		CHECK(s == 0 || model[s - 1] != t->id);
		CHECK(e >= NPAGES || model[e] != t->id);
		pages += e - s;
		ids++;
		if (v->node.next != h)
			CHECK(
			    v->end <=
			    list_entry(v->node.next, struct vma, node)->start);
	}
	for (size_t p = 0; p < NPAGES; p++) {
		if (model[p] != 0)
			pages--;
		if (model[p] != 0 && (p == 0 || model[p - 1] != model[p]))
			ids--;
	}
	CHECK_EQ_U64(pages, 0);
	CHECK_EQ_U64(ids, 0);
}

/* Remove [s, e) pages from list and model; the spare takes a split's top. */
static void
do_remove(struct list_head *h, uint64_t s, uint64_t e)
{
	struct list_head removed = LIST_HEAD_INIT(removed);
	bool split = s > 0 && e < NPAGES && s < e && model[s - 1] != 0 &&
		     model[s - 1] == model[e];
	struct tvma *t = tvma_new(0, 0, 0, 0);
	struct vma *spare = &t->v;

	CHECK(vma_split_needed(h, s * PG, e * PG) == split);
	if (split && unit_rng() % 4 == 0) {
		CHECK(!vma_remove(h, s * PG, e * PG, NULL, &removed));
		check_model(h);
	}
	CHECK(vma_remove(h, s * PG, e * PG, &spare, &removed));
	CHECK((spare == NULL) == split);
	if (split) {
		for (uint64_t p = e; p < NPAGES && model[p] == model[s - 1];
		     p++)
			model[p] = t->id;
		model_attr[t->id] = model_attr[model[s - 1]];
	} else {
		tvma_free(&t->v);
	}
	for (uint64_t p = s; p < e; p++)
		model[p] = 0;
	free_list(&removed);
}

static void
do_insert(struct list_head *h, uint64_t s, uint64_t e)
{
	struct tvma *t =
	    tvma_new(s * PG, e * PG, unit_rng() % 8, unit_rng() % 8);
	bool free_run = s < e;

	for (uint64_t p = s; p < e; p++)
		free_run = free_run && model[p] == 0;
	CHECK(vma_range_free(h, s * PG, e * PG) == (free_run || s >= e));
	CHECK(vma_insert(h, &t->v) == free_run);
	if (!free_run) {
		tvma_free(&t->v);
		return;
	}
	for (uint64_t p = s; p < e; p++)
		model[p] = t->id;
	model_attr[t->id] = t->v.prot | t->v.flags << 8;
}

/* The model's answer for vma_find_free(), by brute force. */
static bool
model_find_free(uint64_t len, uint64_t floor, uint64_t ceiling, uint64_t *out)
{
	for (uint64_t s = ceiling >= len ? ceiling - len + 1 : 0;
	     s-- > floor;) {
		bool ok = true;

		for (uint64_t p = s; p < s + len && ok; p++)
			ok = p >= NPAGES || model[p] == 0;
		if (ok) {
			*out = s;
			return true;
		}
	}
	return false;
}

static void
do_map_topdown(struct list_head *h)
{
	uint64_t floor = rand_page(), ceiling = rand_page();
	uint64_t len = 1 + unit_rng() % 32, want = 0, got = 0;
	bool found = model_find_free(len, floor, ceiling, &want);

	CHECK(vma_find_free(h, len * PG, floor * PG, ceiling * PG, &got) ==
	      found);
	if (!found)
		return;
	CHECK_EQ_U64(got, want * PG);
	do_insert(h, want, want + len);
}

static void
check_lookups(const struct list_head *h)
{
	for (int i = 0; i < 8; i++) {
		uint64_t addr = unit_rng() % (NPAGES * PG + 2 * PG);
		const struct vma *v = vma_find(h, addr);
		uint64_t p = addr / PG;

		if (p >= NPAGES || model[p] == 0) {
			CHECK(v == NULL);
			continue;
		}
		CHECK(v != NULL);
		if (v)
			CHECK_EQ_U64(container_of(v, const struct tvma, v)->id,
				     model[p]);
	}
}

static void
test_random(void)
{
	struct list_head h = LIST_HEAD_INIT(h);

	for (int i = 0; i < STEPS; i++) {
		uint64_t s = rand_page(), e = s + 1 + unit_rng() % 40;
		unsigned op = unit_rng() % 8;

		if (e > NPAGES)
			e = NPAGES;
		if (op < 3) { /* MAP_FIXED: replace whatever is there */
			do_remove(&h, s, e);
			do_insert(&h, s, e);
		} else if (op < 5) {
			do_map_topdown(&h);
		} else if (op < 7) {
			do_remove(&h, s, e);
		} else {
			do_insert(&h, s, e);
		}
		check_model(&h);
		check_lookups(&h);
	}
	do_remove(&h, 0, NPAGES);
	CHECK(list_empty(&h));
	free_list(&h);
}

int
main(void)
{
	unit_rng_seed(0x9e3779b97f4a7c15ULL);
	test_empty();
	test_insert_rejects();
	test_split();
	test_remove_across();
	test_find_free();
	test_random();
	CHECK_EQ_U64(live, 0);
	return unit_done();
}
