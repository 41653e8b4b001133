/*
 * tests/unit/test_fdt.c - kernel/fdt.c on real QEMU virt blobs and on
 * hand-built and corrupted ones.
 *
 * Usage: test_fdt build/unit/virt-smp1.dtb build/unit/virt-smp4.dtb ...
 * Each file name carries the -smp count ("smp<N>"); the platform summary
 * must match what QEMU 7.2's virt machine builds for that count.  Every blob
 * under test, real or damaged, is copied into a malloc'd buffer of exactly
 * its size so ASan reports any read past it.
 */
#include "kernel/fdt.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

#define MUTATIONS_REAL	4000 /* per real blob */
#define MUTATIONS_SYNTH 2000

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- A tiny DTB writer for hand-built trees ---- */

struct dtb {
	uint8_t st[16384];
	size_t st_len;
	char strs[4096];
	size_t strs_len;
};

static void
b_u32(struct dtb *b, uint32_t v)
{
	put_be32(b->st + b->st_len, v);
	b->st_len += 4;
}

static void
b_bytes(struct dtb *b, const void *p, size_t n)
{
	memcpy(b->st + b->st_len, p, n);
	b->st_len += n;
	while (b->st_len % 4)
		b->st[b->st_len++] = 0;
}

static void
b_begin(struct dtb *b, const char *name)
{
	b_u32(b, FDT_BEGIN_NODE);
	b_bytes(b, name, strlen(name) + 1);
}

static void
b_end(struct dtb *b)
{
	b_u32(b, FDT_END_NODE);
}

static uint32_t
b_string(struct dtb *b, const char *name)
{
	uint32_t off = (uint32_t)b->strs_len;

	memcpy(b->strs + off, name, strlen(name) + 1);
	b->strs_len += strlen(name) + 1;
	return off;
}

static void
b_prop(struct dtb *b, const char *name, const void *val, size_t len)
{
	b_u32(b, FDT_PROP);
	b_u32(b, (uint32_t)len);
	b_u32(b, b_string(b, name));
	b_bytes(b, val, len);
}

static void
b_str(struct dtb *b, const char *name, const char *s)
{
	b_prop(b, name, s, strlen(s) + 1);
}

/* A property of n big-endian cells, given as unsigned ints. */
static void
b_cells(struct dtb *b, const char *name, int n, ...)
{
	uint8_t val[256];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		put_be32(val + 4 * i, va_arg(ap, unsigned int));
	va_end(ap);
	b_prop(b, name, val, 4 * (size_t)n);
}

/* Header, empty reservation map, structure, strings.  Returns the size. */
static size_t
b_finish(struct dtb *b, uint8_t *out, uint32_t version)
{
	uint32_t off_struct = 40 + 16;
	uint32_t off_strings = off_struct + (uint32_t)b->st_len + 4;
	uint32_t total = off_strings + (uint32_t)b->strs_len;

	b_u32(b, FDT_END);
	memset(out, 0, total);
	put_be32(out + 0, FDT_MAGIC);
	put_be32(out + 4, total);
	put_be32(out + 8, off_struct);
	put_be32(out + 12, off_strings);
	put_be32(out + 16, 40);
	put_be32(out + 20, version);
	put_be32(out + 24, 16);
	put_be32(out + 28, 0);
	put_be32(out + 32, (uint32_t)b->strs_len);
	put_be32(out + 36, (uint32_t)b->st_len);
	memcpy(out + off_struct, b->st, b->st_len);
	memcpy(out + off_strings, b->strs, b->strs_len);
	return total;
}

/* Parts of the synthetic platform a test may leave out. */
#define OMIT_MEMORY   0x01
#define OMIT_CPUS     0x02
#define OMIT_UART     0x04
#define OMIT_PLIC     0x08
#define OMIT_TIMEBASE 0x10

static void
b_cpu(struct dtb *b, unsigned id, unsigned intc_phandle, const char *status,
      int timebase)
{
	char name[32];

	snprintf(name, sizeof(name), "cpu@%u", id);
	b_begin(b, name);
	b_str(b, "device_type", "cpu");
	b_cells(b, "reg", 1, id);
	if (status)
		b_str(b, "status", status);
	if (timebase)
		b_cells(b, "timebase-frequency", 1, 1000000u);
	b_begin(b, "interrupt-controller");
	b_cells(b, "#interrupt-cells", 1, 1u);
	b_prop(b, "interrupt-controller", "", 0);
	b_str(b, "compatible", "riscv,cpu-intc");
	b_cells(b, "phandle", 1, intc_phandle);
	b_end(b);
	b_end(b);
}

