/*
 * kernel/mm.c - the locked front end of the page and object allocators.
 *
 * Locks: mm_lock protects `buddy`; kmem_lock protects `kmem` (and takes
 * mm_lock inside it when kmalloc needs pages: order kmem_lock -> mm_lock).
 * The pure allocators themselves (page_alloc.c, kmalloc.c) know nothing
 * of locks, so they are unit-tested on the host.
 */
#include "kernel/mm.h"

#include "kernel/compiler.h"
#include "kernel/kmalloc.h"
#include "kernel/memlayout.h"
#include "kernel/page_alloc.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

static struct spinlock mm_lock = SPINLOCK_INIT("mm");
static struct spinlock kmem_lock = SPINLOCK_INIT("kmem");
static struct buddy buddy;
static struct kmem kmem;

static void *
kmem_page_alloc(void *ctx, unsigned order)
{
	(void)ctx;
	return page_alloc(order);
}

static void
kmem_page_free(void *ctx, void *p, unsigned order)
{
	(void)ctx;
	page_free(p, order);
}

static const struct kmem_pages kmem_source = {
	.alloc = kmem_page_alloc,
	.free = kmem_page_free,
	.ctx = NULL,
};

/*
 * Hand [start, end) to the buddy allocator.  Its per-page bookkeeping
 * (one byte a page) is carved from the front of the range itself.
 * Boot hart, at boot.
 */
void
mm_init(uint64_t free_start_pa, uint64_t free_end_pa)
{
	uint64_t start = ALIGN_UP(free_start_pa, PAGE_SIZE);
	uint64_t end = ALIGN_DOWN(free_end_pa, PAGE_SIZE);
	uint64_t npages = (end - start) / PAGE_SIZE;
	uint64_t meta_bytes = ALIGN_UP(BUDDY_META_BYTES(npages), PAGE_SIZE);
	uint8_t *meta = phys_to_virt(start);

	start += meta_bytes;
	npages = (end - start) / PAGE_SIZE;
	if (buddy_init(&buddy, (uintptr_t)phys_to_virt(start), npages, meta) ||
	    kmem_init(&kmem, &kmem_source))
		panic("mm: cannot manage %lu pages at %lx",
		      (unsigned long)npages, (unsigned long)start);
}

void *
page_alloc(unsigned order)
{
	uintptr_t p;

	spin_lock(&mm_lock);
	p = buddy_alloc(&buddy, order);
	spin_unlock(&mm_lock);
	return (void *)p;
}

void *
page_alloc_zeroed(unsigned order)
{
	void *p = page_alloc(order);

	if (p)
		memset(p, 0, PAGE_SIZE << order);
	return p;
}

/* A bad free is a kernel bug: the allocator's checks make it a panic. */
void
page_free(void *p, unsigned order)
{
	int err;

	spin_lock(&mm_lock);
	err = buddy_free(&buddy, (uintptr_t)p, order);
	spin_unlock(&mm_lock);
	if (err)
		panic("page_free(%p, order %u): %s", p, order,
		      buddy_strerror(err));
}

void *
kmalloc(size_t size)
{
	void *p;

	spin_lock(&kmem_lock);
	p = kmem_alloc(&kmem, size);
	spin_unlock(&kmem_lock);
	return p;
}

void *
kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void
kfree(void *p)
{
	int err;

	spin_lock(&kmem_lock);
	err = kmem_free(&kmem, p);
	spin_unlock(&kmem_lock);
	if (err)
		panic("kfree(%p): %s", p, kmem_strerror(err));
}

void
mm_get_stats(struct mm_stats *st)
{
	struct kmem_stats ks;

	spin_lock(&mm_lock);
	st->total_pages = buddy_total_pages(&buddy);
	st->free_pages = buddy_free_pages(&buddy);
	spin_unlock(&mm_lock);
	spin_lock(&kmem_lock);
	kmem_stats(&kmem, &ks);
	spin_unlock(&kmem_lock);
	st->kmalloc_bytes = ks.bytes_requested;
	st->kmalloc_pages = ks.pages;
}
