/*
 * tests/unit/test_elf.c - kernel/elf.c on real riscv64 executables, on the
 * host's own (non-RISC-V) executable, and on damaged copies of them.
 *
 * Usage: test_elf PROG.elf PROG.readelf [PROG2.elf PROG2.readelf ...]
 * Each PROG.elf is a static riscv64 program unit.mk links at build time
 * from tests/unit/data/; PROG.readelf is what `readelf -hlW` printed for
 * it.  Nothing about the programs is hard-coded: the expected entry point,
 * segments and flags come from readelf, and independently from this file's
 * own minimal header reader, and the two must agree before elf_parse() is
 * compared with them.  Every image under test is copied into a malloc'd
 * buffer of exactly its size so ASan reports any read past it.
 */
#include "kernel/elf.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/errno.h>

#include "tests/unit/unit.h"

#define TEST_LIMIT 0x0000004000000000ULL /* Sv39 user half: USER_LIMIT */
#define PAGE	   ((uint64_t)ELF_PAGE_SIZE)
#define MUTATIONS  4000 /* per real program */
#define MAX_LOADS  64

/* Field offsets straight from the gABI, independent of struct elf64_*. */
#define E_IDENT	    0
#define E_TYPE	    16
#define E_MACHINE   18
#define E_VERSION   20
#define E_ENTRY	    24
#define E_PHOFF	    32
#define E_FLAGS	    48
#define E_PHENTSIZE 54
#define E_PHNUM	    56
#define P_TYPE	    0
#define P_FLAGS	    4
#define P_OFFSET    8
#define P_VADDR	    16
#define P_FILESZ    32
#define P_MEMSZ	    40
#define P_ALIGN	    48
#define PHDR_SIZE   56

_Static_assert(offsetof(struct elf64_ehdr, e_entry) == E_ENTRY, "gABI");
_Static_assert(offsetof(struct elf64_ehdr, e_phoff) == E_PHOFF, "gABI");
_Static_assert(offsetof(struct elf64_ehdr, e_flags) == E_FLAGS, "gABI");
_Static_assert(offsetof(struct elf64_ehdr, e_phnum) == E_PHNUM, "gABI");
_Static_assert(offsetof(struct elf64_phdr, p_vaddr) == P_VADDR, "gABI");
_Static_assert(offsetof(struct elf64_phdr, p_memsz) == P_MEMSZ, "gABI");
_Static_assert(offsetof(struct elf64_phdr, p_align) == P_ALIGN, "gABI");

/* ---- Little-endian access for building and checking images ---- */