static void
b_virtio(struct dtb *b, unsigned base, unsigned irq, const char *status)
{
	char name[40];

	snprintf(name, sizeof(name), "virtio_mmio@%x", base);
	b_begin(b, name);
	b_cells(b, "interrupts", 1, irq);
	b_cells(b, "reg", 2, base, 0x1000u);
	b_str(b, "compatible", "virtio,mmio");
	if (status)
		b_str(b, "status", status);
	b_end(b);
}

/*
 * Not virt: harts 3, 1, disabled 2 and out-of-range 9; a 1-cell soc bus;
 * PLIC contexts (M, S) for hart 3, then hart 1, then S-only for harts 2 and
 * 9; eleven virtio nodes in scrambled order, one disabled; initrd bounds
 * in one and two cells.
 */
static size_t
build_synthetic(uint8_t *out, unsigned omit, uint32_t version)
{
	static const unsigned vbases[] = { 0x9000, 0x3000, 0xb000, 0x1000,
					   0x5000, 0x2000, 0x8000, 0x4000,
					   0xa000, 0x7000, 0x6000 };
	static struct dtb b;

	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_cells(&b, "#address-cells", 1, 2u);
	b_cells(&b, "#size-cells", 1, 2u);
	b_begin(&b, "chosen");
	b_cells(&b, "linux,initrd-start", 1, 0x84000000u);
	b_cells(&b, "linux,initrd-end", 2, 0x1u, 0x84100000u);
	b_end(&b);
	if (!(omit & OMIT_MEMORY)) {
		b_begin(&b, "memory@80000000");
		b_str(&b, "device_type", "memory");
		b_cells(&b, "reg", 4, 0u, 0x80000000u, 0u, 0x10000000u);
		b_end(&b);
	}
	if (!(omit & OMIT_CPUS)) {
		b_begin(&b, "cpus");
		b_cells(&b, "#address-cells", 1, 1u);
		b_cells(&b, "#size-cells", 1, 0u);
		b_cpu(&b, 3, 1, NULL, !(omit & OMIT_TIMEBASE));
		b_cpu(&b, 1, 2, "okay", 0);
		b_cpu(&b, 2, 3, "disabled", 0);
		b_cpu(&b, 9, 4, "okay", 0);
		b_end(&b);
	}
	b_begin(&b, "soc");
	b_cells(&b, "#address-cells", 1, 1u);
	b_cells(&b, "#size-cells", 1, 1u);
	if (!(omit & OMIT_UART)) {
		b_begin(&b, "serial@10000000");
		b_str(&b, "compatible", "ns16550a");
		b_cells(&b, "reg", 2, 0x10000000u, 0x100u);
		b_cells(&b, "interrupts", 1, 10u);
		b_end(&b);
	}
	if (!(omit & OMIT_PLIC)) {
		b_begin(&b, "plic@c000000");
		b_str(&b, "compatible", "sifive,plic-1.0.0");
		b_cells(&b, "reg", 2, 0xc000000u, 0x4000000u);
		b_cells(&b, "riscv,ndev", 1, 53u);
		b_cells(&b, "#interrupt-cells", 1, 1u);
		b_cells(&b, "interrupts-extended", 12, 1u, 11u, 1u, 9u, 2u, 11u,
			2u, 9u, 3u, 9u, 4u, 9u);
		b_end(&b);
	}
	for (size_t i = 0; i < ARRAY_SIZE(vbases); i++)
		b_virtio(&b, vbases[i], (unsigned)i + 1,
			 vbases[i] == 0x2000 ? "disabled" : NULL);
	b_end(&b); /* soc */
	b_end(&b); /* root */
	return b_finish(&b, out, version);
}

/* ---- Sweep: call every accessor on every node; must not misbehave ---- */

