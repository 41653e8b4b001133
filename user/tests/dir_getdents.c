/*
 * user/tests/dir_getdents.c - getdents64(2): a new directory lists "."
 * and ".." (DT_DIR); files and directories made in it appear with their
 * d_type; 150 entries with 100-byte names (several blocks of an ext2
 * directory) all appear once, also when read with a buffer that holds
 * only a record or two per call; a buffer too small for one record is
 * EINVAL; unlinked names disappear and new ones appear; a descriptor
 * read to its end returns 0 until lseek(fd, 0, SEEK_SET) starts it over.  Errors:
 * ENOTDIR on a file, EBADF on a closed fd.  The order of entries differs
 * between file systems, so names are sorted before printing; d_ino and
 * d_off are never printed.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

#define MANY 150

static struct fs_listing listing;
static uint64_t raw[512]; /* 4 KiB for bare getdents64 calls */

static void
long_name(char *buf, size_t size, int i)
{
	char stem[101];

	memset(stem, 'n', 100);
	stem[100] = '\0';
	snprintf(buf, size, "%.96s%04d", stem, i);
}

static void
list(const char *label, int fd, size_t bufsize)
{
	if (fs_list(fd, bufsize, &listing) < 0) {
		check_errno(label, -1, 0);
		return;
	}
	fs_print_listing(label, &listing);
}

/* List directory @path through a new descriptor. */
static void
list_path(const char *label, const char *path, size_t bufsize)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	list(label, fd, bufsize);
	close(fd);
}

static void
small(void)
{
	int fd;

	check_value("mkdir(\"d\")", fs_mkdir("d", 0755), 0);
	fd = open("d", O_RDONLY | O_DIRECTORY);
	list("empty d", fd, 4096);
	check_value("getdents64 at the end", getdents64(fd, raw, 4096), 0);
	fs_put("d/file", "x", 1);
	fs_mkdir("d/sub", 0755);
	fs_put("d/.hidden", "", 0);
	list_path("d", "d", 4096);
	fs_unlink("d/file");
	fs_put("d/later", "", 0);
	list_path("d after unlink and create", "d", 4096);
	check_value("getdents64 on the first fd, at its end",
		    getdents64(fd, raw, 4096), 0);
	check_value("lseek(fd, 0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	list("d after rewinding", fd, 4096);
	close(fd);
}

/* Do the names of @listing equal ".", ".." and the MANY long names? */
static int
all_there(int upto)
{
	char name[FS_NAME_MAX];
	int i;

	if (listing.count != upto + 2 || listing.dups || listing.over)
		return 0;
	for (i = 0; i < upto; i++) {
		long_name(name, sizeof(name), i);
		/* "." and ".." sort before 'n' */
		if (strcmp(listing.e[i + 2].name, name) != 0 ||
		    listing.e[i + 2].type != DT_REG)
			return 0;
	}
	return 1;
}

static void
many(void)
{
	char name[FS_NAME_MAX + 8];
	int fd, i, made = 1;

	fs_mkdir("many", 0755);
	for (i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "many/");
		long_name(name + 5, sizeof(name) - 5, i);
		if (fs_put(name, "", 0) < 0)
			made = 0;
	}
	check_true("150 files with 100-byte names made", made);
	fd = open("many", O_RDONLY | O_DIRECTORY);
	check_value("fs_list(4096-byte buffer)", fs_list(fd, 4096, &listing),
		    0);
	check_value("entries", listing.count, MANY + 2);
	check_true("each name once, all regular files", all_there(MANY));
	close(fd);
	fd = open("many", O_RDONLY | O_DIRECTORY);
	check_value("fs_list(130-byte buffer)", fs_list(fd, 130, &listing), 0);
	check_true("each name once again", all_there(MANY));
	check_true("it took one call per record or two",
		   listing.calls >= (MANY + 2) / 2);
	close(fd);
	fd = open("many", O_RDONLY | O_DIRECTORY);
	check_errno("getdents64(fd, buf, 16)", getdents64(fd, raw, 16), EINVAL);
	close(fd);
	for (i = MANY / 2; i < MANY; i++) {
		snprintf(name, sizeof(name), "many/");
		long_name(name + 5, sizeof(name) - 5, i);
		fs_unlink(name);
	}
	fd = open("many", O_RDONLY | O_DIRECTORY);
	check_value("after unlinking half, fs_list",
		    fs_list(fd, 4096, &listing), 0);
	check_value("entries", listing.count, MANY / 2 + 2);
	check_true("the first 75 names, once each", all_there(MANY / 2));
	close(fd);
	for (i = 0; i < MANY / 2; i++) {
		snprintf(name, sizeof(name), "many/");
		long_name(name + 5, sizeof(name) - 5, i);
		fs_unlink(name);
	}
	check_value("after unlinking the rest, rmdir(\"many\")",
		    fs_rmdir("many"), 0);
}

static void
errors(void)
{
	int fd = open("d/.hidden", O_RDONLY);

	check_errno("getdents64 on a file", getdents64(fd, raw, 4096), ENOTDIR);
	close(fd);
	check_errno("getdents64 on a closed fd",
		    getdents64(check_closed_fd(), raw, 4096), EBADF);
}

int
main(void)
{
	small();
	many();
	errors();
	return check_exit();
}
