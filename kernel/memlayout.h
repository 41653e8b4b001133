/*
 * kernel/memlayout.h - where things live in physical and virtual memory.
 *
 * Sv39 gives 39-bit virtual addresses; the upper half (bit 38 set, sign
 * extended) belongs to the kernel and is present in every page table:
 *
 *   0x0000000000000000 .. 0x0000003fffffffff   user space (later issues)
 *   0xffffffc000000000 .. PAGE_OFFSET + RAM     direct map of all RAM and MMIO
 *   0xffffffff80200000 ..                       the kernel image (linker.ld)
 *
 * Included from assembly too, so only #defines here.
 */
#ifndef SLUICE_KERNEL_MEMLAYOUT_H
#define SLUICE_KERNEL_MEMLAYOUT_H

#define PAGE_SHIFT	 12
#define PAGE_SIZE	 (1UL << PAGE_SHIFT)

#define PAGE_OFFSET	 0xffffffc000000000UL /* VA of physical address 0 */
#define KERNEL_PHYS	 0x80200000UL	      /* where OpenSBI enters us */
#define KERNEL_VIRT	 0xffffffff80200000UL /* where linker.ld links us */
#define KERNEL_VOFFSET	 (KERNEL_VIRT - KERNEL_PHYS)
#define USER_LIMIT	 0x0000004000000000UL /* first address above user space */

#define MAX_HARTS	 8
#define BOOT_STACK_SHIFT 14 /* 16 KiB per hart */
#define BOOT_STACK_SIZE	 (1UL << BOOT_STACK_SHIFT)

#ifndef __ASSEMBLER__
#include <stdint.h>

extern char _kernel_start[], _stext[], _etext[], _srodata[], _erodata[];
extern char _sdata[], _edata[], _sbss[], _ebss[], _kernel_end[];

/* Direct-map address of physical address @pa. */
static inline void *
phys_to_virt(uint64_t pa)
{
	return (void *)(pa + PAGE_OFFSET);
}

/* Physical address of a direct-map or kernel-image address. */
static inline uint64_t
virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;

	if (v >= KERNEL_VIRT)
		return v - KERNEL_VOFFSET;
	return v - PAGE_OFFSET;
}

static inline int
is_kernel_text(uint64_t pc)
{
	return pc >= (uint64_t)_stext && pc < (uint64_t)_etext;
}
#endif

#endif /* SLUICE_KERNEL_MEMLAYOUT_H */
