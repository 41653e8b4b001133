/*
 * user/ktests/blkeio.c - a failing disk: QEMU's blkdebug fails every read
 * that covers sector R and every write that covers sector W
 * (tests/qemu/test_blk.py sets it up).  Each failure must reach the
 * caller as EIO, again on every retry, and must not break the requests
 * after it.  The disk holds the pattern of SEED (blkutil.h) elsewhere.
 *
 *   blkeio SEED R W
 *
 * Prints "what: result" per step (ok, a count or an errno name; a wrong
 * one ends in "(want ...)") and then "eio ok N checks" or
 * "eio FAIL N of M checks"; exit status 0 or 1.  R and W must be at
 * least 4096 sectors apart and from 0, so no cache block holds both.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "blkutil.h"

int main(int argc, char **argv);

static uint8_t buf[4096] __attribute__((aligned(4096)));
static struct pattern pat;
static int checks, failures;

/* check_err - a call that must fail with EIO (it returned @r). */
static void
check_eio(const char *what, long r)
{
	int ok = r < 0 && errno == EIO;

	checks++;
	failures += !ok;
	if (r < 0)
		printf("%s: %s%s\n", what, errno_name(errno),
		       ok ? "" : " (want EIO)");
	else
		printf("%s: %ld (want EIO)\n", what, r);
}

/* check_read - read 8 sectors from @sector; they must hold the pattern. */
static void
check_read(const char *what, int fd, uint64_t sector)
{
	ssize_t r = pread(fd, buf, sizeof(buf), sector * SECTOR);
	int word;

	checks++;
	if (r == (ssize_t)sizeof(buf) &&
	    pattern_check(&pat, sector, 8, buf, &word) < 0) {
		printf("%s: ok\n", what);
		return;
	}
	failures++;
	if (r < 0)
		printf("%s: %s (want ok)\n", what, errno_name(errno));
	else if (r != (ssize_t)sizeof(buf))
		printf("%s: %ld (want ok)\n", what, (long)r);
	else
		printf("%s: wrong data (want ok)\n", what);
}

/* check_write - write the pattern over 8 sectors from @sector: no error. */
static void
check_write(const char *what, int fd, uint64_t sector)
{
	ssize_t r;

	pattern_fill(&pat, sector, 8, buf);
	r = pwrite(fd, buf, sizeof(buf), sector * SECTOR);
	checks++;
	if (r == (ssize_t)sizeof(buf)) {
		printf("%s: ok\n", what);
		return;
	}
	failures++;
	printf("%s: %s (want ok)\n", what, r < 0 ? errno_name(errno) : "short");
}

int
main(int argc, char **argv)
{
	uint64_t r, w, far;
	int dfd, fd;

	if (argc != 4) {
		printf("usage: blkeio SEED R W\n");
		return 2;
	}
	pattern_init(&pat, strtoull(argv[1], NULL, 0));
	r = strtoull(argv[2], NULL, 0);
	w = strtoull(argv[3], NULL, 0);
	far = r + 4096;
	dfd = blk_open("blkeio", O_RDWR | O_DIRECT);
	fd = blk_open("blkeio", O_RDWR);

	check_read("O_DIRECT read of sector 0", dfd, 0);
	check_eio("O_DIRECT read of the bad sector",
		  pread(dfd, buf, SECTOR, r * SECTOR));
	check_eio("O_DIRECT read of the bad sector again",
		  pread(dfd, buf, SECTOR, r * SECTOR));
	check_eio("O_DIRECT read of 4096 covering it",
		  pread(dfd, buf, 4096, (r & ~7ULL) * SECTOR));
	check_read("O_DIRECT read elsewhere", dfd, far);
	check_eio("buffered read of the bad sector",
		  pread(fd, buf, SECTOR, r * SECTOR));
	check_eio("buffered read of the bad sector again",
		  pread(fd, buf, 100, r * SECTOR + 10));
	check_read("buffered read elsewhere", fd, far + 64);

	pattern_fill(&pat, w, 1, buf);
	check_eio("O_DIRECT write of the bad sector",
		  pwrite(dfd, buf, SECTOR, w * SECTOR));
	check_eio("O_DIRECT write of the bad sector again",
		  pwrite(dfd, buf, SECTOR, w * SECTOR));
	checks++;
	if (pwrite(fd, buf, SECTOR, w * SECTOR) == SECTOR) {
		printf("buffered write of the bad sector: ok\n");
	} else {
		failures++;
		printf("buffered write of the bad sector: %s (want ok)\n",
		       errno_name(errno));
	}
	check_eio("fsync after it", fsync(fd));

	check_read("O_DIRECT read after the errors", dfd, 8);
	check_read("buffered read after the errors", fd, far + 128);
	check_write("O_DIRECT write elsewhere", dfd, far + 256);
	check_read("which reads back", dfd, far + 256);
	close(fd);
	close(dfd);
	if (failures) {
		printf("eio FAIL %d of %d checks\n", failures, checks);
		return 1;
	}
	printf("eio ok %d checks\n", checks);
	return 0;
}
