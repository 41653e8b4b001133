/*
 * user/tests/name_limits.c - limits and shapes of path names: a component
 * of 255 bytes works for creating, stat, rename, listing and unlinking a
 * file and for a directory; one of 256 bytes is ENAMETOOLONG for every
 * call that takes a name (open, mkdir, stat, unlink, rmdir, chdir; rename
 * in rename_nametoolong.c), also when only a middle component is too
 * long; a path of 4095 bytes is fine and one of 4096 is ENAMETOOLONG;
 * "//", "/./" and "x/../" inside a path resolve as expected, and ".."
 * cannot climb out of the root.  Names with spaces and bytes above 0x7f
 * are ordinary names (only their existence is printed, not the bytes).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char n255[256], n256[257], path[4200];
static struct fs_listing listing;

static void
make_names(void)
{
	memset(n255, 'a', 255);
	n255[255] = '\0';
	memset(n256, 'b', 256);
	n256[256] = '\0';
}

static int
listed(const char *name)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY), i, found = 0;

	if (fs_list(fd, 4096, &listing) == 0)
		for (i = 0; i < listing.count; i++)
			if (strcmp(listing.e[i].name, name) == 0)
				found = 1;
	close(fd);
	return found;
}

static void
longest(void)
{
	struct uapi_stat st;
	char renamed[256];

	check_value("fs_put(255-byte name)", fs_put(n255, "x", 1), 0);
	check_value("stat(255-byte name)", fs_stat(n255, &st), 0);
	check_true("it is listed", listed(n255));
	memcpy(renamed, n255, 256);
	renamed[0] = 'c';
	check_value("rename(255-byte name, another)", fs_rename(n255, renamed),
		    0);
	check_value("unlink(that)", fs_unlink(renamed), 0);
	check_value("mkdir(255-byte name)", fs_mkdir(n255, 0755), 0);
	check_value("chdir(it)", chdir(n255), 0);
	check_value("chdir(\"..\")", chdir(".."), 0);
	check_value("rmdir(it)", fs_rmdir(n255), 0);
}

static void
too_long(void)
{
	struct uapi_stat st;

	fs_put("f", "", 0);
	check_errno("open(256-byte name, O_CREAT)",
		    open(n256, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG);
	check_errno("open(256-byte name)", open(n256, O_RDONLY), ENAMETOOLONG);
	check_errno("mkdir(256-byte name)", fs_mkdir(n256, 0755), ENAMETOOLONG);
	check_errno("stat(256-byte name)", fs_stat(n256, &st), ENAMETOOLONG);
	check_errno("unlink(256-byte name)", fs_unlink(n256), ENAMETOOLONG);
	check_errno("rmdir(256-byte name)", fs_rmdir(n256), ENAMETOOLONG);
	check_errno("chdir(256-byte name)", chdir(n256), ENAMETOOLONG);
	snprintf(path, sizeof(path), "%s/f", n256);
	check_errno("stat(256-byte name + \"/f\")", fs_stat(path, &st),
		    ENAMETOOLONG);
	check_true("nothing was made", !listed(n256));
}

/* ".", then '/' up to @len - 2 bytes, then "f": a @len-byte path to f. */
static void
slashes(size_t len)
{
	memset(path, '/', len);
	path[0] = '.';
	path[len - 1] = 'f';
	path[len] = '\0';
}

static void
path_max(void)
{
	struct uapi_stat st;

	slashes(4095);
	check_value("stat(4095-byte path)", fs_stat(path, &st), 0);
	slashes(4096);
	check_errno("stat(4096-byte path)", fs_stat(path, &st), ENAMETOOLONG);
	check_errno("open(4096-byte path)", open(path, O_RDONLY), ENAMETOOLONG);
}

static void
shapes(void)
{
	struct uapi_stat a, b;

	fs_mkdir("d", 0755);
	fs_put("d/in", "", 0);
	fs_stat("d/in", &a);
	check_value("stat(\"d//in\")", fs_stat("d//in", &b), 0);
	check_value("stat(\"./d/./in\")", fs_stat("./d/./in", &b), 0);
	check_value("stat(\"d/../d/in\")", fs_stat("d/../d/in", &b), 0);
	check_true("all the same file", a.st_ino == b.st_ino);
	check_errno("stat(\"d/in/..\")", fs_stat("d/in/..", &b), ENOTDIR);
	check_errno("stat(\"d/missing/..\")", fs_stat("d/missing/..", &b),
		    ENOENT);
	fs_stat("/", &a);
	check_value("stat(\"/../../..\")", fs_stat("/../../..", &b), 0);
	check_true("is the root", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	check_value("fs_put(\"with space\")", fs_put("with space", "", 0), 0);
	check_true("\"with space\" is listed", listed("with space"));
	check_value("fs_put(\"caf\\xc3\\xa9\")", fs_put("caf\xc3\xa9", "", 0),
		    0);
	check_true("it is listed", listed("caf\xc3\xa9"));
	check_value("fs_put(\"\\x01\\xff\")", fs_put("\x01\xff", "", 0), 0);
	check_true("it is listed", listed("\x01\xff"));
}

int
main(void)
{
	make_names();
	longest();
	too_long();
	path_max();
	shapes();
	return check_exit();
}
