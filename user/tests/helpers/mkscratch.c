/*
 * user/tests/helpers/mkscratch.c - make the scratch directory a
 * conformance test runs in (tests/linux-diff/suite.py types
 * "mkscratch /tmp/ld-<name>; cd /tmp/ld-<name>; ..." on Sluice).
 *
 *   mkscratch DIR...	make each DIR (mode 0755) and any missing parent;
 *			one that exists already is fine
 *
 * Quiet when it works, so nothing of it reaches the compared output;
 * exit 1 with a message on stderr when it does not.
 */
#include <stdio.h>
#include <string.h>

#include "errname.h"
#include "fsops.h"

int main(int argc, char **argv);

#define SCRATCH_PATH_MAX 4096

/* make_parents - mkdir -p @path; returns 0, or -1 with errno. */
static int
make_parents(const char *path)
{
	char buf[SCRATCH_PATH_MAX];
	size_t i, len = strlen(path);

	if (len == 0 || len >= sizeof(buf)) {
		errno = len ? ENAMETOOLONG : ENOENT;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (fs_mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		buf[i] = path[i];
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		if (make_parents(argv[i]) < 0) {
			warn_errno("mkscratch", argv[i]);
			status = 1;
		}
	}
	return status;
}
