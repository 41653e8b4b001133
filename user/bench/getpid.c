/*
 * user/bench/getpid.c - the cost of a null system call: N getpid() calls
 * between two CLOCK_MONOTONIC readings.  Under QEMU's -icount shift=0 one
 * instruction takes exactly 1 ns of guest time, so the same figure is
 * then an instruction count per call (loop overhead included).
 */
#include <stdio.h>

#include <uapi/time.h>
#include <uapi/unistd.h>

#include "syscall.h"

int main(void);

#define CALLS 100000

static long long
now_ns(void)
{
	struct uapi_timespec ts;

	clock_gettime(CLOCK_MONOTONIC, (void *)&ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
main(void)
{
	long long start, end;

	start = now_ns();
	for (int i = 0; i < CALLS; i++)
		syscall0(__NR_getpid);
	end = now_ns();
	printf("getpid: %d calls, %lld ns/call\n", CALLS,
	       (end - start) / CALLS);
	return 0;
}
