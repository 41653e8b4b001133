/*
 * user/tests/file_open.c - openat(2) on regular files and the errors of
 * opening: O_CREAT makes a file (once: with O_EXCL a second try is EEXIST,
 * without it the existing file is opened and kept), O_TRUNC empties it
 * (also with O_RDONLY, as Linux does), a missing file or parent is ENOENT,
 * "" is ENOENT, a path through a file or with a trailing slash after one
 * is ENOTDIR, O_CREAT with a trailing slash is EISDIR, O_DIRECTORY on a
 * file is ENOTDIR; the access mode is enforced (EBADF) and O_CLOEXEC sets
 * FD_CLOEXEC.  Everything is relative to the scratch directory.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char buf[64];

/* Open @path with @flags (mode 0644); print whether it worked; close. */
static void
opens(const char *what, const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	check_true(what, fd >= 0);
	if (fd >= 0)
		close(fd);
}

static void
create(void)
{
	int fd;

	check_errno("open(\"f\", O_RDONLY) before it exists",
		    open("f", O_RDONLY), ENOENT);
	fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0644);
	check_true("open(\"f\", O_WRONLY | O_CREAT | O_EXCL, 0644) works",
		   fd >= 0);
	check_value("the new file's size", fs_size("f"), 0);
	check_value("write(fd, \"hello\", 5)", write(fd, "hello", 5), 5);
	check_errno("read on the O_WRONLY fd", read(fd, buf, 5), EBADF);
	close(fd);
	check_errno("open(\"f\", O_RDWR | O_CREAT | O_EXCL) again",
		    open("f", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	opens("open(\"f\", O_RDWR | O_CREAT) without O_EXCL works", "f",
	      O_RDWR | O_CREAT);
	check_value("and keeps its size", fs_size("f"), 5);
	fd = open("f", O_RDONLY);
	check_true("open(\"f\", O_RDONLY) works", fd >= 0);
	check_errno("write on the O_RDONLY fd", write(fd, "x", 1), EBADF);
	check_value("read(fd, buf, 64)", read(fd, buf, 64), 5);
	check_true("it reads \"hello\"", memcmp(buf, "hello", 5) == 0);
	close(fd);
}

static void
truncate_on_open(void)
{
	int fd;

	fd = open("f", O_RDWR | O_TRUNC);
	check_true("open(\"f\", O_RDWR | O_TRUNC) works", fd >= 0);
	check_value("the size after O_TRUNC", fs_size("f"), 0);
	check_value("read(fd, buf, 64)", read(fd, buf, 64), 0);
	check_value("write(fd, \"again\", 5)", write(fd, "again", 5), 5);
	close(fd);
	opens("open(\"f\", O_RDONLY | O_TRUNC) works", "f", O_RDONLY | O_TRUNC);
	check_value("and truncates too", fs_size("f"), 0);
	check_value("fs_put(\"g\", 10 bytes)", fs_put("g", "0123456789", 10),
		    0);
	opens("open(\"g\", O_WRONLY | O_CREAT | O_TRUNC) works", "g",
	      O_WRONLY | O_CREAT | O_TRUNC);
	check_value("the size after it", fs_size("g"), 0);
}

static void
path_errors(void)
{
	check_errno("open(\"\", O_RDONLY)", open("", O_RDONLY), ENOENT);
	check_errno("open(\"nodir/f\", O_WRONLY | O_CREAT)",
		    open("nodir/f", O_WRONLY | O_CREAT, 0644), ENOENT);
	check_errno("open(\"f/x\", O_RDONLY) through a file",
		    open("f/x", O_RDONLY), ENOTDIR);
	check_errno("open(\"f/x\", O_WRONLY | O_CREAT) through a file",
		    open("f/x", O_WRONLY | O_CREAT, 0644), ENOTDIR);
	check_errno("open(\"f/\", O_RDONLY) with a trailing slash",
		    open("f/", O_RDONLY), ENOTDIR);
	check_errno("open(\"new/\", O_WRONLY | O_CREAT)",
		    open("new/", O_WRONLY | O_CREAT, 0644), EISDIR);
	check_errno("open(\"new\", O_RDONLY) after that", open("new", O_RDONLY),
		    ENOENT);
	check_errno("open(\"f\", O_RDONLY | O_DIRECTORY)",
		    open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	opens("open(\".\", O_RDONLY | O_DIRECTORY) works", ".",
	      O_RDONLY | O_DIRECTORY);
	opens("open(\"./f\", O_RDONLY) works", "./f", O_RDONLY);
	check_value("mkdir(\"d\", 0755)", fs_mkdir("d", 0755), 0);
	opens("open(\"d/../f\", O_RDONLY) works", "d/../f", O_RDONLY);
	opens("open(\"d//..//f\", O_RDONLY) works", "d//..//f", O_RDONLY);
	opens("open(\"d/\", O_RDONLY) works", "d/", O_RDONLY);
}

static void
fd_flags(void)
{
	int fd = open("f", O_RDONLY | O_CLOEXEC), want;

	check_true("open(\"f\", O_RDONLY | O_CLOEXEC) works", fd >= 0);
	check_value("fcntl(fd, F_GETFD)", fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	want = check_lowest_free(0);
	fd = open("f", O_RDONLY);
	check_value("without O_CLOEXEC, F_GETFD", fcntl(fd, F_GETFD), 0);
	check_true("open returns the lowest free fd", fd == want);
	close(fd);
}

int
main(void)
{
	create();
	truncate_on_open();
	path_errors();
	fd_flags();
	return check_exit();
}
