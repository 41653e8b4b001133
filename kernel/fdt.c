/*
 * kernel/fdt.c - flattened device tree reader and the boot platform summary.
 *
 * Owns nothing but code: the blob belongs to the firmware and is only read.
 * Every byte is fetched with a bounds check against the header's block sizes
 * (which fdt_check() has proved lie inside the caller's buffer), and every
 * multi-byte value is assembled from bytes, so the blob may sit at any
 * alignment and a corrupt blob yields an error, never a wild read.
 *
 * Lock legend: none; see fdt.h.
 */
#include "kernel/fdt.h"

#include "kernel/string.h"

#include <stdbool.h>

/* Header field offsets (DT spec v0.4 §5.2, struct fdt_header). */
#define HDR_MAGIC	   0
#define HDR_TOTALSIZE	   4
#define HDR_OFF_DT_STRUCT  8
#define HDR_OFF_DT_STRINGS 12
#define HDR_OFF_MEM_RSVMAP 16
#define HDR_VERSION	   20
#define HDR_LAST_COMP	   24
#define HDR_BOOT_CPUID	   28
#define HDR_SIZE_STRINGS   32
#define HDR_SIZE_STRUCT	   36 /* version 17 and later */

#define FDT_RSV_ENTRY_SIZE 16 /* §5.3.2: two big-endian u64 */
#define FDT_TAG_SIZE	   4
#define FDT_PROP_HDR_SIZE  12 /* token, len, nameoff (§5.4.1) */

/* ---- Small pure helpers (no libc in the kernel's pure modules) ---- */

static bool
mem_eq(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

uint32_t
fdt_read_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

uint64_t
fdt_read_be64(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)fdt_read_be32(b) << 32 | fdt_read_be32(b + 4);
}

static uint32_t
hdr(const void *fdt, unsigned field)
{
	return fdt_read_be32((const uint8_t *)fdt + field);
}

uint32_t
fdt_magic(const void *fdt)
{
	return hdr(fdt, HDR_MAGIC);
}

uint32_t
fdt_totalsize(const void *fdt)
{
	return hdr(fdt, HDR_TOTALSIZE);
}

uint32_t
fdt_version(const void *fdt)
{
	return hdr(fdt, HDR_VERSION);
}

uint32_t
fdt_boot_cpuid(const void *fdt)
{
	return hdr(fdt, HDR_BOOT_CPUID);
}

static const uint8_t *
struct_base(const void *fdt)
{
	return (const uint8_t *)fdt + hdr(fdt, HDR_OFF_DT_STRUCT);
}

/* Version 16 has no size_dt_struct: the block runs to the end of the blob. */
static uint32_t
struct_size(const void *fdt)
{
	if (fdt_version(fdt) >= 17)
		return hdr(fdt, HDR_SIZE_STRUCT);
	return fdt_totalsize(fdt) - hdr(fdt, HDR_OFF_DT_STRUCT);
}

const char *
fdt_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case FDT_ERR_NOTFOUND:
		return "not found";
	case FDT_ERR_BADOFFSET:
		return "bad node or property offset";
	case FDT_ERR_BADPATH:
		return "path is not absolute";
	case FDT_ERR_BADPHANDLE:
		return "bad phandle";
	case FDT_ERR_TRUNCATED:
		return "blob truncated";
	case FDT_ERR_BADMAGIC:
		return "bad magic (not a device tree)";
	case FDT_ERR_BADVERSION:
		return "unsupported blob version";
	case FDT_ERR_BADSTRUCTURE:
		return "malformed structure block";
	case FDT_ERR_BADLAYOUT:
		return "header blocks out of bounds";
	case FDT_ERR_BADVALUE:
		return "bad property value";
	case FDT_ERR_BADNCELLS:
		return "bad #address-cells or #size-cells";
	case FDT_ERR_TOODEEP:
		return "tree nested too deeply";
	default:
		return "unknown error";
	}
}

