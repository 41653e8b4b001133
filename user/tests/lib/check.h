/*
 * user/tests/lib/check.h - what every conformance test uses to report.
 *
 * A test prints only deterministic facts, one per line, on stdout:
 *
 *	dup3(same) = -1 EINVAL		check_errno()
 *	write(1, "hello\n", 6) = 6	check_value()
 *	lowest free fd reused: yes	check_true()
 *
 * The same binary runs on Linux (qemu-riscv64) and on Sluice, and the two
 * outputs are compared line by line, so never print a pid, an address, a
 * time or a count that depends on the machine.  When a check does not hold,
 * the line still shows what happened and a note saying what was expected
 * goes to stderr; the test then exits 1 (check_exit()).  Exit 77 means
 * "skipped": the system lacks something the test needs.
 *
 * Results from a forked child do not reach the parent's tally: a child
 * ends with check_exit() and the parent checks its exit status.
 */
#ifndef SLUICE_TESTS_CHECK_H
#define SLUICE_TESTS_CHECK_H

#include "syscall.h"

#define CHECK_SKIP 77

/* Fact check: print "@what = @ret" (or "= -1 ENAME"); want @want. */
void check_value(const char *what, long ret, long want);

/* Error check: print "@what = -1 ENAME"; want ret -1 and errno @err. */
void check_errno(const char *what, long ret, int err);

/*
 * For calls that return an error number instead of setting errno
 * (clock_nanosleep): print "@what = ENAME" (or "= 0"); want @err.
 */
void check_errnum(const char *what, int ret, int err);

/* Boolean check: print "@what: yes" or "@what: no"; want yes. */
void check_true(const char *what, int cond);

/* Print "@what = <result>" for a libc-style result, checking nothing. */
void check_show(const char *what, long ret);

/* check_raw - a raw syscall result as a libc-style one (sets errno). */
long check_raw(long r);

/* status_text - "exit 3", "signal 9" ... for a wait status (static). */
const char *status_text(int status);

/*
 * check_closed_fd - a descriptor number that is not open: the lowest free
 * one from 20 up, so descriptors a test opens later (lowest first) do not
 * land on it.
 */
int check_closed_fd(void);

/* check_lowest_free - the lowest descriptor >= @from that is not open. */
int check_lowest_free(int from);

/* An address in the kernel half of Sv39 (never valid in user space). */
#define KERNEL_HALF_ADDR ((void *)0xffffffc000000000UL)
/* An address in the user half where nothing is mapped. */
#define UNMAPPED_ADDR ((void *)0x1000UL)

/* check_failures - how many checks failed so far in this process. */
int check_failures(void);

/* check_exit - the exit status for main(): 0 if all passed, else 1. */
int check_exit(void);

/* Give up: print the reason on stderr and exit 1 at once. */
void check_abort(const char *why) __attribute__((noreturn));

#endif /* SLUICE_TESTS_CHECK_H */
