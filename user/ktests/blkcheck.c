/*
 * user/ktests/blkcheck.c - data integrity on /dev/vda: write the sector
 * pattern of blkutil.h, read it back, compare.
 *
 *   blkcheck fill SEED FIRST COUNT [direct]
 *   blkcheck verify SEED FIRST COUNT [direct]
 *	write / check sectors [FIRST, FIRST+COUNT) with the pattern of
 *	SEED, through the buffer cache (then fsync) or with O_DIRECT.
 *	Buffered I/O goes in 3000-byte pieces, so requests straddle
 *	sectors and cache blocks; O_DIRECT in 64 KiB requests.
 *	Prints one line: "fill ok N sectors", "verify ok N sectors" or
 *	"verify FAIL sector S word W" / "... FAIL ... <errno name>".
 *
 *   blkcheck parallel NPROC SEED FIRST EACH [switch]
 *	NPROC processes each fill and verify a region of their own,
 *	EACH sectors from FIRST + i * EACH with seed SEED + i: odd ones
 *	with O_DIRECT, even ones buffered with fsync.  Then the parent
 *	checks every region again, with O_DIRECT (is it on the disk?) and
 *	buffered.  With "switch" the parent flips the elevator between
 *	noop and cscan while the workers run.  Prints
 *	"parallel ok NPROC workers N sectors" or lines with FAIL.
 *
 * Exit status 0 when everything matched, 1 otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/sluice.h>
#include <uapi/wait.h>

#include "blkutil.h"

int main(int argc, char **argv);

#define WINDOW_SECTORS 128  /* 64 KiB per O_DIRECT request */
#define PIECE	       3000 /* bytes per buffered read/write */

static uint8_t window[WINDOW_SECTORS * SECTOR] __attribute__((aligned(4096)));
static uint8_t readback[WINDOW_SECTORS * SECTOR] __attribute__((aligned(4096)));

/* Move @len bytes at byte @pos in pieces of at most @piece; 0 or -errno. */
static int
transfer(int fd, int writing, uint8_t *buf, size_t len, uint64_t pos,
	 size_t piece)
{
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < piece ? len - done : piece;
		ssize_t r = writing ? pwrite(fd, buf + done, n, pos + done)
				    : pread(fd, buf + done, n, pos + done);

		if (r < 0)
			return -errno;
		if (r == 0)
			return -ENOSPC; /* past the end of the disk */
		done += (size_t)r;
	}
	return 0;
}

/*
 * fill - write the pattern of @seed over [@first, @first + @count);
 * buffered writes are followed by fsync.  0, or -errno (the failing
 * sector in *@bad).
 */
static int
fill(int fd, int direct, uint64_t seed, uint64_t first, uint64_t count,
     uint64_t *bad)
{
	struct pattern p;
	size_t piece = direct ? sizeof(window) : PIECE;

	pattern_init(&p, seed);
	for (uint64_t s = first; s < first + count; s += WINDOW_SECTORS) {
		uint64_t n = first + count - s;
		int err;

		n = n < WINDOW_SECTORS ? n : WINDOW_SECTORS;
		pattern_fill(&p, s, n, window);
		err = transfer(fd, 1, window, n * SECTOR, s * SECTOR, piece);
		if (err) {
			*bad = s;
			return err;
		}
	}
	*bad = first;
	if (!direct && fsync(fd) < 0)
		return -errno;
	return 0;
}

/*
 * verify - read [@first, @first + @count) and compare with the pattern
 * of @seed.  0 when all match; 1 with the sector and word in *@bad and
 * *@word; -errno if a read failed (its first sector in *@bad).
 */
static int
verify(int fd, int direct, uint64_t seed, uint64_t first, uint64_t count,
       uint64_t *bad, int *word)
{
	struct pattern p;
	size_t piece = direct ? sizeof(readback) : PIECE;

	pattern_init(&p, seed);
	for (uint64_t s = first; s < first + count; s += WINDOW_SECTORS) {
		uint64_t n = first + count - s;
		int64_t wrong;
		int err;

		n = n < WINDOW_SECTORS ? n : WINDOW_SECTORS;
		err = transfer(fd, 0, readback, n * SECTOR, s * SECTOR, piece);
		if (err) {
			*bad = s;
			return err;
		}
		wrong = pattern_check(&p, s, n, readback, word);
		if (wrong >= 0) {
			*bad = (uint64_t)wrong;
			return 1;
		}
	}
	return 0;
}

/* Print the outcome of fill() or verify() as one line; 0 if it was ok. */
static int
report(const char *what, int r, uint64_t count, uint64_t bad, int word)
{
	if (r == 0)
		printf("%s ok %llu sectors\n", what, (unsigned long long)count);
	else if (r == 1)
		printf("%s FAIL sector %llu word %d\n", what,
		       (unsigned long long)bad, word);
	else
		printf("%s FAIL sector %llu %s\n", what,
		       (unsigned long long)bad, errno_name(-r));
	return r != 0;
}

