/*
 * user/bin/df.c - df [FILE...]: size, use and free space of the file
 * systems holding each FILE (default: /, /dev and /proc), from
 * statfs(2), in 1 KiB blocks, laid out as GNU df does:
 *
 *	Filesystem     1K-blocks  Used Available Use% Mounted on
 *	/dev/vda           64496  9776     54720  16% /
 *
 * Sluice has no mount table, so both names are worked out:
 *  - Filesystem: a disk's is the block device in /dev whose device
 *    number (st_rdev) is the file system's (st_dev); the others are
 *    named after their kind (f_type): devfs, proc, rootfs.
 *  - Mounted on: the highest directory above FILE on the same device,
 *    found by walking up the absolute path (there are no symbolic links,
 *    so ".." in the text is the parent on disk).
 * Use% is used / (used + available), rounded up; "-" with no blocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/dirent.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

#define NCOLS	 6
#define ROWS_MAX 64
#define PATH_LEN 4096
#define CELL_LEN 256

static const char *const headers[NCOLS] = { "Filesystem", "1K-blocks",
					    "Used",	  "Available",
					    "Use%",	  "Mounted on" };
/* GNU df's least widths; column 0 and 5 are left-aligned, 5 not padded */
static const int min_width[NCOLS] = { 14, 5, 5, 5, 4, 0 };

static char cells[ROWS_MAX + 1][NCOLS][CELL_LEN];
static int nrows = 1; /* row 0: the headers */

/* "/dev/NAME" for the block device numbered @dev, if /dev holds one. */
static int
find_disk(uint64_t dev, char *out, size_t size)
{
	static uint8_t buf[4096];
	struct linux_dirent64 *d;
	struct uapi_stat st;
	ssize_t n, off;
	int found = 0, fd = open("/dev", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while (!found && (n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n && !found; off += d->d_reclen) {
			d = (struct linux_dirent64 *)(buf + off);
			if (fstatat(fd, d->d_name, &st, 0) == 0 &&
			    S_ISBLK(st.st_mode) && st.st_rdev == dev) {
				snprintf(out, size, "/dev/%s", d->d_name);
				found = 1;
			}
		}
	}
	close(fd);
	return found;
}

static void
source_name(const struct statfs *fs, uint64_t dev, char *out, size_t size)
{
	const char *name;

	if (find_disk(dev, out, size))
		return;
	switch (fs->f_type) {
	case DEVFS_MAGIC:
		name = "devfs";
		break;
	case PROC_SUPER_MAGIC:
		name = "proc";
		break;
	case RAMFS_MAGIC:
		name = "rootfs";
		break;
	default:
		name = "none";
		break;
	}
	snprintf(out, size, "%s", name);
}

/* @path made absolute, with "." and ".." resolved, in @out. */
static int
absolute(const char *path, char *out, size_t size)
{
	char joined[PATH_LEN], *part, *save = NULL;
	size_t n = 0;

	if (path[0] == '/')
		snprintf(joined, sizeof(joined), "%s", path);
	else if (!getcwd(joined, sizeof(joined)) ||
		 strlen(joined) + strlen(path) + 2 > sizeof(joined))
		return -1;
	else
		strcat(strcat(joined, "/"), path);
	for (part = strtok_r(joined, "/", &save); part;
	     part = strtok_r(NULL, "/", &save)) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			while (n > 0 && out[--n] != '/')
				;
			continue;
		}
		if (n + strlen(part) + 2 > size)
			return -1;
		out[n++] = '/';
		strcpy(out + n, part);
		n += strlen(part);
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

/* Cut @path (absolute) back to the top directory on device @dev. */
static void
mount_point(char *path, uint64_t dev)
{
	char parent[PATH_LEN];
	struct uapi_stat st;
	char *slash;

	while (strcmp(path, "/") != 0) {
		strcpy(parent, path);
		slash = strrchr(parent, '/');
		if (slash == parent)
			parent[1] = '\0';
		else
			*slash = '\0';
		if (stat(parent, &st) < 0 || st.st_dev != dev)
			return;
		strcpy(path, parent);
	}
}

static int
add_row(const char *arg)
{
	struct statfs fs;
	struct uapi_stat st;
	char mnt[PATH_LEN];
	uint64_t unit, total, used, avail;
	char(*row)[CELL_LEN] = cells[nrows];

	if (stat(arg, &st) < 0 || statfs(arg, &fs) < 0) {
		warn_errno("df", arg);
		return 1;
	}
	if (nrows > ROWS_MAX || absolute(arg, mnt, sizeof(mnt)) < 0) {
		fprintf(stderr, "df: %s: too many or too long\n", arg);
		return 1;
	}
	mount_point(mnt, st.st_dev);
	unit = (uint64_t)(fs.f_frsize ? fs.f_frsize : fs.f_bsize);
	total = fs.f_blocks * unit;
	used = (fs.f_blocks - fs.f_bfree) * unit;
	avail = fs.f_bavail * unit;
	source_name(&fs, st.st_dev, row[0], sizeof(row[0]));
	snprintf(row[1], sizeof(row[1]), "%llu",
		 (unsigned long long)((total + 1023) / 1024));
	snprintf(row[2], sizeof(row[2]), "%llu",
		 (unsigned long long)((used + 1023) / 1024));
	snprintf(row[3], sizeof(row[3]), "%llu",
		 (unsigned long long)(avail / 1024));
	if (used + avail == 0)
		snprintf(row[4], sizeof(row[4]), "-");
	else
		snprintf(row[4], sizeof(row[4]), "%llu%%",
			 (unsigned long long)((used * 100 + used + avail - 1) /
					      (used + avail)));
	snprintf(row[5], sizeof(row[5]), "%s", mnt);
	nrows++;
	return 0;
}

static void
print_table(void)
{
	int width[NCOLS], r, c, len;

	for (c = 0; c < NCOLS; c++) {
		width[c] = min_width[c];
		for (r = 0; r < nrows; r++) {
			len = (int)strlen(cells[r][c]);
			if (len > width[c])
				width[c] = len;
		}
	}
	for (r = 0; r < nrows; r++) {
		printf("%-*s", width[0], cells[r][0]);
		for (c = 1; c < 5; c++)
			printf(" %*s", width[c], cells[r][c]);
		printf(" %s\n", cells[r][5]);
	}
}

int
main(int argc, char **argv)
{
	static char *defaults[] = { "/", "/dev", "/proc", NULL };
	char **args = argc > 1 ? argv + 1 : defaults;
	int c, status = 0;

	for (c = 0; c < NCOLS; c++)
		snprintf(cells[0][c], sizeof(cells[0][c]), "%s", headers[c]);
	for (; *args; args++)
		status |= add_row(*args);
	if (nrows > 1)
		print_table();
	return status;
}
