/*
 * kernel/uvm.c - user address spaces: creating, copying and destroying
 * them, mmap/munmap/brk, and writing into one that is not active.
 *
 * Everything that can fail is allocated before anything visible changes:
 * a new mapping's pages and page tables, and the spare struct vma an
 * unmap may need to split an area, so an error leaves the address space
 * exactly as it was.  Pages waiting to be mapped are chained through
 * their own first word.
 *
 * A MAP_SHARED area (VMA_SHARED) maps pages that belong to a file's
 * object (an io_uring's rings): they are never freed or copied here, and
 * the area holds a reference to the file, as each of its pieces does
 * after a split and each copy after fork.
 *
 * Locks: none; struct mm is [o] (kernel/uvm.h).  The page and object
 * allocators take their own locks inside.  io_pins is atomic; mm_io_wq
 * is where its last unpin wakes the waiters.
 */
#include "kernel/uvm.h"

#include <uapi/errno.h>
#include <uapi/mman.h>

#include "fs/file.h"
#include "kernel/compiler.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/string.h"
#include "kernel/wait.h"

_Static_assert(VMA_PAGE_SIZE == PAGE_SIZE, "vma.h and memlayout.h agree");
_Static_assert(VMA_READ == PROT_READ && VMA_WRITE == PROT_WRITE &&
		   VMA_EXEC == PROT_EXEC,
	       "mmap's prot passes through unchanged");

#define PTE_USER_PERM (PTE_R | PTE_W | PTE_X | PTE_U)

static struct wait_queue_head mm_io_wq =
    WAIT_QUEUE_HEAD_INIT(mm_io_wq, "mm_io");

static uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t
max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t
make_satp(const pte_t *pgd)
{
	return SATP_MODE_SV39 | (virt_to_phys(pgd) >> PAGE_SHIFT);
}

/* Zifencei: later instruction fetches on this hart see earlier stores. */
static inline void
fence_i(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}

/* The leaf bits for @prot; 0 (map nothing) for PROT_NONE. */
static uint64_t
prot_to_pte(uint32_t prot)
{
	uint64_t perm = 0;

	if (prot & VMA_READ)
		perm |= PTE_R;
	/* Priv spec §4.4.1: W without R is reserved, so W implies R. */
	if (prot & VMA_WRITE)
		perm |= PTE_R | PTE_W;
	if (prot & VMA_EXEC)
		perm |= PTE_X;
	return perm ? perm | PTE_U : 0;
}

static struct vma *
vma_new(uint64_t start, uint64_t end, uint32_t prot, uint32_t flags)
{
	struct vma *v = kzalloc(sizeof(*v));

	if (v) {
		v->start = start;
		v->end = end;
		v->prot = prot;
		v->flags = flags;
	}
	return v;
}

/* ---- pages ---- */

static void
free_chain(void *chain)
{
	while (chain) {
		void *next = *(void **)chain;

		page_free(chain, 0);
		chain = next;
	}
}

/*
 * Everything mapping [start, end) with @perm will need: its pages, chained
 * in *chain, and its page tables.  0, or -ENOMEM with nothing kept but
 * empty page tables.  @perm 0 needs nothing.
 */
static int
prepare_pages(struct mm *mm, uint64_t start, uint64_t end, uint64_t perm,
	      void **chain)
{
	void **link = chain;

	*chain = NULL;
	if (!perm)
		return 0;
	/*
	 * In allocation order, which is often ascending physical order:
	 * then a buffer's pages are contiguous and DMA needs few segments.
	 */
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		void *p = page_alloc(0);

		if (!p)
			goto out_free;
		*(void **)p = NULL;
		*link = p;
		link = (void **)p;
	}
	if (vm_prepare(mm->pgd, start, end - start))
		goto out_free;
	return 0;
out_free:
	free_chain(*chain);
	*chain = NULL;
	return -ENOMEM;
}

/*
 * Map the pages prepare_pages() gathered, zeroed, over [start, end), which
 * maps nothing now.  Cannot fail: the tables exist.
 */
static void
install_pages(struct mm *mm, uint64_t start, uint64_t end, uint64_t perm,
	      void *chain)
{
	if (!perm)
		return;
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		void *p = chain;

		chain = *(void **)p;
		memset(p, 0, PAGE_SIZE);
		if (vm_map(mm->pgd, va, virt_to_phys(p), PAGE_SIZE, perm))
			panic("uvm: prepared page table for %lx is gone",
			      (unsigned long)va);
		mm->pages++;
	}
	/*
	 * Priv spec §4.2.1: a hart may have cached the old invalid entries
	 * and fault on the new ones; a user fault must be a real one.
	 */
	sfence_vma();
}

