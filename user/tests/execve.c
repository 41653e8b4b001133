/*
 * user/tests/execve.c - execve(2): the new program gets exactly the argv
 * (argv[0] included, empty strings kept) and environment it was given, and
 * its exit status reaches the parent; descriptors stay open across it
 * unless FD_CLOEXEC; errors return to the caller: ENOENT for a missing
 * file, EACCES for a directory, EFAULT for a bad path or argv pointer.
 *
 * The helper, exec_helper, is looked for in the directory given as
 * argv[1], else the directory this program was run from (argv[0]), else
 * /tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/wait.h>

#include "check.h"
#include "start.h"

int main(int argc, char **argv);

static char dir[256];
static char helper[300];

static void
find_helper(int argc, char **argv)
{
	char *slash;

	if (argc > 1) {
		snprintf(dir, sizeof(dir), "%s", argv[1]);
	} else if ((slash = strrchr(argv[0], '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - argv[0]),
			 argv[0]);
		if (!dir[0])
			strcpy(dir, "/");
	} else {
		strcpy(dir, "/tests");
	}
	snprintf(helper, sizeof(helper), "%s/exec_helper", dir);
}

/* Run the helper with @argv and @envp in a child; return its status. */
static int
run(char *const argv[], char *const envp[])
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execve(helper, argv, envp);
		fprintf(stderr, "execve %s failed (errno %d)\n", helper, errno);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid)
		check_abort("fork/wait4");
	return status;
}

static void
argv_and_env(void)
{
	char *argv[] = { "exec-helper-argv0", "one", "two words", "", NULL };
	char *envp[] = { "SLUICE_A=alpha", "SLUICE_EMPTY=", "OTHER=x", NULL };
	int status = run(argv, envp);

	check_true("exec'd program exited with its argc (4)",
		   WIFEXITED(status) && WEXITSTATUS(status) == 4);
}

static void
cloexec(void)
{
	int kept = dup(1), gone = fcntl(1, F_DUPFD_CLOEXEC, 0), status;
	char k[16], g[16];
	char *argv[] = { "exec_helper", "--fds", k, g, NULL };
	char *envp[] = { NULL };

	snprintf(k, sizeof(k), "%d", kept);
	snprintf(g, sizeof(g), "%d", gone);
	status = run(argv, envp);
	check_true("FD_CLOEXEC honoured across execve",
		   WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(kept);
	close(gone);
}

int
main(int argc, char **argv)
{
	char *args[] = { "x", NULL };

	find_helper(argc, argv);
	argv_and_env();
	cloexec();
	check_errno("execve(missing file)",
		    execve("/nonexistent/exec_helper", args, environ), ENOENT);
	check_errno("execve(a directory)", execve(dir, args, environ), EACCES);
	check_errno("execve(path 0x1000)", execve(UNMAPPED_ADDR, args, environ),
		    EFAULT);
	check_errno("execve(argv 0x1000)",
		    execve(helper, UNMAPPED_ADDR, environ), EFAULT);
	return check_exit();
}
