/*
 * kernel/page_alloc.h - binary buddy allocator for 4 KiB pages.
 *
 * Manages one contiguous region [base, base + npages * 4096).  A block of
 * order k is 2^k pages and is aligned to 2^k pages *in absolute address
 * terms*, so the region need not start on a 4 MiB boundary: init carves it
 * into the largest aligned blocks that fit, and two blocks merge only when
 * they are buddies (addresses differing in exactly bit k + 12) and both lie
 * inside the region.
 *
 * Memory: the free lists are threaded through the free blocks themselves
 * (16 bytes at the start of each), so the region must be mapped at base.
 * The caller also provides meta[], one byte per page (npages bytes), that
 * records for each page whether it starts a block, the block's order and
 * whether it is free.  Free pages are marked free page by page, which is
 * what lets buddy_free() tell a double free from a bad pointer reliably.
 *
 * Alignment is computed on the addresses handed in.  The kernel hands in
 * direct-map addresses; PAGE_OFFSET is 4 MiB aligned, so blocks are then
 * physically aligned too.
 *
 * Lock legend: none inside.  [I] immutable after buddy_init(); [c] protected
 * by the caller's lock (the kernel's page allocator lock, which must be taken
 * with interrupts off if any interrupt handler allocates pages).  No function
 * sleeps.
 */
#ifndef SLUICE_KERNEL_PAGE_ALLOC_H
#define SLUICE_KERNEL_PAGE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#define BUDDY_PAGE_SHIFT 12
#define BUDDY_PAGE_SIZE	 ((uintptr_t)1 << BUDDY_PAGE_SHIFT)
#define BUDDY_MAX_ORDER	 10 /* 2^10 pages = 4 MiB */
#define BUDDY_NR_ORDERS	 (BUDDY_MAX_ORDER + 1)

/* Bytes of meta[] storage buddy_init() needs for npages pages. */
#define BUDDY_META_BYTES(npages) ((size_t)(npages))

/*
 * Errors.  Kernel-internal (a bad free is a kernel bug the caller panics
 * on), so this module's own numbers; buddy_strerror() names them.
 */
#define BUDDY_ERR_INVAL	      (-1) /* buddy_init(): unusable arguments */
#define BUDDY_ERR_RANGE	      (-2) /* address outside the region */
#define BUDDY_ERR_ALIGN	      (-3) /* address not page aligned */
#define BUDDY_ERR_ORDER	      (-4) /* order too big, or not as allocated */
#define BUDDY_ERR_NOT_BLOCK   (-5) /* not the first page of a block */
#define BUDDY_ERR_DOUBLE_FREE (-6) /* the page is already free */
#define BUDDY_ERR_CORRUPT     (-7) /* buddy_check(): invariant broken */

struct buddy_block; /* a free block's first 16 bytes: list links */

struct buddy {
	uintptr_t base; /* [I] first byte of the region, page aligned */
	size_t npages;	/* [I] pages in the region */
	uint8_t *meta;	/* [c] npages state bytes (caller's storage) */
	size_t nr_free; /* [c] free pages */
	struct buddy_block *free_list[BUDDY_NR_ORDERS]; /* [c] per order */
	size_t nr_blocks[BUDDY_NR_ORDERS]; /* [c] length of free_list[k] */
};

/*
 * Takes over the region: all pages free, carved into aligned blocks.
 * base must be page aligned and non-zero (0 is the allocation failure
 * value); meta must hold BUDDY_META_BYTES(npages) bytes and lie outside the
 * region.  Returns 0 or BUDDY_ERR_INVAL.  Writes to every free block.
 */
int buddy_init(struct buddy *b, uintptr_t base, size_t npages, uint8_t *meta);

/* A block of 2^order pages (contents undefined), or 0 if none is free. */
uintptr_t buddy_alloc(struct buddy *b, unsigned order);

/*
 * Returns the block at addr, which buddy_alloc(b, order) returned, and
 * merges it with free buddies.  Returns 0, or a negative BUDDY_ERR_* without
 * changing anything if addr/order is not exactly an allocated block.
 * Costs O(2^order) to mark the pages free.
 */
int buddy_free(struct buddy *b, uintptr_t addr, unsigned order);

size_t buddy_total_pages(const struct buddy *b);
size_t buddy_free_pages(const struct buddy *b);
/* Free blocks of exactly this order (0 for order > BUDDY_MAX_ORDER). */
size_t buddy_free_blocks(const struct buddy *b, unsigned order);

/*
 * Verifies every invariant (meta bytes, lists, counters, no unmerged free
 * buddies): 0 or BUDDY_ERR_CORRUPT.  O(npages); for tests and debug builds.
 */
int buddy_check(const struct buddy *b);

const char *buddy_strerror(int err);

#endif /* SLUICE_KERNEL_PAGE_ALLOC_H */
