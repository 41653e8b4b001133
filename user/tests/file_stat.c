/*
 * user/tests/file_stat.c - fstat(2) and newfstatat(2): file type, the
 * permission bits given at creation (modes the host's umask 022 leaves
 * alone), st_size as it grows, st_nlink of files (1, and 0 once unlinked
 * while still open, when the data can still be read) and of directories
 * (2 plus one per subdirectory), the same st_ino/st_dev for a name, its
 * open descriptor, "./name" and "sub/../name", AT_EMPTY_PATH, and pipes
 * and /dev/null.  Errors: ENOENT, ENOTDIR, EBADF, EINVAL for an unknown
 * flag.  Times, inode numbers, st_blksize and directory sizes differ
 * between file systems and are never printed; st_blocks only as "a hole
 * takes no blocks".
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char data[5000];

static void
show(const char *what, const struct uapi_stat *st)
{
	printf("%s: %s, mode 0%o, nlink %u, size %ld\n", what,
	       fs_type(st->st_mode), st->st_mode & 07777, st->st_nlink,
	       S_ISDIR(st->st_mode) ? 0L : (long)st->st_size);
}

/* stat @path and print it; returns the result in @st. */
static void
show_path(const char *path, struct uapi_stat *st)
{
	char what[64];

	snprintf(what, sizeof(what), "stat(\"%s\")", path);
	memset(st, 0, sizeof(*st));
	if (fs_stat(path, st) < 0)
		check_errno(what, -1, 0);
	else
		show(what, st);
}

static int
same_inode(const struct uapi_stat *a, const struct uapi_stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

static void
files(void)
{
	struct uapi_stat st, byfd, other;
	int fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0640);

	check_true("open(\"f\", O_RDWR | O_CREAT | O_EXCL, 0640)", fd >= 0);
	check_value("fstat(fd)", fs_fstat(fd, &byfd), 0);
	show("fstat of the new file", &byfd);
	memset(data, 'a', sizeof(data));
	check_value("write(fd, 5000 bytes)", write(fd, data, 5000), 5000);
	fs_fstat(fd, &byfd);
	show("fstat after the write", &byfd);
	show_path("f", &st);
	check_true("same st_ino and st_dev by name and by fd",
		   same_inode(&st, &byfd));
	fs_stat("./f", &other);
	check_true("\"./f\" is the same file", same_inode(&st, &other));
	check_true("st_blocks covers the 5000 bytes",
		   st.st_blocks * 512 >= 5000);
	check_value("fstatat(fd, \"\", AT_EMPTY_PATH)",
		    fs_fstatat(fd, "", &other, AT_EMPTY_PATH), 0);
	check_true("it is the same file", same_inode(&st, &other));
	check_value("fs_put(\"sparse\", 1 byte)", fs_put("sparse", "s", 1), 0);
	fd = open("sparse", O_WRONLY);
	check_value("pwrite(\"sparse\", 1 byte, 1 MiB)",
		    pwrite(fd, "e", 1, 1L << 20), 1);
	fs_fstat(fd, &st);
	show("fstat of \"sparse\"", &st);
	check_true("the 1 MiB hole takes no blocks",
		   st.st_blocks * 512 < (1L << 20));
	close(fd);
}

static void
directories(void)
{
	struct uapi_stat st, dot, viasub;
	int dfd;

	check_value("mkdir(\"d\", 0750)", fs_mkdir("d", 0750), 0);
	show_path("d", &st);
	check_value("mkdir(\"d/s1\", 0755)", fs_mkdir("d/s1", 0755), 0);
	check_value("mkdir(\"d/s2\", 0700)", fs_mkdir("d/s2", 0700), 0);
	show_path("d/s2", &st);
	check_value("fs_put(\"d/file\")", fs_put("d/file", "", 0), 0);
	show_path("d", &st);
	check_value("rmdir(\"d/s1\")", fs_rmdir("d/s1"), 0);
	show_path("d", &st);
	show_path("d/s2/..", &viasub);
	check_true("\"d/s2/..\" is \"d\"", same_inode(&st, &viasub));
	show_path(".", &dot);
	fs_stat("d/..", &viasub);
	check_true("\"d/..\" is \".\"", same_inode(&dot, &viasub));
	check_true("\"d\" is on the same device as \".\"",
		   st.st_dev == dot.st_dev);
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	check_value("fstatat(dirfd of \"d\", \"file\", 0)",
		    fs_fstatat(dfd, "file", &st, 0), 0);
	show("  it", &st);
	check_value("fstatat(dirfd, \"s2\", AT_SYMLINK_NOFOLLOW)",
		    fs_fstatat(dfd, "s2", &st, AT_SYMLINK_NOFOLLOW), 0);
	show("  it", &st);
	close(dfd);
}

static void
unlinked_while_open(void)
{
	struct uapi_stat st;
	char buf[8];
	int fd;

	check_value("fs_put(\"gone\", \"still\")", fs_put("gone", "still", 5),
		    0);
	fd = open("gone", O_RDWR);
	check_value("unlink(\"gone\") while open", fs_unlink("gone"), 0);
	check_errno("stat(\"gone\")", fs_stat("gone", &st), ENOENT);
	check_value("fstat(fd)", fs_fstat(fd, &st), 0);
	show("  it", &st);
	check_value("pread(fd, buf, 8, 0)", pread(fd, buf, 8, 0), 5);
	check_true("it reads \"still\"", memcmp(buf, "still", 5) == 0);
	check_value("write(fd, \"more\", 4)", write(fd, "more", 4), 4);
	fs_fstat(fd, &st);
	show("  then", &st);
	check_value("close(fd)", close(fd), 0);
}

static void
others(void)
{
	struct uapi_stat st;
	int p[2];

	check_value("pipe2(p, 0)", pipe2(p, 0), 0);
	check_value("fstat(read end)", fs_fstat(p[0], &st), 0);
	printf("  it is a %s\n", fs_type(st.st_mode));
	close(p[0]);
	close(p[1]);
	check_value("stat(\"/dev/null\")", fs_stat("/dev/null", &st), 0);
	printf("  it is a %s, rdev %u:%u\n", fs_type(st.st_mode),
	       UAPI_MAJOR(st.st_rdev), UAPI_MINOR(st.st_rdev));
}

static void
errors(void)
{
	struct uapi_stat st;

	check_errno("stat(\"missing\")", fs_stat("missing", &st), ENOENT);
	check_errno("stat(\"f/x\")", fs_stat("f/x", &st), ENOTDIR);
	check_errno("stat(\"f/\")", fs_stat("f/", &st), ENOTDIR);
	check_errno("stat(\"\")", fs_stat("", &st), ENOENT);
	check_errno("fstatat(AT_FDCWD, \"f\", flag 1)",
		    fs_fstatat(AT_FDCWD, "f", &st, 1), EINVAL);
	check_errno("fstat(closed fd)", fs_fstat(check_closed_fd(), &st),
		    EBADF);
	check_errno("fstatat(closed fd, \"f\")",
		    fs_fstatat(check_closed_fd(), "f", &st, 0), EBADF);
}

int
main(void)
{
	files();
	directories();
	unlinked_while_open();
	others();
	errors();
	return check_exit();
}
