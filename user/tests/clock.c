/*
 * user/tests/clock.c - clock_gettime(2): CLOCK_MONOTONIC never goes back
 * over 1000 reads and keeps tv_nsec in [0, 1e9); CLOCK_REALTIME is wall
 * time (after 2020, so the kernel read its clock); an unknown clock id is
 * EINVAL.
 */
#include <stdio.h>

#include <uapi/time.h>

#include "check.h"

int main(void);

static int
in_range(const struct uapi_timespec *ts)
{
	return ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

static void
monotonic(void)
{
	struct uapi_timespec prev, ts;
	int i, ok = 1;

	check_value("clock_gettime(CLOCK_MONOTONIC)",
		    clock_gettime(CLOCK_MONOTONIC, &prev), 0);
	ok = in_range(&prev);
	for (i = 0; i < 1000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0 || !in_range(&ts))
			ok = 0;
		if (ts.tv_sec < prev.tv_sec ||
		    (ts.tv_sec == prev.tv_sec && ts.tv_nsec < prev.tv_nsec))
			ok = 0;
		prev = ts;
	}
	check_true("1000 reads: never backwards, tv_nsec in range", ok);
}

int
main(void)
{
	struct uapi_timespec ts;

	monotonic();
	check_value("clock_gettime(CLOCK_REALTIME)",
		    clock_gettime(CLOCK_REALTIME, &ts), 0);
	check_true("CLOCK_REALTIME tv_nsec in range", in_range(&ts));
	check_true("CLOCK_REALTIME is after 2020-01-01",
		   ts.tv_sec > 1577836800);
	check_errno("clock_gettime(100)", clock_gettime(100, &ts), EINVAL);
	return check_exit();
}