static void
sweep(const uint8_t *fdt)
{
	static const char *const names[] = { "reg", "compatible", "status",
					     "phandle", "interrupts" };
	const char *pname;
	uint64_t a, s;
	int node, depth, prop, len, n = 0;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0 && n < 4000;
	     node = fdt_next_node(fdt, node, &depth), n++) {
		fdt_get_name(fdt, node, &len);
		fdt_parent(fdt, node);
		fdt_first_child(fdt, node);
		fdt_next_sibling(fdt, node);
		fdt_address_cells(fdt, node);
		fdt_size_cells(fdt, node);
		for (int i = fdt_reg_count(fdt, node) - 1; i >= 0 && i < 64;
		     i--)
			fdt_get_reg(fdt, node, i, &a, &s);
		fdt_node_check_compatible(fdt, node, "virtio,mmio");
		for (size_t k = 0; k < ARRAY_SIZE(names); k++)
			fdt_getprop(fdt, node, names[k], &len);
		for (prop = fdt_first_prop(fdt, node); prop >= 0;
		     prop = fdt_next_prop(fdt, prop))
			fdt_prop_at(fdt, prop, &pname, &len);
	}
	fdt_path_offset(fdt, "/soc/serial@10000000");
	fdt_path_offset(fdt, "/cpus/cpu@0/interrupt-controller");
	fdt_node_by_phandle(fdt, 9);
	fdt_find_compatible(fdt, -1, "ns16550a");
}

/* Damaged blob: either rejected, or accepted and then fully walkable. */
static int
probe(const uint8_t *blob, size_t len)
{
	struct platform p;
	uint8_t *copy = unit_dup(blob, len);
	int err = fdt_check(copy, len);

	if (err == 0) {
		fdt_parse_platform(copy, len, &p);
		sweep(copy);
	} else {
		CHECK(err < 0);
		CHECK(fdt_parse_platform(copy, len, &p) == err);
	}
	free(copy);
	return err;
}

/* ---- Facts about QEMU 7.2 virt ---- */

static void
check_virt_platform(const char *path, const struct platform *p, int smp)
{
	fprintf(stderr, "%s: %d harts, mem %#llx+%#llx, %d virtio\n", path,
		p->nharts, (unsigned long long)p->mem_base,
		(unsigned long long)p->mem_size, p->nvirtio);
	CHECK_EQ_U64(p->nharts, smp);
	for (int h = 0; h < smp && h < PLAT_MAX_HARTS; h++) {
		CHECK_EQ_U64(p->hart_ids[h], h);
		/* virt: context 2h is hart h's M mode, 2h+1 its S mode. */
		CHECK_EQ_U64(p->plic_s_context[h], 2 * h + 1);
	}
	for (int h = smp; h < PLAT_MAX_HARTS; h++)
		CHECK_EQ_U64(p->plic_s_context[h], -1);
	CHECK_EQ_U64(p->mem_base, 0x80000000u);
	CHECK_EQ_U64(p->mem_size, 128u << 20);
	CHECK_EQ_U64(p->timebase_hz, 10000000u);
	CHECK_EQ_U64(p->uart_base, 0x10000000u);
	CHECK_EQ_U64(p->uart_irq, 10);
	CHECK_EQ_U64(p->uart_clock_hz, 3686400u);
	CHECK_EQ_U64(p->plic_base, 0x0c000000u);
	CHECK_EQ_U64(p->plic_size, 0x600000u);
	CHECK_EQ_U64(p->plic_ndev, 0x60);
	CHECK_EQ_U64(p->test_base, 0x100000u);
	CHECK_EQ_U64(p->rtc_base, 0x101000u);
	CHECK_EQ_U64(p->rtc_irq, 11);
	CHECK_EQ_U64(p->nvirtio, 8);
	for (int i = 0; i < p->nvirtio; i++) {
		CHECK_EQ_U64(p->virtio[i].base, 0x10001000u + 0x1000u * i);
		CHECK_EQ_U64(p->virtio[i].size, 0x1000u);
		CHECK_EQ_U64(p->virtio[i].irq, i + 1);
	}
	CHECK_EQ_U64(p->initrd_start, 0);
	CHECK_EQ_U64(p->initrd_end, 0);
}

