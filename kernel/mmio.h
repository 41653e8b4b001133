/*
 * kernel/mmio.h - the one way drivers touch device registers.  Every
 * access is volatile and ordered by a fence against normal memory the way
 * DMA drivers need: writes are preceded by "fence w,o" (earlier memory
 * writes reach memory before the device sees the register write) and
 * reads are followed by "fence i,r" (later memory reads see what the
 * device wrote before it changed the register).  No state.
 */
#ifndef SLUICE_KERNEL_MMIO_H
#define SLUICE_KERNEL_MMIO_H

#include <stdint.h>

static inline uint32_t
mmio_read32(const volatile void *base, uint32_t off)
{
	uint32_t v = *(const volatile uint32_t *)((uintptr_t)base + off);

	__asm__ volatile("fence i, r" ::: "memory");
	return v;
}

static inline void
mmio_write32(volatile void *base, uint32_t off, uint32_t v)
{
	__asm__ volatile("fence w, o" ::: "memory");
	*(volatile uint32_t *)((uintptr_t)base + off) = v;
}

static inline uint8_t
mmio_read8(const volatile void *base, uint32_t off)
{
	uint8_t v = *(const volatile uint8_t *)((uintptr_t)base + off);

	__asm__ volatile("fence i, r" ::: "memory");
	return v;
}

static inline void
mmio_write8(volatile void *base, uint32_t off, uint8_t v)
{
	__asm__ volatile("fence w, o" ::: "memory");
	*(volatile uint8_t *)((uintptr_t)base + off) = v;
}

#endif /* SLUICE_KERNEL_MMIO_H */
