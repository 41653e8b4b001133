/*
 * user/ktests/blkstress.c - many processes reading at once: NPROC
 * processes share TOTAL random 4 KiB O_DIRECT reads over the whole disk,
 * which holds the pattern of SEED (blkutil.h), and check every one.
 * With 32 processes the device queue stays full, completions arrive
 * while requests are being added, and a lost completion interrupt shows
 * as a process that never wakes: the test's time-out catches it.
 *
 *   blkstress NPROC TOTAL SEED
 *
 * The workers start together (they wait on a pipe the parent closes).
 * Prints "stress ok TOTAL reads, NPROC processes, T ms, N IOPS" or a
 * line with FAIL per failing worker; exit status 0 or 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <uapi/wait.h>

#include "blkutil.h"

int main(int argc, char **argv);

#define BLOCK 4096

static uint8_t buf[BLOCK] __attribute__((aligned(BLOCK)));

static void
worker(int i, int go, uint64_t reads, uint64_t seed)
{
	int fd = blk_open("blkstress", O_RDONLY | O_DIRECT), word = 0;
	uint64_t blocks = blk_size("blkstress", fd) / BLOCK;
	uint64_t rng = PATTERN_GOLDEN * (uint64_t)(i + 1);
	struct pattern p;
	char c;

	pattern_init(&p, seed);
	read(go, &c, 1); /* returns 0 when the parent lets go */
	for (uint64_t n = 0; n < reads; n++) {
		uint64_t sector = xorshift64(&rng) % blocks * (BLOCK / SECTOR);
		ssize_t r = pread(fd, buf, BLOCK, sector * SECTOR);
		int64_t bad;

		if (r != BLOCK) {
			printf("stress FAIL worker %d read %llu at sector "
			       "%llu: %s\n",
			       i, (unsigned long long)n,
			       (unsigned long long)sector,
			       r < 0 ? errno_name(errno) : "short");
			fflush(stdout);
			_exit(1);
		}
		bad = pattern_check(&p, sector, BLOCK / SECTOR, buf, &word);
		if (bad >= 0) {
			printf("stress FAIL worker %d sector %lld word %d\n", i,
			       (long long)bad, word);
			fflush(stdout);
			_exit(1);
		}
	}
	_exit(0);
}

int
main(int argc, char **argv)
{
	int nproc, go[2], failed = 0, status;
	uint64_t total, seed, start, ns;

	if (argc != 4) {
		printf("usage: blkstress NPROC TOTAL SEED\n");
		return 2;
	}
	nproc = atoi(argv[1]);
	total = strtoull(argv[2], NULL, 0);
	seed = strtoull(argv[3], NULL, 0);
	if (nproc < 1 || pipe(go) < 0)
		return 2;
	for (int i = 0; i < nproc; i++) {
		uint64_t share = total / nproc + ((uint64_t)i < total % nproc);
		pid_t pid = fork();

		if (pid == 0) {
			close(go[1]);
			worker(i, go[0], share, seed);
		}
		if (pid < 0) {
			printf("stress FAIL fork: %s\n", errno_name(errno));
			failed++;
			break;
		}
	}
	close(go[0]);
	start = now_ns();
	close(go[1]);
	while (wait4(-1, &status, 0, NULL) > 0)
		failed += !WIFEXITED(status) || WEXITSTATUS(status);
	ns = now_ns() - start;
	if (failed) {
		printf("stress FAIL %d workers\n", failed);
		return 1;
	}
	printf("stress ok %llu reads, %d processes, %llu ms, %llu IOPS\n",
	       (unsigned long long)total, nproc,
	       (unsigned long long)(ns / 1000000),
	       (unsigned long long)(total * 1000000000ULL / (ns ? ns : 1)));
	return 0;
}