/* ---- Tokens ---- */

/*
 * Decodes the token at offset in the structure block.  Returns the token
 * and sets *next to the offset of the one after it, or returns a negative
 * error if the token, a node name or a property value would run past the
 * block.  Every walk of the structure block goes through here, so this is
 * the one place its offsets need checking.
 */
static int
next_token(const void *fdt, int offset, int *next)
{
	const uint8_t *s = struct_base(fdt);
	uint64_t size = struct_size(fdt), end, i, limit;
	uint32_t tok;

	if (offset < 0 || (offset & 3) != 0 ||
	    (uint64_t)offset + FDT_TAG_SIZE > size)
		return FDT_ERR_BADOFFSET;
	tok = fdt_read_be32(s + offset);
	switch (tok) {
	case FDT_BEGIN_NODE:
		/* §5.4.1: the name is NUL-terminated, then padded to 4. */
		limit = (uint64_t)offset + FDT_TAG_SIZE + FDT_MAX_NAME;
		if (limit > size)
			limit = size;
		for (i = (uint64_t)offset + FDT_TAG_SIZE; i < limit; i++)
			if (s[i] == '\0')
				break;
		if (i >= limit)
			return FDT_ERR_BADSTRUCTURE;
		end = i + 1;
		break;
	case FDT_PROP:
		if ((uint64_t)offset + FDT_PROP_HDR_SIZE > size)
			return FDT_ERR_BADSTRUCTURE;
		end = (uint64_t)offset + FDT_PROP_HDR_SIZE +
		      fdt_read_be32(s + offset + 4);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		end = (uint64_t)offset + FDT_TAG_SIZE;
		break;
	default:
		return FDT_ERR_BADSTRUCTURE;
	}
	end = (end + 3) & ~(uint64_t)3;
	if (end > size)
		return FDT_ERR_BADSTRUCTURE;
	*next = (int)end;
	return (int)tok;
}

/* A property name from the strings block, or NULL if it is not one. */
static const char *
string_at(const void *fdt, uint32_t nameoff)
{
	const char *s = (const char *)fdt + hdr(fdt, HDR_OFF_DT_STRINGS);
	uint32_t size = hdr(fdt, HDR_SIZE_STRINGS);

	for (uint32_t i = nameoff; i < size; i++)
		if (s[i] == '\0')
			return s + nameoff;
	return NULL;
}

/* ---- Validation ---- */

static bool
block_in_bounds(uint32_t off, uint32_t size, uint32_t hsize, uint32_t total)
{
	return off >= hsize && (uint64_t)off + size <= total;
}

/* §5.3: (address, size) pairs up to an all-zero entry, inside the blob. */
static int
check_rsvmap(const void *fdt, uint32_t hsize, uint32_t total)
{
	const uint8_t *b = fdt;
	uint64_t off = hdr(fdt, HDR_OFF_MEM_RSVMAP);

	if (off < hsize || (off & 7) != 0)
		return FDT_ERR_BADLAYOUT;
	for (; off + FDT_RSV_ENTRY_SIZE <= total; off += FDT_RSV_ENTRY_SIZE)
		if (fdt_read_be64(b + off) == 0 &&
		    fdt_read_be64(b + off + 8) == 0)
			return 0;
	return FDT_ERR_BADLAYOUT;
}

static int
check_layout(const void *fdt, uint32_t hsize, uint32_t total)
{
	uint32_t off_struct = hdr(fdt, HDR_OFF_DT_STRUCT);
	uint32_t off_strings = hdr(fdt, HDR_OFF_DT_STRINGS);

	if (off_struct < hsize || off_struct > total || (off_struct & 3) != 0)
		return FDT_ERR_BADLAYOUT;
	/* Offsets into the structure block are ints. */
	if (!block_in_bounds(off_struct, struct_size(fdt), hsize, total) ||
	    struct_size(fdt) > (uint32_t)__INT_MAX__ - 16)
		return FDT_ERR_BADLAYOUT;
	if (!block_in_bounds(off_strings, hdr(fdt, HDR_SIZE_STRINGS), hsize,
			     total))
		return FDT_ERR_BADLAYOUT;
	return check_rsvmap(fdt, hsize, total);
}

