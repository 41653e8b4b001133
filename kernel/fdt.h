/*
 * kernel/fdt.h - reading the flattened device tree OpenSBI hands us in a1,
 * and the platform summary the kernel builds from it at boot.
 *
 * Format: Devicetree Specification v0.4, chapter 5 ("Flattened Devicetree
 * (DTB) Format"): a big-endian header (§5.2), a memory reservation block
 * (§5.3), a structure block of 32-bit tokens (§5.4) and a strings block of
 * property names (§5.5).  Blob versions 16 and 17 are accepted.
 *
 * Offsets: a node is named by the offset of its FDT_BEGIN_NODE token from the
 * start of the structure block; a property likewise by the offset of its
 * FDT_PROP token.  Offsets are ints >= 0; functions returning an offset
 * return a negative FDT_ERR_* instead when there is none.
 *
 * Safety: fdt_check() validates a blob completely (header, block bounds,
 * every token, name and property) against the size of the buffer holding it.
 * Every other function assumes fdt_check() succeeded on this blob, and even
 * then bounds-checks each read against the header's block sizes, so a wrong
 * offset passed by a caller yields an error, never a wild read.
 *
 * Not handled: "ranges" translation (reg values are returned as written,
 * which is right for QEMU virt's identity-mapped buses), aliases in paths,
 * overlays.  The blob is never written.
 *
 * Lock legend: none.  The blob is immutable after boot and every function
 * only reads it, so any context may call them concurrently.
 */
#ifndef SLUICE_KERNEL_FDT_H
#define SLUICE_KERNEL_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC	    0xd00dfeedu /* §5.2 */
#define FDT_V16_HEADER_SIZE 36u		/* size_dt_struct appears in v17 */
#define FDT_V17_HEADER_SIZE 40u
#define FDT_MAX_DEPTH	    32	/* deeper trees are refused */
#define FDT_MAX_NAME	    256 /* node/property names, incl. NUL */

/* Structure block tokens (§5.4.1). */
#define FDT_BEGIN_NODE 0x1u
#define FDT_END_NODE   0x2u
#define FDT_PROP       0x3u
#define FDT_NOP	       0x4u
#define FDT_END	       0x9u

/*
 * Errors.  Kernel-internal (they never reach user space), so they are this
 * module's own numbers, not errno values; fdt_strerror() names them.
 */
#define FDT_ERR_NOTFOUND     (-1)  /* no such node or property */
#define FDT_ERR_BADOFFSET    (-2)  /* offset is not a node/property token */
#define FDT_ERR_BADPATH	     (-3)  /* path is not absolute */
#define FDT_ERR_BADPHANDLE   (-4)  /* phandle 0 or 0xffffffff */
#define FDT_ERR_TRUNCATED    (-5)  /* blob larger than its buffer */
#define FDT_ERR_BADMAGIC     (-6)  /* not a device tree */
#define FDT_ERR_BADVERSION   (-7)  /* not version 16 or 17 compatible */
#define FDT_ERR_BADSTRUCTURE (-8)  /* malformed token stream */
#define FDT_ERR_BADLAYOUT    (-9)  /* header blocks out of bounds */
#define FDT_ERR_BADVALUE     (-10) /* property has the wrong size/contents */
#define FDT_ERR_BADNCELLS    (-11) /* #address/#size-cells unusable */
#define FDT_ERR_TOODEEP	     (-12) /* nesting deeper than FDT_MAX_DEPTH */

const char *fdt_strerror(int err);

/*
 * Validates the whole blob, which lives in a buffer of bufsize bytes.
 * Returns 0 or a negative FDT_ERR_*.  Reads nothing outside the buffer, and
 * nothing at all past the first 4 bytes if bufsize < 4.
 */
int fdt_check(const void *fdt, size_t bufsize);

/* Header fields; valid only after fdt_check(), except fdt_magic(). */
uint32_t fdt_magic(const void *fdt);
uint32_t fdt_totalsize(const void *fdt);
uint32_t fdt_version(const void *fdt);
uint32_t fdt_boot_cpuid(const void *fdt);

/* Big-endian cell decoding for property values (any alignment). */
uint32_t fdt_read_be32(const void *p);
uint64_t fdt_read_be64(const void *p);

/*
 * Walks nodes in document order.  offset < 0 starts at the root (returned
 * with *depth = 0); otherwise offset must be a node and the next node after
 * it is returned, with *depth adjusted by +1 for each node entered and -1 for
 * each node left on the way (depth may be NULL).  FDT_ERR_NOTFOUND at the
 * end.  To walk one subtree, stop when *depth drops back to the start depth.
 */
int fdt_next_node(const void *fdt, int offset, int *depth);
int fdt_first_child(const void *fdt, int node);
int fdt_next_sibling(const void *fdt, int node);
/* The parent node, FDT_ERR_NOTFOUND for the root.  O(size of the tree). */
int fdt_parent(const void *fdt, int node);

