/*
 * kernel/elf.h - validating an ELF64 RISC-V executable for execve.
 *
 * elf_parse() reads an executable image held in memory and either refuses
 * it with a reason or returns, in struct elf_info, everything execve needs
 * to map it: the entry point, the PT_LOAD segments with their protections,
 * where the program headers land in user memory (AT_PHDR) and where the
 * heap may start.  It maps and copies nothing itself.
 *
 * Format: System V ABI (gABI) chapters 4 "Object Files" and 5 "Program
 * Loading"; the RISC-V ELF psABI for EM_RISCV and the e_flags bits.  Every
 * multi-byte field is assembled from little-endian bytes, so the image may
 * sit at any alignment, and every read is bounds-checked against size: no
 * input, however damaged, makes elf_parse() read outside [image, image+size).
 *
 * Accepted: ELFCLASS64, ELFDATA2LSB, EV_CURRENT, EM_RISCV, ET_EXEC (static,
 * non-PIE), soft or double float ABI, at most ELF_MAX_PHNUM program headers
 * and ELF_MAX_SEGS non-empty PT_LOAD segments.  A PT_LOAD with p_memsz 0
 * maps nothing: its sizes and file range are checked, then it is skipped.
 *
 * Errors, each with a static string in info->reason.  The numbers follow
 * what Linux's execve (fs/binfmt_elf.c) returns for the same file where
 * Linux refuses it too; where Linux would accept the file and Sluice does
 * not, the choice is explained:
 *
 *   -ENOEXEC  not an executable Sluice can run, and trying another format
 *             would be no better (Linux: every "not this binfmt" path):
 *             image shorter than the ELF header or than the program header
 *             table; bad magic; not ELFCLASS64; not little-endian; bad
 *             version; e_machine is not EM_RISCV; ET_DYN ("PIE / shared
 *             object": Linux loads it, Sluice has no relocating loader) or
 *             any other e_type; single or quad float ABI; e_phentsize not
 *             56; e_phnum 0 or above ELF_MAX_PHNUM, or the table outside
 *             the image (Linux's load_elf_phdrs() fails these); PT_INTERP
 *             (dynamically linked: Linux loads the interpreter, Sluice has
 *             none); a PT_LOAD whose file bytes lie past the end of the
 *             image (a truncated file: Linux maps it and the program dies
 *             of SIGBUS later, Sluice refuses it up front); no non-empty
 *             PT_LOAD; more than ELF_MAX_SEGS of them.
 *   -EINVAL   the headers contradict themselves or the address space
 *             (Linux returns -EINVAL from load_elf_binary() for the first
 *             three, and mmap's -EINVAL for a misaligned offset):
 *             p_filesz > p_memsz; p_vaddr + p_memsz overflows or passes
 *             user_limit ("segment overlaps kernel half"); entry point not
 *             inside an executable segment (Linux checks only that it is
 *             below TASK_SIZE); p_vaddr and p_offset not congruent modulo
 *             the page size or p_align, p_align not a power of two; two
 *             PT_LOAD segments sharing a page; a segment both writable and
 *             executable (W^X: Linux maps it, Sluice never does); a second
 *             PT_TLS (gABI allows one).
 *   -EPERM    a segment would map page 0 (Linux: mmap_min_addr refuses the
 *             mapping with -EPERM), which would make NULL dereferences in
 *             user space silently succeed.
 *
 * Lock legend: no locks: caller serialises.  elf_parse() only reads the
 * image and writes *info, so calls on different elf_info are independent.
 * It does not sleep and allocates nothing; struct elf_info is 744
 * bytes (host and rv64), small enough for a kernel stack.
 */
#ifndef SLUICE_KERNEL_ELF_H
#define SLUICE_KERNEL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- ELF64 file structures (gABI ch. 4 "ELF Header", ch. 5) ---- */

#define EI_NIDENT 16

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr is 56 bytes");

/* e_ident[] indices and values (gABI "ELF Identification"). */
#define EI_MAG0	    0
#define EI_CLASS    4
#define EI_DATA	    5
#define EI_VERSION  6
#define ELFMAG0	    0x7f
#define ELFMAG1	    'E'
#define ELFMAG2	    'L'
#define ELFMAG3	    'F'
#define ELFCLASS32  1
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT  1

