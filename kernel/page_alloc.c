/*
 * kernel/page_alloc.c - the buddy allocator; see page_alloc.h.
 *
 * The meta byte of each page:
 *
 *     bit 7  META_HEAD   first page of a block (free or allocated)
 *     bit 6  META_FREE   page belongs to a free block
 *     3..0               order of the block (head pages only)
 *
 * so a free block reads HEAD|FREE|k, FREE, FREE, ... and an allocated one
 * HEAD|k, 0, 0, ...  Merging and splitting rewrite only head bytes;
 * allocating and freeing rewrite the block's bytes.
 *
 * Lock legend: none inside; the caller holds the lock protecting struct
 * buddy ([c] in page_alloc.h) across every call.
 */
#include "kernel/page_alloc.h"

#include <stdbool.h>

#define META_HEAD  0x80
#define META_FREE  0x40
#define META_ORDER 0x0f

_Static_assert(BUDDY_MAX_ORDER <= META_ORDER, "order must fit in meta byte");

/* Doubly linked so a merge can unlink the buddy from mid-list in O(1). */
struct buddy_block {
	struct buddy_block *next;
	struct buddy_block *prev;
};

static struct buddy_block *
block_at(const struct buddy *b, size_t idx)
{
	return (struct buddy_block *)(b->base + (idx << BUDDY_PAGE_SHIFT));
}

static size_t
index_of(const struct buddy *b, const void *p)
{
	return ((uintptr_t)p - b->base) >> BUDDY_PAGE_SHIFT;
}

static size_t
pages(unsigned order)
{
	return (size_t)1 << order;
}

static void
list_push(struct buddy *b, size_t idx, unsigned order)
{
	struct buddy_block *blk = block_at(b, idx);

	blk->prev = NULL;
	blk->next = b->free_list[order];
	if (blk->next)
		blk->next->prev = blk;
	b->free_list[order] = blk;
	b->nr_blocks[order]++;
	b->meta[idx] = META_HEAD | META_FREE | order;
}

static void
list_remove(struct buddy *b, size_t idx, unsigned order)
{
	struct buddy_block *blk = block_at(b, idx);

	if (blk->prev)
		blk->prev->next = blk->next;
	else
		b->free_list[order] = blk->next;
	if (blk->next)
		blk->next->prev = blk->prev;
	b->nr_blocks[order]--;
}

/* Marks a block's pages allocated (free == false) or free. */
static void
mark_block(struct buddy *b, size_t idx, unsigned order, bool free)
{
	uint8_t tail = free ? META_FREE : 0;

	b->meta[idx] = (uint8_t)(META_HEAD | tail | order);
	for (size_t i = 1; i < pages(order); i++)
		b->meta[idx + i] = tail;
}

int
buddy_init(struct buddy *b, uintptr_t base, size_t npages, uint8_t *meta)
{
	uintptr_t pfn;
	size_t idx;
	unsigned k;

	if (base == 0 || (base & (BUDDY_PAGE_SIZE - 1)) != 0 || npages == 0 ||
	    meta == NULL || npages > (UINTPTR_MAX - base) >> BUDDY_PAGE_SHIFT)
		return BUDDY_ERR_INVAL;
	b->base = base;
	b->npages = npages;
	b->meta = meta;
	b->nr_free = npages;
	for (k = 0; k < BUDDY_NR_ORDERS; k++) {
		b->free_list[k] = NULL;
		b->nr_blocks[k] = 0;
	}
	for (idx = 0; idx < npages; idx++)
		meta[idx] = META_FREE;
	/* Largest block that is aligned here and still fits, every time. */
	for (idx = 0; idx < npages; idx += pages(k)) {
		pfn = (base >> BUDDY_PAGE_SHIFT) + idx;
		for (k = BUDDY_MAX_ORDER; k > 0; k--)
			if ((pfn & (pages(k) - 1)) == 0 &&
			    idx + pages(k) <= npages)
				break;
		list_push(b, idx, k);
	}
	return 0;
}

uintptr_t
buddy_alloc(struct buddy *b, unsigned order)
{
	unsigned k;
	size_t idx;

	if (order > BUDDY_MAX_ORDER)
		return 0;
	for (k = order; k <= BUDDY_MAX_ORDER && !b->free_list[k]; k++)
		;
	if (k > BUDDY_MAX_ORDER)
		return 0;
	idx = index_of(b, b->free_list[k]);
	list_remove(b, idx, k);
	/* Split: keep the lower half, free the upper half, until small enough. */
	while (k > order) {
		k--;
		list_push(b, idx + pages(k), k);
	}
	mark_block(b, idx, order, false);
	b->nr_free -= pages(order);
	return (uintptr_t)block_at(b, idx);
}

/* Validates a free request; on success stores the page index in *idxp. */
static int
check_free(const struct buddy *b, uintptr_t addr, unsigned order, size_t *idxp)
{
	size_t idx;
	uint8_t m;

	if (addr < b->base || (addr - b->base) >> BUDDY_PAGE_SHIFT >= b->npages)
		return BUDDY_ERR_RANGE;
	if ((addr & (BUDDY_PAGE_SIZE - 1)) != 0)
		return BUDDY_ERR_ALIGN;
	if (order > BUDDY_MAX_ORDER)
		return BUDDY_ERR_ORDER;
	idx = (addr - b->base) >> BUDDY_PAGE_SHIFT;
	m = b->meta[idx];
	if (m & META_FREE)
		return BUDDY_ERR_DOUBLE_FREE;
	if (!(m & META_HEAD))
		return BUDDY_ERR_NOT_BLOCK;
	if ((m & META_ORDER) != order)
		return BUDDY_ERR_ORDER;
	*idxp = idx;
	return 0;
}

