/*
 * kernel/uaccess.h - the only way the kernel touches user memory.
 *
 * Every copy checks that the whole range lies below USER_LIMIT (so a
 * kernel address from user space is refused without being touched),
 * opens sstatus.SUM only for the copy itself, and turns a page fault
 * inside the copy into -EFAULT: the faulting instructions are listed in
 * the __ex_table section with a place to resume, and do_trap() looks a
 * kernel fault up there before deciding it is a bug.
 * Process context; the current task's address space must be active.
 */
#ifndef SLUICE_KERNEL_UACCESS_H
#define SLUICE_KERNEL_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/memlayout.h"

struct pt_regs;

static inline bool
access_ok(uint64_t addr, size_t n)
{
	return addr < USER_LIMIT && n <= USER_LIMIT - addr;
}

/* Return 0 or -EFAULT; on -EFAULT part of the range may have been copied. */
long copy_to_user(uint64_t udst, const void *src, size_t n);
long copy_from_user(void *dst, uint64_t usrc, size_t n);
long clear_user(uint64_t udst, size_t n);

/*
 * Copy a NUL-terminated string of at most @n - 1 characters.  Returns its
 * length, -ENAMETOOLONG (or @err_toolong) if no NUL within @n bytes, or
 * -EFAULT.
 */
long strncpy_from_user(char *dst, uint64_t usrc, size_t n);

#define get_user(x, uptr) copy_from_user(&(x), (uint64_t)(uptr), sizeof(x))
#define put_user(x, uptr)                                          \
	({                                                         \
		__typeof__(x) __v = (x);                           \
		copy_to_user((uint64_t)(uptr), &__v, sizeof(__v)); \
	})

/* do_trap(): if @regs faulted inside a user copy, resume at its fixup. */
bool fixup_exception(struct pt_regs *regs);

#endif /* SLUICE_KERNEL_UACCESS_H */
