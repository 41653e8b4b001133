/*
 * kernel/seqbuf.h - text built up with printf into a growing buffer:
 * what procfs files and the boot monitor's tables are generated into.
 * Not shared: one owner builds it, then reads or frees it.
 */
#ifndef SLUICE_KERNEL_SEQBUF_H
#define SLUICE_KERNEL_SEQBUF_H

#include <stddef.h>

#include "kernel/compiler.h"

struct seqbuf {
	char *buf; /* NUL-terminated text, or NULL before the first write */
	size_t len, cap; /* bytes used (without the NUL), allocated */
	int error;	 /* -ENOMEM once an append failed */
};

void seq_printf(struct seqbuf *sb, const char *fmt, ...) __printf(2, 3);
void seq_free(struct seqbuf *sb);

#endif /* SLUICE_KERNEL_SEQBUF_H */