/* The general API on the virt tree. */
static void
check_virt_api(const uint8_t *fdt, int smp)
{
	const char *name;
	uint64_t addr, size;
	uint32_t v = 0;
	int root, cpus, soc, serial, node, len, count, depth, plic;

	root = fdt_path_offset(fdt, "/");
	CHECK_EQ_U64(root, 0);
	CHECK_EQ_U64(fdt_parent(fdt, root), FDT_ERR_NOTFOUND);
	name = fdt_get_name(fdt, root, &len);
	CHECK(name != NULL && len == 0);
	cpus = fdt_path_offset(fdt, "/cpus");
	CHECK(cpus > 0);
	CHECK_EQ_U64(fdt_parent(fdt, cpus), root);
	CHECK_EQ_U64(fdt_address_cells(fdt, cpus), 1);
	CHECK_EQ_U64(fdt_size_cells(fdt, cpus), 0);
	CHECK_EQ_U64(fdt_address_cells(fdt, root), 2);
	CHECK_EQ_U64(fdt_path_offset(fdt, "cpus"), FDT_ERR_BADPATH);
	CHECK_EQ_U64(fdt_path_offset(fdt, "/cpu"), FDT_ERR_NOTFOUND);
	CHECK_EQ_U64(fdt_path_offset(fdt, "/cpus/cpu@99"), FDT_ERR_NOTFOUND);
	CHECK_EQ_U64(fdt_path_offset(fdt, "//cpus/"), cpus);

	/* Children of /cpus: one node per hart, then cpu-map. */
	count = 0;
	for (node = fdt_first_child(fdt, cpus); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		CHECK_EQ_U64(fdt_parent(fdt, node), cpus);
		count++;
	}
	CHECK_EQ_U64(node, FDT_ERR_NOTFOUND);
	CHECK_EQ_U64(count, smp + 1);

	serial = fdt_path_offset(fdt, "/soc/serial@10000000");
	soc = fdt_path_offset(fdt, "/soc");
	CHECK(serial > soc && soc > 0);
	CHECK_EQ_U64(fdt_parent(fdt, serial), soc);
	CHECK_EQ_U64(fdt_path_offset(fdt, "/soc/serial"), serial);
	CHECK_EQ_U64(fdt_find_compatible(fdt, -1, "ns16550a"), serial);
	CHECK_EQ_U64(fdt_find_compatible(fdt, serial, "ns16550a"),
		     FDT_ERR_NOTFOUND);
	CHECK_EQ_U64(fdt_getprop_u32(fdt, serial, "clock-frequency", &v), 0);
	CHECK_EQ_U64(v, 3686400u);
	CHECK_EQ_U64(fdt_getprop_u32(fdt, serial, "compatible", &v),
		     FDT_ERR_BADVALUE);
	CHECK(fdt_getprop(fdt, serial, "nonexistent", &len) == NULL);
	CHECK_EQ_U64(len, FDT_ERR_NOTFOUND);
	CHECK(fdt_getprop(fdt, serial, "reg", &len) != NULL && len == 16);
	/* Property names must match whole, not by prefix. */
	CHECK(fdt_getprop(fdt, serial, "re", &len) == NULL);
	CHECK(fdt_getprop(fdt, serial, "regs", &len) == NULL);

	node = fdt_path_offset(fdt, "/soc/test@100000");
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "sifive,test1"), 0);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "sifive,test0"), 0);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "syscon"), 0);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "sifive"), 1);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, node, "syscon2"), 1);
	CHECK_EQ_U64(fdt_node_check_compatible(fdt, cpus, "x"),
		     FDT_ERR_NOTFOUND);

	/* flash has two reg entries under a 2/2-cell root. */
	node = fdt_path_offset(fdt, "/flash");
	CHECK_EQ_U64(fdt_reg_count(fdt, node), 2);
	CHECK_EQ_U64(fdt_get_reg(fdt, node, 1, &addr, &size), 0);
	CHECK_EQ_U64(addr, 0x22000000u);
	CHECK_EQ_U64(size, 0x2000000u);
	CHECK_EQ_U64(fdt_get_reg(fdt, node, 2, &addr, &size), FDT_ERR_NOTFOUND);
	CHECK_EQ_U64(fdt_get_reg(fdt, root, 0, &addr, &size), FDT_ERR_NOTFOUND);

	plic = fdt_find_compatible(fdt, -1, "riscv,plic0");
	CHECK(fdt_getprop_u32(fdt, plic, "phandle", &v) == 0);
	CHECK_EQ_U64(fdt_node_by_phandle(fdt, v), plic);
	CHECK_EQ_U64(fdt_node_by_phandle(fdt, 0), FDT_ERR_BADPHANDLE);
	CHECK_EQ_U64(fdt_node_by_phandle(fdt, 0x7777), FDT_ERR_NOTFOUND);

	/* Bad offsets are errors, not reads: mid-token, misaligned, huge. */
	CHECK_EQ_U64(fdt_parent(fdt, serial + 4), FDT_ERR_BADOFFSET);
	CHECK_EQ_U64(fdt_first_prop(fdt, 2), FDT_ERR_BADOFFSET);
	CHECK(fdt_get_name(fdt, 0x7ffffff0, &len) == NULL);
	CHECK_EQ_U64(len, FDT_ERR_BADOFFSET);
	CHECK_EQ_U64(fdt_next_node(fdt, 1 << 30, &depth), FDT_ERR_BADOFFSET);
	CHECK(fdt_prop_at(fdt, serial, NULL, &len) == NULL);

	/* Whole walk: depth bookkeeping agrees with fdt_parent(). */
	int stack[FDT_MAX_DEPTH], nodes = 0;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth), nodes++) {
		CHECK(depth >= 0 && depth < FDT_MAX_DEPTH);
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			break;
		stack[depth] = node;
		if (depth > 0)
			CHECK_EQ_U64(fdt_parent(fdt, node), stack[depth - 1]);
	}
	CHECK_EQ_U64(node, FDT_ERR_NOTFOUND);
	CHECK(nodes >= 25 + 3 * smp);
}

