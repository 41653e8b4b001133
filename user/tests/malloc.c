/*
 * user/tests/malloc.c - picolibc's malloc on top of Sluice's sbrk: blocks
 * of many sizes are distinct and keep their contents, calloc zeroes, realloc
 * keeps the old bytes, freed memory is reused, 4 MiB at once works, and an
 * impossible request returns NULL with ENOMEM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int main(void);

#define NBLOCKS 64

static int
many_blocks(void)
{
	uint8_t *blk[NBLOCKS];
	size_t i, j;
	int ok = 1;

	for (i = 0; i < NBLOCKS; i++) {
		blk[i] = malloc(i * 37 + 1);
		if (!blk[i])
			return 0;
		memset(blk[i], (int)i, i * 37 + 1);
	}
	for (i = 0; i < NBLOCKS; i++)
		for (j = 0; j < i * 37 + 1; j++)
			if (blk[i][j] != (uint8_t)i)
				ok = 0;
	for (i = 0; i < NBLOCKS; i++)
		free(blk[i]);
	return ok;
}

static void
calloc_realloc(void)
{
	uint8_t *p = calloc(1000, 4), *q;
	size_t i;
	int zero = p != NULL;

	for (i = 0; zero && i < 4000; i++)
		zero = p[i] == 0;
	check_true("calloc(1000, 4) is zeroed", zero);
	memset(p, 0xab, 4000);
	q = realloc(p, 100000);
	for (i = 0; q && i < 4000 && q[i] == 0xab; i++)
		;
	check_true("realloc to 100000 keeps the 4000 bytes", i == 4000);
	free(q);
}

int
main(void)
{
	void *a, *b, *huge;
	uint8_t *big;

	check_true("64 blocks of different sizes keep their contents",
		   many_blocks());
	calloc_realloc();
	a = malloc(200);
	free(a);
	b = malloc(200);
	check_true("a freed block is reused", a == b);
	free(b);
	big = malloc(4 << 20);
	check_true("malloc(4 MiB) works", big != NULL);
	if (big) {
		memset(big, 1, 4 << 20);
		check_true("its last byte is writable",
			   big[(4 << 20) - 1] == 1);
	}
	free(big);
	errno = 0;
	huge = malloc(1UL << 62);
	check_true("malloc(1 << 62) returns NULL", huge == NULL);
	check_true("with errno ENOMEM", errno == ENOMEM);
	free(huge);
	return check_exit();
}