/*
 * Give back a page of @v.  A page that held code is wiped first: QEMU's
 * TCG keeps a page that has translated code on it write-protected until
 * every translated block there is overwritten, so a kernel stack or slab
 * that got such a page would take QEMU's slow path on every store (a
 * getpid() once cost 9.3 us instead of 0.7 us for that).  Zeroing the
 * page drops them all at once.
 */
static void
free_user_page(const struct vma *v, void *page)
{
	if (v->prot & VMA_EXEC)
		memset(page, 0, PAGE_SIZE);
	page_free(page, 0);
}

/*
 * Unmap whatever is mapped in [start, end) of @v, freeing the pages
 * unless they are a shared area's.  No TLB flush.
 */
static void
free_pages(struct mm *mm, const struct vma *v, uint64_t start, uint64_t end)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t old = vm_unmap_page(mm->pgd, va);

		if (old) {
			if (!(v->flags & VMA_SHARED))
				free_user_page(v, phys_to_virt(vm_pte_pa(old)));
			mm->pages--;
		}
	}
}

/* Free an area that is off the list, with its file reference. */
static void
vma_free(struct vma *v)
{
	if (v->file)
		file_put(v->file);
	kfree(v);
}

/*
 * Remove [start, end) (page aligned) from @mm: pages, areas, TLB entries.
 * *spare must hold a struct vma if vma_split_needed(); it is set to NULL
 * if used.
 *
 * The pages are freed before the flush: only this hart can hold entries
 * for @mm (kernel/uvm.h), and it runs no user code until the flush.
 */
static void
unmap_range(struct mm *mm, uint64_t start, uint64_t end, struct vma **spare)
{
	struct list_head removed;
	struct vma *v, *tmp;
	bool split;

	list_for_each_entry (v, &mm->vmas, node) {
		if (v->end <= start)
			continue;
		if (v->start >= end)
			break;
		free_pages(mm, v, max_u64(v->start, start),
			   min_u64(v->end, end));
	}
	list_init(&removed);
	split = spare && *spare;
	if (!vma_remove(&mm->vmas, start, end, spare, &removed))
		panic("uvm: unmap of %lx..%lx needs a spare area",
		      (unsigned long)start, (unsigned long)end);
	if (split && !*spare && (v = vma_find(&mm->vmas, end))->file)
		file_get(v->file); /* the upper piece holds one too */
	list_for_each_entry_safe (v, tmp, &removed, node)
		vma_free(v);
	sfence_vma();
}

/* ---- whole address spaces ---- */

struct mm *
mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pgd = page_alloc_zeroed(0);
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	vm_share_kernel(mm->pgd);
	list_init(&mm->vmas);
	mm->mmap_ceiling = USER_MMAP_CEILING;
	return mm;
}

void
mm_destroy(struct mm *mm)
{
	struct vma *v, *tmp;

	if (!mm)
		return;
	if (csr_read(satp) == make_satp(mm->pgd))
		panic("mm_destroy: the mm is active on this hart");
	mm_io_wait(mm);
	list_for_each_entry_safe (v, tmp, &mm->vmas, node) {
		free_pages(mm, v, v->start, v->end);
		list_del(&v->node);
		vma_free(v);
	}
	if (mm->pages != 0)
		panic("mm_destroy: %lu pages mapped outside any area",
		      (unsigned long)mm->pages);
	vm_free_user_tables(mm->pgd);
	page_free(mm->pgd, 0);
	kfree(mm);
}

/*
 * Give @child the page @parent maps at @va, if any: its own copy, or for
 * a shared area the same page.
 */
static int
copy_page(struct mm *child, const struct mm *parent, uint64_t va, bool shared)
{
	pte_t *pte = vm_lookup(parent->pgd, va);
	uint64_t pa;
	void *page = NULL;

	if (!pte || !(*pte & PTE_V))
		return 0; /* PROT_NONE: nothing mapped */
	pa = vm_pte_pa(*pte);
	if (!shared) {
		page = page_alloc(0);
		if (!page)
			return -ENOMEM;
		memcpy(page, phys_to_virt(pa), PAGE_SIZE);
		pa = virt_to_phys(page);
	}
	if (vm_map(child->pgd, va, pa, PAGE_SIZE, *pte & PTE_USER_PERM)) {
		if (page)
			page_free(page, 0);
		return -ENOMEM;
	}
	child->pages++;
	return 0;
}

