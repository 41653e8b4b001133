/*
 * user/tests/file_big.c - a file big enough to need indirect blocks: 300
 * KiB written in 7000-byte pieces reads back intact in 4096-byte pieces
 * (on ext2 with 4 KiB blocks the first 48 KiB are direct, then the
 * single-indirect block maps up to 4 MiB + 48 KiB); writes at 5 MiB
 * (double-indirect) and at 5 GiB (triple-indirect) read back, with zeros
 * between; shrinking with ftruncate drops all of that again, and fsync
 * succeeds.  Only sizes and "all bytes match" facts are printed.  The
 * scratch directory is a private disk on Sluice and a temporary directory
 * on Linux; the file is removed at the end, so nothing big is left.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

#define BIG_LEN	 (300L * 1024)
#define PIECE	 7000
#define FIVE_MIB (5L << 20)
#define FIVE_GIB (5L << 30)
#define BIG_SEED 11
#define FAR_SEED 12

static char buf[PIECE];

static int
write_sequentially(int fd)
{
	long off;

	for (off = 0; off < BIG_LEN; off += PIECE) {
		size_t n =
		    off + PIECE > BIG_LEN ? (size_t)(BIG_LEN - off) : PIECE;

		fs_fill(buf, n, BIG_SEED, off);
		if (write(fd, buf, n) != (ssize_t)n)
			return 0;
	}
	return 1;
}

/* Read [@from, @to) in 4096-byte pieces; does it hold pattern @seed? */
static int
reads_back(int fd, long from, long to, unsigned seed)
{
	long off;

	for (off = from; off < to; off += 4096) {
		size_t n = off + 4096 > to ? (size_t)(to - off) : 4096;

		if (pread(fd, buf, n, off) != (ssize_t)n ||
		    !fs_matches(buf, n, seed, off))
			return 0;
	}
	return 1;
}

/* A 4096-byte pattern window at @off, written and checked. */
static void
far_write(int fd, long off, const char *where)
{
	char what[80];

	fs_fill(buf, 4096, FAR_SEED, off);
	snprintf(what, sizeof(what), "pwrite 4096 bytes at %s", where);
	check_value(what, pwrite(fd, buf, 4096, off), 4096);
	memset(buf, 0, 4096);
	snprintf(what, sizeof(what), "they read back from %s", where);
	check_true(what, pread(fd, buf, 4096, off) == 4096 &&
			     fs_matches(buf, 4096, FAR_SEED, off));
}

static void
holes_between(int fd)
{
	static const long probes[] = { BIG_LEN,	 1L << 20,
				       4L << 20, FIVE_MIB - 4096,
				       1L << 30, FIVE_GIB - 4096 };
	int zero = 1;
	size_t i;

	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		memset(buf, 'x', 4096);
		if (pread(fd, buf, 4096, probes[i]) != 4096 ||
		    !fs_is_zero(buf, 4096))
			zero = 0;
	}
	check_true("the holes between read as zeros (6 probes)", zero);
}

int
main(void)
{
	int fd = open("big", O_RDWR | O_CREAT | O_EXCL, 0644);

	check_true("open(\"big\", O_RDWR | O_CREAT | O_EXCL)", fd >= 0);
	if (fd < 0)
		return check_exit();
	check_true("300 KiB written in 7000-byte pieces",
		   write_sequentially(fd));
	check_value("the size is", fs_size("big"), BIG_LEN);
	check_true("read back in 4096-byte pieces, all bytes match",
		   reads_back(fd, 0, BIG_LEN, BIG_SEED));
	check_value("fsync(fd)", fsync(fd), 0);

	far_write(fd, FIVE_MIB, "5 MiB");
	check_value("the size is", fs_size("big"), FIVE_MIB + 4096);
	far_write(fd, FIVE_GIB, "5 GiB");
	check_value("the size is", fs_size("big"), FIVE_GIB + 4096);
	holes_between(fd);
	check_true("the first 300 KiB are unchanged",
		   reads_back(fd, 0, BIG_LEN, BIG_SEED));
	check_value("fdatasync(fd)", fdatasync(fd), 0);

	check_value("ftruncate(fd, 100000)", fs_ftruncate(fd, 100000), 0);
	check_value("the size is", fs_size("big"), 100000);
	check_true("the first 100000 bytes are unchanged",
		   reads_back(fd, 0, 100000, BIG_SEED));
	check_value("pread at 5 MiB now", pread(fd, buf, 10, FIVE_MIB), 0);
	check_value("ftruncate(fd, 6 MiB)", fs_ftruncate(fd, 6L << 20), 0);
	memset(buf, 'x', 4096);
	check_true("the 4096 bytes at 5 MiB are zeros again",
		   pread(fd, buf, 4096, FIVE_MIB) == 4096 &&
		       fs_is_zero(buf, 4096));
	check_value("ftruncate(fd, 0)", fs_ftruncate(fd, 0), 0);
	check_value("the size is", fs_size("big"), 0);
	check_value("close(fd)", close(fd), 0);
	check_value("unlink(\"big\")", fs_unlink("big"), 0);
	return check_exit();
}
