/*
 * user/bin/mv.c - move (rename) files:
 *
 *	mv SRC DST       SRC gets the name DST; if DST is a directory,
 *	                 DST/basename(SRC)
 *	mv SRC... DIR    each SRC into directory DIR
 *
 * One rename(2) per file, so a move never copies: between file systems
 * (EXDEV) it fails with the kernel's reason, where GNU mv would copy.
 * -f is accepted and means nothing (mv never asks).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static int
is_dir(const char *path)
{
	struct uapi_stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The last part of @path ("a/b/" gives "b/": rename ignores the '/'). */
static const char *
base_name(const char *path)
{
	const char *end = path + strlen(path), *p;

	while (end > path + 1 && end[-1] == '/')
		end--;
	for (p = end; p > path && p[-1] != '/'; p--)
		;
	return p;
}

static int
move(const char *src, const char *dst)
{
	struct uapi_stat s, d;

	if (lstat(src, &s) < 0) {
		fprintf(stderr, "mv: cannot stat '%s': %s\n", src,
			errno_text(errno));
		return 1;
	}
	if (lstat(dst, &d) == 0 && s.st_dev == d.st_dev &&
	    s.st_ino == d.st_ino) {
		fprintf(stderr, "mv: '%s' and '%s' are the same file\n", src,
			dst);
		return 1;
	}
	if (rename(src, dst) == 0)
		return 0;
	if (errno == EINVAL && S_ISDIR(s.st_mode))
		fprintf(stderr,
			"mv: cannot move '%s' to a subdirectory of itself, "
			"'%s'\n",
			src, dst);
	else
		fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", src, dst,
			errno_text(errno));
	return 1;
}

/* Move @src into directory @dir. */
static int
move_into(const char *src, const char *dir)
{
	const char *base = base_name(src);
	char *dst = malloc(strlen(dir) + strlen(base) + 2);
	int status;

	if (!dst) {
		fprintf(stderr, "mv: out of memory\n");
		return 1;
	}
	sprintf(dst, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
		base);
	status = move(src, dst);
	free(dst);
	return status;
}

int
main(int argc, char **argv)
{
	int i = 1, status = 0;
	const char *target;

	for (; i < argc && strcmp(argv[i], "-f") == 0; i++)
		;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (argc - i < 2) {
		fprintf(stderr, "usage: mv SRC DST | mv SRC... DIR\n");
		return 1;
	}
	target = argv[argc - 1];
	if (!is_dir(target)) {
		if (argc - i > 2) {
			fprintf(stderr, "mv: target '%s' is not a directory\n",
				target);
			return 1;
		}
		return move(argv[i], target);
	}
	for (; i < argc - 1; i++)
		status |= move_into(argv[i], target);
	return status;
}
