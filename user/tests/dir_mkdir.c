/*
 * user/tests/dir_mkdir.c - mkdirat(2) and unlinkat(2) with and without
 * AT_REMOVEDIR: a directory is made once (EEXIST again, and over a file),
 * not under a missing parent (ENOENT) or a file (ENOTDIR); a trailing
 * slash is fine for a directory and ENOTDIR for a file; rmdir of a
 * non-empty directory is ENOTEMPTY, of a file ENOTDIR, of "." EINVAL and
 * of ".." ENOTEMPTY; unlink of a directory is EISDIR; missing names are
 * ENOENT; an unknown unlinkat flag is EINVAL.  Relative to a directory
 * descriptor both work, a file as dirfd is ENOTDIR, a closed one EBADF
 * (but an absolute path ignores it).  An open directory that is removed
 * reads as gone: getdents64 ENOENT, creating in it ENOENT.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static void
make(void)
{
	check_value("mkdir(\"d\", 0755)", fs_mkdir("d", 0755), 0);
	check_errno("mkdir(\"d\", 0755) again", fs_mkdir("d", 0755), EEXIST);
	check_value("fs_put(\"f\")", fs_put("f", "x", 1), 0);
	check_errno("mkdir(\"f\") over a file", fs_mkdir("f", 0755), EEXIST);
	check_errno("mkdir(\"missing/d\")", fs_mkdir("missing/d", 0755),
		    ENOENT);
	check_errno("mkdir(\"f/d\") under a file", fs_mkdir("f/d", 0755),
		    ENOTDIR);
	check_errno("mkdir(\"\")", fs_mkdir("", 0755), ENOENT);
	check_errno("mkdir(\".\")", fs_mkdir(".", 0755), EEXIST);
	check_value("mkdir(\"d2/\") with a trailing slash",
		    fs_mkdir("d2/", 0755), 0);
	check_value("mkdir(\"d/sub\")", fs_mkdir("d/sub", 0755), 0);
	check_value("fs_put(\"d/sub/file\")", fs_put("d/sub/file", "y", 1), 0);
}

static void
remove_names(void)
{
	check_errno("rmdir(\"d\") with a subdirectory", fs_rmdir("d"),
		    ENOTEMPTY);
	check_errno("rmdir(\"d/sub\") with a file", fs_rmdir("d/sub"),
		    ENOTEMPTY);
	check_errno("rmdir(\"f\") of a file", fs_rmdir("f"), ENOTDIR);
	check_errno("unlink(\"d\") of a directory", fs_unlink("d"), EISDIR);
	fs_put("slash", "", 0);
	check_errno("unlink(\"slash/\") of a file", fs_unlink("slash/"),
		    ENOTDIR);
	check_errno("unlink(\"missing\")", fs_unlink("missing"), ENOENT);
	check_errno("rmdir(\"missing\")", fs_rmdir("missing"), ENOENT);
	check_errno("rmdir(\".\")", fs_rmdir("."), EINVAL);
	check_errno("rmdir(\"d/.\")", fs_rmdir("d/."), EINVAL);
	check_errno("rmdir(\"..\")", fs_rmdir(".."), ENOTEMPTY);
	check_errno("rmdir(\"d/sub/..\")", fs_rmdir("d/sub/.."), ENOTEMPTY);
	check_errno("unlinkat(AT_FDCWD, \"f\", flag 1)",
		    fs_unlinkat(AT_FDCWD, "f", 1), EINVAL);
	check_value("unlink(\"d/sub/file\")", fs_unlink("d/sub/file"), 0);
	check_errno("unlink(\"d/sub/file\") again", fs_unlink("d/sub/file"),
		    ENOENT);
	check_value("rmdir(\"d/sub/\") with a trailing slash",
		    fs_rmdir("d/sub/"), 0);
	check_value("rmdir(\"d\") now empty", fs_rmdir("d"), 0);
	check_errno("open(\"d\")", open("d", O_RDONLY), ENOENT);
	check_value("unlink(\"f\")", fs_unlink("f"), 0);
	check_value("rmdir(\"d2\")", fs_rmdir("d2"), 0);
}

static void
relative_to_dirfd(void)
{
	char abs[512];
	struct uapi_stat st;
	int dfd, ffd, bad = check_closed_fd();
	size_t len;

	check_value("mkdir(\"base\")", fs_mkdir("base", 0755), 0);
	dfd = open("base", O_RDONLY | O_DIRECTORY);
	check_value("mkdirat(dirfd, \"in\")", fs_mkdirat(dfd, "in", 0755), 0);
	check_true("\"base/in\" is a directory",
		   fs_stat("base/in", &st) == 0 && S_ISDIR(st.st_mode));
	ffd = openat(dfd, "in/file", O_WRONLY | O_CREAT, 0644);
	check_true("openat(dirfd, \"in/file\", O_CREAT)", ffd >= 0);
	check_errno("mkdirat(file fd, \"x\")", fs_mkdirat(ffd, "x", 0755),
		    ENOTDIR);
	check_errno("unlinkat(file fd, \"x\", 0)", fs_unlinkat(ffd, "x", 0),
		    ENOTDIR);
	check_errno("mkdirat(closed fd, \"x\")", fs_mkdirat(bad, "x", 0755),
		    EBADF);
	check_value("unlinkat(dirfd, \"in/file\", 0)",
		    fs_unlinkat(dfd, "in/file", 0), 0);
	check_value("unlinkat(dirfd, \"in\", AT_REMOVEDIR)",
		    fs_unlinkat(dfd, "in", AT_REMOVEDIR), 0);
	if (!getcwd(abs, sizeof(abs) - 16))
		check_abort("getcwd");
	len = strlen(abs);
	snprintf(abs + len, sizeof(abs) - len, "/base/abs");
	check_value("mkdirat(closed fd, absolute path)",
		    fs_mkdirat(bad, abs, 0755), 0);
	check_value("unlinkat(closed fd, absolute path, AT_REMOVEDIR)",
		    fs_unlinkat(bad, abs, AT_REMOVEDIR), 0);
	close(ffd);
	close(dfd);
}

static void
removed_while_open(void)
{
	char buf[256];
	int dfd;

	check_value("mkdir(\"doomed\")", fs_mkdir("doomed", 0755), 0);
	dfd = open("doomed", O_RDONLY | O_DIRECTORY);
	check_value("rmdir(\"doomed\") while open", fs_rmdir("doomed"), 0);
	check_errno("getdents64 of it", getdents64(dfd, buf, sizeof(buf)),
		    ENOENT);
	check_errno("openat(it, \"new\", O_CREAT)",
		    openat(dfd, "new", O_WRONLY | O_CREAT, 0644), ENOENT);
	check_errno("mkdirat(it, \"new\")", fs_mkdirat(dfd, "new", 0755),
		    ENOENT);
	check_value("close(it)", close(dfd), 0);
	check_value("rmdir(\"base\")", fs_rmdir("base"), 0);
}

int
main(void)
{
	make();
	remove_names();
	relative_to_dirfd();
	removed_while_open();
	return check_exit();
}
