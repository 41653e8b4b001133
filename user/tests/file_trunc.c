/*
 * user/tests/file_trunc.c - ftruncate(2): shrinking cuts the file and
 * growing again shows zeros, not the old bytes, also in the tail of the
 * block the cut fell in; growing makes a hole; the offset is not moved,
 * so a write after a shrink leaves a hole; the same size is a no-op.
 * Errors: a negative length, a descriptor not open for writing, a pipe
 * and a directory are EINVAL, a closed descriptor EBADF.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

#define LEN  10000
#define SEED 3

static char buf[32768];

static void
shrink_and_grow(int fd)
{
	fs_fill(buf, LEN, SEED, 0);
	check_value("write(fd, 10000 bytes)", write(fd, buf, LEN), LEN);
	check_value("ftruncate(fd, 5000)", fs_ftruncate(fd, 5000), 0);
	check_value("the size is", fs_size("t"), 5000);
	check_value("the offset is still", lseek(fd, 0, SEEK_CUR), LEN);
	check_value("pread(fd, buf, 100, 4990)", pread(fd, buf, 100, 4990), 10);
	check_true("the last 10 bytes are intact",
		   fs_matches(buf, 10, SEED, 4990));
	check_value("ftruncate(fd, 20000)", fs_ftruncate(fd, 20000), 0);
	check_value("the size is", fs_size("t"), 20000);
	memset(buf, 'x', sizeof(buf));
	check_value("pread(fd, buf, 16000, 5000)", pread(fd, buf, 16000, 5000),
		    15000);
	check_true("15000 zeros, none of the old bytes",
		   fs_is_zero(buf, 15000));
	check_value("pread(fd, buf, 5000, 0)", pread(fd, buf, 5000, 0), 5000);
	check_true("the first 5000 bytes are intact",
		   fs_matches(buf, 5000, SEED, 0));
	check_value("ftruncate(fd, 20000) again", fs_ftruncate(fd, 20000), 0);
	check_value("the size is", fs_size("t"), 20000);
}

static void
write_after_shrink(int fd)
{
	check_value("ftruncate(fd, 0)", fs_ftruncate(fd, 0), 0);
	check_value("the size is", fs_size("t"), 0);
	check_value("the offset is still", lseek(fd, 0, SEEK_CUR), LEN);
	check_value("write(fd, \"tail\", 4)", write(fd, "tail", 4), 4);
	check_value("the size is", fs_size("t"), LEN + 4);
	memset(buf, 'x', LEN);
	check_value("pread(fd, buf, 10000, 0)", pread(fd, buf, LEN, 0), LEN);
	check_true("all zeros before \"tail\"", fs_is_zero(buf, LEN));
	check_value("ftruncate(fd, 1 MiB)", fs_ftruncate(fd, 1L << 20), 0);
	check_value("the size is", fs_size("t"), 1L << 20);
	check_value("pread(fd, buf, 8, 1 MiB - 8)",
		    pread(fd, buf, 8, (1L << 20) - 8), 8);
	check_true("zeros at the end", fs_is_zero(buf, 8));
	check_value("ftruncate(fd, 3)", fs_ftruncate(fd, 3), 0);
	check_value("the size is", fs_size("t"), 3);
}

static void
errors(int fd)
{
	int ro = open("t", O_RDONLY), dir = open(".", O_RDONLY), p[2];

	check_errno("ftruncate(fd, -1)", fs_ftruncate(fd, -1), EINVAL);
	check_errno("ftruncate on an O_RDONLY fd", fs_ftruncate(ro, 0), EINVAL);
	check_errno("ftruncate on a directory", fs_ftruncate(dir, 0), EINVAL);
	check_value("pipe2(p, 0)", pipe2(p, 0), 0);
	check_errno("ftruncate on a pipe's write end", fs_ftruncate(p[1], 0),
		    EINVAL);
	check_errno("ftruncate on a closed fd",
		    fs_ftruncate(check_closed_fd(), 0), EBADF);
	check_value("the size is still", fs_size("t"), 3);
	close(ro);
	close(dir);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	int fd = open("t", O_RDWR | O_CREAT | O_EXCL, 0644);

	check_true("open(\"t\", O_RDWR | O_CREAT | O_EXCL, 0644)", fd >= 0);
	if (fd < 0)
		return check_exit();
	shrink_and_grow(fd);
	write_after_shrink(fd);
	errors(fd);
	close(fd);
	return check_exit();
}