/* The area is linked first, so mm_destroy() frees a partial copy. */
static int
copy_vma(struct mm *child, const struct mm *parent, const struct vma *pv)
{
	struct vma *v = vma_new(pv->start, pv->end, pv->prot, pv->flags);
	bool shared = pv->flags & VMA_SHARED;

	if (!v)
		return -ENOMEM;
	if (shared)
		v->file = file_get(pv->file);
	if (!vma_insert(&child->vmas, v))
		panic("mm_fork: parent areas overlap at %lx",
		      (unsigned long)pv->start);
	for (uint64_t va = pv->start; va < pv->end; va += PAGE_SIZE)
		if (copy_page(child, parent, va, shared))
			return -ENOMEM;
	return 0;
}

struct mm *
mm_fork(const struct mm *parent)
{
	struct mm *child = mm_create();
	const struct vma *pv;

	if (!child)
		return NULL;
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->mmap_ceiling = parent->mmap_ceiling;
	list_for_each_entry (pv, &parent->vmas, node) {
		if (copy_vma(child, parent, pv)) {
			mm_destroy(child);
			return NULL;
		}
	}
	return child;
}

void
mm_activate(const struct mm *mm)
{
	csr_write(satp, make_satp(mm ? mm->pgd : kernel_pgd));
	/*
	 * Orders this hart's page-table stores before its walks and drops
	 * the previous mm's entries (no ASIDs).  fence.i: code exec or fork
	 * wrote, on any hart, is visible to fetches here; the scheduler's
	 * lock orders those stores before this switch.
	 */
	sfence_vma();
	fence_i();
}

/* ---- mmap, munmap, brk ---- */

/*
 * Where a mapping of @len (page aligned, <= USER_LIMIT) bytes goes: *addr
 * checked if @fixed, else the hint if free or the highest free range.
 */
static int
choose_range(const struct mm *mm, uint64_t *addr, uint64_t len, bool fixed)
{
	uint64_t hint = *addr;

	if (fixed) {
		if (hint & (PAGE_SIZE - 1))
			return -EINVAL;
		return hint <= USER_LIMIT - len ? 0 : -ENOMEM;
	}
	/* USER_LIMIT - len is page aligned, so rounding up stays below. */
	if (hint >= USER_MMAP_MIN && hint <= USER_LIMIT - len) {
		hint = ALIGN_UP(hint, PAGE_SIZE);
		if (vma_range_free(&mm->vmas, hint, hint + len)) {
			*addr = hint;
			return 0;
		}
	}
	if (!vma_find_free(&mm->vmas, len, USER_MMAP_MIN, mm->mmap_ceiling,
			   addr))
		return -ENOMEM;
	return 0;
}

/*
 * The work of mm_map() and mm_map_shared(), arguments checked: with @file
 * NULL, fresh zeroed pages; else the pages at @pa, which are @file's.
 */
static int
map_area(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot,
	 uint32_t flags, bool fixed, uint64_t pa, struct file *file,
	 uint64_t *out)
{
	uint64_t perm = prot_to_pte(prot);
	struct vma *v, *spare = NULL;
	void *chain = NULL;
	int err;

	if (len > USER_LIMIT)
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);
	err = choose_range(mm, &addr, len, fixed);
	if (err)
		return err;
	if (fixed)
		mm_io_wait(mm);
	v = vma_new(addr, addr + len, prot, flags);
	if (!v)
		return -ENOMEM;
	err = -ENOMEM;
	if (fixed && vma_split_needed(&mm->vmas, addr, addr + len)) {
		spare = kzalloc(sizeof(*spare));
		if (!spare)
			goto out_free;
	}
	if (!file)
		err = prepare_pages(mm, addr, addr + len, perm, &chain);
	else if (perm && vm_prepare(mm->pgd, addr, len))
		err = -ENOMEM;
	else
		err = 0;
	if (err)
		goto out_free;
	if (fixed)
		unmap_range(mm, addr, addr + len, &spare);
	if (!file) {
		install_pages(mm, addr, addr + len, perm, chain);
	} else {
		v->file = file_get(file);
		if (perm && vm_map(mm->pgd, addr, pa, len, perm))
			panic("uvm: prepared table for %lx is gone",
			      (unsigned long)addr);
		if (perm) {
			mm->pages += len / PAGE_SIZE;
			sfence_vma(); /* as in install_pages() */
		}
	}
	if (!vma_insert(&mm->vmas, v))
		panic("uvm: %lx..%lx is not free after all",
		      (unsigned long)addr, (unsigned long)(addr + len));
	v = NULL;
	*out = addr;
out_free:
	kfree(spare);
	kfree(v);
	return err;
}

