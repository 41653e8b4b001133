/*
 * user/tests/fd_errors.c - descriptor errors of the file calls: every call
 * on a closed descriptor (also one just closed, and -1) is EBADF; a second
 * close is EBADF; openat with a closed dirfd is EBADF for a relative path
 * but works for an absolute one, with a file as dirfd ENOTDIR; when the
 * table is full (the soft RLIMIT_NOFILE lowered to 16 first where the
 * kernel allows it) openat and pipe2 fail with EMFILE, a failed pipe2
 * takes no descriptor, and one close makes room for one open.  Counts of
 * descriptors are not printed.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char buf[64];

static void
closed(int fd)
{
	struct uapi_stat st;
	struct iovec iov = { buf, 1 };

	check_errno("read", read(fd, buf, 1), EBADF);
	check_errno("write", write(fd, "x", 1), EBADF);
	check_errno("pread", pread(fd, buf, 1, 0), EBADF);
	check_errno("pwrite", pwrite(fd, "x", 1, 0), EBADF);
	check_errno("readv", readv(fd, &iov, 1), EBADF);
	check_errno("writev", writev(fd, &iov, 1), EBADF);
	check_errno("lseek", lseek(fd, 0, SEEK_SET), EBADF);
	check_errno("fstat", fs_fstat(fd, &st), EBADF);
	check_errno("ftruncate", fs_ftruncate(fd, 0), EBADF);
	check_errno("fsync", fsync(fd), EBADF);
	check_errno("fdatasync", fdatasync(fd), EBADF);
	check_errno("getdents64", getdents64(fd, buf, sizeof(buf)), EBADF);
	check_errno("dup", dup(fd), EBADF);
	check_errno("dup3", dup3(fd, 30, 0), EBADF);
	check_errno("fcntl F_GETFL", fcntl(fd, F_GETFL), EBADF);
	check_errno("close", close(fd), EBADF);
}

static void
bad_descriptors(void)
{
	int fd = open("f", O_RDWR | O_CREAT, 0644);

	check_true("open(\"f\", O_RDWR | O_CREAT, 0644)", fd >= 0);
	check_value("close(fd)", close(fd), 0);
	printf("on the closed fd:\n");
	closed(fd);
	printf("on fd -1:\n");
	closed(-1);
}

static void
dirfds(void)
{
	char abs[512];
	int bad = check_closed_fd(), file = open("f", O_RDONLY), fd;
	size_t len;

	check_errno("openat(closed fd, \"f\")", openat(bad, "f", O_RDONLY),
		    EBADF);
	check_errno("openat(file fd, \"x\")", openat(file, "x", O_RDONLY),
		    ENOTDIR);
	if (!getcwd(abs, sizeof(abs) - 8))
		check_abort("getcwd");
	len = strlen(abs);
	snprintf(abs + len, sizeof(abs) - len, "/f");
	fd = openat(bad, abs, O_RDONLY);
	check_true("openat(closed fd, absolute path) works", fd >= 0);
	close(fd);
	close(file);
}

/* Make the table small where the kernel lets us (Sluice: fixed size). */
static void
lower_limit(void)
{
	struct rlimit64 old, lim;

	if (prlimit(0, RLIMIT_NOFILE, NULL, &old) < 0)
		return;
	lim.rlim_max = old.rlim_max;
	lim.rlim_cur = old.rlim_max < 16 ? old.rlim_max : 16;
	prlimit(0, RLIMIT_NOFILE, &lim, NULL);
}

#define FD_ERRORS_MAX 4096

static int fds[FD_ERRORS_MAX];

static void
table_full(void)
{
	int n = 0, i, p[2], last, err;

	lower_limit();
	while (n < FD_ERRORS_MAX - 1 && (fds[n] = open("f", O_RDONLY)) >= 0)
		n++;
	err = errno;
	check_true("open fails before 4096 fds", n < FD_ERRORS_MAX - 1);
	check_errno("open when the table is full", -1, err);
	check_errno("pipe2 when the table is full", pipe2(p, 0), EMFILE);
	last = fds[--n];
	check_value("close(one)", close(last), 0);
	check_errno("pipe2 with one free slot", pipe2(p, 0), EMFILE);
	check_true("that slot is still free", check_lowest_free(0) == last);
	check_errno("open(\"missing\") with one free slot",
		    open("missing", O_RDONLY), ENOENT);
	fds[n] = open("f", O_RDONLY);
	check_true("open then works and takes it", fds[n] == last);
	check_errno("and the next open", open("f", O_RDONLY), EMFILE);
	for (i = 0; i <= n; i++)
		close(fds[i]);
}

int
main(void)
{
	bad_descriptors();
	dirfds();
	table_full();
	return check_exit();
}