/* ---- Damage to the real blob ---- */

static void
check_header_damage(const uint8_t *blob, uint32_t total)
{
	uint8_t *b = unit_dup(blob, total);
	struct platform p;

#define DAMAGE(off, val, want)                                          \
	do {                                                            \
		memcpy(b, blob, total);                                 \
		put_be32(b + (off), (val));                             \
		CHECK_EQ_U64(fdt_check(b, total), (want));              \
		CHECK_EQ_U64(fdt_parse_platform(b, total, &p), (want)); \
	} while (0)

	DAMAGE(0, 0xd00dfeee, FDT_ERR_BADMAGIC);
	DAMAGE(0, 0xedfe0dd0, FDT_ERR_BADMAGIC); /* little-endian writer */
	DAMAGE(20, 15, FDT_ERR_BADVERSION);
	DAMAGE(24, 18, FDT_ERR_BADVERSION);
	DAMAGE(4, total + 1, FDT_ERR_TRUNCATED);
	DAMAGE(4, 0xffffffff, FDT_ERR_TRUNCATED);
	DAMAGE(4, 20, FDT_ERR_BADLAYOUT);
	DAMAGE(8, total, FDT_ERR_BADLAYOUT);	  /* struct past the end */
	DAMAGE(8, 0xfffffffc, FDT_ERR_BADLAYOUT); /* wraps in 32 bits */
	DAMAGE(8, 0x3a, FDT_ERR_BADLAYOUT);	  /* misaligned struct */
	DAMAGE(8, 0, FDT_ERR_BADLAYOUT);	  /* overlaps the header */
	DAMAGE(12, total, FDT_ERR_BADLAYOUT);	  /* strings past the end */
	DAMAGE(16, 0x2c, FDT_ERR_BADLAYOUT);	  /* misaligned rsvmap */
	DAMAGE(16, total, FDT_ERR_BADLAYOUT);
	DAMAGE(32, 0xffffff00, FDT_ERR_BADLAYOUT);   /* size_dt_strings */
	DAMAGE(36, 0xfffffff0, FDT_ERR_BADLAYOUT);   /* size_dt_struct */
	DAMAGE(36, 8, FDT_ERR_BADSTRUCTURE);	     /* struct cut short */
	DAMAGE(32, 4, FDT_ERR_BADSTRUCTURE);	     /* names out of bounds */
	DAMAGE(0x38, FDT_NOP, FDT_ERR_BADSTRUCTURE); /* root token gone */
	DAMAGE(0x38, 7, FDT_ERR_BADSTRUCTURE);	     /* unknown token */
#undef DAMAGE

	/* Tiny buffers: magic needs 4 bytes, the header 40. */
	for (size_t n = 0; n < 40; n++)
		CHECK_EQ_U64(fdt_check(blob, n), FDT_ERR_TRUNCATED);
	CHECK_EQ_U64(fdt_check(NULL, 100), FDT_ERR_TRUNCATED);
	free(b);
}

/*
 * Truncation: each prefix, both as is (totalsize now exceeds the buffer)
 * and with totalsize and the block sizes shrunk to claim exactly the
 * prefix, so the structure walk itself must find the cut.
 */
