/*
 * user/tests/helpers/exec_helper.c - the program the execve test runs.
 *
 *   exec_helper ARGS...        print argc, every argv[i], the number of
 *                              environment strings and the SLUICE_* test
 *                              variables; exit with argc
 *   exec_helper --fds K C      check that fd K survived the exec and fd C
 *                              (close-on-exec) did not; exit 0 if so
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "start.h"

int main(int argc, char **argv);

static void
show_env(const char *name)
{
	const char *v = getenv(name);

	if (v)
		printf("helper: %s=%s\n", name, v);
	else
		printf("helper: %s unset\n", name);
}

static int
check_fds(int kept, int cloexec)
{
	check_true("helper: fd without FD_CLOEXEC is still open",
		   fcntl(kept, F_GETFD) >= 0);
	check_true("helper: fd with FD_CLOEXEC was closed by execve",
		   fcntl(cloexec, F_GETFD) < 0 && errno == EBADF);
	return check_exit();
}

int
main(int argc, char **argv)
{
	char **e;
	int i, envc = 0;

	if (argc == 4 && strcmp(argv[1], "--fds") == 0)
		return check_fds(atoi(argv[2]), atoi(argv[3]));
	printf("helper: argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("helper: argv[%d]=\"%s\"\n", i, argv[i]);
	printf("helper: argv[argc] is %s\n", argv[argc] ? "not NULL" : "NULL");
	for (e = environ; *e; e++)
		envc++;
	printf("helper: envc=%d\n", envc);
	show_env("SLUICE_A");
	show_env("SLUICE_EMPTY");
	show_env("SLUICE_MISSING");
	return argc;
}
