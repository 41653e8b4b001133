/*
 * kernel/elf.c - ELF64 executable validation for execve.
 *
 * Owns nothing but code: the image belongs to the caller and is only read.
 * The checks run in the order a reader would: identification, the rest of
 * the ELF header, the program header table, the non-loadable program
 * headers (so a dynamic executable is named as such before its segments are
 * judged), each PT_LOAD, and last the facts that need all segments (entry
 * point, AT_PHDR, brk).  Every offset taken from the file is compared with
 * what is left of the image before it is added to anything, so no sum can
 * wrap and no read can leave the image.
 *
 * Lock legend: no locks: caller serialises.  See elf.h.
 */
#include "kernel/elf.h"

#include <uapi/errno.h>
#include <uapi/mman.h>

_Static_assert(ELF_PROT_R == PROT_READ && ELF_PROT_W == PROT_WRITE &&
		   ELF_PROT_X == PROT_EXEC,
	       "segment protections are handed to the mapper unchanged");

#define PAGE_MASK ((uint64_t)ELF_PAGE_SIZE - 1)

/* ---- Little-endian field decoding (any alignment, any host) ---- */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t
get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* p must have sizeof(struct elf64_ehdr) readable bytes. */
static void
read_ehdr(const uint8_t *p, struct elf64_ehdr *h)
{
	for (int i = 0; i < EI_NIDENT; i++)
		h->e_ident[i] = p[i];
	h->e_type = get16(p + 16);
	h->e_machine = get16(p + 18);
	h->e_version = get32(p + 20);
	h->e_entry = get64(p + 24);
	h->e_phoff = get64(p + 32);
	h->e_shoff = get64(p + 40);
	h->e_flags = get32(p + 48);
	h->e_ehsize = get16(p + 52);
	h->e_phentsize = get16(p + 54);
	h->e_phnum = get16(p + 56);
	h->e_shentsize = get16(p + 58);
	h->e_shnum = get16(p + 60);
	h->e_shstrndx = get16(p + 62);
}

/* p must have sizeof(struct elf64_phdr) readable bytes. */
static void
read_phdr(const uint8_t *p, struct elf64_phdr *ph)
{
	ph->p_type = get32(p);
	ph->p_flags = get32(p + 4);
	ph->p_offset = get64(p + 8);
	ph->p_vaddr = get64(p + 16);
	ph->p_paddr = get64(p + 24);
	ph->p_filesz = get64(p + 32);
	ph->p_memsz = get64(p + 40);
	ph->p_align = get64(p + 48);
}

static uint64_t
page_down(uint64_t a)
{
	return a & ~PAGE_MASK;
}

/* Callers ensure a <= UINT64_MAX - PAGE_MASK. */
static uint64_t
page_up(uint64_t a)
{
	return (a + PAGE_MASK) & ~PAGE_MASK;
}

static uint32_t
prot_of(uint32_t p_flags)
{
	return ((p_flags & PF_R) ? ELF_PROT_R : 0) |
	       ((p_flags & PF_W) ? ELF_PROT_W : 0) |
	       ((p_flags & PF_X) ? ELF_PROT_X : 0);
}

static int
fail(struct elf_info *info, int err, const char *reason)
{
	info->reason = reason;
	return err;
}

/* ---- The ELF header ---- */

/* The first min(size, 4) bytes must be the magic; then the whole header. */
static int
check_magic(const uint8_t *img, size_t size, struct elf_info *info)
{
	static const uint8_t magic[4] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3 };

	for (size_t i = 0; i < 4 && i < size; i++)
		if (img[EI_MAG0 + i] != magic[i])
			return fail(info, -ENOEXEC, "not an ELF file");
	if (size < sizeof(struct elf64_ehdr))
		return fail(info, -ENOEXEC, "truncated ELF header");
	return 0;
}

