/*
 * user/tests/file_rw.c - read(2), write(2), pread64, pwrite64, readv and
 * writev on a regular file, and lseek(2) with SEEK_SET, SEEK_CUR and
 * SEEK_END: a read at end of file returns 0, the positioned calls leave the
 * offset alone, a seek past the end is allowed and a write there leaves a
 * hole that reads as zeros (inside one block, over whole blocks, and 1 MiB
 * out), and a seek to a negative offset or with an unknown whence is
 * EINVAL and moves nothing.  Data that crosses block boundaries reads back
 * intact in any chunking.  SEEK_DATA/SEEK_HOLE are left out (Sluice does
 * not have them).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char buf[16384];

/* Read @n bytes at @off and say whether they are @want (@label). */
static void
expect_at(int fd, long off, const char *want, size_t n, const char *label)
{
	char what[80];
	ssize_t got;

	memset(buf, '?', n);
	got = pread(fd, buf, n, off);
	snprintf(what, sizeof(what), "pread %zu at %ld reads %s", n, off,
		 label);
	check_true(what, got == (ssize_t)n && memcmp(buf, want, n) == 0);
}

static void
basic(int fd)
{
	check_value("write(fd, \"hello, world\\n\", 13)",
		    write(fd, "hello, world\n", 13), 13);
	check_value("lseek(fd, 0, SEEK_CUR) after it", lseek(fd, 0, SEEK_CUR),
		    13);
	check_value("read at end of file", read(fd, buf, 10), 0);
	check_value("write(fd, buf, 0)", write(fd, buf, 0), 0);
	check_value("lseek(fd, 0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	check_value("read(fd, buf, 5)", read(fd, buf, 5), 5);
	check_true("it reads \"hello\"", memcmp(buf, "hello", 5) == 0);
	check_value("lseek(fd, 2, SEEK_CUR)", lseek(fd, 2, SEEK_CUR), 7);
	check_value("read(fd, buf, 100) gets the rest", read(fd, buf, 100), 6);
	check_true("it reads \"world\\n\"", memcmp(buf, "world\n", 6) == 0);
	check_value("lseek(fd, -6, SEEK_END)", lseek(fd, -6, SEEK_END), 7);
	check_value("read(fd, buf, 0)", read(fd, buf, 0), 0);
}

static void
bad_seeks(int fd)
{
	check_errno("lseek(fd, -1, SEEK_SET)", lseek(fd, -1, SEEK_SET), EINVAL);
	check_errno("lseek(fd, -100, SEEK_CUR)", lseek(fd, -100, SEEK_CUR),
		    EINVAL);
	check_errno("lseek(fd, -14, SEEK_END)", lseek(fd, -14, SEEK_END),
		    EINVAL);
	check_errno("lseek(fd, 0, 99)", lseek(fd, 0, 99), EINVAL);
	check_value("the offset is still", lseek(fd, 0, SEEK_CUR), 7);
	check_value("lseek(fd, -13, SEEK_END) to 0", lseek(fd, -13, SEEK_END),
		    0);
	check_value("lseek(fd, 7, SEEK_SET)", lseek(fd, 7, SEEK_SET), 7);
}

static void
positioned(int fd)
{
	check_value("pread(fd, buf, 5, 0)", pread(fd, buf, 5, 0), 5);
	check_true("it reads \"hello\"", memcmp(buf, "hello", 5) == 0);
	check_value("pwrite(fd, \"WORLD\", 5, 7)", pwrite(fd, "WORLD", 5, 7),
		    5);
	check_value("the offset stays at", lseek(fd, 0, SEEK_CUR), 7);
	expect_at(fd, 0, "hello, WORLD\n", 13, "\"hello, WORLD\\n\"");
	check_value("pread at end of file", pread(fd, buf, 4, 13), 0);
	check_value("pread past end of file", pread(fd, buf, 4, 1000), 0);
	check_errno("pread(fd, buf, 4, -1)", pread(fd, buf, 4, -1), EINVAL);
	check_errno("pwrite(fd, \"x\", 1, -1)", pwrite(fd, "x", 1, -1), EINVAL);
	check_value("the size is still", fs_size("data"), 13);
}

static void
vectors(int fd)
{
	struct iovec out[3] = { { "ab", 2 },
				{ (void *)"", 0 },
				{ "cdefg", 5 } };
	char x[3], y[4];
	struct iovec in[2] = { { x, 3 }, { y, 4 } };

	check_value("lseek(fd, 0, SEEK_END)", lseek(fd, 0, SEEK_END), 13);
	check_value("writev(fd, 2+0+5 bytes)", writev(fd, out, 3), 7);
	check_value("lseek(fd, 13, SEEK_SET)", lseek(fd, 13, SEEK_SET), 13);
	check_value("readv(fd, 3+4 bytes)", readv(fd, in, 2), 7);
	check_true("they hold \"abc\" and \"defg\"",
		   memcmp(x, "abc", 3) == 0 && memcmp(y, "defg", 4) == 0);
	check_value("the size is now", fs_size("data"), 20);
}

static void
holes(int fd)
{
	check_value("lseek(fd, 100, SEEK_END)", lseek(fd, 100, SEEK_END), 120);
	check_value("the size is still", fs_size("data"), 20);
	check_value("read past the end", read(fd, buf, 10), 0);
	check_value("write(fd, \"end\", 3) there", write(fd, "end", 3), 3);
	check_value("the size is now", fs_size("data"), 123);
	check_value("pread(fd, buf, 100, 20) of the gap",
		    pread(fd, buf, 100, 20), 100);
	check_true("the gap reads as zeros", fs_is_zero(buf, 100));
	expect_at(fd, 120, "end", 3, "\"end\"");

	/* blocks 1 and 2 (of 4 KiB) are never written */
	check_value("pwrite(fd, \"far\", 3, 13000)",
		    pwrite(fd, "far", 3, 13000), 3);
	check_value("pread(fd, buf, 12877, 123)", pread(fd, buf, 12877, 123),
		    12877);
	check_true("12877 zero bytes before it", fs_is_zero(buf, 12877));
	expect_at(fd, 13000, "far", 3, "\"far\"");

	check_value("pwrite(fd, \"M\", 1, 1 MiB)", pwrite(fd, "M", 1, 1048576),
		    1);
	check_value("the size is now", fs_size("data"), 1048577);
	check_value("pread(fd, buf, 4096, 512 KiB)",
		    pread(fd, buf, 4096, 524288), 4096);
	check_true("zeros in the middle of the hole", fs_is_zero(buf, 4096));
	check_value("pread(fd, buf, 10, 1 MiB - 9)",
		    pread(fd, buf, 10, 1048567), 10);
	check_true("9 zeros, then \"M\"", fs_is_zero(buf, 9) && buf[9] == 'M');
	check_value("read(fd, buf, 4) at the offset, 123", read(fd, buf, 4), 4);
	check_true("zeros", fs_is_zero(buf, 4));
}

/* 10000 bytes across three blocks, written and read in odd pieces. */
static void
across_blocks(void)
{
	static const size_t pieces[] = { 1, 4095, 3000, 1, 2903 };
	int fd = open("cross", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int wrote_all = 1, read_all = 1;
	long off = 0;
	size_t i;

	check_true("open(\"cross\", O_RDWR | O_CREAT | O_TRUNC)", fd >= 0);
	fs_fill(buf, 10000, 7, 4000);
	if (lseek(fd, 4000, SEEK_SET) != 4000)
		wrote_all = 0;
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		if (write(fd, buf + off, pieces[i]) != (ssize_t)pieces[i])
			wrote_all = 0;
		off += (long)pieces[i];
	}
	check_true("10000 bytes written from offset 4000 in 5 pieces",
		   wrote_all && off == 10000);
	check_value("the size is", fs_size("cross"), 14000);
	for (off = 4000; off < 14000; off += 999) {
		long n = off + 999 > 14000 ? 14000 - off : 999;

		memset(buf, 0, 999);
		if (pread(fd, buf, (size_t)n, off) != n ||
		    !fs_matches(buf, (size_t)n, 7, off))
			read_all = 0;
	}
	check_true("read back in 999-byte pieces, all bytes match", read_all);
	close(fd);
}

int
main(void)
{
	int fd = open("data", O_RDWR | O_CREAT | O_EXCL, 0644);

	check_true("open(\"data\", O_RDWR | O_CREAT | O_EXCL, 0644)", fd >= 0);
	if (fd < 0)
		return check_exit();
	basic(fd);
	bad_seeks(fd);
	positioned(fd);
	vectors(fd);
	holes(fd);
	check_value("close(fd)", close(fd), 0);
	across_blocks();
	return check_exit();
}