static void
check_truncations(const uint8_t *blob, uint32_t total)
{
	uint8_t *b = unit_dup(blob, total);
	unsigned rejected = 0;

	for (uint32_t len = 0; len < total; len++) {
		CHECK(probe(blob, len) != 0);
		if (len < 40)
			continue;
		uint32_t off_struct = fdt_read_be32(blob + 8);
		uint32_t off_strings = fdt_read_be32(blob + 12);

		memcpy(b, blob, len);
		put_be32(b + 4, len);
		if (off_struct <= len &&
		    fdt_read_be32(b + 36) + off_struct > len)
			put_be32(b + 36, len - off_struct);
		if (off_strings <= len &&
		    fdt_read_be32(b + 32) + off_strings > len)
			put_be32(b + 32, len - off_strings);
		rejected += probe(b, len) != 0;
	}
	/* Only a cut inside the trailing strings can leave a valid tree. */
	CHECK(rejected > total / 2);
	free(b);
}

static void
mutate(uint8_t *b, uint32_t total)
{
	static const uint32_t words[] = {
		0, 1, 2, 3, 4, 9, 0xffffffff, 0x7fffffff, 0x80000000, 16, 17
	};
	int n = 1 + (int)(unit_rng() % 6);

	for (int i = 0; i < n; i++) {
		uint32_t pos = unit_rng() % total;

		switch (unit_rng() % 4) {
		case 0:
			b[pos] = (uint8_t)unit_rng();
			break;
		case 1:
			b[pos] ^= (uint8_t)(1u << (unit_rng() % 8));
			break;
		case 2: /* a word at an aligned place: tokens, lengths */
			pos &= ~3u;
			if (pos + 4 <= total)
				put_be32(
				    b + pos,
				    words[unit_rng() %
					  (sizeof(words) / sizeof(words[0]))]);
			break;
		default: /* the header, where every byte matters */
			b[unit_rng() % 40] = (uint8_t)unit_rng();
			break;
		}
	}
}

static void
check_mutations(const uint8_t *blob, uint32_t total, int rounds)
{
	uint8_t *b = unit_dup(blob, total);
	int accepted = 0;

	for (int i = 0; i < rounds; i++) {
		memcpy(b, blob, total);
		mutate(b, total);
		accepted += probe(b, total) == 0;
	}
	fprintf(stderr, "  mutations: %d of %d still valid\n", accepted,
		rounds);
	/* Both outcomes must be exercised for the test to mean anything. */
	CHECK(accepted > 0 && accepted < rounds);
	free(b);
}

static int
smp_from_path(const char *path)
{
	const char *s = strstr(path, "smp");

	return s ? atoi(s + 3) : -1;
}

static void
test_real_blob(const char *path)
{
	struct platform p;
	size_t len = 0;
	uint8_t *file = unit_read_file(path, &len), *blob;
	int smp = smp_from_path(path);
	uint32_t total;

	CHECK(file != NULL);
	CHECK(smp >= 1);
	if (file == NULL || smp < 1) {
		fprintf(stderr, "%s: cannot read, or no smp<N> in the name\n",
			path);
		free(file);
		return;
	}
	/* dumpdtb pads the file; the blob is totalsize bytes of it. */
	CHECK_EQ_U64(fdt_check(file, len), 0);
	total = fdt_totalsize(file);
	CHECK(total <= len);
	blob = unit_dup(file, total);
	free(file);

	CHECK_EQ_U64(fdt_check(blob, total), 0);
	CHECK_EQ_U64(fdt_check(blob, total - 1), FDT_ERR_TRUNCATED);
	CHECK_EQ_U64(fdt_parse_platform(blob, total, &p), 0);
	check_virt_platform(path, &p, smp);
	check_virt_api(blob, smp);
	sweep(blob);

	/* The same tree as a version 16 blob (no size_dt_struct). */
	put_be32(blob + 20, 16);
	CHECK_EQ_U64(fdt_parse_platform(blob, total, &p), 0);
	CHECK_EQ_U64(p.nharts, smp);
	put_be32(blob + 20, 17);

	check_header_damage(blob, total);
	check_truncations(blob, total);
	check_mutations(blob, total, MUTATIONS_REAL);
	free(blob);
}

/* ---- Hand-built trees ---- */

