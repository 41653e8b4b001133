/*
 * kernel/kmalloc.h - small-object allocator on top of a page source.
 *
 * Requests up to KMEM_MAX_SMALL bytes are served from slabs: single 4 KiB
 * pages, each holding slots of one power-of-two size class (16 .. 2048)
 * behind a header at the start of the page.  Larger requests take 2^k whole
 * pages with a 16-byte header in front of the returned pointer.  Either way
 * kmem_free() finds the header by rounding the pointer down to 4 KiB, so it
 * needs no size argument and can check the pointer: magic number, slot
 * boundary, and a per-slot record that makes a double free an error instead
 * of a corrupted free list.
 *
 * Pointers returned are 16-byte aligned (slots are aligned to their size).
 * Costs worth knowing: each slab gives its first slot's worth of space to
 * the header, so the 2048 class holds one object per page, and a large
 * request pays 16 bytes of header (4096 bytes take two pages).
 *
 * Fully free slabs go back to the page source, except one kept per class so
 * a single alloc/free pair does not thrash pages; kmem_shrink() drops those.
 *
 * Lock legend: none inside.  [I] immutable after kmem_init(); [c] protected
 * by the caller's lock (the kernel's kmalloc lock).  The page source's
 * callbacks are called with that lock held, so the page allocator's lock
 * nests inside it.  Nothing here sleeps.
 */
#ifndef SLUICE_KERNEL_KMALLOC_H
#define SLUICE_KERNEL_KMALLOC_H

#include <stddef.h>
#include <stdint.h>

#define KMEM_PAGE_SHIFT	 12
#define KMEM_PAGE_SIZE	 ((size_t)1 << KMEM_PAGE_SHIFT)
#define KMEM_MIN_SIZE	 16
#define KMEM_MAX_SMALL	 2048
#define KMEM_NR_CLASSES	 8  /* 16, 32, 64, 128, 256, 512, 1024, 2048 */
#define KMEM_MAX_ORDER	 10 /* largest request: 4 MiB minus the header */
#define KMEM_LARGE_HDR	 16 /* bytes in front of a large allocation */
#define KMEM_MAX_REQUEST ((KMEM_PAGE_SIZE << KMEM_MAX_ORDER) - KMEM_LARGE_HDR)

/* Errors from kmem_free(): a kernel bug the caller panics on. */
#define KMEM_ERR_BADPTR	     (-1) /* not a pointer kmem_alloc() returned */
#define KMEM_ERR_DOUBLE_FREE (-2) /* the slot is already free */
#define KMEM_ERR_INVAL	     (-3) /* kmem_init(): no page source */

/*
 * Where pages come from.  alloc returns 2^order contiguous, 4 KiB aligned,
 * writable pages or NULL; free takes back exactly what alloc gave.
 */
struct kmem_pages {
	void *(*alloc)(void *ctx, unsigned order);
	void (*free)(void *ctx, void *p, unsigned order);
	void *ctx;
};

struct kmem_slab; /* the header at the start of each slab page */

struct kmem_class {
	uint32_t size;		   /* [I] slot size in bytes */
	uint16_t nslots;	   /* [I] slots per slab */
	uint16_t first;		   /* [I] page offset of slot 0 */
	struct kmem_slab *partial; /* [c] slabs with free and used slots */
	struct kmem_slab *spare;   /* [c] one fully free slab, or NULL */
	size_t nslabs;		   /* [c] slab pages held, spare included */
};

struct kmem {
	struct kmem_pages pages;		/* [I] */
	struct kmem_class cls[KMEM_NR_CLASSES]; /* see fields */
	size_t bytes_requested;			/* [c] live, as asked for */
	size_t objects;				/* [c] live allocations */
	size_t pages_held;			/* [c] from the page source */
};

struct kmem_stats {
	size_t bytes_requested; /* sum of live allocations' requested sizes */
	size_t objects;		/* live allocations */
	size_t pages;		/* pages held from the page source */
	size_t slab_pages;	/* of which slabs (spares included) */
};

/* Returns 0, or KMEM_ERR_INVAL if src lacks a callback. */
int kmem_init(struct kmem *k, const struct kmem_pages *src);

/*
 * size bytes, 16-byte aligned; NULL for size 0, size > KMEM_MAX_REQUEST
 * or when the page source is exhausted.
 */
void *kmem_alloc(struct kmem *k, size_t size);

/*
 * Frees p (NULL is a no-op returning 0).  Returns 0, KMEM_ERR_BADPTR or
 * KMEM_ERR_DOUBLE_FREE, and changes nothing on error.  p must lie in memory
 * the kernel can read (the page it rounds down to is inspected).  A double
 * free of a large allocation, or of a slot whose slab has since gone back to
 * the page source, is reported as KMEM_ERR_BADPTR, and is undetectable if
 * the same pages have been handed out again.
 */
int kmem_free(struct kmem *k, void *p);

/* Returns the cached empty slabs to the page source. */
void kmem_shrink(struct kmem *k);

void kmem_stats(const struct kmem *k, struct kmem_stats *st);

const char *kmem_strerror(int err);

#endif /* SLUICE_KERNEL_KMALLOC_H */
