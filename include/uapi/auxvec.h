/*
 * include/uapi/auxvec.h - the auxiliary vector: (type, value) pairs of
 * 64-bit words the kernel puts on a new program's stack after envp's NULL,
 * ended by an AT_NULL pair (linux/auxvec.h, riscv's asm/auxvec.h).
 */
#ifndef SLUICE_UAPI_AUXVEC_H
#define SLUICE_UAPI_AUXVEC_H

#define AT_NULL		 0 /* end of vector */
#define AT_IGNORE	 1 /* entry should be ignored */
#define AT_EXECFD	 2 /* file descriptor of program */
#define AT_PHDR		 3 /* program headers of program */
#define AT_PHENT	 4 /* size of a program header entry */
#define AT_PHNUM	 5 /* number of program headers */
#define AT_PAGESZ	 6 /* system page size */
#define AT_BASE		 7 /* base address of interpreter */
#define AT_FLAGS	 8
#define AT_ENTRY	 9 /* entry point of program */
#define AT_NOTELF	 10
#define AT_UID		 11
#define AT_EUID		 12
#define AT_GID		 13
#define AT_EGID		 14
#define AT_PLATFORM	 15 /* string identifying the CPU */
#define AT_HWCAP	 16 /* ISA letters: bit ('x' - 'a') per extension */
#define AT_CLKTCK	 17 /* frequency of times() */
#define AT_SECURE	 23
#define AT_BASE_PLATFORM 24
#define AT_RANDOM	 25 /* address of 16 random bytes */
#define AT_HWCAP2	 26
#define AT_EXECFN	 31 /* filename of program */
#define AT_SYSINFO_EHDR	 33 /* address of the vDSO's ELF header */
#define AT_MINSIGSTKSZ	 51

/* riscv64's cache geometry entries */
#define AT_L1I_CACHESIZE     40
#define AT_L1I_CACHEGEOMETRY 41
#define AT_L1D_CACHESIZE     42
#define AT_L1D_CACHEGEOMETRY 43
#define AT_L2_CACHESIZE	     44
#define AT_L2_CACHEGEOMETRY  45

#endif /* SLUICE_UAPI_AUXVEC_H */
