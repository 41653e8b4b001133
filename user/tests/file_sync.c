/*
 * user/tests/file_sync.c - the calls around file data and names that
 * return little: fsync(2) and fdatasync(2) on a file and a directory are
 * 0 and on a pipe EINVAL; sync(2) returns 0; faccessat(2) says F_OK and
 * R_OK|W_OK for an existing file, ENOENT and ENOTDIR for bad paths, EINVAL
 * for an unknown mode bit; statfs(2) on "." works and reports 255-byte
 * names (the block and file counts depend on the disk and are not
 * printed), ENOENT for a missing path.  X_OK and permission denials are
 * left out: the tests run as root on Linux, which passes most checks.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static void
syncs(void)
{
	int f = open("f", O_RDWR | O_CREAT, 0644), d = open(".", O_RDONLY),
	    p[2];

	check_value("write(f, \"x\", 1)", write(f, "x", 1), 1);
	check_value("fsync(file)", fsync(f), 0);
	check_value("fdatasync(file)", fdatasync(f), 0);
	check_value("fsync(dir)", fsync(d), 0);
	check_value("fdatasync(dir)", fdatasync(d), 0);
	check_value("pipe2(p, 0)", pipe2(p, 0), 0);
	check_errno("fsync(pipe)", fsync(p[1]), EINVAL);
	check_errno("fdatasync(pipe)", fdatasync(p[0]), EINVAL);
	check_value("sync()", syscall0(__NR_sync), 0);
	close(p[0]);
	close(p[1]);
	close(f);
	close(d);
}

static void
access_checks(void)
{
	int d;

	check_value("faccessat(\"f\", F_OK)", fs_faccessat(AT_FDCWD, "f", F_OK),
		    0);
	check_value("faccessat(\"f\", R_OK | W_OK)",
		    fs_faccessat(AT_FDCWD, "f", R_OK | W_OK), 0);
	check_value("faccessat(\".\", X_OK)", fs_faccessat(AT_FDCWD, ".", X_OK),
		    0);
	check_errno("faccessat(\"missing\", F_OK)",
		    fs_faccessat(AT_FDCWD, "missing", F_OK), ENOENT);
	check_errno("faccessat(\"f/x\", F_OK)",
		    fs_faccessat(AT_FDCWD, "f/x", F_OK), ENOTDIR);
	check_errno("faccessat(\"f\", 8)", fs_faccessat(AT_FDCWD, "f", 8),
		    EINVAL);
	d = open(".", O_RDONLY | O_DIRECTORY);
	check_value("faccessat(dirfd, \"f\", R_OK)", fs_faccessat(d, "f", R_OK),
		    0);
	close(d);
}

static void
statfs_checks(void)
{
	struct statfs sf;

	memset(&sf, 0, sizeof(sf));
	check_value("statfs(\".\")",
		    check_raw(syscall2(__NR_statfs, (long)".", (long)&sf)), 0);
	printf("f_namelen %ld\n", (long)sf.f_namelen);
	check_true("f_bsize is a power of two of 512 or more",
		   sf.f_bsize >= 512 && (sf.f_bsize & (sf.f_bsize - 1)) == 0);
	check_true("f_bfree <= f_blocks", sf.f_bfree <= sf.f_blocks);
	check_errno(
	    "statfs(\"missing\")",
	    check_raw(syscall2(__NR_statfs, (long)"missing", (long)&sf)),
	    ENOENT);
}

int
main(void)
{
	syncs();
	access_checks();
	statfs_checks();
	return check_exit();
}
