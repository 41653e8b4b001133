/*
 * kernel/vma.c - the sorted list of virtual memory areas of one address
 * space.  Linear searches: a Sluice process has a handful of areas.
 * Locks: none inside; the owner of the list serialises (kernel/vma.h).
 */
#include "kernel/vma.h"

static struct vma *
node_vma(const struct list_head *n)
{
	return list_entry(n, struct vma, node);
}

struct vma *
vma_find(const struct list_head *vmas, uint64_t addr)
{
	struct vma *v;

	list_for_each_entry (v, vmas, node) {
		if (addr < v->start)
			break;
		if (addr < v->end)
			return v;
	}
	return NULL;
}

bool
vma_range_free(const struct list_head *vmas, uint64_t start, uint64_t end)
{
	struct vma *v;

	if (start >= end)
		return true;
	list_for_each_entry (v, vmas, node) {
		if (v->start >= end)
			break;
		if (v->end > start)
			return false;
	}
	return true;
}

/*
 * Walks the gaps from the top down.  @top is the upper end of the gap
 * below the areas seen so far; it only ever moves down.
 */
bool
vma_find_free(const struct list_head *vmas, uint64_t len, uint64_t floor,
	      uint64_t ceiling, uint64_t *out)
{
	uint64_t top = ceiling;

	if (len == 0 || floor >= ceiling || ceiling - floor < len)
		return false;
	for (const struct list_head *n = vmas->prev; n != vmas; n = n->prev) {
		const struct vma *v = node_vma(n);
		uint64_t lo = v->end > floor ? v->end : floor;

		if (v->start >= top)
			continue;
		if (top > lo && top - lo >= len) {
			*out = top - len;
			return true;
		}
		top = v->start;
		if (top <= floor)
			return false;
	}
	if (top - floor < len)
		return false;
	*out = top - len;
	return true;
}

bool
vma_insert(struct list_head *vmas, struct vma *v)
{
	struct list_head *n;

	if (v->start >= v->end || ((v->start | v->end) & (VMA_PAGE_SIZE - 1)))
		return false;
	if (!vma_range_free(vmas, v->start, v->end))
		return false;
	for (n = vmas->next; n != vmas; n = n->next)
		if (node_vma(n)->start >= v->end)
			break;
	list_add_tail(&v->node, n); /* just before n, or at the tail */
	return true;
}

bool
vma_split_needed(const struct list_head *vmas, uint64_t start, uint64_t end)
{
	const struct vma *v = start < end ? vma_find(vmas, start) : NULL;

	return v && v->start < start && v->end > end;
}

/* Cut @v around [start, end): @v keeps the part below, @hi the part above. */
static void
split(struct vma *v, uint64_t start, uint64_t end, struct vma *hi)
{
	hi->start = end;
	hi->end = v->end;
	hi->prot = v->prot;
	hi->flags = v->flags;
	hi->file = v->file;
	v->end = start;
	list_add(&hi->node, &v->node);
}

bool
vma_remove(struct list_head *vmas, uint64_t start, uint64_t end,
	   struct vma **spare, struct list_head *removed)
{
	struct vma *v, *tmp;

	if (start >= end)
		return true;
	if (vma_split_needed(vmas, start, end)) {
		if (!spare || !*spare)
			return false;
		split(vma_find(vmas, start), start, end, *spare);
		*spare = NULL;
		return true;
	}
	list_for_each_entry_safe (v, tmp, vmas, node) {
		if (v->end <= start)
			continue;
		if (v->start >= end)
			break;
		if (v->start < start) {
			v->end = start;
		} else if (v->end > end) {
			v->start = end;
		} else {
			list_del(&v->node);
			list_add_tail(&v->node, removed);
		}
	}
	return true;
}
