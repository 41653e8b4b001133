/*
 * kernel/kallsyms.h - function names for addresses, for backtraces and
 * fault reports.  The table is generated at link time by tools/kallsyms.py
 * and is read-only: no locks.
 */
#ifndef SLUICE_KERNEL_KALLSYMS_H
#define SLUICE_KERNEL_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Find the function containing @addr.  Returns its name and stores the
 * offset into it in *offset, or returns NULL if @addr is not kernel text.
 * Callable from any context.
 */
const char *kallsyms_lookup(uint64_t addr, uint64_t *offset);

/* Format "name+0x1c" (or the bare hex address) into @buf. */
void kallsyms_format(uint64_t addr, char *buf, size_t size);

/* Address of the function called @name, or 0. */
uint64_t kallsyms_find(const char *name);

#endif /* SLUICE_KERNEL_KALLSYMS_H */
