/*
 * kernel/kallsyms.c - address to function name, by binary search over the
 * sorted table tools/kallsyms.py links into .rodata.  Read-only; no locks.
 */
#include "kernel/kallsyms.h"

#include "kernel/memlayout.h"
#include "kernel/printf.h"
#include "kernel/string.h"

extern const uint64_t kallsyms_count;
extern const uint64_t kallsyms_addrs[];
extern const uint32_t kallsyms_name_offs[];
extern const char kallsyms_names[];

const char *
kallsyms_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t lo = 0, hi = kallsyms_count;

	if (!is_kernel_text(addr) || kallsyms_count == 0)
		return NULL;
	/* Find the last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addrs[lo] > addr)
		return NULL;
	*offset = addr - kallsyms_addrs[lo];
	return &kallsyms_names[kallsyms_name_offs[lo]];
}

void
kallsyms_format(uint64_t addr, char *buf, size_t size)
{
	uint64_t off;
	const char *name = kallsyms_lookup(addr, &off);

	if (name)
		ksnprintf(buf, size, "%s+0x%lx", name, (unsigned long)off);
	else
		ksnprintf(buf, size, "?");
}

uint64_t
kallsyms_find(const char *name)
{
	for (uint64_t i = 0; i < kallsyms_count; i++)
		if (strcmp(&kallsyms_names[kallsyms_name_offs[i]], name) == 0)
			return kallsyms_addrs[i];
	return 0;
}