int
mm_map(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot,
       uint32_t flags, bool fixed, uint64_t *out)
{
	if (len == 0 || (prot & ~VMA_PROT_MASK) ||
	    (flags & ~(VMA_FLAG_MASK & ~VMA_SHARED)))
		return -EINVAL;
	return map_area(mm, addr, len, prot, flags, fixed, 0, NULL, out);
}

int
mm_unmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	struct vma *spare = NULL;
	uint64_t end;

	if ((addr & (PAGE_SIZE - 1)) || len == 0 || addr > USER_LIMIT ||
	    len > USER_LIMIT - addr)
		return -EINVAL;
	end = addr + ALIGN_UP(len, PAGE_SIZE);
	mm_io_wait(mm);
	if (vma_split_needed(&mm->vmas, addr, end)) {
		spare = kzalloc(sizeof(*spare));
		if (!spare)
			return -ENOMEM;
	}
	unmap_range(mm, addr, end, &spare);
	kfree(spare);
	return 0;
}

int
mm_map_shared(struct mm *mm, uint64_t addr, uint64_t len, uint32_t prot,
	      bool fixed, uint64_t pa, struct file *file, uint64_t *out)
{
	if (len == 0 || (prot & ~VMA_PROT_MASK) || (pa & (PAGE_SIZE - 1)))
		return -EINVAL;
	return map_area(mm, addr, len, prot, VMA_SHARED, fixed, pa, file, out);
}

void
mm_io_pin(struct mm *mm)
{
	__atomic_fetch_add(&mm->io_pins, 1, __ATOMIC_RELAXED);
}

/* After the decrement only mm_io_wq is touched: the mm may be gone. */
void
mm_io_unpin(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->io_pins, 1, __ATOMIC_RELEASE) == 0)
		wake_up_all(&mm_io_wq);
}

void
mm_io_wait(struct mm *mm)
{
	wait_event(mm_io_wq,
		   __atomic_load_n(&mm->io_pins, __ATOMIC_ACQUIRE) == 0);
}

/* Map [start, end) (free, page aligned) as heap, extending the top area. */
static int
grow_heap(struct mm *mm, uint64_t start, uint64_t end)
{
	uint32_t prot = VMA_READ | VMA_WRITE, flags = VMA_ANON | VMA_HEAP;
	uint64_t perm = prot_to_pte(prot);
	struct vma *v = start ? vma_find(&mm->vmas, start - 1) : NULL;
	struct vma *fresh = NULL;
	void *chain;

	if (!v || v->end != start || v->flags != flags || v->prot != prot) {
		v = fresh = vma_new(start, end, prot, flags);
		if (!fresh)
			return -ENOMEM;
	}
	if (prepare_pages(mm, start, end, perm, &chain)) {
		kfree(fresh);
		return -ENOMEM;
	}
	install_pages(mm, start, end, perm, chain);
	if (!fresh)
		v->end = end;
	else if (!vma_insert(&mm->vmas, fresh))
		panic("mm_brk: heap range %lx is not free after all",
		      (unsigned long)start);
	return 0;
}

uint64_t
mm_brk(struct mm *mm, uint64_t newbrk)
{
	uint64_t old_end = ALIGN_UP(mm->brk, PAGE_SIZE), new_end;

	if (mm->brk_start == 0 || newbrk < mm->brk_start ||
	    newbrk > mm->mmap_ceiling)
		return mm->brk;
	new_end = ALIGN_UP(newbrk, PAGE_SIZE);
	if (new_end > old_end) {
		if (!vma_range_free(&mm->vmas, old_end, new_end) ||
		    grow_heap(mm, old_end, new_end))
			return mm->brk;
	} else if (new_end < old_end) {
		if (mm_unmap(mm, new_end, old_end - new_end))
			return mm->brk;
	}
	mm->brk = newbrk;
	return newbrk;
}

int
mm_setup_stack(struct mm *mm, uint64_t top, uint64_t size)
{
	uint64_t bottom, reserve, out;
	int err;

	size = ALIGN_UP(size, PAGE_SIZE);
	if ((top & (PAGE_SIZE - 1)) || top > USER_LIMIT || size == 0 ||
	    size > top)
		return -EINVAL;
	bottom = top - size;
	if (!vma_range_free(&mm->vmas, bottom, top))
		return -EEXIST;
	err = mm_map(mm, bottom, size, VMA_READ | VMA_WRITE,
		     VMA_ANON | VMA_STACK, true, &out);
	if (err)
		return err;
	reserve = max_u64(size, USER_STACK_RESERVE) + PAGE_SIZE;
	mm->mmap_ceiling = top > reserve ? top - reserve : 0;
	return 0;
}