/*
 * The buddy of the order-k block at page index idx, if it lies inside the
 * region: sets *bidx and returns true.
 */
static bool
buddy_of(const struct buddy *b, size_t idx, unsigned k, size_t *bidx)
{
	uintptr_t base_pfn = b->base >> BUDDY_PAGE_SHIFT;
	uintptr_t bpfn = (base_pfn + idx) ^ pages(k);

	if (bpfn < base_pfn || bpfn - base_pfn + pages(k) > b->npages)
		return false;
	*bidx = bpfn - base_pfn;
	return true;
}

int
buddy_free(struct buddy *b, uintptr_t addr, unsigned order)
{
	size_t idx, bidx;
	int err;

	err = check_free(b, addr, order, &idx);
	if (err < 0)
		return err;
	mark_block(b, idx, order, true);
	b->nr_free += pages(order);
	while (order < BUDDY_MAX_ORDER && buddy_of(b, idx, order, &bidx) &&
	       b->meta[bidx] == (META_HEAD | META_FREE | order)) {
		list_remove(b, bidx, order);
		/* The upper half's head becomes an ordinary free page. */
		if (bidx < idx) {
			b->meta[idx] = META_FREE;
			idx = bidx;
		} else {
			b->meta[bidx] = META_FREE;
		}
		order++;
	}
	list_push(b, idx, order);
	return 0;
}

size_t
buddy_total_pages(const struct buddy *b)
{
	return b->npages;
}

size_t
buddy_free_pages(const struct buddy *b)
{
	return b->nr_free;
}

size_t
buddy_free_blocks(const struct buddy *b, unsigned order)
{
	return order > BUDDY_MAX_ORDER ? 0 : b->nr_blocks[order];
}

/* One block's meta bytes: a valid head followed by matching tails. */
static bool
check_block_meta(const struct buddy *b, size_t idx, unsigned *orderp)
{
	uint8_t m = b->meta[idx], tail = m & META_FREE;
	unsigned k = m & META_ORDER;
	uintptr_t pfn = (b->base >> BUDDY_PAGE_SHIFT) + idx;

	if (!(m & META_HEAD) || (m & 0x30) != 0 || k > BUDDY_MAX_ORDER ||
	    (pfn & (pages(k) - 1)) != 0 || idx + pages(k) > b->npages)
		return false;
	for (size_t i = 1; i < pages(k); i++)
		if (b->meta[idx + i] != tail)
			return false;
	*orderp = k;
	return true;
}

/* Free list k: well linked, every entry a free head of order k. */
static bool
check_list(const struct buddy *b, unsigned k)
{
	const struct buddy_block *blk, *prev = NULL;
	size_t n = 0, idx;
	uintptr_t end = b->base + (b->npages << BUDDY_PAGE_SHIFT);

	for (blk = b->free_list[k]; blk; prev = blk, blk = blk->next) {
		if ((uintptr_t)blk < b->base || (uintptr_t)blk >= end ||
		    ((uintptr_t)blk & (BUDDY_PAGE_SIZE - 1)) != 0 ||
		    blk->prev != prev || ++n > b->nr_blocks[k])
			return false;
		idx = index_of(b, blk);
		if (b->meta[idx] != (META_HEAD | META_FREE | k))
			return false;
	}
	return n == b->nr_blocks[k];
}

int
buddy_check(const struct buddy *b)
{
	size_t counted[BUDDY_NR_ORDERS] = { 0 }, free_pages = 0, idx, bidx;
	unsigned k;

	for (idx = 0; idx < b->npages; idx += pages(k)) {
		if (!check_block_meta(b, idx, &k))
			return BUDDY_ERR_CORRUPT;
		if (!(b->meta[idx] & META_FREE))
			continue;
		counted[k]++;
		free_pages += pages(k);
		/* Two free buddies of the same order should have merged. */
		if (k < BUDDY_MAX_ORDER && buddy_of(b, idx, k, &bidx) &&
		    b->meta[bidx] == (META_HEAD | META_FREE | k))
			return BUDDY_ERR_CORRUPT;
	}
	if (free_pages != b->nr_free)
		return BUDDY_ERR_CORRUPT;
	for (k = 0; k < BUDDY_NR_ORDERS; k++)
		if (counted[k] != b->nr_blocks[k] || !check_list(b, k))
			return BUDDY_ERR_CORRUPT;
	return 0;
}

const char *
buddy_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case BUDDY_ERR_INVAL:
		return "invalid region";
	case BUDDY_ERR_RANGE:
		return "address outside the page allocator's region";
	case BUDDY_ERR_ALIGN:
		return "address not page aligned";
	case BUDDY_ERR_ORDER:
		return "order does not match the allocation";
	case BUDDY_ERR_NOT_BLOCK:
		return "address is not the start of an allocated block";
	case BUDDY_ERR_DOUBLE_FREE:
		return "double free";
	case BUDDY_ERR_CORRUPT:
		return "allocator state corrupt";
	default:
		return "unknown error";
	}
}
