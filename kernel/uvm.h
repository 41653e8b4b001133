/*
 * kernel/uvm.h - user address spaces: a page table whose lower half maps
 * one process's memory and whose upper half is the kernel's (shared with
 * kernel_pgd), plus the list of areas (kernel/vma.h) that says what is
 * mapped where.
 *
 * Sluice maps user memory eagerly: every page of an area is allocated,
 * zeroed and mapped when the area is created, and fork copies every page.
 * There is no demand paging and no copy-on-write, so any user page fault
 * is a real fault.  Pages are 4 KiB leaves with PTE_U (and A and D preset).
 *
 * Layout of the user half, [0, USER_LIMIT):
 *
 *   USER_LIMIT        0x4000000000
 *                     one unmapped guard page
 *   USER_STACK_TOP    0x3ffffff000  the stack grows down from here;
 *                     USER_STACK_RESERVE (8 MiB) below it hold nothing
 *                     else, of which exec maps USER_STACK_SIZE
 *                     one unmapped guard page
 *   USER_MMAP_CEILING 0x3fff7fe000  mmap without MAP_FIXED searches down
 *                     from mm->mmap_ceiling, never below USER_MMAP_MIN
 *   brk_start ..      the heap, grown upwards by brk from the page after
 *                     the program's last segment (exec sets brk_start)
 *   program           the ELF segments, where the program was linked
 *
 * TLB: a process runs on one hart at a time, and mm_activate() does a full
 * sfence.vma on every switch (Sluice uses no ASIDs), so only the hart
 * running the owner can hold translations for its mm.  Changes therefore
 * flush only the local TLB.
 *
 * Direct I/O (O_DIRECT, io_uring) makes the device read and write user
 * pages by physical address, and with io_uring the owner runs on while
 * it does.  Such a transfer pins the mm (mm_io_pin) until it is done, and
 * everything that frees or replaces user pages -- munmap, brk shrinking,
 * a MAP_FIXED mapping, exec and exit through mm_destroy -- first waits,
 * uninterruptibly, until no transfer is left (mm_io_wait).
 *
 * Lock legend: none.  Every field of struct mm but io_pins, its page
 * table and its vma list are [o]: touched only by the owning task, or by
 * its parent during fork while the child cannot run yet.  Every function
 * here runs in process context (or at boot); only the ones above sleep,
 * and only while direct I/O is in flight.
 */
#ifndef SLUICE_KERNEL_UVM_H
#define SLUICE_KERNEL_UVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/memlayout.h"
#include "kernel/vm.h"
#include "kernel/vma.h"

struct file;

#define USER_STACK_TOP	   (USER_LIMIT - PAGE_SIZE)
#define USER_STACK_RESERVE (8UL << 20)
#define USER_STACK_SIZE	   (128UL << 10)
#define USER_MMAP_CEILING  (USER_STACK_TOP - USER_STACK_RESERVE - PAGE_SIZE)
#define USER_MMAP_MIN	   (64UL << 10) /* like Linux's vm.mmap_min_addr */

struct mm {
	pte_t *pgd;		 /* [o] root page table, direct-map address */
	struct list_head vmas;	 /* [o] struct vma, sorted by address */
	uint64_t brk_start, brk; /* [o] heap [brk_start, brk); 0: no heap */
	uint64_t mmap_ceiling;	 /* [o] top-down mmap search starts below */
	size_t pages;		 /* [o] user pages mapped */
	int io_pins;		 /* [a] DMA transfers into its pages */
};

/* An empty user half and the kernel half; NULL when out of memory. */
struct mm *mm_create(void);

/*
 * Free every user page, every user page table (not the shared kernel-half
 * ones), the areas, the pgd and @mm itself.  @mm must not be active on
 * this hart: switch away first (mm_activate(NULL)), and since this waits
 * for direct I/O into @mm first, it must not be current's mm either (or
 * call mm_io_wait() before switching away).  NULL is a no-op.
 */
void mm_destroy(struct mm *mm);

/* A full copy of @parent, page by page; NULL when out of memory. */
struct mm *mm_fork(const struct mm *parent);