/* e_type */
#define ET_REL	1
#define ET_EXEC 2
#define ET_DYN	3
#define ET_CORE 4

/* e_machine (psABI "ELF Object Files": EM_RISCV) */
#define EM_RISCV 243

/* e_flags (RISC-V psABI "File Header") */
#define EF_RISCV_RVC		  0x0001
#define EF_RISCV_FLOAT_ABI_MASK	  0x0006
#define EF_RISCV_FLOAT_ABI_SOFT	  0x0000
#define EF_RISCV_FLOAT_ABI_SINGLE 0x0002
#define EF_RISCV_FLOAT_ABI_DOUBLE 0x0004
#define EF_RISCV_FLOAT_ABI_QUAD	  0x0006
#define EF_RISCV_RVE		  0x0008
#define EF_RISCV_TSO		  0x0010

/* p_type */
#define PT_NULL		    0
#define PT_LOAD		    1
#define PT_DYNAMIC	    2
#define PT_INTERP	    3
#define PT_NOTE		    4
#define PT_PHDR		    6
#define PT_TLS		    7
#define PT_GNU_STACK	    0x6474e551
#define PT_RISCV_ATTRIBUTES 0x70000003

/* p_flags */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* ---- What elf_parse() reports ---- */

#define ELF_PAGE_SIZE 4096u /* Sv39 base page: the mapping granule */
#define ELF_MAX_PHNUM 64    /* larger tables are refused */
#define ELF_MAX_SEGS  16    /* non-empty PT_LOAD segments */

/* Segment protections; the same values as PROT_READ/WRITE/EXEC. */
#define ELF_PROT_R 0x1u
#define ELF_PROT_W 0x2u
#define ELF_PROT_X 0x4u

/*
 * One PT_LOAD segment: memsz bytes at vaddr, of which the first filesz
 * come from the image at offset and the rest are zero.  The page span
 * [vaddr rounded down, vaddr + memsz rounded up) is what gets mapped;
 * elf_parse() guarantees the spans of different segments are disjoint.
 */
struct elf_segment {
	uint64_t vaddr, memsz, offset, filesz;
	uint32_t prot; /* ELF_PROT_R/W/X, never both W and X */
};

struct elf_info {
	uint64_t entry;
	int nsegs; /* 1..ELF_MAX_SEGS, in program header order */
	struct elf_segment segs[ELF_MAX_SEGS];
	/*
	 * For AT_PHDR: vaddr where the program headers are mapped, 0 if the
	 * table is not wholly inside the file part of a PT_LOAD.
	 */
	uint64_t phdr_vaddr;
	uint16_t phnum, phentsize; /* AT_PHNUM, AT_PHENT */
	uint64_t brk_start;	   /* page-aligned end of the highest segment */
	uint32_t e_flags;	   /* as in the header */
	uint32_t float_abi;	   /* EF_RISCV_FLOAT_ABI_SOFT or _DOUBLE */
	/*
	 * PT_GNU_STACK (the last one wins, as on Linux).  Recorded only: a
	 * request for an executable stack is execve's to refuse or ignore.
	 */
	bool has_gnu_stack;
	uint32_t stack_prot; /* ELF_PROT_*; 0 when !has_gnu_stack */
	/* PT_TLS template, recorded for information only. */
	bool has_tls;
	uint64_t tls_vaddr, tls_filesz, tls_memsz, tls_align;
	/* A static human-readable reason on error, NULL on success. */
	const char *reason;
};

/*
 * Validates the executable in image[0..size) for a user address space
 * [0, user_limit) and fills *info.  user_limit is rounded down to a page
 * boundary.  Returns 0, or -ENOEXEC, -EINVAL or -EPERM as listed at the top
 * of this file, with info->reason set; on error the other fields of *info
 * are unspecified.  Any context; does not sleep.
 */
int elf_parse(const void *image, size_t size, uint64_t user_limit,
	      struct elf_info *info);

#endif /* SLUICE_KERNEL_ELF_H */
