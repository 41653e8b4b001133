/*
 * kernel/vm.c - builds and installs Sv39 page tables.
 * kernel_pgd is [I] once vm_init() returns; only the boot hart edits it,
 * at boot, before the other harts start.  A process's page table belongs
 * to its struct mm and is edited only under that struct's rules
 * (kernel/uvm.h).
 */
#include "kernel/vm.h"

#include <uapi/errno.h>

#include "kernel/compiler.h"
#include "kernel/fdt.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"

#define LEVELS	  3
#define PTES	  512
#define MEGA_SIZE (1UL << 21) /* a level-1 leaf maps 2 MiB */

pte_t *kernel_pgd;

static unsigned
vpn(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PTES - 1);
}

static uint64_t
pte_to_pa(pte_t pte)
{
	return (pte >> 10) << PAGE_SHIFT;
}

static pte_t
pa_to_pte(uint64_t pa, uint64_t flags)
{
	return ((pa >> PAGE_SHIFT) << 10) | flags;
}

/*
 * The PTE for @va at @leaf_level (0 = 4 KiB, 1 = 2 MiB), creating
 * intermediate tables on the way.  NULL if a table cannot be allocated or
 * a larger leaf already covers @va.
 */
static pte_t *
walk_create(pte_t *pgd, uint64_t va, int leaf_level)
{
	pte_t *table = pgd;

	for (int level = LEVELS - 1; level > leaf_level; level--) {
		pte_t *pte = &table[vpn(va, level)];

		if (!(*pte & PTE_V)) {
			pte_t *next = page_alloc_zeroed(0);

			if (!next)
				return NULL;
			*pte = pa_to_pte(virt_to_phys(next), PTE_V);
		} else if (*pte & (PTE_R | PTE_W | PTE_X)) {
			return NULL;
		}
		table = phys_to_virt(pte_to_pa(*pte));
	}
	return &table[vpn(va, leaf_level)];
}

int
vm_map(pte_t *pgd, uint64_t va, uint64_t pa, uint64_t size, uint64_t perm)
{
	uint64_t end = va + size;

	/* A and D preset: Sluice does not track accessed/dirty in hardware. */
	perm |= PTE_V | PTE_A | PTE_D;
	while (va < end) {
		int mega =
		    ((va | pa) & (MEGA_SIZE - 1)) == 0 && end - va >= MEGA_SIZE;
		uint64_t step = mega ? MEGA_SIZE : PAGE_SIZE;
		pte_t *pte = walk_create(pgd, va, mega ? 1 : 0);

		if (!pte)
			return -ENOMEM;
		*pte = pa_to_pte(pa, perm);
		va += step;
		pa += step;
	}
	return 0;
}

pte_t *
vm_lookup(pte_t *pgd, uint64_t va)
{
	pte_t *table = pgd;

	for (int level = LEVELS - 1; level >= 0; level--) {
		pte_t *pte = &table[vpn(va, level)];

		if (!(*pte & PTE_V))
			return NULL;
		if (*pte & (PTE_R | PTE_W | PTE_X))
			return pte;
		table = phys_to_virt(pte_to_pa(*pte));
	}
	return NULL;
}

static void
map_or_panic(uint64_t va, uint64_t pa, uint64_t size, uint64_t perm,
	     const char *what)
{
	if (vm_map(kernel_pgd, va, pa, size, perm | PTE_G))
		panic("vm: out of memory mapping %s", what);
}

static void
map_image_section(const char *start, const char *end, uint64_t perm,
		  const char *what)
{
	uint64_t va = (uint64_t)start;

	map_or_panic(va, virt_to_phys(start),
		     ALIGN_UP((uint64_t)end - va, PAGE_SIZE), perm, what);
}

static void
map_device(uint64_t pa, uint64_t size, const char *what)
{
	uint64_t start = ALIGN_DOWN(pa, PAGE_SIZE);

	if (pa == 0)
		return;
	size = ALIGN_UP(pa + size, PAGE_SIZE) - start;
	map_or_panic((uint64_t)phys_to_virt(start), start, size, PTE_R | PTE_W,
		     what);
}

static void
vm_switch(void)
{
	sfence_vma();
	csr_write(satp,
		  SATP_MODE_SV39 | (virt_to_phys(kernel_pgd) >> PAGE_SHIFT));
	sfence_vma();
}

