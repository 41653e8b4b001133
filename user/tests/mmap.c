/*
 * user/tests/mmap.c - anonymous private mappings: page-aligned, zeroed,
 * writable; MAP_FIXED over part of one replaces just those pages with zero
 * pages at exactly that address; munmap returns 0.  Invalid requests are
 * EINVAL: length 0, a misaligned MAP_FIXED address, no map type, munmap of
 * a misaligned address or length 0; a file mapping of a bad fd is EBADF.
 * (Touching memory after munmap would kill the test; it is not done.)
 */
#include <stdio.h>
#include <string.h>

#include <uapi/mman.h>

#include "check.h"

int main(void);

#define PAGE 4096UL
#define RW   (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int
filled(const uint8_t *p, size_t n, uint8_t v)
{
	while (n--)
		if (*p++ != v)
			return 0;
	return 1;
}

static void
anon_and_fixed(void)
{
	uint8_t *p = mmap(NULL, 3 * PAGE, RW, ANON, -1, 0), *q;

	check_true("mmap(3 pages, anonymous private) works", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	check_true("the address is page-aligned", ((uintptr_t)p & 4095) == 0);
	check_true("the pages read as zero", filled(p, 3 * PAGE, 0));
	memset(p, 0x5a, 3 * PAGE);
	check_true("they are writable", filled(p, 3 * PAGE, 0x5a));
	q = mmap(p + PAGE, PAGE, RW, ANON | MAP_FIXED, -1, 0);
	check_true("MAP_FIXED over the middle page returns that address",
		   q == p + PAGE);
	check_true("the middle page is a fresh zero page", filled(q, PAGE, 0));
	check_true("the pages around it keep their data",
		   filled(p, PAGE, 0x5a) && filled(p + 2 * PAGE, PAGE, 0x5a));
	check_value("munmap(3 pages)", munmap(p, 3 * PAGE), 0);
}

static void
big_and_none(void)
{
	uint8_t *p = mmap(NULL, 256 * PAGE, RW, ANON, -1, 0), *n;
	size_t i;
	int ok = p != MAP_FAILED;

	for (i = 0; ok && i < 256; i++)
		p[i * PAGE] = (uint8_t)i;
	for (i = 0; ok && i < 256; i++)
		ok = p[i * PAGE] == (uint8_t)i;
	check_true("a 1 MiB mapping can be touched on every page", ok);
	check_value("munmap(1 MiB)", munmap(p, 256 * PAGE), 0);
	n = mmap(NULL, PAGE, PROT_NONE, ANON, -1, 0);
	check_true("mmap(PROT_NONE) works", n != MAP_FAILED);
	check_value("munmap(it)", munmap(n, PAGE), 0);
}

static void
invalid(void)
{
	uint8_t *p = mmap(NULL, PAGE, RW, ANON, -1, 0);

	check_errno("mmap(length 0)", (long)mmap(NULL, 0, RW, ANON, -1, 0),
		    EINVAL);
	check_errno("mmap(MAP_FIXED, misaligned)",
		    (long)mmap(p + 1, PAGE, RW, ANON | MAP_FIXED, -1, 0),
		    EINVAL);
	check_errno("mmap(no MAP_PRIVATE/MAP_SHARED)",
		    (long)mmap(NULL, PAGE, RW, MAP_ANONYMOUS, -1, 0), EINVAL);
	check_errno("mmap(file, fd -1)",
		    (long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0),
		    EBADF);
	check_errno("munmap(misaligned)", munmap(p + 1, PAGE), EINVAL);
	check_errno("munmap(length 0)", munmap(p, 0), EINVAL);
	munmap(p, PAGE);
}

int
main(void)
{
	anon_and_fixed();
	big_and_none();
	invalid();
	return check_exit();
}