/* Node name ("cpu@0"; "" for the root), with its length in *lenp if set. */
const char *fdt_get_name(const void *fdt, int node, int *lenp);

/*
 * Node at an absolute path like "/cpus" or "/soc/serial@10000000".  A
 * component without '@' also matches a name with a unit address
 * ("/memory" finds "memory@80000000"); the first match wins.
 */
int fdt_path_offset(const void *fdt, const char *path);

/*
 * Property value of node, or NULL.  *lenp (if lenp is set) receives the
 * value's length, or on failure a negative FDT_ERR_*.
 */
const void *fdt_getprop(const void *fdt, int node, const char *name, int *lenp);
/* A 4-byte property as a host-order u32: 0 or FDT_ERR_NOTFOUND/BADVALUE. */
int fdt_getprop_u32(const void *fdt, int node, const char *name, uint32_t *val);

/* Property iteration: offsets of a node's FDT_PROP tokens. */
int fdt_first_prop(const void *fdt, int node);
int fdt_next_prop(const void *fdt, int prop);
/* Value (and name, length) of the property at offset prop; NULL on error. */
const void *fdt_prop_at(const void *fdt, int prop, const char **namep,
			int *lenp);

/*
 * Is compat one of the NUL-separated strings of node's "compatible"?
 * 0 yes, 1 no, FDT_ERR_NOTFOUND if the node has no "compatible".
 */
int fdt_node_check_compatible(const void *fdt, int node, const char *compat);
/* Next node after start (start < 0: from the root) compatible with compat. */
int fdt_find_compatible(const void *fdt, int start, const char *compat);
/* Node whose "phandle" (or legacy "linux,phandle") is phandle. */
int fdt_node_by_phandle(const void *fdt, uint32_t phandle);

/*
 * #address-cells / #size-cells that node declares for its children,
 * defaulting to 2 / 1 (§2.3.5): 0..4, or FDT_ERR_BADNCELLS if larger or
 * not a 4-byte value.  fdt_get_reg() further limits what it decodes.
 */
int fdt_address_cells(const void *fdt, int node);
int fdt_size_cells(const void *fdt, int node);
/* Number of (address, size) entries in node's "reg", or FDT_ERR_*. */
int fdt_reg_count(const void *fdt, int node);
/*
 * Entry index of node's "reg", decoded with the parent's cell counts
 * (1 or 2 address cells, 0..2 size cells).  size may be NULL.
 */
int fdt_get_reg(const void *fdt, int node, int index, uint64_t *addr,
		uint64_t *size);

/* ---- The platform summary used at boot ---- */

#define PLAT_MAX_HARTS	8
#define PLAT_MAX_VIRTIO 8
#define PLAT_CAUSE_SEI	9 /* supervisor external interrupt (priv spec 4.1.3) */

struct platform_virtio {
	uint64_t base;
	uint64_t size;
	uint32_t irq;
};

struct platform {
	uint64_t mem_base, mem_size; /* first memory node's first reg entry */
	uint32_t timebase_hz;	     /* /cpus timebase-frequency (or per-cpu) */
	int nharts;		     /* enabled cpus with id < PLAT_MAX_HARTS */
	uint32_t hart_ids[PLAT_MAX_HARTS];	/* ascending */
	int32_t plic_s_context[PLAT_MAX_HARTS]; /* by hart id; -1 if none */
	uint64_t uart_base;			/* "ns16550a" */
	uint32_t uart_irq;
	uint32_t uart_clock_hz;	       /* 0 if absent */
	uint64_t plic_base, plic_size; /* "riscv,plic0" or sifive */
	uint32_t plic_ndev;	       /* riscv,ndev */
	uint64_t test_base; /* "sifive,test1"/"sifive,test0", 0 if absent */
	uint64_t rtc_base;  /* "google,goldfish-rtc", 0 if absent */
	uint32_t rtc_irq;
	int nvirtio; /* "virtio,mmio", lowest bases first */
	struct platform_virtio virtio[PLAT_MAX_VIRTIO];
	uint64_t initrd_start, initrd_end; /* /chosen linux,initrd-*, or 0 */
};

/*
 * Checks the blob (fdt_check) and fills *p.  Returns 0, or a negative
 * FDT_ERR_* for a malformed blob or when memory, cpus, the UART or the PLIC
 * cannot be found, or /cpus has no timebase-frequency.  Nodes whose status
 * is neither absent, "okay" nor "ok" are skipped; with
 * more than PLAT_MAX_VIRTIO virtio-mmio nodes the lowest bases are kept.
 * Called once at boot, before the page allocator exists; uses no memory
 * beyond its stack.
 */
int fdt_parse_platform(const void *fdt, size_t bufsize, struct platform *p);

#endif /* SLUICE_KERNEL_FDT_H */