void
vm_init(const struct platform *p)
{
	uint64_t ram_end = p->mem_base + p->mem_size;

	kernel_pgd = page_alloc_zeroed(0);
	if (!kernel_pgd)
		panic("vm: no page for the kernel page table");
	map_image_section(_stext, _etext, PTE_R | PTE_X, "kernel text");
	map_image_section(_srodata, _erodata, PTE_R, "kernel rodata");
	map_image_section(_sdata, _kernel_end, PTE_R | PTE_W, "kernel data");
	/* RAM below the kernel belongs to OpenSBI and stays unmapped. */
	map_or_panic((uint64_t)phys_to_virt(KERNEL_PHYS), KERNEL_PHYS,
		     ram_end - KERNEL_PHYS, PTE_R | PTE_W, "RAM");
	map_device(p->uart_base, PAGE_SIZE, "uart");
	map_device(p->plic_base, p->plic_size, "plic");
	map_device(p->test_base, PAGE_SIZE, "test finisher");
	map_device(p->rtc_base, PAGE_SIZE, "rtc");
	for (int i = 0; i < p->nvirtio; i++)
		map_device(p->virtio[i].base, p->virtio[i].size, "virtio");
	vm_switch();
}

void
vm_init_hart(void)
{
	vm_switch();
}

/*
 * ---- For user address spaces (kernel/uvm.c) ----
 *
 * A process page table is a pgd whose upper half is a copy of
 * kernel_pgd's and whose lower half holds only tables the process owns
 * and 4 KiB leaves.  Nothing below ever frees or edits a kernel-half table.
 */

#define USER_PGD_ENTRIES (USER_LIMIT >> (PAGE_SHIFT + 9 * (LEVELS - 1)))
_Static_assert(USER_PGD_ENTRIES == PTES / 2,
	       "user space is the lower half of the top-level table");

void
vm_share_kernel(pte_t *pgd)
{
	for (unsigned i = USER_PGD_ENTRIES; i < PTES; i++)
		pgd[i] = kernel_pgd[i];
}

int
vm_prepare(pte_t *pgd, uint64_t va, uint64_t size)
{
	uint64_t end = va + size;

	/* One level-0 table covers an aligned 2 MiB. */
	for (va = ALIGN_DOWN(va, MEGA_SIZE); va < end; va += MEGA_SIZE)
		if (!walk_create(pgd, va, 0))
			return -ENOMEM;
	return 0;
}

/* The level-0 PTE slot for @va, or NULL if its table does not exist. */
static pte_t *
walk_level0(pte_t *pgd, uint64_t va)
{
	pte_t *table = pgd;

	for (int level = LEVELS - 1; level > 0; level--) {
		pte_t pte = table[vpn(va, level)];

		if (!(pte & PTE_V))
			return NULL;
		if (pte & (PTE_R | PTE_W | PTE_X))
			panic("vm: %lx lies in a large page",
			      (unsigned long)va);
		table = phys_to_virt(pte_to_pa(pte));
	}
	return &table[vpn(va, 0)];
}

pte_t
vm_unmap_page(pte_t *pgd, uint64_t va)
{
	pte_t *pte = walk_level0(pgd, va);
	pte_t old;

	if (!pte)
		return 0;
	old = *pte;
	*pte = 0;
	return old & PTE_V ? old : 0;
}

uint64_t
vm_pte_pa(pte_t pte)
{
	return pte_to_pa(pte);
}

/* Free @table, a table at @level, and the tables below it. */
static void
free_table(pte_t *table, int level)
{
	for (int i = 0; i < PTES; i++) {
		pte_t pte = table[i];

		if (!(pte & PTE_V))
			continue;
		if (level == 0 || (pte & (PTE_R | PTE_W | PTE_X)))
			panic("vm: freeing a user page table that still maps "
			      "a page (pte %lx)",
			      (unsigned long)pte);
		free_table(phys_to_virt(pte_to_pa(pte)), level - 1);
	}
	page_free(table, 0);
}

void
vm_free_user_tables(pte_t *pgd)
{
	for (unsigned i = 0; i < USER_PGD_ENTRIES; i++) {
		if (!(pgd[i] & PTE_V))
			continue;
		if (pgd[i] & (PTE_R | PTE_W | PTE_X))
			panic("vm: user pgd entry %u is a leaf", i);
		free_table(phys_to_virt(pte_to_pa(pgd[i])), LEVELS - 2);
		pgd[i] = 0;
	}
}
