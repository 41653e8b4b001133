/*
 * user/tests/startup.c - what a new program finds: argv as given and NULL
 * after it, environ set up, and the auxiliary vector entries Sluice's crt0
 * and programs rely on: AT_PAGESZ 4096; AT_PHDR, AT_PHENT and AT_PHNUM
 * describing this program's own program headers (mapped at 0x10000 with
 * the ELF header); AT_ENTRY == _start; AT_RANDOM pointing at 16 bytes.
 * Run it with the arguments  one "two words".
 */
#include <stdio.h>
#include <string.h>

#include <uapi/auxvec.h>

#include "check.h"
#include "start.h"

int main(int argc, char **argv, char **envp);

void _start(void);

/* The ELF header at the start of the text segment (user.ld). */
struct elf_head {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum;
};

static void
auxv(void)
{
	const struct elf_head *eh = (const struct elf_head *)0x10000UL;
	const uint8_t *rnd = (const uint8_t *)getauxval(AT_RANDOM);
	static const uint8_t zero[16];

	check_value("AT_PAGESZ", getauxval(AT_PAGESZ), 4096);
	check_true("the ELF header is mapped at 0x10000",
		   memcmp(eh->ident, "\177ELF", 4) == 0);
	check_true("AT_PHDR is where the program headers are",
		   getauxval(AT_PHDR) == 0x10000UL + eh->phoff);
	check_value("AT_PHENT", getauxval(AT_PHENT), eh->phentsize);
	check_true("AT_PHNUM is the ELF header's count",
		   getauxval(AT_PHNUM) == eh->phnum);
	check_true("AT_ENTRY is _start",
		   getauxval(AT_ENTRY) == (unsigned long)_start);
	check_true("AT_RANDOM points at 16 bytes, not all zero",
		   rnd && memcmp(rnd, zero, 16) != 0);
}

int
main(int argc, char **argv, char **envp)
{
	int i;

	printf("argc = %d\n", argc);
	for (i = 1; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	check_true("argv[argc] is NULL", argv[argc] == NULL);
	check_true("argv[0] is a non-empty string", argv[0] && argv[0][0]);
	check_true("environ is main's envp", environ == envp);
	auxv();
	return check_exit();
}
