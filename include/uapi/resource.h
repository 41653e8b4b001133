/*
 * include/uapi/resource.h - struct uapi_rusage (wait4, getrusage) and the
 * resource limits of prlimit64 (struct rlimit64, RLIMIT_*).
 */
#ifndef SLUICE_UAPI_RESOURCE_H
#define SLUICE_UAPI_RESOURCE_H

#include <uapi/types.h>
#include <uapi/time.h>

struct uapi_rusage {
	struct uapi_timeval ru_utime; /* user time */
	struct uapi_timeval ru_stime; /* system time */
	int64_t ru_maxrss;
	int64_t ru_ixrss;
	int64_t ru_idrss;
	int64_t ru_isrss;
	int64_t ru_minflt;
	int64_t ru_majflt;
	int64_t ru_nswap;
	int64_t ru_inblock;
	int64_t ru_oublock;
	int64_t ru_msgsnd;
	int64_t ru_msgrcv;
	int64_t ru_nsignals;
	int64_t ru_nvcsw;
	int64_t ru_nivcsw;
};
UAPI_ASSERT_SIZE(struct uapi_rusage, 144);
UAPI_ASSERT_OFFSET(struct uapi_rusage, ru_maxrss, 32);

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN (-1)

struct rlimit64 {
	uint64_t rlim_cur;
	uint64_t rlim_max;
};
UAPI_ASSERT_SIZE(struct rlimit64, 16);

#define RLIM64_INFINITY	  (~0ULL)

#define RLIMIT_CPU	  0
#define RLIMIT_FSIZE	  1
#define RLIMIT_DATA	  2
#define RLIMIT_STACK	  3
#define RLIMIT_CORE	  4
#define RLIMIT_RSS	  5
#define RLIMIT_NPROC	  6
#define RLIMIT_NOFILE	  7
#define RLIMIT_MEMLOCK	  8
#define RLIMIT_AS	  9
#define RLIMIT_LOCKS	  10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE	  12
#define RLIMIT_NICE	  13
#define RLIMIT_RTPRIO	  14
#define RLIMIT_RTTIME	  15
#define RLIM_NLIMITS	  16

#endif /* SLUICE_UAPI_RESOURCE_H */
