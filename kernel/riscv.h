/*
 * kernel/riscv.h - the supervisor-mode view of the hart: CSR accessors,
 * CSR bit names and the few instructions C cannot express.
 * Bits and codes follow the RISC-V privileged spec (v1.12) chapter 4.
 */
#ifndef SLUICE_KERNEL_RISCV_H
#define SLUICE_KERNEL_RISCV_H

/* sstatus, priv spec §4.1.1 */
#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_FS   (3UL << 13)
#define SSTATUS_SUM  (1UL << 18)

/* sie / sip, priv spec §4.1.3 */
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define SIE_SSIE    (1UL << IRQ_S_SOFT)
#define SIE_STIE    (1UL << IRQ_S_TIMER)
#define SIE_SEIE    (1UL << IRQ_S_EXT)
#define SIP_SSIP    SIE_SSIE

/* scause, priv spec §4.1.9 table 4.2 */
#define CAUSE_INTERRUPT	     (1UL << 63)
#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS	     1
#define EXC_ILLEGAL_INST     2
#define EXC_BREAKPOINT	     3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS	     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U	     8
#define EXC_ECALL_S	     9
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

/* satp, priv spec §4.1.11 */
#define SATP_MODE_SV39 (8UL << 60)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define csr_read(csr)                                           \
	({                                                      \
		unsigned long __v;                              \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v)); \
		__v;                                            \
	})
#define csr_write(csr, v) \
	__asm__ volatile("csrw " #csr ", %0" ::"rK"(v) : "memory")
#define csr_set(csr, v) \
	__asm__ volatile("csrs " #csr ", %0" ::"rK"(v) : "memory")
#define csr_clear(csr, v) \
	__asm__ volatile("csrc " #csr ", %0" ::"rK"(v) : "memory")

/* The platform timer (10 MHz on QEMU virt); meaningful under TCG. */
static inline uint64_t
rdtime(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline void
wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static inline void
sfence_vma(void)
{
	__asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static inline void
cpu_relax(void)
{
	/* Zihintpause "pause", encoded as a fence so old assemblers accept it. */
	__asm__ volatile(".word 0x0100000f" ::: "memory");
}

static inline void
local_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

static inline void
local_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline int
local_irq_enabled(void)
{
	return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

/* Full fences; each use names the access it orders and its partner. */
#define mb()  __asm__ volatile("fence rw, rw" ::: "memory")
#define rmb() __asm__ volatile("fence r, r" ::: "memory")
#define wmb() __asm__ volatile("fence w, w" ::: "memory")
#endif

#endif /* SLUICE_KERNEL_RISCV_H */
