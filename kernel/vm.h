/*
 * kernel/vm.h - Sv39 page tables (RISC-V privileged spec §4.4).
 *
 * The kernel page table maps the kernel image with per-section
 * permissions (text R-X, rodata R--, data and bss RW-), all RAM and every
 * device the platform lists in the direct map (RW-, never executable),
 * and nothing in the user half.  Every hart runs on it.
 */
#ifndef SLUICE_KERNEL_VM_H
#define SLUICE_KERNEL_VM_H

#include <stdint.h>

typedef uint64_t pte_t;

/* PTE bits, priv spec §4.4.1 figure 4.18 */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)

struct platform;

/* Build the kernel page table and switch this (the boot) hart to it. */
void vm_init(const struct platform *p);

/* Switch a secondary hart from the early table to the kernel's. */
void vm_init_hart(void);

/*
 * Map [va, va+size) to [pa, pa+size) in @pgd with @perm (PTE_R/W/X/U/G);
 * uses 2 MiB pages where alignment allows.  Returns 0 or -ENOMEM.
 */
int vm_map(pte_t *pgd, uint64_t va, uint64_t pa, uint64_t size, uint64_t perm);

/* The leaf PTE for @va in @pgd, or NULL (for tests and the monitor). */
pte_t *vm_lookup(pte_t *pgd, uint64_t va);

extern pte_t *kernel_pgd;

/*
 * Process page tables (kernel/uvm.c).  Each is owned by one struct mm and
 * touched only under its rules; none of these flushes the TLB.
 */

/*
 * Copy kernel_pgd's kernel-half top-level entries into @pgd, so the
 * kernel is mapped identically in a process's page table.  The tables they
 * point to stay shared: they never change after boot and are never freed
 * through @pgd.
 */
void vm_share_kernel(pte_t *pgd);

/*
 * Make the page tables that 4 KiB leaves in [va, va+size) need exist in
 * @pgd, so that vm_map() of single pages there cannot fail.  Returns 0 or
 * -ENOMEM; tables made before a failure stay, empty, until
 * vm_free_user_tables().
 */
int vm_prepare(pte_t *pgd, uint64_t va, uint64_t size);

/*
 * Clear the 4 KiB leaf for @va in @pgd and return the PTE it held (its
 * page is still the caller's to free), or 0 if nothing was mapped there.
 * Page tables are kept.  Panics if a 2 MiB leaf covers @va: only the
 * kernel half has those.
 */
pte_t vm_unmap_page(pte_t *pgd, uint64_t va);

/* The physical address a leaf PTE maps. */
uint64_t vm_pte_pa(pte_t pte);

/*
 * Free every page table under the user half of @pgd and clear its
 * top-level entries; @pgd itself and the kernel half stay.  Every user
 * page must have been unmapped first (panics on a leaf).
 */
void vm_free_user_tables(pte_t *pgd);

#endif /* SLUICE_KERNEL_VM_H */
