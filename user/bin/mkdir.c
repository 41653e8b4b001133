/*
 * user/bin/mkdir.c - mkdir [-p] DIR...: make directories (mode 0777;
 * Sluice has no umask).
 *
 *	-p  make missing parents too, and do not complain about a
 *	    directory that exists already
 */
#include <stdio.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

#define PATH_MAX_LEN 4096

static int
make_one(const char *path, int parents)
{
	struct uapi_stat st;

	if (mkdir(path, 0777) == 0)
		return 0;
	if (parents && errno == EEXIST && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return 0;
	fprintf(stderr, "mkdir: cannot create directory '%s': %s\n", path,
		errno_text(errno));
	return 1;
}

/* -p: make each ancestor of @path in turn, then @path itself. */
static int
make_parents(const char *path)
{
	char buf[PATH_MAX_LEN];
	size_t i, len = strlen(path);

	if (len >= sizeof(buf)) {
		fprintf(stderr, "mkdir: '%s': %s\n", path,
			errno_text(ENAMETOOLONG));
		return 1;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i < len; i++) {
		if (buf[i] != '/' || buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (make_one(buf, 1))
			return 1;
		buf[i] = '/';
	}
	return make_one(buf, 1);
}

int
main(int argc, char **argv)
{
	int i = 1, parents = 0, status = 0;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		parents = 1;
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc) {
		fprintf(stderr, "usage: mkdir [-p] DIR...\n");
		return 1;
	}
	for (; i < argc; i++)
		status |=
		    parents ? make_parents(argv[i]) : make_one(argv[i], 0);
	return status;
}
