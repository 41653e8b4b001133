/*
 * include/uapi/time.h - time as the syscalls see it: struct uapi_timespec
 * (clock_gettime, nanosleep, ppoll, io_uring timeouts), struct
 * uapi_timeval (rusage), clock ids and clock_nanosleep flags.
 */
#ifndef SLUICE_UAPI_TIME_H
#define SLUICE_UAPI_TIME_H

#include <uapi/types.h>

/* Linux's struct __kernel_timespec; on riscv64 also plain timespec. */
struct uapi_timespec {
	int64_t tv_sec;
	int64_t tv_nsec; /* 0 .. 999999999, else EINVAL */
};
UAPI_ASSERT_SIZE(struct uapi_timespec, 16);
UAPI_ASSERT_OFFSET(struct uapi_timespec, tv_nsec, 8);

/* Linux's struct __kernel_old_timeval (64-bit fields on riscv64). */
struct uapi_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};
UAPI_ASSERT_SIZE(struct uapi_timeval, 16);

#define NSEC_PER_SEC		 1000000000L

#define CLOCK_REALTIME		 0
#define CLOCK_MONOTONIC		 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	 3
#define CLOCK_MONOTONIC_RAW	 4
#define CLOCK_REALTIME_COARSE	 5
#define CLOCK_MONOTONIC_COARSE	 6
#define CLOCK_BOOTTIME		 7

/* clock_nanosleep flags */
#define TIMER_ABSTIME 0x01

#endif /* SLUICE_UAPI_TIME_H */