static int
check_ident(const struct elf64_ehdr *h, struct elf_info *info)
{
	if (h->e_ident[EI_CLASS] == ELFCLASS32)
		return fail(info, -ENOEXEC, "ELFCLASS32");
	if (h->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(info, -ENOEXEC, "bad ELF class");
	if (h->e_ident[EI_DATA] == ELFDATA2MSB)
		return fail(info, -ENOEXEC, "big-endian");
	if (h->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(info, -ENOEXEC, "bad ELF data encoding");
	if (h->e_ident[EI_VERSION] != EV_CURRENT || h->e_version != EV_CURRENT)
		return fail(info, -ENOEXEC, "bad ELF version");
	return 0;
}

static int
check_ehdr(const struct elf64_ehdr *h, size_t size, struct elf_info *info)
{
	uint32_t fabi = h->e_flags & EF_RISCV_FLOAT_ABI_MASK;

	if (h->e_machine != EM_RISCV)
		return fail(info, -ENOEXEC, "not RISC-V");
	if (h->e_type == ET_DYN)
		return fail(info, -ENOEXEC,
			    "ET_DYN: PIE or shared object, not supported");
	if (h->e_type != ET_EXEC)
		return fail(info, -ENOEXEC, "not an executable (e_type)");
	if (fabi != EF_RISCV_FLOAT_ABI_SOFT &&
	    fabi != EF_RISCV_FLOAT_ABI_DOUBLE)
		return fail(info, -ENOEXEC,
			    "float ABI neither soft nor double");
	if (h->e_phentsize != sizeof(struct elf64_phdr))
		return fail(info, -ENOEXEC, "e_phentsize is not 56");
	if (h->e_phnum == 0)
		return fail(info, -ENOEXEC, "no program headers");
	if (h->e_phnum > ELF_MAX_PHNUM)
		return fail(info, -ENOEXEC, "too many program headers");
	if (h->e_phoff > size ||
	    (uint64_t)h->e_phnum * sizeof(struct elf64_phdr) >
		size - h->e_phoff)
		return fail(info, -ENOEXEC, "program headers past end of file");
	return 0;
}

/* ---- Program headers ---- */

/* Everything but PT_LOAD: refuses PT_INTERP, records stack and TLS. */
static int
scan_other(const struct elf64_phdr *ph, struct elf_info *info)
{
	switch (ph->p_type) {
	case PT_INTERP:
		return fail(info, -ENOEXEC,
			    "PT_INTERP: dynamic executables not supported");
	case PT_GNU_STACK:
		info->has_gnu_stack = true;
		info->stack_prot = prot_of(ph->p_flags);
		return 0;
	case PT_TLS:
		if (info->has_tls)
			return fail(info, -EINVAL, "more than one PT_TLS");
		info->has_tls = true;
		info->tls_vaddr = ph->p_vaddr;
		info->tls_filesz = ph->p_filesz;
		info->tls_memsz = ph->p_memsz;
		info->tls_align = ph->p_align;
		return 0;
	default:
		return 0;
	}
}

/*
 * One PT_LOAD on its own: sizes, file range, address range (limit is page
 * aligned), alignment, W^X, page 0.
 */
static int
check_load(const struct elf64_phdr *ph, size_t size, uint64_t limit,
	   struct elf_info *info)
{
	uint64_t align = ELF_PAGE_SIZE;

	if (ph->p_filesz > ph->p_memsz)
		return fail(info, -EINVAL, "segment p_filesz > p_memsz");
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return fail(info, -ENOEXEC, "segment past end of file");
	if (ph->p_memsz == 0)
		return 0;
	if (ph->p_vaddr > limit || ph->p_memsz > limit - ph->p_vaddr)
		return fail(info, -EINVAL, "segment overlaps kernel half");
	if (ph->p_align > 1 && (ph->p_align & (ph->p_align - 1)) != 0)
		return fail(info, -EINVAL, "p_align not a power of two");
	if (ph->p_align > align)
		align = ph->p_align;
	/* gABI: p_vaddr == p_offset modulo p_align; mmap needs the page. */
	if (((ph->p_vaddr - ph->p_offset) & (align - 1)) != 0)
		return fail(info, -EINVAL,
			    "p_vaddr and p_offset not congruent (p_align)");
	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		return fail(info, -EINVAL, "segment writable and executable");
	if (ph->p_vaddr < ELF_PAGE_SIZE)
		return fail(info, -EPERM, "segment maps page 0");
	return 0;
}

/* Appends a checked, non-empty PT_LOAD unless it shares a page. */
static int
add_load(const struct elf64_phdr *ph, struct elf_info *info)
{
	uint64_t lo = page_down(ph->p_vaddr);
	uint64_t hi = page_up(ph->p_vaddr + ph->p_memsz);
	struct elf_segment *s;

	for (int i = 0; i < info->nsegs; i++) {
		s = &info->segs[i];
		if (lo < page_up(s->vaddr + s->memsz) &&
		    page_down(s->vaddr) < hi)
			return fail(info, -EINVAL, "PT_LOAD segments overlap");
	}
	if (info->nsegs == ELF_MAX_SEGS)
		return fail(info, -ENOEXEC, "too many PT_LOAD segments");
	s = &info->segs[info->nsegs++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->prot = prot_of(ph->p_flags);
	return 0;
}

static int
scan_phdrs(const uint8_t *img, size_t size, uint64_t limit,
	   const struct elf64_ehdr *h, struct elf_info *info)
{
	struct elf64_phdr ph;
	int err;

	for (int i = 0; i < h->e_phnum; i++) {
		read_phdr(img + h->e_phoff + (size_t)i * sizeof(ph), &ph);
		if (ph.p_type != PT_LOAD && (err = scan_other(&ph, info)) < 0)
			return err;
	}
	for (int i = 0; i < h->e_phnum; i++) {
		read_phdr(img + h->e_phoff + (size_t)i * sizeof(ph), &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if ((err = check_load(&ph, size, limit, info)) < 0)
			return err;
		if (ph.p_memsz != 0 && (err = add_load(&ph, info)) < 0)
			return err;
	}
	if (info->nsegs == 0)
		return fail(info, -ENOEXEC, "no loadable segment");
	return 0;
}

/* ---- Facts about the whole image ---- */

static bool
entry_is_executable(const struct elf_info *info)
{
	for (int i = 0; i < info->nsegs; i++) {
		const struct elf_segment *s = &info->segs[i];

		if ((s->prot & ELF_PROT_X) && info->entry >= s->vaddr &&
		    info->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

/* Where the table lands if a segment's file bytes contain all of it. */
static uint64_t
find_phdr_vaddr(const struct elf64_ehdr *h, const struct elf_info *info)
{
	uint64_t len = (uint64_t)h->e_phnum * sizeof(struct elf64_phdr);

	for (int i = 0; i < info->nsegs; i++) {
		const struct elf_segment *s = &info->segs[i];

		if (h->e_phoff >= s->offset && len <= s->filesz &&
		    h->e_phoff - s->offset <= s->filesz - len)
			return s->vaddr + (h->e_phoff - s->offset);
	}
	return 0;
}

static uint64_t
find_brk(const struct elf_info *info)
{
	uint64_t end = 0;

	for (int i = 0; i < info->nsegs; i++) {
		uint64_t e = page_up(info->segs[i].vaddr + info->segs[i].memsz);

		if (e > end)
			end = e;
	}
	return end;
}

int
elf_parse(const void *image, size_t size, uint64_t user_limit,
	  struct elf_info *info)
{
	const uint8_t *img = image;
	uint64_t limit = page_down(user_limit);
	struct elf64_ehdr h;
	int err;

	*info = (struct elf_info){ 0 };
	if ((err = check_magic(img, size, info)) < 0)
		return err;
	read_ehdr(img, &h);
	if ((err = check_ident(&h, info)) < 0 ||
	    (err = check_ehdr(&h, size, info)) < 0 ||
	    (err = scan_phdrs(img, size, limit, &h, info)) < 0)
		return err;

	info->entry = h.e_entry;
	if (!entry_is_executable(info))
		return fail(info, -EINVAL,
			    "entry point not in an executable segment");
	info->e_flags = h.e_flags;
	info->float_abi = h.e_flags & EF_RISCV_FLOAT_ABI_MASK;
	info->phnum = h.e_phnum;
	info->phentsize = h.e_phentsize;
	info->phdr_vaddr = find_phdr_vaddr(&h, info);
	info->brk_start = find_brk(info);
	return 0;
}
