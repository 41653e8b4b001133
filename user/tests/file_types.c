/*
 * user/tests/file_types.c - calls that need one kind of file, given
 * another: read(2), pread and readv on a directory are EISDIR and write on
 * a read-only directory descriptor EBADF; opening a directory for writing
 * (O_WRONLY, O_RDWR, with or without O_CREAT or O_TRUNC) is EISDIR;
 * O_DIRECTORY on a file, /dev/null or a path through a file is ENOTDIR,
 * as are chdir and getdents64 on a file; ftruncate of a directory is
 * EINVAL.  What works: lseek(dir, 0, SEEK_SET), fsync of a directory,
 * reading and writing /dev/null through O_RDWR.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char buf[64];

static void
directory(void)
{
	struct iovec iov = { buf, sizeof(buf) };
	int d;

	check_value("mkdir(\"d\")", fs_mkdir("d", 0755), 0);
	d = open("d", O_RDONLY);
	check_true("open(\"d\", O_RDONLY) works", d >= 0);
	check_errno("read(dir)", read(d, buf, sizeof(buf)), EISDIR);
	check_errno("pread(dir)", pread(d, buf, sizeof(buf), 0), EISDIR);
	check_errno("readv(dir)", readv(d, &iov, 1), EISDIR);
	check_errno("write(dir fd opened O_RDONLY)", write(d, "x", 1), EBADF);
	check_value("lseek(dir, 0, SEEK_SET)", lseek(d, 0, SEEK_SET), 0);
	check_value("fsync(dir)", fsync(d), 0);
	check_errno("ftruncate(dir, 0)", fs_ftruncate(d, 0), EINVAL);
	close(d);
	check_errno("open(\"d\", O_WRONLY)", open("d", O_WRONLY), EISDIR);
	check_errno("open(\"d\", O_RDWR)", open("d", O_RDWR), EISDIR);
	check_errno("open(\"d\", O_WRONLY | O_CREAT)",
		    open("d", O_WRONLY | O_CREAT, 0644), EISDIR);
	check_errno("open(\"d\", O_RDWR | O_TRUNC)",
		    open("d", O_RDWR | O_TRUNC), EISDIR);
	check_errno("open(\"d\", O_RDONLY | O_CREAT)",
		    open("d", O_RDONLY | O_CREAT, 0644), EISDIR);
	check_errno("open(\"d\", O_CREAT | O_EXCL)",
		    open("d", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
}

static void
not_directory(void)
{
	int f;

	fs_put("f", "data", 4);
	check_errno("open(\"f\", O_RDONLY | O_DIRECTORY)",
		    open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	check_errno("open(\"/dev/null\", O_RDONLY | O_DIRECTORY)",
		    open("/dev/null", O_RDONLY | O_DIRECTORY), ENOTDIR);
	check_errno("open(\"f/g\", O_RDONLY)", open("f/g", O_RDONLY), ENOTDIR);
	check_errno("chdir(\"f\")", chdir("f"), ENOTDIR);
	f = open("f", O_RDONLY);
	check_errno("getdents64(file)", getdents64(f, buf, sizeof(buf)),
		    ENOTDIR);
	check_errno("openat(file, \"g\")", openat(f, "g", O_RDONLY), ENOTDIR);
	close(f);
	check_value("the file still holds 4 bytes", fs_size("f"), 4);
}

static void
dev_null(void)
{
	int n = open("/dev/null", O_RDWR);

	check_true("open(\"/dev/null\", O_RDWR) works", n >= 0);
	check_value("write(null, \"abc\", 3)", write(n, "abc", 3), 3);
	check_value("read(null, buf, 64)", read(n, buf, sizeof(buf)), 0);
	close(n);
}

int
main(void)
{
	directory();
	not_directory();
	dev_null();
	return check_exit();
}