/*
 * Walks every token once: nodes nest properly and not too deep, there is
 * exactly one root, properties sit inside a node before its first child
 * (§5.4.2) and name a string inside the strings block, and FDT_END follows
 * the root.  After this every accessor's walk is known to terminate cleanly.
 */
static int
check_structure(const void *fdt)
{
	uint64_t had_child = 0; /* bit d: the open node at depth d has one */
	int depth = 0, off = 0, next, tok;
	bool seen_root = false;
	uint32_t nameoff;

	for (;; off = next) {
		tok = next_token(fdt, off, &next);
		if (tok == FDT_ERR_BADOFFSET) /* ran off the end: no FDT_END */
			return FDT_ERR_BADSTRUCTURE;
		if (tok < 0)
			return tok;
		switch (tok) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && seen_root)
				return FDT_ERR_BADSTRUCTURE;
			if (depth >= FDT_MAX_DEPTH)
				return FDT_ERR_TOODEEP;
			seen_root = true;
			had_child |= 1ULL << depth;
			depth++;
			had_child &= ~(1ULL << depth);
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return FDT_ERR_BADSTRUCTURE;
			depth--;
			break;
		case FDT_PROP:
			nameoff = fdt_read_be32(struct_base(fdt) + off + 8);
			if (depth == 0 || (had_child & (1ULL << depth)) ||
			    string_at(fdt, nameoff) == NULL)
				return FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_NOP:
			break;
		default: /* FDT_END */
			if (depth != 0 || !seen_root)
				return FDT_ERR_BADSTRUCTURE;
			return 0;
		}
	}
}

int
fdt_check(const void *fdt, size_t bufsize)
{
	uint32_t version, hsize, total;

	if (fdt == NULL || bufsize < 4)
		return FDT_ERR_TRUNCATED;
	if (fdt_magic(fdt) != FDT_MAGIC)
		return FDT_ERR_BADMAGIC;
	if (bufsize < FDT_V16_HEADER_SIZE)
		return FDT_ERR_TRUNCATED;
	version = fdt_version(fdt);
	if (version < 16 || hdr(fdt, HDR_LAST_COMP) > 17)
		return FDT_ERR_BADVERSION;
	hsize = version >= 17 ? FDT_V17_HEADER_SIZE : FDT_V16_HEADER_SIZE;
	if (bufsize < hsize)
		return FDT_ERR_TRUNCATED;
	total = fdt_totalsize(fdt);
	if (total > bufsize)
		return FDT_ERR_TRUNCATED;
	if (total < hsize)
		return FDT_ERR_BADLAYOUT;
	if (check_layout(fdt, hsize, total) < 0)
		return FDT_ERR_BADLAYOUT;
	return check_structure(fdt);
}

/* ---- Nodes ---- */

int
fdt_next_node(const void *fdt, int offset, int *depth)
{
	int next, tok;

	if (offset < 0) {
		offset = 0;
		if (depth)
			*depth = -1;
	} else {
		if (next_token(fdt, offset, &next) != FDT_BEGIN_NODE)
			return FDT_ERR_BADOFFSET;
		offset = next;
	}
	for (;; offset = next) {
		tok = next_token(fdt, offset, &next);
		if (tok < 0)
			return tok;
		if (tok == FDT_BEGIN_NODE) {
			if (depth)
				(*depth)++;
			return offset;
		}
		if (tok == FDT_END_NODE && depth)
			(*depth)--;
		if (tok == FDT_END)
			return FDT_ERR_NOTFOUND;
	}
}

