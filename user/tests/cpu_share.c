/*
 * user/tests/cpu_share.c - two CPU-bound children both make progress at
 * the same time.  Each spins for 300 ms of wall time and reports when
 * its first and last loop iterations ran.  If the kernel never took the
 * hart away from a spinning program (no preemption), on one hart the
 * second child would start only after the first ended, and their run
 * times would not overlap.
 */
#include <stdio.h>

#include <uapi/time.h>
#include <uapi/wait.h>

#include "check.h"
#include "errname.h"

int main(void);

#define SPIN_NS 300000000LL

static long long
now_ns(void)
{
	struct uapi_timespec ts;

	clock_gettime(CLOCK_MONOTONIC, (void *)&ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Child: spin, then report [first, last] iteration times on @fd. */
static void
spin(int fd)
{
	long long first = now_ns(), last = first, span[2];
	volatile unsigned long loops = 0;

	while (last - first < SPIN_NS) {
		loops++;
		last = now_ns();
	}
	span[0] = first;
	span[1] = last;
	_exit(write(fd, span, sizeof(span)) == sizeof(span) && loops ? 0 : 1);
}

int
main(void)
{
	long long a[2], b[2];
	int fd[2], status, ok = 1;
	pid_t pa, pb;

	if (pipe(fd)) {
		fprintf(stderr, "pipe: %s, skipped\n", errno_name(errno));
		return CHECK_SKIP;
	}
	pa = fork();
	if (pa == 0)
		spin(fd[1]);
	pb = fork();
	if (pb == 0)
		spin(fd[1]);
	ok &= read(fd[0], a, sizeof(a)) == sizeof(a);
	ok &= read(fd[0], b, sizeof(b)) == sizeof(b);
	check_true("both children reported", ok);
	check_true("their run times overlapped",
		   ok && a[0] < b[1] && b[0] < a[1]);
	for (int i = 0; i < 2; i++) {
		wait4(-1, &status, 0, NULL);
		check_true("a child spun and exited 0",
			   WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	return check_exit();
}
