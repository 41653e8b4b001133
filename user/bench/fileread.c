/*
 * user/bench/fileread.c - sequential read throughput of one file through
 * the file system: `fileread PATH [RUNS]` reads PATH start to end in 64 KiB
 * read() calls RUNS times (default 2) and prints one line per run:
 *
 *     fileread: run 1: 16777216 bytes in 812 ms, 20.6 MB/s
 *
 * Run right after boot, the first run is cold (every block comes from the
 * disk) and the later ones warm (from the buffer cache).
 */
#include <stdio.h>
#include <stdlib.h>

#include <uapi/fcntl.h>
#include <uapi/time.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static char buf[64 * 1024];

static uint64_t
now_ns(void)
{
	struct uapi_timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 2;

	if (argc < 2) {
		fprintf(stderr, "usage: fileread PATH [RUNS]\n");
		return 2;
	}
	for (int r = 1; r <= runs; r++) {
		int fd = open(argv[1], O_RDONLY);
		uint64_t total = 0, t0 = now_ns(), ns;
		ssize_t n;

		if (fd < 0) {
			warn_errno("fileread", argv[1]);
			return 1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			total += (uint64_t)n;
		ns = now_ns() - t0;
		close(fd);
		if (n < 0) {
			warn_errno("fileread", "read");
			return 1;
		}
		printf(
		    "fileread: run %d: %llu bytes in %llu ms, %llu.%llu MB/s\n",
		    r, (unsigned long long)total,
		    (unsigned long long)(ns / 1000000),
		    (unsigned long long)(total * 1000 / ns),
		    (unsigned long long)(total * 10000 / ns % 10));
	}
	return 0;
}
