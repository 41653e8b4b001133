/*
 * user/ktests/blkedges.c - /dev/vda at its edges, as Linux behaves: the
 * end of the disk, O_DIRECT alignment, bad pointers, the ioctls, and the
 * buffer cache staying coherent with O_DIRECT.  Writes the last two
 * sectors and sectors 64..71 and 128..135; wants a disk of at least 1 MiB.
 *
 * Prints one line per check, "what: result", where the result is a count
 * or an errno name; a line that is not what Linux gives ends in
 * "(want ...)".  The last line is "edges ok N checks" or
 * "edges FAIL N of M checks"; exit status 0 or 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <uapi/sluice.h>

#include "blkutil.h"

int main(void);

#define UNMAPPED ((void *)0x1000) /* below the program (user.ld: 0x10000) */
#define KERNEL	 ((void *)0xffffffc000000000UL)

static uint8_t abuf[8192] __attribute__((aligned(4096)));
static uint8_t bbuf[8192] __attribute__((aligned(4096)));
static int checks, failures;

/* A result as printed: the count, or the errno name of -errno. */
static const char *
result(char *buf, size_t len, long r)
{
	if (r < 0)
		return errno_name((int)-r);
	snprintf(buf, len, "%ld", r);
	return buf;
}

/*
 * check - print @what with the result of a call (@r, errno if @r < 0),
 * and whether it is @want (a count, or -errno).
 */
static void
check(const char *what, long r, long want)
{
	char got[24], wanted[24];

	if (r < 0)
		r = -errno;
	checks++;
	printf("%s: %s", what, result(got, sizeof(got), r));
	if (r != want) {
		failures++;
		printf(" (want %s)", result(wanted, sizeof(wanted), want));
	}
	printf("\n");
}

/* check_yes - a yes/no fact that must be yes. */
static void
check_yes(const char *what, int ok)
{
	checks++;
	failures += !ok;
	printf("%s: %s\n", what, ok ? "yes" : "no (want yes)");
}

static void
size_checks(int fd, uint64_t size)
{
	int ssz = 0;

	printf("BLKGETSIZE64: %llu\n", (unsigned long long)size);
	check_yes("size is a whole number of sectors, >= 1 MiB",
		  size % SECTOR == 0 && size >= (1 << 20));
	check("BLKSSZGET", ioctl(fd, BLKSSZGET, &ssz), 0);
	check("BLKSSZGET value", ssz, SECTOR);
	check("BLKGETSIZE64 to a bad pointer",
	      ioctl(fd, BLKGETSIZE64, UNMAPPED), -EFAULT);
	check("unknown ioctl", ioctl(fd, _IO(0x12, 0xfe), 0), -ENOTTY);
	check_yes("lseek(0, SEEK_END) is the size",
		  lseek(fd, 0, SEEK_END) == (off_t)size);
	check_yes("lseek(-512, SEEK_END)",
		  lseek(fd, -SECTOR, SEEK_END) == (off_t)size - SECTOR);
	check("lseek(4096, SEEK_SET)", lseek(fd, 4096, SEEK_SET), 4096);
	check("read 100 at 4096", read(fd, abuf, 100), 100);
	check("lseek(0, SEEK_CUR) after it", lseek(fd, 0, SEEK_CUR), 4196);
}

/* The end of the disk through the buffer cache. */
static void
end_checks(int fd, uint64_t size)
{
	struct pattern p;

	pattern_init(&p, 0xed9e);
	pattern_fill(&p, size / SECTOR - 1, 2, bbuf);
	check("pread at the size", pread(fd, abuf, SECTOR, size), 0);
	check("pread 1 MiB past the size",
	      pread(fd, abuf, SECTOR, size + (1 << 20)), 0);
	check("pwrite at the size", pwrite(fd, bbuf, SECTOR, size), -ENOSPC);
	check("pwrite of 0 bytes at the size", pwrite(fd, bbuf, 0, size), 0);
	check("pwrite of 1024 straddling the end",
	      pwrite(fd, bbuf, 1024, size - SECTOR), SECTOR);
	check("fsync", fsync(fd), 0);
	check("fdatasync", fdatasync(fd), 0);
	memset(abuf, 0, sizeof(abuf));
	check("pread of 1024 straddling the end",
	      pread(fd, abuf, 1024, size - SECTOR), SECTOR);
	check_yes("it reads back what was written",
		  memcmp(abuf, bbuf, SECTOR) == 0);
	check("pread of 700 at size - 300", pread(fd, abuf, 700, size - 300),
	      300);
	check("pread to an unmapped buffer", pread(fd, UNMAPPED, SECTOR, 0),
	      -EFAULT);
	check("pread to a kernel address", pread(fd, KERNEL, SECTOR, 0),
	      -EFAULT);
	check("pwrite from an unmapped buffer", pwrite(fd, UNMAPPED, SECTOR, 0),
	      -EFAULT);
}

