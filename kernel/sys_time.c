/*
 * kernel/sys_time.c - clocks and sleeping.  CLOCK_MONOTONIC counts the
 * platform timer (rdtime) from boot; CLOCK_REALTIME adds the offset read
 * once from the goldfish RTC (drivers/rtc.c).  Sleeps are timed by the
 * tick (HZ), so they last at least as long as asked, rounded up to a tick.
 */
#include <uapi/errno.h>
#include <uapi/time.h>

#include "drivers/rtc.h"
#include "kernel/ptregs.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

#define NS_PER_SEC  1000000000ULL
#define NS_PER_TICK (NS_PER_SEC / HZ)

static long
clock_now_ns(int clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = time_now_ns();
		return 0;
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = time_now_ns() + rtc_boot_offset_ns();
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL(clock_gettime)
{
	struct uapi_timespec ts;
	uint64_t ns;
	long err = clock_now_ns((int)regs->a0, &ns);

	if (err)
		return err;
	ts.tv_sec = (int64_t)(ns / NS_PER_SEC);
	ts.tv_nsec = (int64_t)(ns % NS_PER_SEC);
	return copy_to_user(regs->a1, &ts, sizeof(ts));
}

SYSCALL(clock_getres)
{
	struct uapi_timespec ts = { .tv_sec = 0, .tv_nsec = 1 };
	uint64_t ns;
	long err = clock_now_ns((int)regs->a0, &ns);

	if (err)
		return err;
	if (regs->a1 && copy_to_user(regs->a1, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

/*
 * Sleepers in nanosleep wait here.  Nothing calls wake_up() on it: the
 * time-out wakes each sleeper, and a signal ends the wait early.  Sleeping
 * through a wait queue keeps "wait queues are the one way to sleep" true
 * for timed sleeps too.
 */
static struct wait_queue_head sleep_wq =
    WAIT_QUEUE_HEAD_INIT(sleep_wq, "nanosleep");

static bool
clock_reached(int clock, uint64_t deadline_ns, uint64_t *left_ns)
{
	uint64_t now;

	clock_now_ns(clock, &now);
	*left_ns = now >= deadline_ns ? 0 : deadline_ns - now;
	return *left_ns == 0;
}

/*
 * Sleep until @clock reads @deadline_ns, or a signal: 0 or -EINTR (with
 * the time left in *left_ns).  Process context.
 */
static long
sleep_until(int clock, uint64_t deadline_ns, uint64_t *left_ns)
{
	while (!clock_reached(clock, deadline_ns, left_ns)) {
		long ticks =
		    (long)((*left_ns + NS_PER_TICK - 1) / NS_PER_TICK) + 1;

		if (wait_event_interruptible_timeout(
			sleep_wq, clock_reached(clock, deadline_ns, left_ns),
			ticks) == -EINTR)
			return -EINTR;
	}
	return 0;
}

static long
read_timespec(uint64_t uts, uint64_t *ns)
{
	struct uapi_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
	    ts.tv_nsec >= (int64_t)NS_PER_SEC)
		return -EINVAL;
	*ns = (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
	return 0;
}

static long
do_nanosleep(int clock, bool absolute, uint64_t ureq, uint64_t urem)
{
	uint64_t req, now, left = 0;
	long ret = read_timespec(ureq, &req);

	if (ret)
		return ret;
	clock_now_ns(clock, &now);
	ret = sleep_until(clock, absolute ? req : now + req, &left);
	if (ret == -EINTR && urem && !absolute) {
		struct uapi_timespec rem = { .tv_sec =
						 (int64_t)(left / NS_PER_SEC),
					     .tv_nsec =
						 (int64_t)(left % NS_PER_SEC) };

		if (copy_to_user(urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return ret;
}

SYSCALL(nanosleep)
{
	return do_nanosleep(CLOCK_MONOTONIC, false, regs->a0, regs->a1);
}

SYSCALL(clock_nanosleep)
{
	int clock = (int)regs->a0;
	unsigned flags = (unsigned)regs->a1;
	uint64_t ns;

	if (clock_now_ns(clock, &ns))
		return -EINVAL;
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	/* clock_nanosleep returns the error instead of setting errno. */
	return do_nanosleep(clock, flags & TIMER_ABSTIME, regs->a2, regs->a3);
}