static uint64_t
rd(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void
wr(uint8_t *p, int n, uint64_t v)
{
	for (int i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* ---- The expected view of a program, from two independent sources ---- */

struct load {
	uint64_t offset, vaddr, filesz, memsz, align;
	uint32_t flags; /* PF_* */
	int index;	/* program header number */
};

struct model {
	uint64_t entry, phoff;
	uint32_t flags;
	int phnum;
	int nloads;
	struct load loads[MAX_LOADS];
	bool gnu_stack;
};

/* This test's own reader: trusts the file, checks nothing. */
static void
model_from_image(const uint8_t *b, struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->entry = rd(b + E_ENTRY, 8);
	m->phoff = rd(b + E_PHOFF, 8);
	m->flags = (uint32_t)rd(b + E_FLAGS, 4);
	m->phnum = (int)rd(b + E_PHNUM, 2);
	for (int i = 0; i < m->phnum; i++) {
		const uint8_t *ph = b + m->phoff + (size_t)i * PHDR_SIZE;
		uint32_t type = (uint32_t)rd(ph + P_TYPE, 4);

		m->gnu_stack |= type == PT_GNU_STACK;
		if (type != PT_LOAD || m->nloads == MAX_LOADS)
			continue;
		struct load *l = &m->loads[m->nloads++];
		l->offset = rd(ph + P_OFFSET, 8);
		l->vaddr = rd(ph + P_VADDR, 8);
		l->filesz = rd(ph + P_FILESZ, 8);
		l->memsz = rd(ph + P_MEMSZ, 8);
		l->align = rd(ph + P_ALIGN, 8);
		l->flags = (uint32_t)rd(ph + P_FLAGS, 4);
		l->index = i;
	}
}

/* What `readelf -hlW` printed: entry, flags, program headers. */
static bool
model_from_readelf(const char *text, struct model *m)
{
	const char *s;
	bool have_entry = false, have_flags = false, have_phnum = false;

	memset(m, 0, sizeof(*m));
	for (s = text; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL) {
		uint64_t v[6];
		int n = 0;

		if (sscanf(s, " Entry point address: %" SCNx64, &v[0]) == 1) {
			m->entry = v[0];
			have_entry = true;
		} else if (sscanf(s, " Flags: %" SCNx64, &v[0]) == 1) {
			m->flags = (uint32_t)v[0];
			have_flags = true;
		} else if (sscanf(s, " Number of program headers: %" SCNu64,
				  &v[0]) == 1) {
			m->phnum = (int)v[0];
			have_phnum = true;
		} else if (sscanf(s, " Start of program headers: %" SCNu64,
				  &v[0]) == 1) {
			m->phoff = v[0];
		} else if (strncmp(s, "  GNU_STACK ", 12) == 0) {
			m->gnu_stack = true;
		} else if (sscanf(s,
				  " LOAD %" SCNx64 " %" SCNx64 " %" SCNx64
				  " %" SCNx64 " %" SCNx64 " %n",
				  &v[0], &v[1], &v[2], &v[3], &v[4], &n) == 5 &&
			   n > 0 && m->nloads < MAX_LOADS) {
			struct load *l = &m->loads[m->nloads++];
			const char *f = s + n, *end = strstr(f, " 0x");

			if (end == NULL || sscanf(end, " %" SCNx64, &v[5]) != 1)
				return false;
			l->offset = v[0];
			l->vaddr = v[1];
			l->filesz = v[3];
			l->memsz = v[4];
			l->align = v[5];
			for (; f < end; f++)
				l->flags |= *f == 'R'	? PF_R
					    : *f == 'W' ? PF_W
					    : *f == 'E' ? PF_X
							: 0;
		}
	}
	return have_entry && have_flags && have_phnum;
}

static uint32_t
prot_of_flags(uint32_t pf)
{
	return ((pf & PF_R) ? ELF_PROT_R : 0) | ((pf & PF_W) ? ELF_PROT_W : 0) |
	       ((pf & PF_X) ? ELF_PROT_X : 0);
}

static uint64_t
page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

/* Smallest prefix of the file that elf_parse() must accept. */
static size_t
needed_len(const struct model *m)
{
	uint64_t need = 64;

	if (m->phoff + (uint64_t)m->phnum * PHDR_SIZE > need)
		need = m->phoff + (uint64_t)m->phnum * PHDR_SIZE;
	for (int i = 0; i < m->nloads; i++)
		if (m->loads[i].offset + m->loads[i].filesz > need)
			need = m->loads[i].offset + m->loads[i].filesz;
	return (size_t)need;
}

/* ---- Checking one parse ---- */

static int
parse_limit(const uint8_t *b, size_t len, uint64_t limit, struct elf_info *info)
{
	uint8_t *copy = unit_dup(b, len);
	int r = elf_parse(copy, len, limit, info);

	free(copy);
	return r;
}

static int
parse_exact(const uint8_t *b, size_t len, struct elf_info *info)
{
	return parse_limit(b, len, TEST_LIMIT, info);
}

/* Expects want (0 or -errno) and, if reason is set, exactly that reason. */
static void
expect_at(int line, const char *what, const uint8_t *b, size_t len, int want,
	  const char *reason)
{
	struct elf_info info;
	int r = parse_exact(b, len, &info);
	bool ok = r == want;

	if (want < 0)
		ok = ok && info.reason != NULL &&
		     (reason == NULL || strcmp(info.reason, reason) == 0);
	else
		ok = ok && info.reason == NULL;
	unit_checks++;
	if (!ok) {
		unit_fail_where(__FILE__, line);
		fprintf(stderr, "%s: got %d \"%s\", want %d \"%s\"\n", what, r,
			info.reason ? info.reason : "(null)", want,
			reason ? reason : "(any)");
	}
}

#define EXPECT(what, b, len, want, reason) \
	expect_at(__LINE__, what, b, len, want, reason)

/* Every property a successful parse promises, whatever the input. */
static void
check_invariants(const struct elf_info *in, size_t len)
{
	bool entry_ok = false;
	uint64_t top = 0;

	CHECK(in->reason == NULL);
	CHECK(in->nsegs >= 1 && in->nsegs <= ELF_MAX_SEGS);
	for (int i = 0; i < in->nsegs && i < ELF_MAX_SEGS; i++) {
		const struct elf_segment *s = &in->segs[i];

		CHECK(s->memsz > 0 && s->filesz <= s->memsz);
		CHECK(s->offset <= len && s->filesz <= len - s->offset);
		CHECK(s->vaddr >= PAGE && s->vaddr < TEST_LIMIT &&
		      s->memsz <= TEST_LIMIT - s->vaddr);
		CHECK(s->vaddr % PAGE == s->offset % PAGE);
		CHECK((s->prot & ~7u) == 0);
		CHECK((s->prot & (ELF_PROT_W | ELF_PROT_X)) !=
		      (ELF_PROT_W | ELF_PROT_X));
		if ((s->prot & ELF_PROT_X) && in->entry >= s->vaddr &&
		    in->entry - s->vaddr < s->memsz)
			entry_ok = true;
		if (page_up(s->vaddr + s->memsz) > top)
			top = page_up(s->vaddr + s->memsz);
		for (int j = 0; j < i; j++) {
			const struct elf_segment *t = &in->segs[j];

			CHECK(page_up(s->vaddr + s->memsz) <=
				  (t->vaddr & ~(PAGE - 1)) ||
			      page_up(t->vaddr + t->memsz) <=
				  (s->vaddr & ~(PAGE - 1)));
		}
	}
	CHECK(entry_ok);
	CHECK_EQ_U64(in->brk_start, top);
	CHECK_EQ_U64(in->phentsize, PHDR_SIZE);
	CHECK(in->phnum >= 1 && in->phnum <= ELF_MAX_PHNUM);
	CHECK(in->float_abi == EF_RISCV_FLOAT_ABI_SOFT ||
	      in->float_abi == EF_RISCV_FLOAT_ABI_DOUBLE);
}

/* ---- The real program, parsed whole ---- */

static void
check_real_parse(const char *path, const uint8_t *img, size_t len,
		 const struct model *m)
{
	struct elf_info info;
	uint64_t top = 0, pv = 0, tbl = (uint64_t)m->phnum * PHDR_SIZE;
	int k = 0;

	CHECK_EQ_U64(parse_exact(img, len, &info), 0);
	if (info.reason != NULL)
		fprintf(stderr, "%s: %s\n", path, info.reason);
	check_invariants(&info, len);
	CHECK_EQ_U64(info.entry, m->entry);
	CHECK_EQ_U64(info.e_flags, m->flags);
	CHECK_EQ_U64(info.float_abi, m->flags & EF_RISCV_FLOAT_ABI_MASK);
	CHECK_EQ_U64(info.phnum, m->phnum);
	CHECK_EQ_U64(info.has_gnu_stack, m->gnu_stack);
	CHECK(!info.has_tls);
	for (int i = 0; i < m->nloads; i++) {
		const struct load *l = &m->loads[i];

		if (l->memsz == 0)
			continue;
		CHECK(k < info.nsegs);
		if (k >= info.nsegs)
			break;
		CHECK_EQ_U64(info.segs[k].vaddr, l->vaddr);
		CHECK_EQ_U64(info.segs[k].memsz, l->memsz);
		CHECK_EQ_U64(info.segs[k].offset, l->offset);
		CHECK_EQ_U64(info.segs[k].filesz, l->filesz);
		CHECK_EQ_U64(info.segs[k].prot, prot_of_flags(l->flags));
		if (page_up(l->vaddr + l->memsz) > top)
			top = page_up(l->vaddr + l->memsz);
		if (pv == 0 && m->phoff >= l->offset &&
		    m->phoff + tbl <= l->offset + l->filesz)
			pv = l->vaddr + (m->phoff - l->offset);
		k++;
	}
	CHECK_EQ_U64(info.nsegs, k);
	CHECK_EQ_U64(info.brk_start, top);
	CHECK_EQ_U64(info.phdr_vaddr, pv);
	fprintf(stderr,
		"%s: entry 0x%" PRIx64 ", %d segments, phdr 0x%" PRIx64
		", brk 0x%" PRIx64 ", %s float ABI\n",
		path, info.entry, info.nsegs, info.phdr_vaddr, info.brk_start,
		info.float_abi == EF_RISCV_FLOAT_ABI_DOUBLE ? "double"
							    : "soft");
}

/* ---- Damaged copies with one exact expected outcome each ---- */

/* A copy of the image with extra program headers in a new table at its end. */
static uint8_t *
with_phdrs(const uint8_t *img, size_t len, const uint8_t (*extra)[PHDR_SIZE],
	   int nextra, size_t *newlen)
{
	uint64_t phoff = rd(img + E_PHOFF, 8);
	int phnum = (int)rd(img + E_PHNUM, 2);
	size_t at = (len + 7) & ~(size_t)7;
	size_t n = at + (size_t)(phnum + nextra) * PHDR_SIZE;
	uint8_t *b = calloc(1, n);

	if (b == NULL)
		abort();
	memcpy(b, img, len);
	memcpy(b + at, img + phoff, (size_t)phnum * PHDR_SIZE);
	for (int i = 0; i < nextra; i++)
		memcpy(b + at + (size_t)(phnum + i) * PHDR_SIZE, extra[i],
		       PHDR_SIZE);
	wr(b + E_PHOFF, 8, at);
	wr(b + E_PHNUM, 2, (uint64_t)(phnum + nextra));
	*newlen = n;
	return b;
}

static void
make_phdr(uint8_t *ph, uint32_t type, uint32_t flags, uint64_t offset,
	  uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
	memset(ph, 0, PHDR_SIZE);
	wr(ph + P_TYPE, 4, type);
	wr(ph + P_FLAGS, 4, flags);
	wr(ph + P_OFFSET, 8, offset);
	wr(ph + P_VADDR, 8, vaddr);
	wr(ph + 24, 8, vaddr); /* p_paddr */
	wr(ph + P_FILESZ, 8, filesz);
	wr(ph + P_MEMSZ, 8, memsz);
	wr(ph + P_ALIGN, 8, align);
}

/* The ELF header alone. */
static void
check_header_damage(const uint8_t *img, size_t len, const struct model *m)
{
	uint8_t *b = unit_dup(img, len);

#define HDR(off, n, val, want, reason)                           \
	do {                                                     \
		memcpy(b, img, len);                             \
		wr(b + (off), (n), (val));                       \
		EXPECT(#off "=" #val, b, len, (want), (reason)); \
	} while (0)

	for (int i = 0; i < 4; i++)
		HDR(E_IDENT + i, 1, img[i] ^ 0x20, -ENOEXEC, "not an ELF file");
	HDR(E_IDENT + EI_CLASS, 1, ELFCLASS32, -ENOEXEC, "ELFCLASS32");
	HDR(E_IDENT + EI_CLASS, 1, 0, -ENOEXEC, "bad ELF class");
	HDR(E_IDENT + EI_CLASS, 1, 3, -ENOEXEC, "bad ELF class");
	HDR(E_IDENT + EI_DATA, 1, ELFDATA2MSB, -ENOEXEC, "big-endian");
	HDR(E_IDENT + EI_DATA, 1, 0, -ENOEXEC, "bad ELF data encoding");
	HDR(E_IDENT + EI_VERSION, 1, 0, -ENOEXEC, "bad ELF version");
	HDR(E_VERSION, 4, 2, -ENOEXEC, "bad ELF version");
	HDR(E_MACHINE, 2, 62, -ENOEXEC, "not RISC-V"); /* EM_X86_64 */
	HDR(E_MACHINE, 2, 0xf300, -ENOEXEC, "not RISC-V");
	HDR(E_TYPE, 2, ET_DYN, -ENOEXEC,
	    "ET_DYN: PIE or shared object, not supported");
	HDR(E_TYPE, 2, ET_REL, -ENOEXEC, "not an executable (e_type)");
	HDR(E_TYPE, 2, ET_CORE, -ENOEXEC, "not an executable (e_type)");
	HDR(E_FLAGS, 4, (m->flags & ~6u) | EF_RISCV_FLOAT_ABI_SINGLE, -ENOEXEC,
	    "float ABI neither soft nor double");
	HDR(E_FLAGS, 4, (m->flags & ~6u) | EF_RISCV_FLOAT_ABI_QUAD, -ENOEXEC,
	    "float ABI neither soft nor double");
	HDR(E_FLAGS, 4, (m->flags & ~6u) | EF_RISCV_FLOAT_ABI_SOFT, 0, NULL);
	HDR(E_FLAGS, 4, (m->flags & ~6u) | EF_RISCV_FLOAT_ABI_DOUBLE, 0, NULL);
	HDR(E_PHENTSIZE, 2, 32, -ENOEXEC, "e_phentsize is not 56");
	HDR(E_PHENTSIZE, 2, 64, -ENOEXEC, "e_phentsize is not 56");
	HDR(E_PHNUM, 2, 0, -ENOEXEC, "no program headers");
	HDR(E_PHNUM, 2, ELF_MAX_PHNUM + 1, -ENOEXEC,
	    "too many program headers");
	HDR(E_PHNUM, 2, 0xffff, -ENOEXEC, "too many program headers");
	if (m->phoff + (uint64_t)ELF_MAX_PHNUM * PHDR_SIZE > len)
		HDR(E_PHNUM, 2, ELF_MAX_PHNUM, -ENOEXEC,
		    "program headers past end of file");
	HDR(E_PHOFF, 8, UINT64_MAX, -ENOEXEC,
	    "program headers past end of file");
	HDR(E_PHOFF, 8, 0xffffffffffffffc0ULL, -ENOEXEC,
	    "program headers past end of file");
	HDR(E_PHOFF, 8, len, -ENOEXEC, "program headers past end of file");
	HDR(E_PHOFF, 8, len - (uint64_t)m->phnum * PHDR_SIZE + 1, -ENOEXEC,
	    "program headers past end of file");
	HDR(E_ENTRY, 8, 0, -EINVAL, "entry point not in an executable segment");
	HDR(E_ENTRY, 8, UINT64_MAX, -EINVAL,
	    "entry point not in an executable segment");
#undef HDR

	/* The file's own sizes put the table exactly at the end: fine. */
	memcpy(b, img, len);
	EXPECT("unchanged", b, len, 0, NULL);
	free(b);
}

/* Index of the first PT_LOAD with (want) and without (avoid) these flags. */
static int
find_load(const struct model *m, uint32_t want, uint32_t avoid)
{
	for (int i = 0; i < m->nloads; i++)
		if ((m->loads[i].flags & want) == want &&
		    !(m->loads[i].flags & avoid) && m->loads[i].memsz > 0)
			return i;
	return -1;
}

/* Segment rules on the program's text (R+X) and data (R+W) segments. */
static void
check_segment_damage(const uint8_t *img, size_t len, const struct model *m)
{
	int ti = find_load(m, PF_X, PF_W), di = find_load(m, PF_W, PF_X);
	uint8_t *b = unit_dup(img, len), *tp, *dp;

	CHECK(ti >= 0 && di >= 0);
	if (ti < 0 || di < 0) {
		free(b);
		return;
	}
	const struct load *t = &m->loads[ti], *d = &m->loads[di];
	uint64_t tend = t->vaddr + t->memsz;

	tp = b + m->phoff + (size_t)t->index * PHDR_SIZE;
	dp = b + m->phoff + (size_t)d->index * PHDR_SIZE;

#define SEG(set, want, reason)                          \
	do {                                            \
		memcpy(b, img, len);                    \
		set;                                    \
		EXPECT(#set, b, len, (want), (reason)); \
	} while (0)

	/* Sizes and file range. */
	SEG(wr(tp + P_MEMSZ, 8, t->filesz - 1), -EINVAL,
	    "segment p_filesz > p_memsz");
	SEG(wr(dp + P_FILESZ, 8, d->memsz + 1), -EINVAL,
	    "segment p_filesz > p_memsz");
	SEG((wr(dp + P_FILESZ, 8, len - d->offset + 1),
	     wr(dp + P_MEMSZ, 8, len - d->offset + 1 + d->memsz)),
	    -ENOEXEC, "segment past end of file");
	SEG(wr(dp + P_FILESZ, 8, len - d->offset), 0, NULL);
	SEG(wr(dp + P_OFFSET, 8, 0xfffffffffffff000ULL | (d->offset & 0xfff)),
	    -ENOEXEC, "segment past end of file");
	SEG((wr(dp + P_FILESZ, 8, UINT64_MAX), wr(dp + P_MEMSZ, 8, UINT64_MAX)),
	    -ENOEXEC, "segment past end of file");

	/* Addresses: kernel half, the limit exactly, wrap-around. */
	SEG(wr(tp + P_VADDR, 8, 0xffffffc000000000ULL | t->vaddr), -EINVAL,
	    "segment overlaps kernel half");
	SEG(wr(dp + P_VADDR, 8, 0xffffffff80200000ULL | (d->vaddr & 0xfff)),
	    -EINVAL, "segment overlaps kernel half");
	SEG(wr(dp + P_VADDR, 8, 0xfffffffffffff000ULL | (d->vaddr & 0xfff)),
	    -EINVAL, "segment overlaps kernel half");
	uint64_t hv = TEST_LIMIT - 2 * PAGE + (d->vaddr & 0xfff);
	SEG((wr(dp + P_VADDR, 8, hv), wr(dp + P_MEMSZ, 8, TEST_LIMIT - hv)), 0,
	    NULL);
	SEG((wr(dp + P_VADDR, 8, hv), wr(dp + P_MEMSZ, 8, TEST_LIMIT - hv + 1)),
	    -EINVAL, "segment overlaps kernel half");
	SEG(wr(dp + P_MEMSZ, 8, UINT64_MAX - d->vaddr + 2), -EINVAL,
	    "segment overlaps kernel half");

	/* A limit that is not page aligned counts only its whole pages. */
	struct elf_info info;
	memcpy(b, img, len);
	wr(dp + P_VADDR, 8, hv);
	wr(dp + P_MEMSZ, 8, TEST_LIMIT - hv + 0x10);
	CHECK_EQ_U64(parse_limit(b, len, TEST_LIMIT + 0x800, &info), -EINVAL);
	CHECK_EQ_U64(parse_limit(b, len, TEST_LIMIT + PAGE, &info), 0);
	CHECK_EQ_U64(info.brk_start, TEST_LIMIT + PAGE);
	/* The whole 64-bit space as the limit: the last page stays out. */
	uint64_t top = 0xffffffffffffe000ULL | (d->vaddr & 0xfff);
	wr(dp + P_VADDR, 8, top);
	wr(dp + P_MEMSZ, 8, 0xfffffffffffff800ULL - top);
	CHECK_EQ_U64(parse_limit(b, len, UINT64_MAX, &info), -EINVAL);
	wr(dp + P_MEMSZ, 8, 0xfffffffffffff000ULL - top);
	CHECK_EQ_U64(parse_limit(b, len, UINT64_MAX, &info), 0);
	CHECK_EQ_U64(info.brk_start, 0xfffffffffffff000ULL);

	/* Page 0, congruence, p_align. */
	SEG((wr(tp + P_VADDR, 8, t->vaddr & 0xfff),
	     wr(b + E_ENTRY, 8, m->entry - (t->vaddr & ~0xfffULL))),
	    -EPERM, "segment maps page 0");
	SEG(wr(tp + P_VADDR, 8, t->vaddr + 0x10), -EINVAL,
	    "p_vaddr and p_offset not congruent (p_align)");
	SEG(wr(dp + P_OFFSET, 8, d->offset + 8), -EINVAL,
	    "p_vaddr and p_offset not congruent (p_align)");
	SEG(wr(tp + P_ALIGN, 8, 0x1800), -EINVAL, "p_align not a power of two");
	SEG(wr(tp + P_ALIGN, 8, 0), 0, NULL);
	SEG(wr(tp + P_ALIGN, 8, 1), 0, NULL);
	SEG(wr(tp + P_ALIGN, 8, 8), 0, NULL);
	if (((t->vaddr - t->offset) & 0xffff) == 0)
		SEG(wr(tp + P_ALIGN, 8, 0x10000), 0, NULL);
	if (((t->vaddr - t->offset) & ((1ULL << 40) - 1)) != 0)
		SEG(wr(tp + P_ALIGN, 8, 1ULL << 40), -EINVAL,
		    "p_vaddr and p_offset not congruent (p_align)");

	/* Overlap at page granularity: same page, shared last page, adjacent. */
	SEG(wr(dp + P_VADDR, 8, (t->vaddr & ~0xfffULL) | (d->offset & 0xfff)),
	    -EINVAL, "PT_LOAD segments overlap");
	SEG(wr(dp + P_VADDR, 8, ((tend - 1) & ~0xfffULL) | (d->offset & 0xfff)),
	    -EINVAL, "PT_LOAD segments overlap");
	SEG(wr(dp + P_VADDR, 8, page_up(tend) | (d->offset & 0xfff)), 0, NULL);
	SEG(wr(tp + P_VADDR, 8, d->vaddr - (d->vaddr & 0xfff)), -EINVAL,
	    "PT_LOAD segments overlap");

	/* W^X, and the entry point. */
	SEG(wr(tp + P_FLAGS, 4, PF_R | PF_W | PF_X), -EINVAL,
	    "segment writable and executable");
	SEG(wr(dp + P_FLAGS, 4, PF_R | PF_W | PF_X), -EINVAL,
	    "segment writable and executable");
	SEG(wr(dp + P_FLAGS, 4, PF_W | PF_X), -EINVAL,
	    "segment writable and executable");
	SEG(wr(tp + P_FLAGS, 4, PF_R), -EINVAL,
	    "entry point not in an executable segment");
	SEG(wr(b + E_ENTRY, 8, d->vaddr), -EINVAL,
	    "entry point not in an executable segment");
	SEG(wr(b + E_ENTRY, 8, tend), -EINVAL,
	    "entry point not in an executable segment");
	SEG(wr(b + E_ENTRY, 8, t->vaddr - 1), -EINVAL,
	    "entry point not in an executable segment");
	SEG(wr(b + E_ENTRY, 8, tend - 1), 0, NULL);
	SEG(wr(b + E_ENTRY, 8, t->vaddr), 0, NULL);

	/* No loadable segment at all: gone, or all empty. */
	SEG((wr(tp + P_TYPE, 4, PT_NULL), wr(dp + P_TYPE, 4, PT_NULL)),
	    -ENOEXEC, "no loadable segment");
	SEG((wr(tp + P_FILESZ, 8, 0), wr(tp + P_MEMSZ, 8, 0),
	     wr(dp + P_FILESZ, 8, 0), wr(dp + P_MEMSZ, 8, 0)),
	    -ENOEXEC, "no loadable segment");
	/* A non-LOAD header turned into PT_INTERP. */
	for (int i = 0; i < m->phnum; i++) {
		uint8_t *ph = b + m->phoff + (size_t)i * PHDR_SIZE;

		SEG(wr(ph + P_TYPE, 4, PT_INTERP), -ENOEXEC,
		    "PT_INTERP: dynamic executables not supported");
	}
#undef SEG
	free(b);
}

/* Extra program headers appended in a relocated table. */
static void
check_extra_phdrs(const uint8_t *img, size_t len, const struct model *m)
{
	static uint8_t extra[ELF_MAX_SEGS + 2][PHDR_SIZE];
	struct elf_info info;
	size_t n;
	uint8_t *b;
	int have = 0;

	for (int i = 0; i < m->nloads; i++)
		have += m->loads[i].memsz > 0;

	/* The table is no longer inside a segment: no AT_PHDR. */
	b = with_phdrs(img, len, extra, 0, &n);
	CHECK_EQ_U64(parse_exact(b, n, &info), 0);
	CHECK_EQ_U64(info.phdr_vaddr, 0);
	free(b);

	make_phdr(extra[0], PT_INTERP, PF_R, 0, 0, 1, 1, 1);
	b = with_phdrs(img, len, extra, 1, &n);
	EXPECT("PT_INTERP added", b, n, -ENOEXEC,
	       "PT_INTERP: dynamic executables not supported");
	free(b);

	/* PT_INTERP is reported before a bad segment is looked at. */
	make_phdr(extra[0], PT_LOAD, PF_R | PF_W | PF_X, 0, 0x40000000, 0,
		  0x1000, 0x1000);
	make_phdr(extra[1], PT_INTERP, PF_R, 0, 0, 1, 1, 1);
	b = with_phdrs(img, len, extra, 2, &n);
	EXPECT("W+X then PT_INTERP", b, n, -ENOEXEC,
	       "PT_INTERP: dynamic executables not supported");
	free(b);
	b = with_phdrs(img, len, extra, 1, &n);
	EXPECT("W+X segment added", b, n, -EINVAL,
	       "segment writable and executable");
	free(b);

	/* PT_TLS and PT_GNU_STACK are recorded; the last GNU_STACK wins. */
	make_phdr(extra[0], PT_TLS, PF_R, 0x100, 0x10100, 0x10, 0x40, 0x20);
	make_phdr(extra[1], PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0, 16);
	make_phdr(extra[2], PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
	b = with_phdrs(img, len, extra, 3, &n);
	CHECK_EQ_U64(parse_exact(b, n, &info), 0);
	CHECK(info.has_tls && info.has_gnu_stack);
	CHECK_EQ_U64(info.tls_vaddr, 0x10100);
	CHECK_EQ_U64(info.tls_filesz, 0x10);
	CHECK_EQ_U64(info.tls_memsz, 0x40);
	CHECK_EQ_U64(info.tls_align, 0x20);
	CHECK_EQ_U64(info.stack_prot, ELF_PROT_R | ELF_PROT_W);
	free(b);
	make_phdr(extra[1], PT_TLS, PF_R, 0x100, 0x10100, 0x10, 0x40, 0x20);
	b = with_phdrs(img, len, extra, 2, &n);
	EXPECT("two PT_TLS", b, n, -EINVAL, "more than one PT_TLS");
	free(b);

	/* Empty PT_LOADs map nothing, even at page 0 or past the limit. */
	make_phdr(extra[0], PT_LOAD, PF_R | PF_W | PF_X, 0, 0, 0, 0, 0x1000);
	make_phdr(extra[1], PT_LOAD, PF_R, 0, UINT64_MAX, 0, 0, 0x1000);
	b = with_phdrs(img, len, extra, 2, &n);
	CHECK_EQ_U64(parse_exact(b, n, &info), 0);
	CHECK_EQ_U64(info.nsegs, have);
	free(b);

	/* Up to ELF_MAX_SEGS bss-like segments, then one too many. */
	for (int i = 0; i < ELF_MAX_SEGS + 1; i++)
		make_phdr(extra[i], PT_LOAD, PF_R, 0,
			  0x1000000 + (uint64_t)i * 0x2000, 0, 0x1000, 0x1000);
	b = with_phdrs(img, len, extra, ELF_MAX_SEGS - have, &n);
	CHECK_EQ_U64(parse_exact(b, n, &info), 0);
	CHECK_EQ_U64(info.nsegs, ELF_MAX_SEGS);
	check_invariants(&info, n);
	free(b);
	b = with_phdrs(img, len, extra, ELF_MAX_SEGS - have + 1, &n);
	EXPECT("too many PT_LOAD", b, n, -ENOEXEC, "too many PT_LOAD segments");
	free(b);
	/* Sharing a page with a segment added later is found too. */
	make_phdr(extra[0], PT_LOAD, PF_R, 0, m->entry & ~0xfffULL, 0, 1,
		  0x1000);
	b = with_phdrs(img, len, extra, 1, &n);
	EXPECT("overlap with added", b, n, -EINVAL, "PT_LOAD segments overlap");
	free(b);
}

/* Every prefix of the file, and the file with bytes appended. */
static void
check_truncations(const uint8_t *img, size_t len, const struct model *m)
{
	size_t need = needed_len(m), phend = m->phoff + m->phnum * PHDR_SIZE;
	uint8_t *b = calloc(1, len + 64);
	struct elf_info info;

	CHECK(need <= len);
	for (size_t n = 0; n <= len; n++) {
		int r = parse_exact(img, n, &info);

		CHECK_EQ_U64(r, n >= need ? 0 : -ENOEXEC);
		if (n < 64 && r != -ENOEXEC)
			fprintf(stderr, "  at length %zu\n", n);
		if (n >= 4 && n < 64)
			CHECK_STREQ(info.reason, "truncated ELF header");
		else if (n >= 64 && n < phend)
			CHECK_STREQ(info.reason,
				    "program headers past end of file");
		else if (n >= phend && n < need)
			CHECK_STREQ(info.reason, "segment past end of file");
	}
	if (b == NULL)
		abort();
	memcpy(b, img, len);
	for (size_t extra = 1; extra <= 64; extra *= 2)
		EXPECT("appended zeros", b, len + extra, 0, NULL);
	free(b);
}

/* Random bytes in random places: any verdict, but never a bad read. */
static void
check_mutations(const uint8_t *img, size_t len, const struct model *m,
		int rounds)
{
	static const uint64_t nasty[] = {
		0,
		1,
		0x1000,
		0xfff,
		UINT64_MAX,
		UINT64_MAX - 0xfff,
		0x8000000000000000ULL,
		TEST_LIMIT,
		TEST_LIMIT - 1,
		0x38,
		0x40,
	};
	size_t hot = m->phoff + (size_t)m->phnum * PHDR_SIZE;
	uint8_t *b = malloc(len);
	unsigned accepted = 0;

	if (b == NULL)
		abort();
	for (int round = 0; round < rounds; round++) {
		struct elf_info info;
		size_t n = len;
		int r;

		memcpy(b, img, len);
		for (int k = 1 + (int)(unit_rng() % 4); k > 0; k--) {
			size_t at = unit_rng() % 4 ? unit_rng() % hot
						   : unit_rng() % len;

			if (unit_rng() % 3 == 0 && at + 8 <= len)
				wr(b + (at & ~(size_t)7), 8,
				   nasty[unit_rng() % ARRAY_SIZE(nasty)]);
			else
				b[at] = (uint8_t)unit_rng();
		}
		if (unit_rng() % 8 == 0)
			n = unit_rng() % (len + 1);
		r = parse_exact(b, n, &info);
		CHECK(r == 0 || r == -ENOEXEC || r == -EINVAL || r == -EPERM);
		if (r == 0) {
			accepted++;
			check_invariants(&info, n);
		} else {
			CHECK(info.reason != NULL);
		}
	}
	/* Most damage is somewhere harmless or caught; both must happen. */
	fprintf(stderr, "  mutations: %u of %d still valid\n", accepted,
		rounds);
	CHECK(accepted > 0 && accepted < (unsigned)rounds);
	free(b);
}

static void
test_program(const char *elf_path, const char *readelf_path)
{
	size_t len = 0, tlen = 0;
	uint8_t *file = unit_read_file(elf_path, &len), *img;
	uint8_t *text = unit_read_file(readelf_path, &tlen);
	struct model m, r;

	CHECK(file != NULL && text != NULL);
	if (file == NULL || text == NULL || len < 64) {
		fprintf(stderr, "%s, %s: cannot read\n", elf_path,
			readelf_path);
		goto out;
	}
	img = unit_dup(file, len);
	model_from_image(img, &m);
	CHECK(model_from_readelf((const char *)text, &r));
	/* The two oracles agree before either judges elf_parse(). */
	CHECK_EQ_U64(m.entry, r.entry);
	CHECK_EQ_U64(m.flags, r.flags);
	CHECK_EQ_U64(m.phnum, r.phnum);
	CHECK_EQ_U64(m.phoff, r.phoff);
	CHECK_EQ_U64(m.gnu_stack, r.gnu_stack);
	CHECK_EQ_U64(m.nloads, r.nloads);
	for (int i = 0; i < m.nloads && i < r.nloads; i++) {
		CHECK_EQ_U64(m.loads[i].offset, r.loads[i].offset);
		CHECK_EQ_U64(m.loads[i].vaddr, r.loads[i].vaddr);
		CHECK_EQ_U64(m.loads[i].filesz, r.loads[i].filesz);
		CHECK_EQ_U64(m.loads[i].memsz, r.loads[i].memsz);
		CHECK_EQ_U64(m.loads[i].align, r.loads[i].align);
		CHECK_EQ_U64(m.loads[i].flags, r.loads[i].flags);
	}
	CHECK(m.nloads >= 1);
	if ((m.flags & EF_RISCV_FLOAT_ABI_MASK) == EF_RISCV_FLOAT_ABI_DOUBLE)
		CHECK(strstr((const char *)text, "double-float ABI") != NULL);
	else
		CHECK(strstr((const char *)text, "soft-float ABI") != NULL);

	check_real_parse(elf_path, img, len, &m);
	check_header_damage(img, len, &m);
	check_segment_damage(img, len, &m);
	check_extra_phdrs(img, len, &m);
	check_truncations(img, len, &m);
	check_mutations(img, len, &m, MUTATIONS);
	free(img);
out:
	free(file);
	free(text);
}

/* The host's own executable is an ELF, but not for RISC-V. */
static void
test_host_exe(void)
{
	size_t len = 0;
	uint8_t *file = unit_read_file("/proc/self/exe", &len);

	if (file == NULL || len < 64) {
		fprintf(stderr, "/proc/self/exe unreadable, skipped\n");
		free(file);
		return;
	}
	if (rd(file + E_MACHINE, 2) != EM_RISCV)
		EXPECT("/proc/self/exe", file, len, -ENOEXEC, "not RISC-V");
	else /* a RISC-V host: its test binary is PIE or dynamic */
		EXPECT("/proc/self/exe", file, len, -ENOEXEC, NULL);
	free(file);
}

/* Not ELF at all: empty, a script, a few bytes. */
static void
test_not_elf(void)
{
	static const uint8_t script[] = "#!/bin/sh\necho hello\n";
	static const uint8_t magic[] = { 0x7f, 'E', 'L', 'F' };

	EXPECT("empty", magic, 0, -ENOEXEC, "truncated ELF header");
	EXPECT("script", script, sizeof(script) - 1, -ENOEXEC,
	       "not an ELF file");
	EXPECT("one wrong byte", script, 1, -ENOEXEC, "not an ELF file");
	EXPECT("bare magic", magic, sizeof(magic), -ENOEXEC,
	       "truncated ELF header");
}

int
main(int argc, char **argv)
{
	test_not_elf();
	test_host_exe();

	unit_rng_seed(0x9e3779b97f4a7c15ULL);
	for (int i = 1; i + 1 < argc; i += 2)
		test_program(argv[i], argv[i + 1]);
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: %s PROG.elf PROG.readelf ...\n",
			argv[0]);
		return unit_done() ? 1 : UNIT_SKIP;
	}
	return unit_done();
}