int
fdt_first_child(const void *fdt, int node)
{
	int depth = 0;
	int off = fdt_next_node(fdt, node, &depth);

	if (off < 0)
		return off;
	return depth == 1 ? off : FDT_ERR_NOTFOUND;
}

int
fdt_next_sibling(const void *fdt, int node)
{
	int depth = 0;
	int off = node;

	do {
		off = fdt_next_node(fdt, off, &depth);
		if (off < 0)
			return off;
	} while (depth > 0);
	return depth == 0 ? off : FDT_ERR_NOTFOUND;
}

int
fdt_parent(const void *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth, off, next;

	if (next_token(fdt, node, &next) != FDT_BEGIN_NODE)
		return FDT_ERR_BADOFFSET;
	for (off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			return FDT_ERR_BADSTRUCTURE;
		stack[depth] = off;
		if (off == node)
			return depth == 0 ? FDT_ERR_NOTFOUND : stack[depth - 1];
	}
	return off == FDT_ERR_NOTFOUND ? FDT_ERR_BADOFFSET : off;
}

const char *
fdt_get_name(const void *fdt, int node, int *lenp)
{
	const char *name;
	int next;

	if (next_token(fdt, node, &next) != FDT_BEGIN_NODE) {
		if (lenp)
			*lenp = FDT_ERR_BADOFFSET;
		return NULL;
	}
	name = (const char *)struct_base(fdt) + node + FDT_TAG_SIZE;
	if (lenp)
		*lenp = (int)strlen(name); /* NUL proved by next_token() */
	return name;
}

/* "cpus" matches "cpus"; "memory" matches "memory@80000000" too. */
static bool
name_matches(const char *name, int namelen, const char *comp, int complen)
{
	bool has_unit = false;

	for (int i = 0; i < complen; i++)
		if (comp[i] == '@')
			has_unit = true;
	if (namelen < complen || !mem_eq(name, comp, (size_t)complen))
		return false;
	return namelen == complen || (!has_unit && name[complen] == '@');
}

static int
find_child(const void *fdt, int node, const char *comp, int complen)
{
	const char *name;
	int child, len;

	for (child = fdt_first_child(fdt, node); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		name = fdt_get_name(fdt, child, &len);
		if (name && name_matches(name, len, comp, complen))
			return child;
	}
	return child;
}

int
fdt_path_offset(const void *fdt, const char *path)
{
	const char *end;
	int node;

	if (path[0] != '/')
		return FDT_ERR_BADPATH;
	node = fdt_next_node(fdt, -1, NULL);
	while (node >= 0) {
		while (*path == '/')
			path++;
		if (*path == '\0')
			break;
		for (end = path; *end != '\0' && *end != '/'; end++)
			;
		node = find_child(fdt, node, path, (int)(end - path));
		path = end;
	}
	return node;
}

/* ---- Properties ---- */

/* From offset, skip NOPs; the next FDT_PROP, or NOTFOUND at a node edge. */
static int
scan_prop(const void *fdt, int offset)
{
	int next, tok;

	for (;; offset = next) {
		tok = next_token(fdt, offset, &next);
		if (tok < 0)
			return tok;
		if (tok == FDT_PROP)
			return offset;
		if (tok != FDT_NOP)
			return FDT_ERR_NOTFOUND;
	}
}

int
fdt_first_prop(const void *fdt, int node)
{
	int next;

	if (next_token(fdt, node, &next) != FDT_BEGIN_NODE)
		return FDT_ERR_BADOFFSET;
	return scan_prop(fdt, next);
}

int
fdt_next_prop(const void *fdt, int prop)
{
	int next;

	if (next_token(fdt, prop, &next) != FDT_PROP)
		return FDT_ERR_BADOFFSET;
	return scan_prop(fdt, next);
}

