/*
 * user/tests/dir_rename.c - renameat2(2) with flags 0: a file moves (the
 * old name is gone, an open descriptor still reads it), replaces another
 * file (whose open descriptor keeps the old data), and renaming a name to
 * itself changes nothing; a directory moves with its contents, between
 * parents too (their link counts follow, and its ".." is the new parent),
 * and replaces an empty directory.  Errors: ENOENT (missing source or
 * target parent), EINVAL (a directory into itself), ENOTDIR (directory
 * over a file, or a file with a trailing slash), EISDIR (file over a
 * directory), ENOTEMPTY (over a directory with entries), EBUSY ("." or
 * ".." as either name), EINVAL (an unknown flag), EXDEV (into /proc,
 * another file system on Linux and on Sluice).  RENAME_NOREPLACE and
 * RENAME_EXCHANGE are left out: Sluice takes flags 0 only.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "errname.h"
#include "fsops.h"

int main(void);

static char buf[64];

/* Print what @path holds (a short text file), or its error. */
static void
holds(const char *path)
{
	long n = fs_get(path, buf, sizeof(buf) - 1);

	if (n < 0) {
		printf("\"%s\": %s\n", path, errno_name(errno));
		return;
	}
	buf[n] = '\0';
	printf("\"%s\" holds \"%s\"\n", path, buf);
}

static unsigned
nlink(const char *path)
{
	struct uapi_stat st;

	return fs_stat(path, &st) == 0 ? st.st_nlink : 0;
}

static void
files(void)
{
	int fd, victim;

	fs_put("a", "A", 1);
	fs_put("c", "C", 1);
	fd = open("a", O_RDONLY);
	check_value("rename(\"a\", \"b\")", fs_rename("a", "b"), 0);
	holds("a");
	holds("b");
	check_true("the fd opened as \"a\" still reads \"A\"",
		   pread(fd, buf, 8, 0) == 1 && buf[0] == 'A');
	close(fd);
	victim = open("b", O_RDONLY);
	check_value("rename(\"c\", \"b\") replaces b", fs_rename("c", "b"), 0);
	holds("c");
	holds("b");
	check_true("an fd on the replaced file still reads \"A\"",
		   pread(victim, buf, 8, 0) == 1 && buf[0] == 'A');
	close(victim);
	check_value("rename(\"b\", \"b\")", fs_rename("b", "b"), 0);
	holds("b");
	check_value("rename(\"b\", \"./b\")", fs_rename("b", "./b"), 0);
	holds("b");
	check_errno("rename(\"missing\", \"x\")", fs_rename("missing", "x"),
		    ENOENT);
	check_errno("rename(\"b\", \"nodir/x\")", fs_rename("b", "nodir/x"),
		    ENOENT);
	fs_put("s", "S", 1);
	fs_put("u", "U", 1);
	check_errno("rename(\"s/\", \"t\") of a file", fs_rename("s/", "t"),
		    ENOTDIR);
	check_errno("rename(\"u\", \"t/\") of a file", fs_rename("u", "t/"),
		    ENOTDIR);
	holds("s");
	holds("u");
	holds("t");
}

static void
directories(void)
{
	check_value("mkdir(\"d1\")", fs_mkdir("d1", 0755), 0);
	fs_put("d1/inner", "I", 1);
	check_value("rename(\"d1\", \"d2\")", fs_rename("d1", "d2"), 0);
	holds("d1/inner");
	holds("d2/inner");
	check_value("mkdir(\"d2/sub\")", fs_mkdir("d2/sub", 0755), 0);
	check_errno("rename(\"d2\", \"d2/sub/x\") into itself",
		    fs_rename("d2", "d2/sub/x"), EINVAL);
	check_errno("rename(\"d2\", \"d2/x\") into itself",
		    fs_rename("d2", "d2/x"), EINVAL);
	check_errno("rename(\"d2\", \"b\") over a file", fs_rename("d2", "b"),
		    ENOTDIR);
	check_errno("rename(\"b\", \"d2\") over a directory",
		    fs_rename("b", "d2"), EISDIR);
	check_value("mkdir(\"full\")", fs_mkdir("full", 0755), 0);
	fs_put("full/x", "", 0);
	check_errno("rename(\"d2\", \"full\") over a non-empty directory",
		    fs_rename("d2", "full"), ENOTEMPTY);
	check_value("mkdir(\"empty\")", fs_mkdir("empty", 0755), 0);
	check_value("rename(\"d2\", \"empty\") over an empty directory",
		    fs_rename("d2", "empty"), 0);
	holds("empty/inner");
	check_errno("stat(\"d2\")", fs_size("d2"), ENOENT);
	check_value("rename(\"empty/\", \"d3/\") with trailing slashes",
		    fs_rename("empty/", "d3/"), 0);
	holds("d3/inner");
}

static void
between_parents(void)
{
	struct uapi_stat p2, dotdot;
	int d1, d2;

	fs_mkdir("p1", 0755);
	fs_mkdir("p2", 0755);
	fs_mkdir("p1/child", 0755);
	fs_put("p1/child/f", "F", 1);
	printf("nlink before: p1 %u, p2 %u\n", nlink("p1"), nlink("p2"));
	check_value("rename(\"p1/child\", \"p2/moved\")",
		    fs_rename("p1/child", "p2/moved"), 0);
	printf("nlink after: p1 %u, p2 %u\n", nlink("p1"), nlink("p2"));
	holds("p2/moved/f");
	fs_stat("p2", &p2);
	fs_stat("p2/moved/..", &dotdot);
	check_true("\"p2/moved/..\" is p2",
		   p2.st_ino == dotdot.st_ino && p2.st_dev == dotdot.st_dev);
	d1 = open("p1", O_RDONLY | O_DIRECTORY);
	d2 = open("p2", O_RDONLY | O_DIRECTORY);
	check_value("renameat2(p2 fd, \"moved\", p1 fd, \"back\", 0)",
		    fs_renameat2(d2, "moved", d1, "back", 0), 0);
	close(d1);
	close(d2);
	holds("p1/back/f");
	printf("nlink at last: p1 %u, p2 %u\n", nlink("p1"), nlink("p2"));
}

static void
special_names(void)
{
	check_errno("rename(\".\", \"x\")", fs_rename(".", "x"), EBUSY);
	check_errno("rename(\"p1/..\", \"x\")", fs_rename("p1/..", "x"), EBUSY);
	check_errno("rename(\"b\", \".\")", fs_rename("b", "."), EBUSY);
	check_errno("rename(\"b\", \"p1/..\")", fs_rename("b", "p1/.."), EBUSY);
	check_errno("renameat2(.., flag 0x8)",
		    fs_renameat2(AT_FDCWD, "b", AT_FDCWD, "x", 0x8), EINVAL);
	check_errno("rename(\"b\", \"/proc/b\")", fs_rename("b", "/proc/b"),
		    EXDEV);
	check_errno("rename(\"/proc/version\", \"v\")",
		    fs_rename("/proc/version", "v"), EXDEV);
	holds("b");
}

int
main(void)
{
	files();
	directories();
	between_parents();
	special_names();
	return check_exit();
}
