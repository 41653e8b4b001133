/*
 * user/tests/nanosleep.c - sleeping: nanosleep(100 ms) returns 0 and
 * CLOCK_MONOTONIC advances by at least 100 ms over it; zero and 1 ns sleeps
 * return 0; tv_nsec >= 1e9, tv_nsec < 0 or tv_sec < 0 is EINVAL.
 * clock_nanosleep, relative and TIMER_ABSTIME, sleeps at least as asked and
 * returns its error number (not -1) on a bad request.
 */
#include <stdio.h>

#include <uapi/time.h>

#include "check.h"

int main(void);

static int64_t
now_ns(void)
{
	struct uapi_timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		check_abort("clock_gettime(CLOCK_MONOTONIC)");
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static void
plain(void)
{
	struct uapi_timespec t = { 0, 100000000 }, rem;
	int64_t t0 = now_ns(), t1;

	check_value("nanosleep(100 ms)", nanosleep(&t, &rem), 0);
	t1 = now_ns();
	check_true("CLOCK_MONOTONIC advanced by >= 100 ms",
		   t1 - t0 >= 100000000);
	t.tv_nsec = 0;
	check_value("nanosleep(0)", nanosleep(&t, NULL), 0);
	t.tv_nsec = 1;
	check_value("nanosleep(1 ns)", nanosleep(&t, NULL), 0);
	t.tv_nsec = NSEC_PER_SEC;
	check_errno("nanosleep(tv_nsec = 1e9)", nanosleep(&t, NULL), EINVAL);
	t.tv_nsec = -1;
	check_errno("nanosleep(tv_nsec = -1)", nanosleep(&t, NULL), EINVAL);
	t.tv_sec = -1;
	t.tv_nsec = 0;
	check_errno("nanosleep(tv_sec = -1)", nanosleep(&t, NULL), EINVAL);
}

static void
clock_variant(void)
{
	struct uapi_timespec t = { 0, 50000000 };
	int64_t t0 = now_ns(), target;

	check_errnum("clock_nanosleep(MONOTONIC, 50 ms)",
		     clock_nanosleep(CLOCK_MONOTONIC, 0, &t, NULL), 0);
	check_true("slept >= 50 ms", now_ns() - t0 >= 50000000);
	target = now_ns() + 50000000;
	t.tv_sec = target / NSEC_PER_SEC;
	t.tv_nsec = target % NSEC_PER_SEC;
	check_errnum("clock_nanosleep(MONOTONIC, TIMER_ABSTIME, now + 50 ms)",
		     clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL),
		     0);
	check_true("woke at or after the deadline", now_ns() >= target);
	t.tv_nsec = NSEC_PER_SEC;
	check_errnum("clock_nanosleep(tv_nsec = 1e9)",
		     clock_nanosleep(CLOCK_MONOTONIC, 0, &t, NULL), EINVAL);
}

int
main(void)
{
	plain();
	clock_variant();
	return check_exit();
}