const void *
fdt_prop_at(const void *fdt, int prop, const char **namep, int *lenp)
{
	const uint8_t *p;
	const char *name;
	int next;

	if (next_token(fdt, prop, &next) != FDT_PROP) {
		if (lenp)
			*lenp = FDT_ERR_BADOFFSET;
		return NULL;
	}
	p = struct_base(fdt) + prop;
	name = string_at(fdt, fdt_read_be32(p + 8));
	if (name == NULL) {
		if (lenp)
			*lenp = FDT_ERR_BADSTRUCTURE;
		return NULL;
	}
	if (namep)
		*namep = name;
	if (lenp)
		*lenp = (int)fdt_read_be32(p + 4); /* bounded by next_token() */
	return p + FDT_PROP_HDR_SIZE;
}

const void *
fdt_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	const char *pname;
	const void *val;
	size_t namelen = strlen(name) + 1;
	int prop, len;

	for (prop = fdt_first_prop(fdt, node); prop >= 0;
	     prop = fdt_next_prop(fdt, prop)) {
		val = fdt_prop_at(fdt, prop, &pname, &len);
		if (val == NULL) {
			prop = len;
			break;
		}
		if (strlen(pname) + 1 == namelen &&
		    mem_eq(pname, name, namelen)) {
			if (lenp)
				*lenp = len;
			return val;
		}
	}
	if (lenp)
		*lenp = prop;
	return NULL;
}

int
fdt_getprop_u32(const void *fdt, int node, const char *name, uint32_t *val)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (p == NULL)
		return len;
	if (len != 4)
		return FDT_ERR_BADVALUE;
	*val = fdt_read_be32(p);
	return 0;
}

/* Is str one of the NUL-separated strings in list[0..len)? */
static bool
stringlist_contains(const char *list, int len, const char *str)
{
	size_t want = strlen(str);
	int pos = 0, end;

	while (pos < len) {
		for (end = pos; end < len && list[end] != '\0'; end++)
			;
		if ((size_t)(end - pos) == want &&
		    mem_eq(list + pos, str, want))
			return true;
		pos = end + 1;
	}
	return false;
}

int
fdt_node_check_compatible(const void *fdt, int node, const char *compat)
{
	const char *list;
	int len;

	list = fdt_getprop(fdt, node, "compatible", &len);
	if (list == NULL)
		return len;
	return stringlist_contains(list, len, compat) ? 0 : 1;
}

int
fdt_find_compatible(const void *fdt, int start, const char *compat)
{
	int node = start;

	for (;;) {
		node = fdt_next_node(fdt, node, NULL);
		if (node < 0)
			return node;
		if (fdt_node_check_compatible(fdt, node, compat) == 0)
			return node;
	}
}

int
fdt_node_by_phandle(const void *fdt, uint32_t phandle)
{
	uint32_t v = 0;
	int node;

	if (phandle == 0 || phandle == 0xffffffffu)
		return FDT_ERR_BADPHANDLE;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if (fdt_getprop_u32(fdt, node, "phandle", &v) == 0 &&
		    v == phandle)
			return node;
		if (fdt_getprop_u32(fdt, node, "linux,phandle", &v) == 0 &&
		    v == phandle)
			return node;
	}
	return node;
}

/* ---- reg ---- */

static int
cells_prop(const void *fdt, int node, const char *name, int dflt)
{
	uint32_t v = 0;
	int err;

	err = fdt_getprop_u32(fdt, node, name, &v);
	if (err == FDT_ERR_NOTFOUND)
		return dflt;
	if (err < 0 || v > 4)
		return FDT_ERR_BADNCELLS;
	return (int)v;
}

