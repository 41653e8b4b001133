/*
 * kernel/kmalloc.c - slabs of size-classed slots, plus whole-page large
 * allocations; see kmalloc.h.
 *
 * A slab page:
 *
 *     +--------------------+-----+--------+--------+-- ... --+
 *     | struct kmem_slab   | req | (gap)  | slot 0 | slot 1  |  ...
 *     +--------------------+-----+--------+--------+-- ... --+
 *     0                               first   first + size
 *
 * Slots are packed against the end of the page, so with power-of-two sizes
 * each slot is aligned to its size.  req[i] is the size slot i was asked
 * for, 0 while the slot is free: it is both the double-free detector and
 * what kmem_free() subtracts from the byte counter.  Free slots are chained
 * through their first 8 bytes.
 *
 * Lock legend: none inside; the caller holds the lock protecting struct
 * kmem ([c] in kmalloc.h) across every call.
 */
#include "kernel/kmalloc.h"

#include <stdbool.h>

#define KMEM_SLAB_MAGIC	 0x534c4142u /* "SLAB" */
#define KMEM_LARGE_MAGIC 0x4c415247u /* "LARG" */
#define KMEM_DEAD_MAGIC	 0xdeadbeefu /* written when pages go back */

struct kmem_free_slot {
	struct kmem_free_slot *next;
};

struct kmem_slab {
	uint32_t magic;
	uint16_t cls;		       /* index into kmem->cls[] */
	uint16_t inuse;		       /* allocated slots */
	struct kmem_free_slot *free;   /* free slots */
	struct kmem_slab *next, *prev; /* on the class's partial list */
	uint16_t req[];		       /* per slot: requested bytes, 0 = free */
};

struct kmem_large {
	uint32_t magic;
	uint32_t order;
	size_t size; /* requested bytes */
};

_Static_assert(sizeof(struct kmem_large) <= KMEM_LARGE_HDR,
	       "large header must fit in front of the object");
_Static_assert(KMEM_LARGE_HDR % 16 == 0, "objects are 16-byte aligned");
_Static_assert(KMEM_MIN_SIZE << (KMEM_NR_CLASSES - 1) == KMEM_MAX_SMALL,
	       "size classes must end at KMEM_MAX_SMALL");
_Static_assert(KMEM_MAX_SMALL <= UINT16_MAX, "req[] holds a small size");
_Static_assert(offsetof(struct kmem_slab, magic) == 0 &&
		   offsetof(struct kmem_large, magic) == 0,
	       "kmem_free() reads the magic at the start of the page");

static struct kmem_slab *
slab_of(const void *p)
{
	return (struct kmem_slab *)((uintptr_t)p & ~(KMEM_PAGE_SIZE - 1));
}

static void *
slot_at(const struct kmem_class *c, struct kmem_slab *s, unsigned i)
{
	return (uint8_t *)s + c->first + (size_t)i * c->size;
}

/* The header takes offsetof(req) + 2 bytes per slot; slots take the rest. */
static void
class_geometry(struct kmem_class *c, uint32_t size)
{
	size_t hdr = sizeof(struct kmem_slab);
	size_t n = (KMEM_PAGE_SIZE - hdr) / (size + sizeof(uint16_t));

	c->size = size;
	c->nslots = (uint16_t)n;
	c->first = (uint16_t)(KMEM_PAGE_SIZE - n * size);
}

int
kmem_init(struct kmem *k, const struct kmem_pages *src)
{
	if (src == NULL || src->alloc == NULL || src->free == NULL)
		return KMEM_ERR_INVAL;
	k->pages = *src;
	for (unsigned i = 0; i < KMEM_NR_CLASSES; i++) {
		class_geometry(&k->cls[i], KMEM_MIN_SIZE << i);
		k->cls[i].partial = NULL;
		k->cls[i].spare = NULL;
		k->cls[i].nslabs = 0;
	}
	k->bytes_requested = 0;
	k->objects = 0;
	k->pages_held = 0;
	return 0;
}

/* ---- The partial list: slabs with both free and used slots ---- */

static void
partial_add(struct kmem_class *c, struct kmem_slab *s)
{
	s->prev = NULL;
	s->next = c->partial;
	if (s->next)
		s->next->prev = s;
	c->partial = s;
}

