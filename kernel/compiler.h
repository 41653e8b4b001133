/*
 * kernel/compiler.h - small compiler helpers every kernel file may use:
 * attributes, ONCE accessors, alignment arithmetic.  No state, no locks.
 */
#ifndef SLUICE_KERNEL_COMPILER_H
#define SLUICE_KERNEL_COMPILER_H

#include <stddef.h>
#include <stdint.h>

#define __noreturn	 __attribute__((noreturn))
#define __printf(a, b)	 __attribute__((format(printf, a, b)))
#define __aligned(n)	 __attribute__((aligned(n)))
#define __section(s)	 __attribute__((section(s)))
#define __used		 __attribute__((used))
#define __noinline	 __attribute__((noinline))
#define likely(x)	 __builtin_expect(!!(x), 1)
#define unlikely(x)	 __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

/* Compiler barrier: stops the compiler, not the CPU, from reordering. */
#define barrier() __asm__ volatile("" ::: "memory")

/* One untorn access the compiler may neither cache nor repeat. */
#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif /* SLUICE_KERNEL_COMPILER_H */