static void
direct_checks(int dfd, uint64_t size)
{
	check("O_DIRECT pread, buffer + 1", pread(dfd, abuf + 1, SECTOR, 0),
	      -EINVAL);
	check("O_DIRECT pread, offset 100", pread(dfd, abuf, SECTOR, 100),
	      -EINVAL);
	check("O_DIRECT pread, length 100", pread(dfd, abuf, 100, 0), -EINVAL);
	check("O_DIRECT pwrite, buffer + 1", pwrite(dfd, abuf + 1, SECTOR, 0),
	      -EINVAL);
	check("O_DIRECT pwrite, offset 100", pwrite(dfd, abuf, SECTOR, 100),
	      -EINVAL);
	check("O_DIRECT pwrite, length 100", pwrite(dfd, abuf, 100, 0),
	      -EINVAL);
	check("O_DIRECT pread, 4096 aligned", pread(dfd, abuf, 4096, 0), 4096);
	check("O_DIRECT pread, 512-aligned buffer",
	      pread(dfd, abuf + SECTOR, 1024, SECTOR), 1024);
	check("O_DIRECT pread at the size", pread(dfd, abuf, SECTOR, size), 0);
	check("O_DIRECT pwrite at the size", pwrite(dfd, abuf, SECTOR, size),
	      -ENOSPC);
	memcpy(abuf, bbuf, 2 * SECTOR);
	check("O_DIRECT pwrite of 1024 straddling the end",
	      pwrite(dfd, abuf, 1024, size - SECTOR), SECTOR);
	check("O_DIRECT pread of 1024 straddling the end",
	      pread(dfd, abuf, 1024, size - SECTOR), SECTOR);
	check_yes("it reads back what was written",
		  memcmp(abuf, bbuf, SECTOR) == 0);
	check("O_DIRECT pread to an unmapped buffer",
	      pread(dfd, UNMAPPED, SECTOR, 0), -EFAULT);
	check("O_DIRECT pwrite from an unmapped buffer",
	      pwrite(dfd, UNMAPPED, SECTOR, 0), -EFAULT);
}

/*
 * As on Linux, O_DIRECT and the buffer cache see the same disk: a direct
 * write replaces what the cache holds, a direct read sees buffered
 * writes not yet written back.
 */
static void
coherence_checks(int fd, int dfd)
{
	struct pattern a, b;
	int word;

	pattern_init(&a, 0xa);
	pattern_init(&b, 0xb);
	pattern_fill(&a, 64, 8, abuf);
	check("O_DIRECT pwrite of sectors 64..71",
	      pwrite(dfd, abuf, 4096, 64 * SECTOR), 4096);
	check("buffered pread of them", pread(fd, bbuf, 4096, 64 * SECTOR),
	      4096);
	pattern_fill(&b, 64, 8, abuf);
	check("O_DIRECT pwrite of new data",
	      pwrite(dfd, abuf, 4096, 64 * SECTOR), 4096);
	check("buffered pread again", pread(fd, bbuf, 4096, 64 * SECTOR), 4096);
	check_yes("buffered read sees the O_DIRECT write",
		  pattern_check(&b, 64, 8, bbuf, &word) < 0);

	pattern_fill(&a, 128, 8, bbuf);
	check("buffered pwrite of sectors 128..135, no fsync",
	      pwrite(fd, bbuf, 4096, 128 * SECTOR), 4096);
	check("O_DIRECT pread of them", pread(dfd, abuf, 4096, 128 * SECTOR),
	      4096);
	check_yes("O_DIRECT read sees the buffered write",
		  pattern_check(&a, 128, 8, abuf, &word) < 0);
}

static void
misc_checks(int fd)
{
	int rfd = blk_open("blkedges", O_RDONLY);
	char name[SLUICE_ELV_NAME_MAX];

	check("pwrite on an O_RDONLY descriptor", pwrite(rfd, abuf, SECTOR, 0),
	      -EBADF);
	close(rfd);
	check("SLUICE_BLKGETELV", ioctl(fd, SLUICE_BLKGETELV, name), 0);
	check("SLUICE_BLKSETELV from a bad pointer",
	      ioctl(fd, SLUICE_BLKSETELV, UNMAPPED), -EFAULT);
	check("SLUICE_BLKGETELV to a bad pointer",
	      ioctl(fd, SLUICE_BLKGETELV, UNMAPPED), -EFAULT);
}

int
main(void)
{
	int fd = blk_open("blkedges", O_RDWR);
	int dfd = blk_open("blkedges", O_RDWR | O_DIRECT);
	uint64_t size = blk_size("blkedges", fd);

	size_checks(fd, size);
	end_checks(fd, size);
	direct_checks(dfd, size);
	coherence_checks(fd, dfd);
	misc_checks(fd);
	close(dfd);
	close(fd);
	if (failures) {
		printf("edges FAIL %d of %d checks\n", failures, checks);
		return 1;
	}
	printf("edges ok %d checks\n", checks);
	return 0;
}