static void
test_synthetic(void)
{
	static uint8_t out[32768];
	struct platform p;
	uint8_t *b;
	size_t n;

	n = build_synthetic(out, 0, 17);
	b = unit_dup(out, n);
	CHECK_EQ_U64(fdt_parse_platform(b, n, &p), 0);
	CHECK_EQ_U64(p.nharts, 2);
	CHECK_EQ_U64(p.hart_ids[0], 1);
	CHECK_EQ_U64(p.hart_ids[1], 3);
	CHECK_EQ_U64(p.timebase_hz, 1000000u); /* from cpu@3 */
	CHECK_EQ_U64(p.mem_base, 0x80000000u);
	CHECK_EQ_U64(p.mem_size, 0x10000000u);
	CHECK_EQ_U64(p.plic_s_context[3], 1);
	CHECK_EQ_U64(p.plic_s_context[1], 3);
	CHECK_EQ_U64(p.plic_s_context[2], 4); /* disabled hart, real context */
	CHECK_EQ_U64(p.plic_s_context[0], -1);
	CHECK_EQ_U64(p.plic_base, 0xc000000u);
	CHECK_EQ_U64(p.plic_size, 0x4000000u);
	CHECK_EQ_U64(p.plic_ndev, 53);
	CHECK_EQ_U64(p.uart_base, 0x10000000u);
	CHECK_EQ_U64(p.uart_irq, 10);
	CHECK_EQ_U64(p.uart_clock_hz, 0);
	CHECK_EQ_U64(p.test_base, 0);
	CHECK_EQ_U64(p.rtc_base, 0);
	CHECK_EQ_U64(p.initrd_start, 0x84000000u);
	CHECK_EQ_U64(p.initrd_end, 0x184100000ull);
	/* Lowest 8 enabled of 0x1000..0xb000 without the disabled 0x2000. */
	static const unsigned want[] = { 0x1000, 0x3000, 0x4000, 0x5000,
					 0x6000, 0x7000, 0x8000, 0x9000 };
	static const unsigned want_irq[] = { 4, 2, 8, 5, 11, 10, 7, 1 };
	CHECK_EQ_U64(p.nvirtio, 8);
	for (int i = 0; i < 8; i++) {
		CHECK_EQ_U64(p.virtio[i].base, want[i]);
		CHECK_EQ_U64(p.virtio[i].size, 0x1000u);
		CHECK_EQ_U64(p.virtio[i].irq, want_irq[i]);
	}
	sweep(b);
	check_mutations(b, (uint32_t)n, MUTATIONS_SYNTH);
	free(b);

	/* Version 16 layout parses the same. */
	n = build_synthetic(out, 0, 16);
	CHECK_EQ_U64(probe(out, n), 0);

	static const struct {
		unsigned omit;
		int err;
	} missing[] = {
		{ OMIT_MEMORY, FDT_ERR_NOTFOUND },
		{ OMIT_CPUS, FDT_ERR_NOTFOUND },
		{ OMIT_UART, FDT_ERR_NOTFOUND },
		{ OMIT_PLIC, FDT_ERR_NOTFOUND },
		{ OMIT_TIMEBASE, FDT_ERR_NOTFOUND },
	};
	for (size_t i = 0; i < ARRAY_SIZE(missing); i++) {
		n = build_synthetic(out, missing[i].omit, 17);
		b = unit_dup(out, n);
		CHECK_EQ_U64(fdt_check(b, n), 0);
		CHECK_EQ_U64(fdt_parse_platform(b, n, &p), missing[i].err);
		free(b);
	}
}

static size_t
finish_exact(struct dtb *b, uint8_t **blobp)
{
	static uint8_t out[32768];
	size_t n = b_finish(b, out, 17);

	*blobp = unit_dup(out, n);
	return n;
}