static void
partial_remove(struct kmem_class *c, struct kmem_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

/* ---- Slabs ---- */

static struct kmem_slab *
slab_create(struct kmem *k, unsigned ci)
{
	struct kmem_class *c = &k->cls[ci];
	struct kmem_free_slot *slot;
	struct kmem_slab *s;

	s = k->pages.alloc(k->pages.ctx, 0);
	if (s == NULL)
		return NULL;
	s->magic = KMEM_SLAB_MAGIC;
	s->cls = (uint16_t)ci;
	s->inuse = 0;
	s->next = s->prev = NULL;
	s->free = NULL;
	/* Chain back to front so the lowest slot is handed out first. */
	for (unsigned i = c->nslots; i-- > 0;) {
		s->req[i] = 0;
		slot = slot_at(c, s, i);
		slot->next = s->free;
		s->free = slot;
	}
	c->nslabs++;
	k->pages_held++;
	return s;
}

static void
slab_release(struct kmem *k, struct kmem_class *c, struct kmem_slab *s)
{
	s->magic = KMEM_DEAD_MAGIC;
	c->nslabs--;
	k->pages_held--;
	k->pages.free(k->pages.ctx, s, 0);
}

static unsigned
class_index(size_t size)
{
	unsigned i = 0;

	while ((size_t)KMEM_MIN_SIZE << i < size)
		i++;
	return i;
}

static void *
small_alloc(struct kmem *k, size_t size)
{
	unsigned ci = class_index(size), i;
	struct kmem_class *c = &k->cls[ci];
	struct kmem_slab *s = c->partial;
	struct kmem_free_slot *slot;

	if (s == NULL) {
		s = c->spare ? c->spare : slab_create(k, ci);
		if (s == NULL)
			return NULL;
		c->spare = NULL;
		partial_add(c, s);
	}
	slot = s->free;
	s->free = slot->next;
	i = (unsigned)(((uint8_t *)slot - (uint8_t *)s - c->first) / c->size);
	s->req[i] = (uint16_t)size;
	if (++s->inuse == c->nslots)
		partial_remove(c, s);
	return slot;
}

/* The slot index of p in slab s, or a negative error. */
static int
slot_index(const struct kmem_class *c, const struct kmem_slab *s, const void *p)
{
	size_t off = (size_t)((const uint8_t *)p - (const uint8_t *)s);

	if (off < c->first || (off - c->first) % c->size != 0)
		return KMEM_ERR_BADPTR;
	return (int)((off - c->first) / c->size);
}

static int
small_free(struct kmem *k, struct kmem_slab *s, void *p)
{
	struct kmem_class *c;
	struct kmem_free_slot *slot = p;
	bool was_full;
	int i;

	if (s->cls >= KMEM_NR_CLASSES)
		return KMEM_ERR_BADPTR;
	c = &k->cls[s->cls];
	i = slot_index(c, s, p);
	if (i < 0)
		return i;
	if (s->req[i] == 0)
		return KMEM_ERR_DOUBLE_FREE;
	k->bytes_requested -= s->req[i];
	k->objects--;
	s->req[i] = 0;
	slot->next = s->free;
	s->free = slot;
	was_full = s->inuse == c->nslots;
	s->inuse--;
	if (s->inuse > 0) {
		if (was_full)
			partial_add(c, s);
		return 0;
	}
	if (!was_full)
		partial_remove(c, s);
	if (c->spare == NULL)
		c->spare = s;
	else
		slab_release(k, c, s);
	return 0;
}

/* ---- Large allocations ---- */

static void *
large_alloc(struct kmem *k, size_t size)
{
	struct kmem_large *h;
	unsigned order = 0;

	while ((KMEM_PAGE_SIZE << order) - KMEM_LARGE_HDR < size)
		order++;
	h = k->pages.alloc(k->pages.ctx, order);
	if (h == NULL)
		return NULL;
	h->magic = KMEM_LARGE_MAGIC;
	h->order = order;
	h->size = size;
	k->pages_held += (size_t)1 << order;
	return (uint8_t *)h + KMEM_LARGE_HDR;
}

static int
large_free(struct kmem *k, struct kmem_large *h, void *p)
{
	if ((uint8_t *)p != (uint8_t *)h + KMEM_LARGE_HDR ||
	    h->order > KMEM_MAX_ORDER)
		return KMEM_ERR_BADPTR;
	k->bytes_requested -= h->size;
	k->objects--;
	k->pages_held -= (size_t)1 << h->order;
	h->magic = KMEM_DEAD_MAGIC;
	k->pages.free(k->pages.ctx, h, h->order);
	return 0;
}

/* ---- The interface ---- */

void *
kmem_alloc(struct kmem *k, size_t size)
{
	void *p;

	if (size == 0 || size > KMEM_MAX_REQUEST)
		return NULL;
	if (size <= KMEM_MAX_SMALL)
		p = small_alloc(k, size);
	else
		p = large_alloc(k, size);
	if (p != NULL) {
		k->bytes_requested += size;
		k->objects++;
	}
	return p;
}

int
kmem_free(struct kmem *k, void *p)
{
	struct kmem_slab *s;
	uint32_t magic;

	if (p == NULL)
		return 0;
	s = slab_of(p);
	/* Both headers open with a uint32_t magic: read it as just that. */
	magic = *(const uint32_t *)s;
	if (magic == KMEM_SLAB_MAGIC)
		return small_free(k, s, p);
	if (magic == KMEM_LARGE_MAGIC)
		return large_free(k, (struct kmem_large *)s, p);
	return KMEM_ERR_BADPTR;
}

void
kmem_shrink(struct kmem *k)
{
	for (unsigned i = 0; i < KMEM_NR_CLASSES; i++) {
		if (k->cls[i].spare) {
			slab_release(k, &k->cls[i], k->cls[i].spare);
			k->cls[i].spare = NULL;
		}
	}
}

void
kmem_stats(const struct kmem *k, struct kmem_stats *st)
{
	st->bytes_requested = k->bytes_requested;
	st->objects = k->objects;
	st->pages = k->pages_held;
	st->slab_pages = 0;
	for (unsigned i = 0; i < KMEM_NR_CLASSES; i++)
		st->slab_pages += k->cls[i].nslabs;
}

const char *
kmem_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case KMEM_ERR_BADPTR:
		return "pointer not from kmem_alloc";
	case KMEM_ERR_DOUBLE_FREE:
		return "double free";
	case KMEM_ERR_INVAL:
		return "no page source";
	default:
		return "unknown error";
	}
}