/* ---- reaching into an address space ---- */

/*
 * Direct-map address of the byte at @va in @mm, or NULL unless its page
 * is mapped with all of @need.
 */
static uint8_t *
user_byte(const struct mm *mm, uint64_t va, uint64_t need)
{
	pte_t *pte;

	if (va >= USER_LIMIT)
		return NULL;
	pte = vm_lookup(mm->pgd, va);
	if (!pte || (*pte & need) != need)
		return NULL;
	return (uint8_t *)phys_to_virt(vm_pte_pa(*pte)) +
	       (va & (PAGE_SIZE - 1));
}

static bool
range_mapped(const struct mm *mm, uint64_t addr, uint64_t len, uint64_t need)
{
	if (addr > USER_LIMIT || len > USER_LIMIT - addr)
		return false;
	if (len == 0)
		return true;
	for (uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE); va < addr + len;
	     va += PAGE_SIZE)
		if (!user_byte(mm, va, need))
			return false;
	return true;
}

/*
 * By the areas, not the page table: memory is mapped eagerly, so every
 * page of a readable area is there.  One step per area, not per page.
 */
bool
mm_range_ok(const struct mm *mm, uint64_t addr, uint64_t len, bool write)
{
	uint32_t need = VMA_READ | (write ? VMA_WRITE : 0);

	if (addr > USER_LIMIT || len > USER_LIMIT - addr)
		return false;
	for (uint64_t at = addr; at < addr + len;) {
		const struct vma *v = vma_find(&mm->vmas, at);

		if (!v || (v->prot & need) != need)
			return false;
		at = v->end;
	}
	return true;
}

/* Copy @src, or zeroes if @src is NULL, to @uaddr; all or nothing. */
static int
fill_user(struct mm *mm, uint64_t uaddr, const uint8_t *src, size_t n)
{
	if (!range_mapped(mm, uaddr, n, PTE_U))
		return -EFAULT;
	while (n > 0) {
		uint8_t *dst = user_byte(mm, uaddr, PTE_U);
		size_t chunk =
		    min_u64(n, PAGE_SIZE - (uaddr & (PAGE_SIZE - 1)));

		if (src) {
			memcpy(dst, src, chunk);
			src += chunk;
		} else {
			memset(dst, 0, chunk);
		}
		uaddr += chunk;
		n -= chunk;
	}
	return 0;
}

int
mm_copy_out(struct mm *mm, uint64_t uaddr, const void *src, size_t n)
{
	return fill_user(mm, uaddr, src, n);
}

int
mm_zero(struct mm *mm, uint64_t uaddr, size_t n)
{
	return fill_user(mm, uaddr, NULL, n);
}

/* ---- boot-time self-test ---- */

