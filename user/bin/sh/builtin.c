/*
 * user/bin/sh/builtin.c - the commands the shell runs itself, because a
 * child could not do their job: cd (the shell's directory), exit (the
 * shell itself), wait (the shell's children).
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errname.h"

/* parse_int - a decimal int with optional '-'; 0 if @s is not one. */
static int
parse_int(const char *s, long *value)
{
	char *end;

	if (!*s)
		return 0;
	*value = strtol(s, &end, 10);
	return *end == '\0';
}

static int
builtin_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HOME");

	if (argc > 2) {
		fprintf(stderr, "sh: cd: too many arguments\n");
		return 1;
	}
	if (!dir || !*dir)
		dir = "/";
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, errno_text(errno));
		return 1;
	}
	return 0;
}

static int
builtin_pwd(int argc, char **argv)
{
	char dir[4096];

	(void)argc;
	(void)argv;
	if (!getcwd(dir, sizeof(dir))) {
		fprintf(stderr, "sh: pwd: %s\n", errno_text(errno));
		return 1;
	}
	printf("%s\n", dir);
	fflush(stdout);
	return 0;
}

static int
builtin_exit(int argc, char **argv)
{
	long code = sh.last_status;

	if (argc > 2) {
		fprintf(stderr, "sh: exit: too many arguments\n");
		return 1;
	}
	if (argc == 2 && !parse_int(argv[1], &code)) {
		fprintf(stderr, "sh: exit: %s: numeric argument required\n",
			argv[1]);
		code = SH_STATUS_SYNTAX;
	}
	exit((int)(code & 0xff));
}

static int
builtin_wait(int argc, char **argv)
{
	long pid;
	int i, status = 0;

	if (argc == 1)
		return sh_job_wait(0);
	for (i = 1; i < argc; i++) {
		if (!parse_int(argv[i], &pid) || pid <= 0) {
			fprintf(stderr, "sh: wait: %s: not a pid\n", argv[i]);
			status = SH_STATUS_SYNTAX;
			continue;
		}
		status = sh_job_wait((pid_t)pid);
	}
	return status;
}

struct sh_builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct sh_builtin builtins[] = {
	{ "cd", builtin_cd },
	{ "exit", builtin_exit },
	{ "pwd", builtin_pwd },
	{ "wait", builtin_wait },
};

static const struct sh_builtin *
find_builtin(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(name, builtins[i].name) == 0)
			return &builtins[i];
	return NULL;
}

int
sh_is_builtin(const char *name)
{
	return find_builtin(name) != NULL;
}

int
sh_builtin(int argc, char **argv, int *status)
{
	const struct sh_builtin *b = find_builtin(argv[0]);

	if (!b)
		return 0;
	*status = b->fn(argc, argv);
	return 1;
}
