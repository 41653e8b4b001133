/*
 * kernel/uaccess.c - range checks around the faulting copies in
 * kernel/usercopy.S, and the exception-table lookup.  No state.
 */
#include "kernel/uaccess.h"

#include <uapi/errno.h>

#include "kernel/ptregs.h"

struct extable_entry {
	uint64_t insn, fixup;
};

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

size_t __uaccess_copy(void *dst, const void *src, size_t n);
size_t __uaccess_clear(void *udst, size_t n);
long __uaccess_strncpy(char *dst, const char *usrc, size_t n);

long
copy_to_user(uint64_t udst, const void *src, size_t n)
{
	if (!access_ok(udst, n))
		return -EFAULT;
	return __uaccess_copy((void *)udst, src, n) ? -EFAULT : 0;
}

long
copy_from_user(void *dst, uint64_t usrc, size_t n)
{
	if (!access_ok(usrc, n))
		return -EFAULT;
	return __uaccess_copy(dst, (const void *)usrc, n) ? -EFAULT : 0;
}

long
clear_user(uint64_t udst, size_t n)
{
	if (!access_ok(udst, n))
		return -EFAULT;
	return __uaccess_clear((void *)udst, n) ? -EFAULT : 0;
}

long
strncpy_from_user(char *dst, uint64_t usrc, size_t n)
{
	long len;

	if (n == 0 || usrc >= USER_LIMIT)
		return -EFAULT;
	if (n > USER_LIMIT - usrc)
		n = USER_LIMIT - usrc; /* the string must end below the limit */
	len = __uaccess_strncpy(dst, (const char *)usrc, n);
	if (len < 0)
		return -EFAULT;
	if ((size_t)len == n) {
		dst[n - 1] = '\0';
		return -ENAMETOOLONG;
	}
	return len;
}

/* Interrupt-free trap context: a kernel exception at regs->sepc. */
bool
fixup_exception(struct pt_regs *regs)
{
	/* The linker places both symbols around one section: count by address. */
	size_t n = ((uintptr_t)__ex_table_end - (uintptr_t)__ex_table_start) /
		   sizeof(struct extable_entry);

	for (size_t i = 0; i < n; i++) {
		if (__ex_table_start[i].insn == regs->sepc) {
			regs->sepc = __ex_table_start[i].fixup;
			return true;
		}
	}
	return false;
}