#define ST_CHECK(cond)                                                    \
	do {                                                              \
		if (!(cond)) {                                            \
			printk("uvm_selftest: %s:%d: check failed: %s\n", \
			       __func__, __LINE__, #cond);                \
			return -EIO;                                      \
		}                                                         \
	} while (0)

#define ST_RW	 (VMA_READ | VMA_WRITE)
#define ST_HEAP	 0x10000000UL
#define ST_FIXED 0x20000000UL
#define ST_HINT	 0x30000000UL

/*
 * Copy between the kernel and @mm's user half through @mm's own page
 * table, as user code would see it: activate it, open SUM, copy, restore.
 */
static void
st_access(const struct mm *mm, uint64_t uaddr, void *kbuf, size_t n, bool write)
{
	uint64_t saved = csr_read(satp);

	mm_activate(mm);
	csr_set(sstatus, SSTATUS_SUM);
	if (write)
		memcpy((void *)uaddr, kbuf, n);
	else
		memcpy(kbuf, (const void *)uaddr, n);
	csr_clear(sstatus, SSTATUS_SUM);
	csr_write(satp, saved);
	sfence_vma();
}

static void
st_pattern(uint8_t *buf, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(seed + i * 7);
}

/* True iff the @n bytes at @uaddr in @mm read back as st_pattern(seed). */
static bool
st_holds(const struct mm *mm, uint64_t uaddr, size_t n, uint8_t seed)
{
	uint8_t got[256], want[256];

	if (n > sizeof(got))
		return false;
	st_access(mm, uaddr, got, n, false);
	st_pattern(want, n, seed);
	return memcmp(got, want, n) == 0;
}

static int
st_map(struct mm *mm, uint64_t *top)
{
	uint8_t buf[200];
	uint64_t a, b;

	ST_CHECK(vm_lookup(mm->pgd, (uint64_t)_stext) ==
		 vm_lookup(kernel_pgd, (uint64_t)_stext));
	ST_CHECK(mm_map(mm, 0, 3 * PAGE_SIZE - 100, ST_RW, VMA_ANON, false,
			&a) == 0);
	ST_CHECK(a == USER_MMAP_CEILING - 3 * PAGE_SIZE && mm->pages == 3);
	ST_CHECK(mm_map(mm, 0, PAGE_SIZE, VMA_READ, VMA_ANON, false, &b) == 0);
	ST_CHECK(b == a - PAGE_SIZE && mm->pages == 4);
	ST_CHECK(mm_map(mm, ST_HINT + 5, 2 * PAGE_SIZE, ST_RW, VMA_ANON, false,
			&b) == 0);
	ST_CHECK(b == ST_HINT + PAGE_SIZE);
	ST_CHECK(mm_map(mm, a, PAGE_SIZE, ST_RW, VMA_ANON, false, &b) == 0);
	ST_CHECK(b == a - 2 * PAGE_SIZE); /* hint taken: next one down */
	ST_CHECK(mm_map(mm, a, 0, ST_RW, VMA_ANON, false, &b) == -EINVAL);
	ST_CHECK(mm_map(mm, a + 8, PAGE_SIZE, ST_RW, 0, true, &b) == -EINVAL);
	ST_CHECK(mm_map(mm, a, PAGE_SIZE, 8, 0, false, &b) == -EINVAL);
	ST_CHECK(mm_map(mm, USER_LIMIT - PAGE_SIZE, 2 * PAGE_SIZE, ST_RW, 0,
			true, &b) == -ENOMEM);

	/* Data crossing a page boundary, read back through the mapping. */
	st_pattern(buf, sizeof(buf), 1);
	ST_CHECK(mm_copy_out(mm, a + PAGE_SIZE - 100, buf, sizeof(buf)) == 0);
	ST_CHECK(st_holds(mm, a + PAGE_SIZE - 100, sizeof(buf), 1));
	ST_CHECK(mm_zero(mm, a + PAGE_SIZE - 50, 20) == 0);
	ST_CHECK(st_holds(mm, a + PAGE_SIZE - 100, 50, 1));
	st_access(mm, a + PAGE_SIZE - 50, buf, 20, false);
	ST_CHECK(buf[0] == 0 && buf[19] == 0);
	ST_CHECK(mm_copy_out(mm, a + 3 * PAGE_SIZE - 1, buf, 2) == -EFAULT);
	ST_CHECK(mm_range_ok(mm, a, 3 * PAGE_SIZE, true));
	ST_CHECK(!mm_range_ok(mm, a, 3 * PAGE_SIZE + 1, false));
	ST_CHECK(mm_range_ok(mm, a - PAGE_SIZE, PAGE_SIZE, false));
	ST_CHECK(!mm_range_ok(mm, a - PAGE_SIZE, PAGE_SIZE, true));
	*top = a;
	return 0;
}

/* MAP_FIXED replacing part of an area, and munmap splitting one. */
static int
st_fixed_unmap(struct mm *mm, uint64_t a)
{
	size_t pages = mm->pages;
	uint64_t out;

	ST_CHECK(mm_map(mm, a + PAGE_SIZE, PAGE_SIZE, VMA_READ, VMA_ANON, true,
			&out) == 0);
	ST_CHECK(out == a + PAGE_SIZE && mm->pages == pages);
	ST_CHECK(!mm_range_ok(mm, a + PAGE_SIZE, 1, true));
	ST_CHECK(mm_range_ok(mm, a, PAGE_SIZE, true));
	ST_CHECK(st_holds(mm, a + PAGE_SIZE - 100, 50, 1));
	ST_CHECK(vma_find(&mm->vmas, a + PAGE_SIZE)->prot == VMA_READ);

	ST_CHECK(mm_map(mm, ST_FIXED, 8 * PAGE_SIZE, ST_RW, VMA_ANON, true,
			&out) == 0);
	ST_CHECK(mm_unmap(mm, ST_FIXED + 2 * PAGE_SIZE, 3 * PAGE_SIZE) == 0);
	ST_CHECK(mm->pages == pages + 5);
	ST_CHECK(!mm_range_ok(mm, ST_FIXED + 2 * PAGE_SIZE, 1, false));
	ST_CHECK(!mm_range_ok(mm, ST_FIXED + 5 * PAGE_SIZE - 1, 1, false));
	ST_CHECK(mm_range_ok(mm, ST_FIXED, 2 * PAGE_SIZE, true));
	ST_CHECK(
	    mm_range_ok(mm, ST_FIXED + 5 * PAGE_SIZE, 3 * PAGE_SIZE, true));
	ST_CHECK(vma_find(&mm->vmas, ST_FIXED + 5 * PAGE_SIZE)->start ==
		 ST_FIXED + 5 * PAGE_SIZE);
	ST_CHECK(mm_unmap(mm, ST_FIXED + 1, PAGE_SIZE) == -EINVAL);
	ST_CHECK(mm_unmap(mm, ST_FIXED, 0) == -EINVAL);
	ST_CHECK(mm_unmap(mm, USER_LIMIT - PAGE_SIZE, 2 * PAGE_SIZE) ==
		 -EINVAL);
	ST_CHECK(mm_unmap(mm, 0, PAGE_SIZE) == 0); /* a hole */
	/* Across both halves and the hole between them. */
	ST_CHECK(mm_unmap(mm, ST_FIXED, 8 * PAGE_SIZE) == 0);
	ST_CHECK(mm->pages == pages && vma_find(&mm->vmas, ST_FIXED) == NULL);
	return 0;
}

static int
st_brk(struct mm *mm)
{
	size_t pages = mm->pages;
	uint64_t out;

	mm->brk_start = mm->brk = ST_HEAP;
	ST_CHECK(mm_brk(mm, 0) == ST_HEAP);
	ST_CHECK(mm_brk(mm, ST_HEAP + 10000) == ST_HEAP + 10000);
	ST_CHECK(mm->pages == pages + 3 && mm_range_ok(mm, ST_HEAP, 10000, 1));
	ST_CHECK(vma_find(&mm->vmas, ST_HEAP)->flags & VMA_HEAP);
	ST_CHECK(mm_brk(mm, ST_HEAP + 5 * PAGE_SIZE) ==
		 ST_HEAP + 5 * PAGE_SIZE);
	ST_CHECK(vma_find(&mm->vmas, ST_HEAP)->end == ST_HEAP + 5 * PAGE_SIZE);
	ST_CHECK(mm_brk(mm, ST_HEAP - 1) == ST_HEAP + 5 * PAGE_SIZE);
	ST_CHECK(mm_brk(mm, ST_HEAP + 100) == ST_HEAP + 100);
	ST_CHECK(mm->pages == pages + 1);
	ST_CHECK(!mm_range_ok(mm, ST_HEAP + PAGE_SIZE, 1, false));

	/* An area in the way stops the heap. */
	ST_CHECK(mm_map(mm, ST_HEAP + 4 * PAGE_SIZE, PAGE_SIZE, ST_RW, 0, true,
			&out) == 0);
	ST_CHECK(mm_brk(mm, ST_HEAP + 6 * PAGE_SIZE) == ST_HEAP + 100);
	ST_CHECK(mm_brk(mm, ST_HEAP + 4 * PAGE_SIZE) ==
		 ST_HEAP + 4 * PAGE_SIZE);
	ST_CHECK(mm_unmap(mm, ST_HEAP + 4 * PAGE_SIZE, PAGE_SIZE) == 0);

	/* Down to nothing, then up again with a new area, zeroed. */
	for (uint64_t va = ST_HEAP; va < ST_HEAP + 4 * PAGE_SIZE;
	     va += PAGE_SIZE)
		ST_CHECK(mm_copy_out(mm, va + 64, &out, sizeof(out)) == 0);
	ST_CHECK(mm_brk(mm, ST_HEAP) == ST_HEAP && mm->pages == pages);
	ST_CHECK(vma_find(&mm->vmas, ST_HEAP) == NULL);
	ST_CHECK(mm_brk(mm, ST_HEAP + 1) == ST_HEAP + 1);
	ST_CHECK(mm->pages == pages + 1 && mm_range_ok(mm, ST_HEAP, 1, true));
	st_access(mm, ST_HEAP + 64, &out, sizeof(out), false);
	ST_CHECK(out == 0);
	return 0;
}

/* The child sees the parent's data; afterwards neither sees the other's. */
static int
st_fork(struct mm *mm, uint64_t a)
{
	struct mm *child = mm_fork(mm);
	uint8_t buf[64];
	int err = -EIO;

	if (!child) {
		printk("uvm_selftest: mm_fork failed\n");
		return -ENOMEM;
	}
	if (child->pages != mm->pages || child->brk != mm->brk ||
	    !st_holds(child, a + PAGE_SIZE - 100, 50, 1) ||
	    !mm_range_ok(child, ST_HEAP, 1, true))
		goto out;
	st_pattern(buf, sizeof(buf), 2);
	st_access(mm, a, buf, sizeof(buf), true);
	st_pattern(buf, sizeof(buf), 3);
	if (mm_copy_out(child, a, buf, sizeof(buf)))
		goto out;
	if (st_holds(mm, a, sizeof(buf), 2) &&
	    st_holds(child, a, sizeof(buf), 3))
		err = 0;
out:
	if (err)
		printk("uvm_selftest: the forked copy is wrong\n");
	mm_destroy(child);
	return err;
}

/* A mapping larger than free memory fails and leaves nothing behind. */
static int
st_nomem(struct mm *mm, uint64_t a)
{
	struct mm_stats st;
	size_t pages = mm->pages;
	uint64_t len, out;

	mm_get_stats(&st);
	len = (st.free_pages + 16) * PAGE_SIZE;
	ST_CHECK(mm_map(mm, 0, len, ST_RW, VMA_ANON, false, &out) == -ENOMEM);
	/* Fixed over a's first page: the old page must survive. */
	ST_CHECK(mm_map(mm, a + PAGE_SIZE - len, len, ST_RW, VMA_ANON, true,
			&out) == -ENOMEM);
	ST_CHECK(mm->pages == pages &&
		 st_holds(mm, a + PAGE_SIZE - 100, 50, 1));
	ST_CHECK(mm_range_ok(mm, a, PAGE_SIZE, true));
	return 0;
}

static int
st_stack(void)
{
	struct mm *mm = mm_create();
	uint64_t top = USER_STACK_TOP, out;
	uint8_t byte = 0x5a;
	int err = -EIO;

	if (!mm)
		return -ENOMEM;
	mm->mmap_ceiling = 0;
	if (mm_setup_stack(mm, top, USER_STACK_SIZE) ||
	    mm->mmap_ceiling != USER_MMAP_CEILING ||
	    !(vma_find(&mm->vmas, top - 1)->flags & VMA_STACK) ||
	    !mm_range_ok(mm, top - USER_STACK_SIZE, USER_STACK_SIZE, true) ||
	    mm_range_ok(mm, top, 1, false) ||
	    mm_setup_stack(mm, top, PAGE_SIZE) != -EEXIST ||
	    mm_setup_stack(mm, USER_LIMIT + PAGE_SIZE, PAGE_SIZE) != -EINVAL ||
	    mm_map(mm, 0, PAGE_SIZE, ST_RW, VMA_ANON, false, &out) ||
	    out != USER_MMAP_CEILING - PAGE_SIZE)
		goto out;
	st_access(mm, top - 1, &byte, 1, true);
	byte = 0;
	st_access(mm, top - 1, &byte, 1, false);
	if (byte == 0x5a)
		err = 0;
out:
	if (err)
		printk("uvm_selftest: the stack layout is wrong\n");
	mm_destroy(mm);
	return err;
}

static int
st_run(void)
{
	struct mm *mm = mm_create();
	uint64_t a = 0;
	int err;

	if (!mm) {
		printk("uvm_selftest: mm_create failed\n");
		return -ENOMEM;
	}
	err = st_map(mm, &a);
	if (!err)
		err = st_fixed_unmap(mm, a);
	if (!err)
		err = st_brk(mm);
	if (!err)
		err = st_fork(mm, a);
	if (!err)
		err = st_nomem(mm, a);
	mm_destroy(mm);
	if (!err)
		err = st_stack();
	return err;
}

/*
 * kmalloc keeps an empty slab per size class, so the pages it holds may
 * differ afterwards; what must come back is every page it does not hold
 * and every byte it handed out.
 */
int
uvm_selftest(void)
{
	struct mm_stats before, after;
	int err;

	mm_get_stats(&before);
	err = st_run();
	mm_get_stats(&after);
	if (!err && (after.free_pages + after.kmalloc_pages !=
			 before.free_pages + before.kmalloc_pages ||
		     after.kmalloc_bytes != before.kmalloc_bytes)) {
		printk("uvm_selftest: leaked: free pages %lu -> %lu, kmalloc "
		       "pages %lu -> %lu, bytes %lu -> %lu\n",
		       (unsigned long)before.free_pages,
		       (unsigned long)after.free_pages,
		       (unsigned long)before.kmalloc_pages,
		       (unsigned long)after.kmalloc_pages,
		       (unsigned long)before.kmalloc_bytes,
		       (unsigned long)after.kmalloc_bytes);
		err = -EIO;
	}
	if (!err)
		printk("uvm: self-test passed\n");
	return err;
}
