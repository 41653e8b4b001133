/*
 * user/tests/lib/check.c - result printing and tallying for the
 * conformance tests (see check.h).  One process, one tally: failures is
 * private to each process after fork.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

#include <uapi/wait.h>

#include "errname.h"

static int failures;

/* result_text - "5", or "-1 EBADF" when @ret is -1 (static buffer). */
static const char *
result_text(long ret)
{
	static char buf[48];

	if (ret == -1)
		snprintf(buf, sizeof(buf), "-1 %s", errno_name(errno));
	else
		snprintf(buf, sizeof(buf), "%ld", ret);
	return buf;
}

static void
check_failed(const char *what, const char *expected)
{
	failures++;
	fprintf(stderr, "FAIL %s: expected %s\n", what, expected);
}

void
check_show(const char *what, long ret)
{
	printf("%s = %s\n", what, result_text(ret));
}

void
check_value(const char *what, long ret, long want)
{
	char expected[32];

	check_show(what, ret);
	if (ret != want) {
		snprintf(expected, sizeof(expected), "%ld", want);
		check_failed(what, expected);
	}
}

void
check_errno(const char *what, long ret, int err)
{
	char expected[32];

	check_show(what, ret);
	if (ret != -1 || errno != err) {
		snprintf(expected, sizeof(expected), "-1 %s", errno_name(err));
		check_failed(what, expected);
	}
}

void
check_errnum(const char *what, int ret, int err)
{
	char expected[32];

	printf("%s = %s\n", what, ret ? errno_name(ret) : "0");
	if (ret != err) {
		snprintf(expected, sizeof(expected), "%s",
			 err ? errno_name(err) : "0");
		check_failed(what, expected);
	}
}

void
check_true(const char *what, int cond)
{
	printf("%s: %s\n", what, cond ? "yes" : "no");
	if (!cond)
		check_failed(what, "yes");
}

long
check_raw(long r)
{
	if (syscall_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

const char *
status_text(int status)
{
	static char buf[48];

	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "signal %d%s", WTERMSIG(status),
			 WCOREDUMP(status) ? " (core dumped)" : "");
	else
		snprintf(buf, sizeof(buf), "status 0x%x", status);
	return buf;
}

int
check_closed_fd(void)
{
	return check_lowest_free(20);
}

int
check_lowest_free(int from)
{
	int fd = from;

	while (fcntl(fd, F_GETFD) >= 0)
		fd++;
	return fd;
}

int
check_failures(void)
{
	return failures;
}

int
check_exit(void)
{
	return failures ? 1 : 0;
}

void
check_abort(const char *why)
{
	fprintf(stderr, "ABORT %s (errno %s)\n", why, errno_name(errno));
	exit(1);
}
