/*
 * user/bin/rm.c - rm [-rf] FILE...: remove files.
 *
 *	-r, -R  remove directories too, and everything in them (depth
 *	        first: a directory's names are read in full, then each is
 *	        removed, then the directory itself)
 *	-f      say nothing about files that do not exist
 *
 * As GNU rm does, it refuses "." and ".." (as the last part of a name)
 * and a recursive removal of "/".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/dirent.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static int opt_recursive, opt_force;

static int remove_path(const char *path);

/* The names in directory @path ("." and ".." left out), NULL-terminated. */
static char **
read_names(const char *path)
{
	static uint8_t buf[8192];
	struct linux_dirent64 *d;
	char **names = NULL, **grown;
	size_t n = 0;
	ssize_t len, off;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	while ((len = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < len; off += d->d_reclen) {
			d = (struct linux_dirent64 *)(buf + off);
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			grown = realloc(names, (n + 2) * sizeof(*names));
			if (!grown)
				break;
			names = grown;
			names[n] = strdup(d->d_name);
			if (names[n])
				n++;
		}
	}
	if (!names)
		names = calloc(1, sizeof(*names));
	if (names)
		names[n] = NULL;
	close(fd);
	return names;
}

static void
free_names(char **names)
{
	char **p;

	for (p = names; *p; p++)
		free(*p);
	free(names);
}

/* Remove what directory @path holds, then the directory. */
static int
remove_tree(const char *path)
{
	char **names = read_names(path), **p, *child;
	int status = 0;

	if (!names) {
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path,
			errno_text(errno));
		return 1;
	}
	for (p = names; *p; p++) {
		child = malloc(strlen(path) + strlen(*p) + 2);
		if (!child) {
			fprintf(stderr, "rm: out of memory\n");
			status = 1;
			break;
		}
		sprintf(child, "%s%s%s", path,
			path[strlen(path) - 1] == '/' ? "" : "/", *p);
		status |= remove_path(child);
		free(child);
	}
	free_names(names);
	if (rmdir(path) < 0) {
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path,
			errno_text(errno));
		return 1;
	}
	return status;
}

static int
remove_path(const char *path)
{
	struct uapi_stat st;

	if (lstat(path, &st) < 0) {
		if (opt_force && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path,
			errno_text(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (opt_recursive)
			return remove_tree(path);
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path,
			errno_text(EISDIR));
		return 1;
	}
	if (unlink(path) < 0) {
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path,
			errno_text(errno));
		return 1;
	}
	return 0;
}

/* Is the last part of @path "." or ".."? */
static int
is_dot_or_dotdot(const char *path)
{
	size_t len = strlen(path);
	const char *last;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (last = path + len; last > path && last[-1] != '/'; last--)
		;
	len -= (size_t)(last - path);
	return (len == 1 && last[0] == '.') ||
	       (len == 2 && last[0] == '.' && last[1] == '.');
}

static int
remove_arg(const char *path)
{
	if (is_dot_or_dotdot(path)) {
		fprintf(stderr,
			"rm: refusing to remove '.' or '..' directory: "
			"skipping '%s'\n",
			path);
		return 1;
	}
	if (opt_recursive && strspn(path, "/") == strlen(path) && *path) {
		fprintf(stderr,
			"rm: it is dangerous to operate recursively on '/'\n");
		return 1;
	}
	return remove_path(path);
}

int
main(int argc, char **argv)
{
	const char *p;
	int i, status = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (p = argv[i] + 1; *p; p++) {
			if (*p == 'r' || *p == 'R') {
				opt_recursive = 1;
			} else if (*p == 'f') {
				opt_force = 1;
			} else {
				fprintf(stderr,
					"rm: invalid option -- '%c'\n"
					"usage: rm [-rf] FILE...\n",
					*p);
				return 1;
			}
		}
	}
	if (i == argc && !opt_force) {
		fprintf(stderr, "usage: rm [-rf] FILE...\n");
		return 1;
	}
	for (; i < argc; i++)
		status |= remove_arg(argv[i]);
	return status;
}
