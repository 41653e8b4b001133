/*
 * user/bin/stat.c - stat FILE...: everything stat(2) says about each
 * FILE, laid out as GNU stat's default format:
 *
 *	  File: /etc/motd
 *	  Size: 19        	Blocks: 8          IO Block: 4096   regular file
 *	Device: 254,0	Inode: 12          Links: 1
 *	Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)
 *	Access: 2024-11-25 13:04:05.000000000 +0000
 *	Modify: 2024-11-25 13:04:05.000000000 +0000
 *	Change: 2024-11-25 13:04:05.000000000 +0000
 *	 Birth: -
 *
 * A device adds "Device type: major,minor" to the third line.  Times are
 * UTC (Sluice has no time zones); the birth time is not known without
 * statx(2).  Uid and gid 0 are "root"; there is no /etc/passwd to name
 * any other, so those are UNKNOWN, as GNU stat says then.
 */
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static const char *
type_name(const struct uapi_stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG:
		return st->st_size ? "regular file" : "regular empty file";
	case S_IFDIR:
		return "directory";
	case S_IFCHR:
		return "character special file";
	case S_IFBLK:
		return "block special file";
	case S_IFIFO:
		return "fifo";
	case S_IFLNK:
		return "symbolic link";
	case S_IFSOCK:
		return "socket";
	default:
		return "weird file";
	}
}

static void
print_time(const char *label, int64_t sec, uint64_t nsec)
{
	int64_t days = sec / 86400, secs = sec % 86400, year;
	int month, day;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &year, &month, &day);
	printf("%s: %04lld-%02d-%02d %02d:%02d:%02d.%09llu +0000\n", label,
	       (long long)year, month, day, (int)(secs / 3600),
	       (int)(secs / 60 % 60), (int)(secs % 60),
	       (unsigned long long)nsec);
}

static const char *
id_name(uint32_t id)
{
	return id == 0 ? "root" : "UNKNOWN";
}

static int
show(const char *path)
{
	struct uapi_stat st;
	char mode[11];

	if (lstat(path, &st) < 0) {
		fprintf(stderr, "stat: cannot stat '%s': %s\n", path,
			errno_text(errno));
		return 1;
	}
	mode_string(st.st_mode, mode);
	printf("  File: %s\n", path);
	printf("  Size: %-10lld\tBlocks: %-10lld IO Block: %-6d %s\n",
	       (long long)st.st_size, (long long)st.st_blocks, st.st_blksize,
	       type_name(&st));
	printf("Device: %u,%u\tInode: %-11llu Links: ", UAPI_MAJOR(st.st_dev),
	       UAPI_MINOR(st.st_dev), (unsigned long long)st.st_ino);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf("%-5u Device type: %u,%u\n", st.st_nlink,
		       UAPI_MAJOR(st.st_rdev), UAPI_MINOR(st.st_rdev));
	else
		printf("%u\n", st.st_nlink);
	printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n",
	       st.st_mode & 07777, mode, st.st_uid, id_name(st.st_uid),
	       st.st_gid, id_name(st.st_gid));
	print_time("Access", st.st_atime_sec, st.st_atime_nsec);
	print_time("Modify", st.st_mtime_sec, st.st_mtime_nsec);
	print_time("Change", st.st_ctime_sec, st.st_ctime_nsec);
	printf(" Birth: -\n");
	return 0;
}

int
main(int argc, char **argv)
{
	int i = 1, status = 0;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc) {
		fprintf(stderr, "usage: stat FILE...\n");
		return 1;
	}
	for (; i < argc; i++)
		status |= show(argv[i]);
	return status;
}
