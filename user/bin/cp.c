/*
 * user/bin/cp.c - copy files:
 *
 *	cp [-r] SRC DST      SRC's contents into DST (made with SRC's mode
 *	                     if new); DST a directory: DST/basename(SRC)
 *	cp [-r] SRC... DIR   each SRC into directory DIR
 *
 *	-r, -R  copy directories and everything in them
 *
 * Data goes through read(2)/write(2) 64 KiB at a time.  Only contents
 * and mode bits are copied: no times, owners or links (Sluice has no
 * chmod or chown to set them afterwards).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/dirent.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static int opt_recursive;
static uint8_t buf[65536];

/*
 * The first directory a copy made, so that "cp -r d d/sub" stops when it
 * meets it among what it copies; and the arguments, for the message.
 */
static struct uapi_stat made_dir;
static int made_dir_set;
static const char *arg_src, *arg_dst;

static int copy_path(const char *src, const char *dst);

/* "@dir/@name" in a new buffer (exits when memory runs out). */
static char *
join(const char *dir, const char *name)
{
	size_t len = strlen(dir);
	char *p = malloc(len + strlen(name) + 2);

	if (!p) {
		fprintf(stderr, "cp: out of memory\n");
		exit(1);
	}
	sprintf(p, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/", name);
	return p;
}

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
copy_data(int in, int out, const char *src, const char *dst)
{
	ssize_t n, w, off;

	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			fprintf(stderr, "cp: error reading '%s': %s\n", src,
				errno_text(errno));
			return 1;
		}
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, (size_t)(n - off));
			if (w < 0) {
				fprintf(stderr, "cp: error writing '%s': %s\n",
					dst, errno_text(errno));
				return 1;
			}
		}
	}
	return 0;
}

static int
copy_file(const char *src, const char *dst, const struct uapi_stat *st)
{
	int in, out, status;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		fprintf(stderr, "cp: cannot open '%s' for reading: %s\n", src,
			errno_text(errno));
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		   st->st_mode & 07777);
	if (out < 0) {
		fprintf(stderr, "cp: cannot create regular file '%s': %s\n",
			dst, errno_text(errno));
		close(in);
		return 1;
	}
	status = copy_data(in, out, src, dst);
	if (close(out) < 0 && !status) {
		fprintf(stderr, "cp: error writing '%s': %s\n", dst,
			errno_text(errno));
		status = 1;
	}
	close(in);
	return status;
}

/*
 * Copy each name in directory @src into directory @dst.  Each level of
 * the recursion reads into its own buffer.
 */
static int
copy_entries(const char *src, const char *dst)
{
	struct linux_dirent64 *d;
	ssize_t n, off;
	char *s, *t;
	uint8_t *dbuf = malloc(4096);
	int status = 0, fd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || !dbuf) {
		fprintf(stderr, "cp: cannot access '%s': %s\n", src,
			errno_text(fd < 0 ? errno : ENOMEM));
		free(dbuf);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	while ((n = getdents64(fd, dbuf, 4096)) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct linux_dirent64 *)(dbuf + off);
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			s = join(src, d->d_name);
			t = join(dst, d->d_name);
			status |= copy_path(s, t);
			free(s);
			free(t);
		}
	}
	if (n < 0) {
		fprintf(stderr, "cp: reading directory '%s': %s\n", src,
			errno_text(errno));
		status = 1;
	}
	free(dbuf);
	close(fd);
	return status;
}

static int
copy_dir(const char *src, const char *dst, const struct uapi_stat *st)
{
	struct uapi_stat dst_st;

	if (made_dir_set && st->st_dev == made_dir.st_dev &&
	    st->st_ino == made_dir.st_ino) {
		fprintf(stderr,
			"cp: cannot copy a directory, '%s', into itself, "
			"'%s'\n",
			arg_src, arg_dst);
		return 1;
	}
	if (mkdir(dst, st->st_mode & 07777) < 0 &&
	    !(errno == EEXIST && stat(dst, &dst_st) == 0 &&
	      S_ISDIR(dst_st.st_mode))) {
		fprintf(stderr, "cp: cannot create directory '%s': %s\n", dst,
			errno_text(errno));
		return 1;
	}
	if (!made_dir_set && stat(dst, &made_dir) == 0)
		made_dir_set = 1;
	return copy_entries(src, dst);
}

static int
copy_path(const char *src, const char *dst)
{
	struct uapi_stat s, d;

	if (stat(src, &s) < 0) {
		fprintf(stderr, "cp: cannot stat '%s': %s\n", src,
			errno_text(errno));
		return 1;
	}
	if (stat(dst, &d) == 0 && s.st_dev == d.st_dev &&
	    s.st_ino == d.st_ino) {
		fprintf(stderr, "cp: '%s' and '%s' are the same file\n", src,
			dst);
		return 1;
	}
	if (!S_ISDIR(s.st_mode))
		return copy_file(src, dst, &s);
	if (!opt_recursive) {
		fprintf(stderr,
			"cp: -r not specified; omitting directory '%s'\n", src);
		return 1;
	}
	return copy_dir(src, dst, &s);
}

int
main(int argc, char **argv)
{
	struct uapi_stat st;
	const char *target;
	char *dst;
	int i = 1, status = 0, into;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-r") && strcmp(argv[i], "-R")) {
			fprintf(
			    stderr,
			    "usage: cp [-r] SRC DST | cp [-r] SRC... DIR\n");
			return 1;
		}
		opt_recursive = 1;
	}
	if (argc - i < 2) {
		fprintf(stderr,
			"usage: cp [-r] SRC DST | cp [-r] SRC... DIR\n");
		return 1;
	}
	target = argv[argc - 1];
	into = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
	if (!into && argc - i > 2) {
		fprintf(stderr, "cp: target '%s' is not a directory\n", target);
		return 1;
	}
	for (; i < argc - 1; i++) {
		dst = into ? join(target, base_name(argv[i])) : NULL;
		arg_src = argv[i];
		arg_dst = dst ? dst : target;
		made_dir_set = 0;
		status |= copy_path(arg_src, arg_dst);
		free(dst);
	}
	return status;
}