int
fdt_address_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int
fdt_size_cells(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

/* 1 or 2 cells as one number. */
static uint64_t
read_cells(const uint8_t *p, int ncells)
{
	return ncells == 2 ? fdt_read_be64(p) : fdt_read_be32(p);
}

/*
 * Finds node's "reg" and the parent's cell counts.  Returns the number of
 * entries or a negative error.
 */
static int
reg_layout(const void *fdt, int node, const uint8_t **regp, int *acp, int *scp)
{
	int parent, len;

	parent = fdt_parent(fdt, node);
	if (parent < 0)
		return parent;
	*acp = fdt_address_cells(fdt, parent);
	*scp = fdt_size_cells(fdt, parent);
	if (*acp < 0 || *scp < 0)
		return FDT_ERR_BADNCELLS;
	if (*acp + *scp == 0)
		return FDT_ERR_BADNCELLS;
	*regp = fdt_getprop(fdt, node, "reg", &len);
	if (*regp == NULL)
		return len;
	if (len % (4 * (*acp + *scp)) != 0)
		return FDT_ERR_BADVALUE;
	return len / (4 * (*acp + *scp));
}

int
fdt_reg_count(const void *fdt, int node)
{
	const uint8_t *reg;
	int ac, sc;

	return reg_layout(fdt, node, &reg, &ac, &sc);
}

int
fdt_get_reg(const void *fdt, int node, int index, uint64_t *addr,
	    uint64_t *size)
{
	const uint8_t *reg, *entry;
	int ac, sc, n;

	n = reg_layout(fdt, node, &reg, &ac, &sc);
	if (n < 0)
		return n;
	if (ac < 1 || ac > 2 || sc > 2)
		return FDT_ERR_BADNCELLS;
	if (index < 0 || index >= n)
		return FDT_ERR_NOTFOUND;
	entry = reg + (size_t)index * 4 * (size_t)(ac + sc);
	*addr = read_cells(entry, ac);
	if (size)
		*size = sc == 0 ? 0 : read_cells(entry + 4 * ac, sc);
	return 0;
}

/* ---- Platform summary ---- */

/* Is the property exactly the string str (with its NUL)? */
static bool
prop_is(const void *fdt, int node, const char *name, const char *str)
{
	size_t n = strlen(str) + 1;
	const void *val;
	int len;

	val = fdt_getprop(fdt, node, name, &len);
	return val != NULL && (size_t)len == n && mem_eq(val, str, n);
}

/* §2.3.4: absent or "okay" means usable; Linux also takes "ok". */
static bool
node_enabled(const void *fdt, int node)
{
	int len;

	if (fdt_getprop(fdt, node, "status", &len) == NULL)
		return true;
	return prop_is(fdt, node, "status", "okay") ||
	       prop_is(fdt, node, "status", "ok");
}

/* First usable node compatible with compat after start. */
static int
find_enabled(const void *fdt, int start, const char *compat)
{
	int node = start;

	do {
		node = fdt_find_compatible(fdt, node, compat);
	} while (node >= 0 && !node_enabled(fdt, node));
	return node;
}

/* First cell of "interrupts": the PLIC source on virt; 0 if none. */
static uint32_t
first_irq(const void *fdt, int node)
{
	const void *val;
	int len;

	val = fdt_getprop(fdt, node, "interrupts", &len);
	return val != NULL && len >= 4 ? fdt_read_be32(val) : 0;
}

static int
parse_memory(const void *fdt, struct platform *p)
{
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL))
		if (prop_is(fdt, node, "device_type", "memory") &&
		    node_enabled(fdt, node))
			return fdt_get_reg(fdt, node, 0, &p->mem_base,
					   &p->mem_size);
	return node;
}

static void
add_hart(struct platform *p, uint32_t id)
{
	int i = p->nharts;

	for (int j = 0; j < p->nharts; j++)
		if (p->hart_ids[j] == id)
			return;
	for (; i > 0 && p->hart_ids[i - 1] > id; i--)
		p->hart_ids[i] = p->hart_ids[i - 1];
	p->hart_ids[i] = id;
	p->nharts++;
}

