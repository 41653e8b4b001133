/*
 * user/tests/write_parallel.c - write(2) to one regular file from four
 * processes at once, 200 records of 64 bytes each: with O_APPEND, each
 * process through its own open(2) of the file, and then through one
 * descriptor shared across fork; and without O_APPEND through one shared
 * descriptor, where the writers share the file offset.  In all three
 * every record lands whole, none overwrites another and none leaves a
 * gap: the file is 4 x 200 x 64 bytes of whole records on 64-byte
 * boundaries, each writer's in its own order (Linux updates a shared
 * offset atomically with the write).  How the records interleave is not
 * printed.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

#define WRITERS 4
#define RECORDS 200
#define RECLEN	64
#define TOTAL	(WRITERS * RECORDS * RECLEN)

static char data[TOTAL + RECLEN];

/* Record @n of writer @w: "w<w> n<nnnn> " then the letter 'a' + w. */
static void
record(char *rec, int w, int n)
{
	int len = snprintf(rec, RECLEN, "w%d n%04d ", w, n);

	memset(rec + len, 'a' + w, RECLEN - 1 - (size_t)len);
	rec[RECLEN - 1] = '\n';
}

static void
writer(const char *path, int shared_fd, int w)
{
	char rec[RECLEN];
	int fd = shared_fd >= 0 ? shared_fd : open(path, O_WRONLY | O_APPEND);
	int n;

	if (fd < 0)
		_exit(2);
	for (n = 0; n < RECORDS; n++) {
		record(rec, w, n);
		if (write(fd, rec, RECLEN) != RECLEN)
			_exit(1);
	}
	_exit(0);
}

/* Whole records, in order per writer, RECORDS of each? */
static int
records_whole(long size)
{
	int next[WRITERS] = { 0 };
	char want[RECLEN];
	long off;
	int w;

	for (off = 0; off + RECLEN <= size; off += RECLEN) {
		w = data[off + 1] - '0';
		if (data[off] != 'w' || w < 0 || w >= WRITERS)
			return 0;
		record(want, w, next[w]++);
		if (memcmp(data + off, want, RECLEN) != 0)
			return 0;
	}
	for (w = 0; w < WRITERS; w++)
		if (next[w] != RECORDS)
			return 0;
	return 1;
}

/* One round: @flags for the file; @shared: one descriptor for all. */
static void
write_round(const char *path, int flags, int shared)
{
	int fd, w, status, ok = 1;
	long n;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | flags, 0644);
	check_true("open(O_WRONLY | O_CREAT | O_EXCL ...)", fd >= 0);
	for (w = 0; w < WRITERS; w++)
		if (fork() == 0)
			writer(path, shared ? fd : -1, w);
	close(fd);
	for (w = 0; w < WRITERS; w++)
		if (waitpid(-1, &status, 0) < 0 || status != 0)
			ok = 0;
	check_true("every writer wrote its 200 records", ok);
	check_value("the size", fs_size(path), TOTAL);
	n = fs_get(path, data, sizeof(data));
	check_true("whole records, each writer's in order",
		   n == TOTAL && records_whole(n));
}

int
main(void)
{
	printf("O_APPEND, each writer opens the file itself:\n");
	write_round("own", O_APPEND, 0);
	printf("O_APPEND, one descriptor shared by all:\n");
	write_round("shared", O_APPEND, 1);
	printf("no O_APPEND, one descriptor (and offset) shared by all:\n");
	write_round("offset", 0, 1);
	return check_exit();
}
