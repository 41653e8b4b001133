/*
 * user/ktests/blkelv.c - the elevator of /dev/vda, switched at run time
 * through Sluice's SLUICE_BLKSETELV ioctl.
 *
 *   blkelv          print "elevator: NAME" (SLUICE_BLKGETELV)
 *   blkelv NAME     set it first: "set NAME: ok" or "set NAME: EINVAL"
 *
 * NAME is copied into the 16-byte argument as strncpy() would: a name of
 * 16 characters or more arrives without its NUL (the kernel must refuse
 * it, not read past it).  Exit status 0, or 1 if an ioctl failed.
 */
#include <stdio.h>
#include <string.h>

#include <uapi/sluice.h>

#include "blkutil.h"

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
	char name[SLUICE_ELV_NAME_MAX];
	int fd = blk_open("blkelv", O_RDONLY), status = 0;

	if (argc > 1) {
		size_t len = strlen(argv[1]);

		memset(name, 0, sizeof(name));
		memcpy(name, argv[1], len < sizeof(name) ? len : sizeof(name));
		if (ioctl(fd, SLUICE_BLKSETELV, name) < 0) {
			printf("set %s: %s\n", argv[1], errno_name(errno));
			status = 1;
		} else {
			printf("set %s: ok\n", argv[1]);
		}
	}
	memset(name, 'x', sizeof(name));
	if (ioctl(fd, SLUICE_BLKGETELV, name) < 0) {
		printf("SLUICE_BLKGETELV: %s\n", errno_name(errno));
		return 1;
	}
	if (memchr(name, '\0', sizeof(name)) == NULL) {
		printf("SLUICE_BLKGETELV: name not NUL-terminated\n");
		return 1;
	}
	printf("elevator: %s\n", name);
	close(fd);
	return status;
}