static int
parse_cpus(const void *fdt, struct platform *p)
{
	uint64_t id;
	int cpus, cpu, err;

	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return cpus;
	fdt_getprop_u32(fdt, cpus, "timebase-frequency", &p->timebase_hz);
	for (cpu = fdt_first_child(fdt, cpus); cpu >= 0;
	     cpu = fdt_next_sibling(fdt, cpu)) {
		if (!prop_is(fdt, cpu, "device_type", "cpu") ||
		    !node_enabled(fdt, cpu))
			continue;
		err = fdt_get_reg(fdt, cpu, 0, &id, NULL);
		if (err < 0)
			return err;
		if (p->timebase_hz == 0)
			fdt_getprop_u32(fdt, cpu, "timebase-frequency",
					&p->timebase_hz);
		if (id < PLAT_MAX_HARTS)
			add_hart(p, (uint32_t)id);
	}
	if (cpu != FDT_ERR_NOTFOUND)
		return cpu;
	return p->nharts > 0 && p->timebase_hz != 0 ? 0 : FDT_ERR_NOTFOUND;
}

static int
parse_uart(const void *fdt, struct platform *p)
{
	int node;

	node = find_enabled(fdt, -1, "ns16550a");
	if (node < 0)
		return node;
	p->uart_irq = first_irq(fdt, node);
	fdt_getprop_u32(fdt, node, "clock-frequency", &p->uart_clock_hz);
	return fdt_get_reg(fdt, node, 0, &p->uart_base, NULL);
}

/* The hart whose "riscv,cpu-intc" node is intc: its parent cpu's reg. */
static int64_t
intc_hart(const void *fdt, int intc)
{
	uint64_t id;
	int cpu, err;

	if (fdt_node_check_compatible(fdt, intc, "riscv,cpu-intc") != 0)
		return -1;
	cpu = fdt_parent(fdt, intc);
	if (cpu < 0)
		return cpu;
	err = fdt_get_reg(fdt, cpu, 0, &id, NULL);
	return err < 0 ? err : (int64_t)(id & INT64_MAX);
}

/*
 * RISC-V PLIC binding: "interrupts-extended" lists one (phandle, cause...)
 * specifier per PLIC context, in context order.  A specifier naming a hart's
 * cpu-intc with cause 9 (supervisor external) is that hart's S context.
 * Each specifier's length is the named controller's #interrupt-cells.
 */
static int
parse_plic_contexts(const void *fdt, int plic, struct platform *p)
{
	const uint8_t *cells;
	uint32_t ncells = 0;
	int len, n, i, ctx, intc, err;
	int64_t hart;

	cells = fdt_getprop(fdt, plic, "interrupts-extended", &len);
	if (cells == NULL)
		return len == FDT_ERR_NOTFOUND ? 0 : len;
	if (len % 4 != 0)
		return FDT_ERR_BADVALUE;
	n = len / 4;
	for (i = 0, ctx = 0; i < n; i += 1 + (int)ncells, ctx++) {
		intc = fdt_node_by_phandle(fdt, fdt_read_be32(cells + 4 * i));
		if (intc < 0)
			return intc;
		err = fdt_getprop_u32(fdt, intc, "#interrupt-cells", &ncells);
		if (err < 0 || ncells > (uint32_t)(n - i - 1))
			return FDT_ERR_BADVALUE;
		if (ncells != 1 ||
		    fdt_read_be32(cells + 4 * (i + 1)) != PLAT_CAUSE_SEI)
			continue;
		hart = intc_hart(fdt, intc);
		if (hart >= 0 && hart < PLAT_MAX_HARTS)
			p->plic_s_context[hart] = ctx;
	}
	return 0;
}

static int
parse_plic(const void *fdt, struct platform *p)
{
	int node, err;

	node = find_enabled(fdt, -1, "riscv,plic0");
	if (node < 0)
		node = find_enabled(fdt, -1, "sifive,plic-1.0.0");
	if (node < 0)
		return node;
	err = fdt_get_reg(fdt, node, 0, &p->plic_base, &p->plic_size);
	if (err < 0)
		return err;
	fdt_getprop_u32(fdt, node, "riscv,ndev", &p->plic_ndev);
	return parse_plic_contexts(fdt, node, p);
}

