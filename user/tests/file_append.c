/*
 * user/tests/file_append.c - O_APPEND: every write(2) goes to the end of
 * the file, wherever the offset was, and leaves the offset there; reads
 * still start at the offset; F_GETFL shows O_APPEND and F_SETFL can set
 * and clear it; another descriptor without O_APPEND writes where its own
 * offset is; writev appends as one piece; pwrite(2) on an O_APPEND
 * descriptor appends too and ignores its offset (Linux's documented
 * deviation from POSIX, pwrite(2) BUGS).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char buf[64];

/* Print the file's contents (all of it is text). */
static void
show(const char *when)
{
	long n = fs_get("log", buf, sizeof(buf) - 1);

	buf[n < 0 ? 0 : n] = '\0';
	printf("after %s the file holds \"%s\"\n", when, buf);
}

static void
appends(int fd)
{
	struct iovec iov[2] = { { "vec", 3 }, { "tor", 3 } };

	check_value("write(fd, \"abc\", 3)", write(fd, "abc", 3), 3);
	check_value("lseek(fd, 0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	check_value("read(fd, buf, 2) from there", read(fd, buf, 2), 2);
	check_value("write(fd, \"def\", 3)", write(fd, "def", 3), 3);
	check_value("the offset after it", lseek(fd, 0, SEEK_CUR), 6);
	show("two appends");
	check_value("lseek(fd, 1, SEEK_SET)", lseek(fd, 1, SEEK_SET), 1);
	check_value("writev(fd, \"vec\" \"tor\")", writev(fd, iov, 2), 6);
	check_value("the offset after it", lseek(fd, 0, SEEK_CUR), 12);
	check_value("pwrite(fd, \"P\", 1, 0)", pwrite(fd, "P", 1, 0), 1);
	check_value("the offset after it", lseek(fd, 0, SEEK_CUR), 12);
	show("writev and pwrite");
}

static void
flags(int fd)
{
	int plain = open("log", O_RDWR);
	long fl = fcntl(fd, F_GETFL);

	check_true("F_GETFL shows O_APPEND", fl >= 0 && (fl & O_APPEND));
	check_value("its access mode is O_RDWR", fl & O_ACCMODE, O_RDWR);
	check_true("a plain open(\"log\", O_RDWR) works", plain >= 0);
	fl = fcntl(plain, F_GETFL);
	check_true("F_GETFL of it has no O_APPEND", !(fl & O_APPEND));
	check_value("write(plain, \"XY\", 2) at offset 0",
		    write(plain, "XY", 2), 2);
	show("the plain write");
	check_value("fcntl(plain, F_SETFL, O_APPEND)",
		    fcntl(plain, F_SETFL, O_APPEND), 0);
	check_value("write(plain, \"Z\", 1)", write(plain, "Z", 1), 1);
	check_value("its offset after it", lseek(plain, 0, SEEK_CUR), 14);
	check_value("fcntl(fd, F_SETFL, 0) clears O_APPEND",
		    fcntl(fd, F_SETFL, 0), 0);
	check_value("lseek(fd, 0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	check_value("write(fd, \"_\", 1) at offset 0", write(fd, "_", 1), 1);
	show("F_SETFL");
	close(plain);
}

int
main(void)
{
	int fd = open("log", O_RDWR | O_CREAT | O_APPEND, 0644);

	check_true("open(\"log\", O_RDWR | O_CREAT | O_APPEND, 0644)", fd >= 0);
	if (fd < 0)
		return check_exit();
	appends(fd);
	flags(fd);
	close(fd);
	check_value("the final size", fs_size("log"), 14);
	return check_exit();
}