static int
cmd_fill_verify(int writing, int argc, char **argv)
{
	int direct = argc > 5 && strcmp(argv[5], "direct") == 0;
	uint64_t seed = strtoull(argv[2], NULL, 0);
	uint64_t first = strtoull(argv[3], NULL, 0);
	uint64_t count = strtoull(argv[4], NULL, 0);
	uint64_t bad = 0;
	int word = 0, fd, r;

	fd = blk_open("blkcheck", O_RDWR | (direct ? O_DIRECT : 0));
	if (writing)
		r = fill(fd, direct, seed, first, count, &bad);
	else
		r = verify(fd, direct, seed, first, count, &bad, &word);
	close(fd);
	return report(writing ? "fill" : "verify", r, count, bad, word);
}

/* One parallel worker: fill and verify its region, exit 0 or 1. */
static void
worker(int i, uint64_t seed, uint64_t first, uint64_t each)
{
	int direct = i & 1, word = 0, r, fd;
	uint64_t bad = 0;
	char what[32];

	fd = blk_open("blkcheck", O_RDWR | (direct ? O_DIRECT : 0));
	r = fill(fd, direct, seed, first, each, &bad);
	if (r == 0)
		r = verify(fd, direct, seed, first, each, &bad, &word);
	if (r) {
		snprintf(what, sizeof(what), "worker %d", i);
		report(what, r, each, bad, word);
	}
	fflush(stdout);
	_exit(r != 0);
}

/* Flip the elevator until every worker has exited; returns the flips. */
static unsigned
switch_while_running(int nproc, int *failed)
{
	static const char names[2][SLUICE_ELV_NAME_MAX] = { "noop", "cscan" };
	struct uapi_timespec two_ms = { 0, 2000000 };
	unsigned flips = 0;
	int fd = blk_open("blkcheck", O_RDONLY), left = nproc, status;

	while (left > 0) {
		pid_t pid = wait4(-1, &status, WNOHANG, NULL);

		if (pid > 0) {
			left--;
			*failed += !WIFEXITED(status) || WEXITSTATUS(status);
			continue;
		}
		if (ioctl(fd, SLUICE_BLKSETELV, names[flips & 1]) < 0) {
			printf("SLUICE_BLKSETELV %s: FAIL %s\n",
			       names[flips & 1], errno_name(errno));
			(*failed)++;
			break;
		}
		flips++;
		nanosleep(&two_ms, NULL);
	}
	close(fd);
	return flips;
}

static int
cmd_parallel(int argc, char **argv)
{
	int nproc = atoi(argv[2]), failed = 0, status, word = 0;
	uint64_t seed = strtoull(argv[3], NULL, 0);
	uint64_t first = strtoull(argv[4], NULL, 0);
	uint64_t each = strtoull(argv[5], NULL, 0), bad = 0;
	int flip = argc > 6 && strcmp(argv[6], "switch") == 0;
	unsigned flips = 0;

	for (int i = 0; i < nproc; i++) {
		pid_t pid = fork();

		if (pid == 0)
			worker(i, seed + i, first + i * each, each);
		if (pid < 0) {
			printf("parallel FAIL fork: %s\n", errno_name(errno));
			nproc = i;
			failed++;
			break;
		}
	}
	if (flip)
		flips = switch_while_running(nproc, &failed);
	while (wait4(-1, &status, 0, NULL) > 0)
		failed += !WIFEXITED(status) || WEXITSTATUS(status);
	if (flip)
		printf("elevator switches: %u\n", flips);
	for (int direct = 1; direct >= 0 && !failed; direct--) {
		int fd =
		    blk_open("blkcheck", O_RDONLY | (direct ? O_DIRECT : 0));

		for (int i = 0; i < nproc && !failed; i++) {
			int r = verify(fd, direct, seed + i, first + i * each,
				       each, &bad, &word);

			if (r)
				failed +=
				    report(direct ? "parent verify direct"
						  : "parent verify buffered",
					   r, each, bad, word);
		}
		close(fd);
	}
	if (failed) {
		printf("parallel FAIL\n");
		return 1;
	}
	printf("parallel ok %d workers %llu sectors\n", nproc,
	       (unsigned long long)(nproc * each));
	return 0;
}

static int
usage(void)
{
	printf("usage: blkcheck fill|verify SEED FIRST COUNT [direct]\n"
	       "       blkcheck parallel NPROC SEED FIRST EACH [switch]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "fill") == 0)
		return cmd_fill_verify(1, argc, argv);
	if (argc >= 5 && strcmp(argv[1], "verify") == 0)
		return cmd_fill_verify(0, argc, argv);
	if (argc >= 6 && strcmp(argv[1], "parallel") == 0)
		return cmd_parallel(argc, argv);
	return usage();
}