/*
 * Map @len bytes (rounded up to pages) of zeroed memory with @prot
 * (VMA_READ/WRITE/EXEC) and @flags (VMA_ANON/STACK/HEAP).  @fixed: at
 * @addr, which must be page aligned, replacing what was there (Linux
 * MAP_FIXED); otherwise @addr is a hint, used if that range is free, and
 * the highest free range below mmap_ceiling is taken if not.  Writable
 * memory is always readable too (W without R is reserved in Sv39).
 * PROT_NONE areas reserve addresses but get no pages.  Stores the start
 * in *out and returns 0, or -EINVAL (len 0, unaligned fixed @addr, bad
 * prot or flags) or -ENOMEM (no room, range beyond USER_LIMIT, no memory).
 * On an error nothing has changed: a fixed mapping's old contents survive.
 */
int mm_map(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot,
	   uint32_t flags, bool fixed, uint64_t *out);

/*
 * A MAP_SHARED mapping of @len bytes (rounded up to pages) of the
 * physically contiguous pages at @pa, which belong to @file's object: the
 * area holds a reference to @file and never frees the pages.  @addr and
 * @fixed as for mm_map().  0 with the start in *out, -EINVAL or -ENOMEM.
 */
int mm_map_shared(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot,
		  bool fixed, uint64_t pa, struct file *file, uint64_t *out);
/*
 * Direct I/O into @mm's pages: pin before the device gets their
 * addresses, unpin (any context) when it is done with them.
 */
void mm_io_pin(struct mm *mm);
void mm_io_unpin(struct mm *mm);
/* Sleep until no direct I/O is in flight into @mm's pages. */
void mm_io_wait(struct mm *mm);
/*
 * Linux munmap: unmap [addr, addr+len) (len rounded up; holes are fine)
 * and free its pages.  Returns 0, -EINVAL (unaligned @addr, len 0, range
 * beyond USER_LIMIT) or -ENOMEM (no memory to split an area; nothing
 * changed).
 */
int mm_unmap(struct mm *mm, uint64_t addr, uint64_t len);

/*
 * Linux brk: move the end of the heap to @newbrk and return it, or return
 * the current break if @newbrk is 0 or below brk_start (a query), would
 * collide with another area or the stack reserve, or memory runs out.
 * Growing maps zeroed pages (a VMA_HEAP area), shrinking unmaps them.
 */
uint64_t mm_brk(struct mm *mm, uint64_t newbrk);

/*
 * Write @n bytes from @src (mm_copy_out) or zeroes (mm_zero) at @uaddr in
 * @mm through its page table, whatever the pages' permissions, whether or
 * not @mm is active: exec fills segments and the stack this way before the
 * process runs.  Returns 0, or -EFAULT (nothing written) if any page of
 * the range is not mapped.
 */
int mm_copy_out(struct mm *mm, uint64_t uaddr, const void *src, size_t n);
int mm_zero(struct mm *mm, uint64_t uaddr, size_t n);

/*
 * True iff all of [addr, addr+len) is mapped user memory that is readable,
 * and writable if @write.  For callers that check before they touch.
 */
bool mm_range_ok(const struct mm *mm, uint64_t addr, uint64_t len, bool write);

/*
 * Switch this hart to @mm's page table (NULL: kernel_pgd) and flush its
 * TLB and instruction cache, so code that exec or fork just wrote runs.
 * Interrupts may be on: the kernel half is the same in every table.
 */
void mm_activate(const struct mm *mm);

/*
 * Map the user stack: [top - size, top), readable and writable, VMA_STACK,
 * and move mmap_ceiling below the stack's reserve and a guard page.  @top
 * page aligned, at most USER_LIMIT; @size rounded up to pages.  Returns 0,
 * -EINVAL, -EEXIST (something is mapped there) or -ENOMEM.
 */
int mm_setup_stack(struct mm *mm, uint64_t top, uint64_t size);

/*
 * Boot-time check of all of the above: returns 0, or a negative code after
 * printing what failed.  Call it when no other hart allocates memory: it
 * compares the free page count before and after, and briefly takes all
 * free memory to check that a failed mm_map() leaves nothing behind.
 * Restores this hart's satp.
 */
int uvm_selftest(void);

#endif /* SLUICE_KERNEL_UVM_H */