/* The optional devices: absent is fine, present but malformed is not. */
static int
parse_test_rtc(const void *fdt, struct platform *p)
{
	int node, err;

	node = find_enabled(fdt, -1, "sifive,test1");
	if (node < 0)
		node = find_enabled(fdt, -1, "sifive,test0");
	if (node >= 0) {
		err = fdt_get_reg(fdt, node, 0, &p->test_base, NULL);
		if (err < 0)
			return err;
	}
	node = find_enabled(fdt, -1, "google,goldfish-rtc");
	if (node >= 0) {
		p->rtc_irq = first_irq(fdt, node);
		return fdt_get_reg(fdt, node, 0, &p->rtc_base, NULL);
	}
	return 0;
}

/* Insert in base order; when full, keep the PLAT_MAX_VIRTIO lowest. */
static void
add_virtio(struct platform *p, const struct platform_virtio *v)
{
	int i = p->nvirtio;

	if (i == PLAT_MAX_VIRTIO) {
		if (v->base >= p->virtio[i - 1].base)
			return;
		i--;
	} else {
		p->nvirtio++;
	}
	for (; i > 0 && p->virtio[i - 1].base > v->base; i--)
		p->virtio[i] = p->virtio[i - 1];
	p->virtio[i] = *v;
}

static int
parse_virtio(const void *fdt, struct platform *p)
{
	struct platform_virtio v;
	int node, err;

	for (node = find_enabled(fdt, -1, "virtio,mmio"); node >= 0;
	     node = find_enabled(fdt, node, "virtio,mmio")) {
		err = fdt_get_reg(fdt, node, 0, &v.base, &v.size);
		if (err < 0)
			return err;
		v.irq = first_irq(fdt, node);
		add_virtio(p, &v);
	}
	return node == FDT_ERR_NOTFOUND ? 0 : node;
}

/* linux,initrd-start/-end may be one or two cells (Linux's chosen.txt). */
static int
chosen_addr(const void *fdt, int chosen, const char *name, uint64_t *val)
{
	const void *v;
	int len;

	v = fdt_getprop(fdt, chosen, name, &len);
	if (v == NULL)
		return len == FDT_ERR_NOTFOUND ? 0 : len;
	if (len != 4 && len != 8)
		return FDT_ERR_BADVALUE;
	*val = len == 8 ? fdt_read_be64(v) : fdt_read_be32(v);
	return 0;
}

static int
parse_chosen(const void *fdt, struct platform *p)
{
	int chosen, err;

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen == FDT_ERR_NOTFOUND)
		return 0;
	if (chosen < 0)
		return chosen;
	err = chosen_addr(fdt, chosen, "linux,initrd-start", &p->initrd_start);
	if (err < 0)
		return err;
	return chosen_addr(fdt, chosen, "linux,initrd-end", &p->initrd_end);
}

int
fdt_parse_platform(const void *fdt, size_t bufsize, struct platform *p)
{
	int err;

	*p = (struct platform){ .nharts = 0 };
	for (int h = 0; h < PLAT_MAX_HARTS; h++)
		p->plic_s_context[h] = -1;
	err = fdt_check(fdt, bufsize);
	if (err == 0)
		err = parse_memory(fdt, p);
	if (err == 0)
		err = parse_cpus(fdt, p);
	if (err == 0)
		err = parse_uart(fdt, p);
	if (err == 0)
		err = parse_plic(fdt, p);
	if (err == 0)
		err = parse_test_rtc(fdt, p);
	if (err == 0)
		err = parse_virtio(fdt, p);
	if (err == 0)
		err = parse_chosen(fdt, p);
	return err;
}
