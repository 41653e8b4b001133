/*
 * kernel/mm.h - the kernel's memory allocators: whole pages from a buddy
 * allocator (kernel/page_alloc.c) over all free RAM, and small objects
 * from size-class slabs (kernel/kmalloc.c) carved out of those pages.
 * Both return direct-map addresses.  Callable from any context; they
 * never sleep and return NULL when memory runs out.
 */
#ifndef SLUICE_KERNEL_MM_H
#define SLUICE_KERNEL_MM_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/memlayout.h"

void mm_init(uint64_t free_start_pa, uint64_t free_end_pa);

void *page_alloc(unsigned order); /* 2^order pages, not zeroed */
void *page_alloc_zeroed(unsigned order);
void page_free(void *p, unsigned order);

/* The smallest order whose 2^order pages hold @bytes. */
static inline unsigned
page_order(size_t bytes)
{
	unsigned order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

struct mm_stats {
	uint64_t total_pages; /* pages the buddy allocator manages */
	uint64_t free_pages;
	uint64_t kmalloc_bytes; /* bytes handed out by kmalloc, live */
	uint64_t kmalloc_pages; /* pages kmalloc holds */
};
void mm_get_stats(struct mm_stats *st);

#endif /* SLUICE_KERNEL_MM_H */