/* Structure-block rules, each in its own minimal tree. */
static void
test_structure_rules(void)
{
	static struct dtb b;
	uint8_t *blob;
	size_t n;

	/* Nesting: FDT_MAX_DEPTH levels are fine, one more is not. */
	for (int levels = FDT_MAX_DEPTH; levels <= FDT_MAX_DEPTH + 1;
	     levels++) {
		memset(&b, 0, sizeof(b));
		for (int i = 0; i < levels; i++)
			b_begin(&b, i ? "n" : "");
		for (int i = 0; i < levels; i++)
			b_end(&b);
		n = finish_exact(&b, &blob);
		CHECK_EQ_U64(fdt_check(blob, n),
			     levels <= FDT_MAX_DEPTH ? 0 : FDT_ERR_TOODEEP);
		if (levels <= FDT_MAX_DEPTH) {
			int deepest = -1, maxdepth = -1, d, node;
			for (node = fdt_next_node(blob, -1, &d); node >= 0;
			     node = fdt_next_node(blob, node, &d)) {
				deepest = node;
				maxdepth = d > maxdepth ? d : maxdepth;
			}
			CHECK_EQ_U64(maxdepth, FDT_MAX_DEPTH - 1);
			CHECK_EQ_U64(d, -1); /* every node closed again */
			CHECK(fdt_parent(blob, deepest) > 0);
			/* "/n/n/n" is the third node below the root. */
			node = 0;
			for (int i = 0; i < 3; i++)
				node = fdt_next_node(blob, node, NULL);
			CHECK_EQ_U64(fdt_path_offset(blob, "/n/n/n"), node);
		}
		free(blob);
	}

	/* A property after a child node (§5.4.2 forbids it). */
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_begin(&b, "child");
	b_end(&b);
	b_cells(&b, "late", 1, 1u);
	b_end(&b);
	n = finish_exact(&b, &blob);
	CHECK_EQ_U64(fdt_check(blob, n), FDT_ERR_BADSTRUCTURE);
	free(blob);

	/* Two roots. */
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_end(&b);
	b_begin(&b, "");
	b_end(&b);
	n = finish_exact(&b, &blob);
	CHECK_EQ_U64(fdt_check(blob, n), FDT_ERR_BADSTRUCTURE);
	free(blob);

	/* Unclosed root; stray END_NODE; property outside any node. */
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	n = finish_exact(&b, &blob);
	CHECK_EQ_U64(fdt_check(blob, n), FDT_ERR_BADSTRUCTURE);
	free(blob);
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_end(&b);
	b_end(&b);
	n = finish_exact(&b, &blob);
	CHECK_EQ_U64(fdt_check(blob, n), FDT_ERR_BADSTRUCTURE);
	free(blob);
	memset(&b, 0, sizeof(b));
	b_cells(&b, "orphan", 1, 1u);
	b_begin(&b, "");
	b_end(&b);
	n = finish_exact(&b, &blob);
	CHECK_EQ_U64(fdt_check(blob, n), FDT_ERR_BADSTRUCTURE);
	free(blob);

	/* NOPs anywhere are skipped; empty properties are fine. */
	memset(&b, 0, sizeof(b));
	b_u32(&b, FDT_NOP);
	b_begin(&b, "");
	b_u32(&b, FDT_NOP);
	b_prop(&b, "empty", "", 0);
	b_u32(&b, FDT_NOP);
	b_begin(&b, "a@1");
	b_str(&b, "compatible", "x,y");
	b_end(&b);
	b_u32(&b, FDT_NOP);
	b_end(&b);
	b_u32(&b, FDT_NOP);
	n = finish_exact(&b, &blob);
	CHECK_EQ_U64(fdt_check(blob, n), 0);
	int root = fdt_path_offset(blob, "/"), len = -99;
	CHECK_EQ_U64(root, 4);
	CHECK(fdt_getprop(blob, root, "empty", &len) != NULL && len == 0);
	CHECK_EQ_U64(fdt_path_offset(blob, "/a"),
		     fdt_find_compatible(blob, -1, "x,y"));
	CHECK_EQ_U64(fdt_path_offset(blob, "/a@2"), FDT_ERR_NOTFOUND);
	free(blob);

	/* A compatible list without its final NUL must not be overread. */
	memset(&b, 0, sizeof(b));
	b_begin(&b, "");
	b_prop(&b, "compatible", "abc\0defg", 8);
	b_end(&b);
	n = finish_exact(&b, &blob);
	CHECK_EQ_U64(fdt_check(blob, n), 0);
	CHECK_EQ_U64(fdt_node_check_compatible(blob, 0, "defg"), 0);
	CHECK_EQ_U64(fdt_node_check_compatible(blob, 0, "abc"), 0);
	CHECK_EQ_U64(fdt_node_check_compatible(blob, 0, "defgh"), 1);
	CHECK_EQ_U64(fdt_node_check_compatible(blob, 0, "ab"), 1);
	free(blob);
}

int
main(int argc, char **argv)
{
	fprintf(stderr, "%s\n", fdt_strerror(FDT_ERR_TOODEEP));

	unit_rng_seed(0x243f6a8885a308d3ULL);
	for (int e = 0; e >= -13; e--)
		CHECK(fdt_strerror(e) != NULL);
	test_structure_rules();
	test_synthetic();
	for (int i = 1; i < argc; i++)
		test_real_blob(argv[i]);
	if (argc < 2) {
		fprintf(stderr, "usage: %s virt-smpN.dtb...\n", argv[0]);
		return unit_done() ? 1 : UNIT_SKIP;
	}
	return unit_done();
}
