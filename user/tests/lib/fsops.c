/*
 * user/tests/lib/fsops.c - the file-system calls and helpers of fsops.h.
 * No state: each call is independent.
 */
#include "fsops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int
fs_mkdirat(int dirfd, const char *path, unsigned mode)
{
	return (int)check_raw(
	    syscall3(__NR_mkdirat, dirfd, (long)path, (long)mode));
}

int
fs_mkdir(const char *path, unsigned mode)
{
	return fs_mkdirat(AT_FDCWD, path, mode);
}

int
fs_unlinkat(int dirfd, const char *path, int flags)
{
	return (int)check_raw(
	    syscall3(__NR_unlinkat, dirfd, (long)path, flags));
}

int
fs_unlink(const char *path)
{
	return fs_unlinkat(AT_FDCWD, path, 0);
}

int
fs_rmdir(const char *path)
{
	return fs_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int
fs_renameat2(int olddirfd, const char *oldpath, int newdirfd,
	     const char *newpath, unsigned flags)
{
	return (int)check_raw(syscall5(__NR_renameat2, olddirfd, (long)oldpath,
				       newdirfd, (long)newpath, (long)flags));
}

int
fs_rename(const char *oldpath, const char *newpath)
{
	return fs_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

int
fs_fstat(int fd, struct uapi_stat *st)
{
	return (int)check_raw(syscall2(__NR_fstat, fd, (long)st));
}

int
fs_fstatat(int dirfd, const char *path, struct uapi_stat *st, int flags)
{
	return (int)check_raw(
	    syscall4(__NR_newfstatat, dirfd, (long)path, (long)st, flags));
}

int
fs_stat(const char *path, struct uapi_stat *st)
{
	return fs_fstatat(AT_FDCWD, path, st, 0);
}

int
fs_ftruncate(int fd, long length)
{
	return (int)check_raw(syscall2(__NR_ftruncate, fd, length));
}

int
fs_faccessat(int dirfd, const char *path, int mode)
{
	return (int)check_raw(
	    syscall3(__NR_faccessat, dirfd, (long)path, mode));
}

int
fs_put(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

long
fs_get(const char *path, void *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (got < size) {
		n = read(fd, (char *)buf + got, size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return (long)got;
}

long
fs_size(const char *path)
{
	struct uapi_stat st;

	if (fs_stat(path, &st) < 0)
		return -1;
	return st.st_size;
}

const char *
fs_type(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "regular file";
	case S_IFDIR:
		return "directory";
	case S_IFCHR:
		return "character device";
	case S_IFBLK:
		return "block device";
	case S_IFIFO:
		return "fifo";
	case S_IFLNK:
		return "symbolic link";
	case S_IFSOCK:
		return "socket";
	default:
		return "unknown type";
	}
}

const char *
fs_dtype(unsigned type)
{
	static char buf[16];

	switch (type) {
	case DT_REG:
		return "DT_REG";
	case DT_DIR:
		return "DT_DIR";
	case DT_CHR:
		return "DT_CHR";
	case DT_BLK:
		return "DT_BLK";
	case DT_FIFO:
		return "DT_FIFO";
	case DT_LNK:
		return "DT_LNK";
	case DT_SOCK:
		return "DT_SOCK";
	case DT_UNKNOWN:
		return "DT_UNKNOWN";
	default:
		snprintf(buf, sizeof(buf), "DT_%u?", type);
		return buf;
	}
}

int
fs_is_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return 0;
	return 1;
}

uint8_t
fs_pattern(unsigned seed, long offset)
{
	unsigned long x = (unsigned long)offset * 2654435761UL + seed;

	return (uint8_t)((x ^ (x >> 13)) % 255 + 1);
}

void
fs_fill(void *buf, size_t len, unsigned seed, long offset)
{
	uint8_t *b = buf;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = fs_pattern(seed, offset + (long)i);
}

int
fs_matches(const void *buf, size_t len, unsigned seed, long offset)
{
	const uint8_t *b = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != fs_pattern(seed, offset + (long)i))
			return 0;
	return 1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct fs_entry *)a)->name,
		      ((const struct fs_entry *)b)->name);
}

/* Keep one record (@d) in @l. */
static void
keep(struct fs_listing *l, const struct linux_dirent64 *d)
{
	struct fs_entry *e;

	if (l->count == FS_LIST_MAX) {
		l->over++;
		return;
	}
	e = &l->e[l->count++];
	e->type = d->d_type;
	snprintf(e->name, sizeof(e->name), "%s", d->d_name);
}

int
fs_list(int fd, size_t bufsize, struct fs_listing *l)
{
	static uint64_t buf[8192]; /* 64 KiB, aligned for the records */
	size_t pos;
	ssize_t n;
	int i;

	memset(l, 0, sizeof(*l));
	if (bufsize > sizeof(buf))
		bufsize = sizeof(buf);
	for (;;) {
		n = getdents64(fd, buf, bufsize);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		l->calls++;
		for (pos = 0; pos < (size_t)n;) {
			const struct linux_dirent64 *d =
			    (const void *)((char *)buf + pos);

			keep(l, d);
			if (d->d_reclen == 0)
				break;
			pos += d->d_reclen;
		}
	}
	qsort(l->e, (size_t)l->count, sizeof(l->e[0]), by_name);
	for (i = 1; i < l->count; i++)
		if (strcmp(l->e[i - 1].name, l->e[i].name) == 0)
			l->dups++;
	return 0;
}

void
fs_print_listing(const char *label, const struct fs_listing *l)
{
	int i;

	for (i = 0; i < l->count; i++)
		printf("%s: %s %s\n", label, l->e[i].name,
		       fs_dtype(l->e[i].type));
	if (l->over)
		printf("%s: %d more not kept\n", label, l->over);
}
