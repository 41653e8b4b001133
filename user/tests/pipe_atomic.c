/*
 * user/tests/pipe_atomic.c - writes of PIPE_BUF (4096) bytes to a pipe are
 * atomic: eight children each write 32 blocks of 4096 bytes of their own
 * letter at the same time, the parent reads everything (1 MiB) in
 * 1000-byte reads and finds 256 whole blocks on 4096-byte boundaries, 32
 * of each letter, then end of file once every child has exited.  The
 * interleaving of the blocks is left to the scheduler and is not printed.
 * (A kernel that copies a write in pieces without holding the pipe for
 * the whole of it fails this mostly on more than one hart.)
 */
#include <stdio.h>
#include <string.h>

#include <uapi/wait.h>

#include "check.h"

int main(void);

#define WRITERS 8
#define BLOCKS	32
#define BLOCK	4096
#define TOTAL	(WRITERS * BLOCKS * BLOCK)

static char got[TOTAL + 1000];

static void
writer(int wfd, char letter)
{
	static char block[BLOCK];
	int i;

	memset(block, letter, sizeof(block));
	for (i = 0; i < BLOCKS; i++)
		if (write(wfd, block, BLOCK) != BLOCK)
			_exit(1);
	_exit(0);
}

static long
read_all(int rfd)
{
	long total = 0;
	ssize_t n;

	while ((n = read(rfd, got + total, 1000)) > 0) {
		total += n;
		if (total > TOTAL)
			break;
	}
	return n < 0 ? -1 : total;
}

/* Is every block whole, and does each letter fill BLOCKS of them? */
static int
blocks_whole(void)
{
	int count[WRITERS] = { 0 };
	int b, i, w;

	for (b = 0; b < WRITERS * BLOCKS; b++) {
		const char *p = got + (long)b * BLOCK;

		w = p[0] - 'a';
		if (w < 0 || w >= WRITERS)
			return 0;
		for (i = 1; i < BLOCK; i++)
			if (p[i] != p[0])
				return 0;
		count[w]++;
	}
	for (w = 0; w < WRITERS; w++)
		if (count[w] != BLOCKS)
			return 0;
	return 1;
}

int
main(void)
{
	int p[2], i, status, all_zero = 1;
	pid_t pids[WRITERS];

	check_value("pipe2(p, 0)", pipe2(p, 0), 0);
	for (i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(p[0]);
			writer(p[1], (char)('a' + i));
		}
	}
	close(p[1]);
	check_value("bytes read until end of file", read_all(p[0]), TOTAL);
	check_true("256 whole 4096-byte blocks, 32 of each writer",
		   blocks_whole());
	for (i = 0; i < WRITERS; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] || status != 0)
			all_zero = 0;
	}
	check_true("every writer exited 0", all_zero);
	close(p[0]);
	return check_exit();
}
