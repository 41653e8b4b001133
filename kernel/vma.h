/*
 * kernel/vma.h - the virtual memory areas of one user address space: a
 * list of struct vma sorted by address, never overlapping, each a page
 * aligned, non-empty range [start, end) with one protection and one kind.
 *
 * Pure bookkeeping: this module allocates nothing and touches no page
 * table (kernel/uvm.c does both), so it builds on the host for unit tests.
 * Nothing here can fail halfway: a function that changes the list either
 * does all of its work or reports, before changing anything, that it
 * cannot.  The caller allocates every struct vma; vma_remove() needs one
 * spare struct when it splits an area in two, and vma_split_needed() says
 * beforehand whether it will.  Adjacent areas are never merged, so each
 * vma_insert() keeps its struct until that range is removed.
 *
 * Lock legend: none inside.  Every list and every struct vma on it is [c],
 * protected by its owner: the address space (struct mm, kernel/uvm.h),
 * which only its own task touches.  No function sleeps.
 */
#ifndef SLUICE_KERNEL_VMA_H
#define SLUICE_KERNEL_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"

struct file;

#define VMA_PAGE_SIZE ((uint64_t)4096)

/* prot: the same values as PROT_READ/WRITE/EXEC (uapi/mman.h) */
#define VMA_READ      0x1u
#define VMA_WRITE     0x2u
#define VMA_EXEC      0x4u
#define VMA_PROT_MASK (VMA_READ | VMA_WRITE | VMA_EXEC)

/* flags: what the area is for (shown in /proc, used by brk) */
#define VMA_ANON      0x1u /* anonymous memory, zero filled */
#define VMA_STACK     0x2u /* the user stack */
#define VMA_HEAP      0x4u /* part of the brk heap */
#define VMA_SHARED    0x8u /* MAP_SHARED pages of vma->file: not ours */
#define VMA_FLAG_MASK (VMA_ANON | VMA_STACK | VMA_HEAP | VMA_SHARED)

struct vma {
	uint64_t start, end;   /* [c] page aligned, [start, end) */
	uint32_t prot;	       /* [c] VMA_READ/WRITE/EXEC */
	uint32_t flags;	       /* [c] VMA_ANON/STACK/HEAP */
	struct list_head node; /* [c] in the owner's sorted list */
	struct file *file;     /* [c] VMA_SHARED: whose pages (the owner
				  counts references; a split copies it) */
};

/* The area containing @addr, or NULL. */
struct vma *vma_find(const struct list_head *vmas, uint64_t addr);

/* True iff no area overlaps [start, end) (an empty range is free). */
bool vma_range_free(const struct list_head *vmas, uint64_t start, uint64_t end);

/*
 * The highest free range of @len bytes inside [floor, ceiling), searched
 * top-down like Linux's mmap layout.  @len, @floor and @ceiling page
 * aligned.  Returns true and its start in *out, or false if none fits.
 */
bool vma_find_free(const struct list_head *vmas, uint64_t len, uint64_t floor,
		   uint64_t ceiling, uint64_t *out);

/*
 * Link @v (start, end, prot and flags filled in) at its place in the list.
 * Returns false, and leaves the list alone, if [v->start, v->end) is
 * empty, not page aligned or not entirely free.
 */
bool vma_insert(struct list_head *vmas, struct vma *v);

/* True iff removing [start, end) would cut one area in two. */
bool vma_split_needed(const struct list_head *vmas, uint64_t start,
		      uint64_t end);

/*
 * Remove the page aligned range [start, end) from the list; holes in it
 * are fine.  Areas wholly inside move to @removed (the caller frees them),
 * areas reaching across one end are trimmed, and an area reaching across
 * both is split: the part above @end goes into *spare, which is then set
 * to NULL.  Returns false, and changes nothing, if a split is needed and
 * spare or *spare is NULL.
 */
bool vma_remove(struct list_head *vmas, uint64_t start, uint64_t end,
		struct vma **spare, struct list_head *removed);

#endif /* SLUICE_KERNEL_VMA_H */
