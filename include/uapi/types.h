/*
 * include/uapi/types.h - how structs in include/uapi/ are named.
 *
 * The headers here describe Linux's riscv64 ABI and are included by the
 * kernel (freestanding: only <stdint.h> and <stddef.h>) and by user
 * programs, which also include picolibc's headers.  So:
 *
 *  - Fields use fixed-width types from <stdint.h> (int64_t, not long), so
 *    the layout is evident and the same in every translation unit.
 *  - A struct keeps the name Linux's own headers give it (struct iovec,
 *    struct termios, struct winsize, struct new_utsname ...), unless a
 *    picolibc header defines a struct of that name: then it is spelled
 *    `struct uapi_<Linux name>` (struct uapi_timespec, struct uapi_timeval,
 *    struct uapi_rusage, struct uapi_sigaction), so a user file may include
 *    both.  tests/linux-diff/check_uapi.py enforces the rule.
 *  - Constants keep Linux's names (O_NONBLOCK, EINVAL, SIGCHLD ...).  Their
 *    values differ from newlib's, so user code takes them from here and
 *    never from picolibc's <errno.h>, <fcntl.h>, <signal.h>, <time.h>,
 *    <termios.h>, <unistd.h> or <sys/...> (bar <sys/types.h>); doing both
 *    is a macro-redefinition error, not a silent mix.
 *  - Every layout the ABI fixes is pinned with _Static_assert.
 */
#ifndef SLUICE_UAPI_TYPES_H
#define SLUICE_UAPI_TYPES_H

#include <stddef.h>
#include <stdint.h>

#define UAPI_ASSERT_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), "ABI size of " #type)
#define UAPI_ASSERT_OFFSET(type, field, off)           \
	_Static_assert(offsetof(type, field) == (off), \
		       "ABI offset of " #type "." #field)

#endif /* SLUICE_UAPI_TYPES_H */
