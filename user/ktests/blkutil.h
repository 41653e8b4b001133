/*
 * user/ktests/blkutil.h - what the /dev/vda checks (user/ktests/blk*.c)
 * share: the sector pattern, opening the disk, a monotonic clock.
 *
 * The pattern makes every sector's content a function of (seed, sector
 * number), so a check can tell a sector that went to the wrong place, a
 * shifted one, a stale one (another seed) and a torn one.
 * tests/qemu/test_blk.py computes the same bytes in Python (pattern_key,
 * sector_bytes); keep the two in step.  A sector is 64 little-endian u64
 * words; all arithmetic is modulo 2^64:
 *
 *     s = seed
 *     key[i] for i = 1..63:  s = s * 6364136223846793005
 *                                + 1442695040888963407;  key[i] = s ^ (s >> 33)
 *     sector n:  word[0] = n
 *                word[i] = key[i] ^ (n * 0x9e3779b97f4a7c15)   for i = 1..63
 *
 * $BLKDEV, if set, names another disk (or a plain file: under
 * qemu-riscv64 on Linux, `BLKDEV=x.img blkcheck fill ...` tries the
 * pattern code without Sluice).  Everything here is static: each program
 * includes this once.
 */
#ifndef SLUICE_KTESTS_BLKUTIL_H
#define SLUICE_KTESTS_BLKUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/fs.h>
#include <uapi/time.h>

#include "errname.h"
#include "syscall.h"

#define BLK_DEV		"/dev/vda"
#define SECTOR		512
#define SECTOR_WORDS	(SECTOR / 8)

#define PATTERN_LCG_MUL 6364136223846793005ULL
#define PATTERN_LCG_INC 1442695040888963407ULL
#define PATTERN_GOLDEN	0x9e3779b97f4a7c15ULL

struct pattern {
	uint64_t key[SECTOR_WORDS]; /* key[0] unused: word 0 is the sector */
};

static inline void
pattern_init(struct pattern *p, uint64_t seed)
{
	uint64_t s = seed;

	p->key[0] = 0;
	for (int i = 1; i < SECTOR_WORDS; i++) {
		s = s * PATTERN_LCG_MUL + PATTERN_LCG_INC;
		p->key[i] = s ^ (s >> 33);
	}
}

/* pattern_fill - the expected content of @count sectors from @sector. */
static inline void
pattern_fill(const struct pattern *p, uint64_t sector, uint64_t count,
	     void *buf)
{
	uint64_t *w = buf;

	for (uint64_t n = sector; n < sector + count; n++, w += SECTOR_WORDS) {
		uint64_t mix = n * PATTERN_GOLDEN;

		w[0] = n;
		for (int i = 1; i < SECTOR_WORDS; i++)
			w[i] = p->key[i] ^ mix;
	}
}

/*
 * pattern_check - the first of @count sectors in @buf (read from @sector
 * on) that differs from the pattern, or -1 if all match.  The first bad
 * word's index goes to *@word.
 */
static inline int64_t
pattern_check(const struct pattern *p, uint64_t sector, uint64_t count,
	      const void *buf, int *word)
{
	const uint64_t *w = buf;

	for (uint64_t n = sector; n < sector + count; n++, w += SECTOR_WORDS) {
		uint64_t mix = n * PATTERN_GOLDEN;

		for (int i = 0; i < SECTOR_WORDS; i++) {
			if (w[i] != (i ? p->key[i] ^ mix : n)) {
				*word = i;
				return (int64_t)n;
			}
		}
	}
	return -1;
}

/* blk_open - open the disk with @flags, or say why not and exit 1. */
static inline int
blk_open(const char *prog, int flags)
{
	const char *path = getenv("BLKDEV");
	int fd;

	if (path == NULL || *path == '\0')
		path = BLK_DEV;
	fd = open(path, flags);
	if (fd < 0) {
		printf("%s: open %s: %s\n", prog, path, errno_name(errno));
		exit(1);
	}
	return fd;
}

/* blk_size - the disk's size in bytes (BLKGETSIZE64), or exit 1. */
static inline uint64_t
blk_size(const char *prog, int fd)
{
	uint64_t size = 0;

	if (ioctl(fd, BLKGETSIZE64, &size) < 0) {
		printf("%s: BLKGETSIZE64: %s\n", prog, errno_name(errno));
		exit(1);
	}
	return size;
}

static inline uint64_t
now_ns(void)
{
	struct uapi_timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* A random-number stream for offsets (xorshift64; @s must not be 0). */
static inline uint64_t
xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

#endif /* SLUICE_KTESTS_BLKUTIL_H */
