/*
 * user/bin/sync.c - sync [FILE...]: write every dirty buffer to its disk
 * (sync(2)), or, given FILEs, just theirs (fsync(2) on each).
 */
#include <stdio.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static int
sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), status = 0;

	if (fd < 0) {
		fprintf(stderr, "sync: error opening '%s': %s\n", path,
			errno_text(errno));
		return 1;
	}
	if (fsync(fd) < 0) {
		fprintf(stderr, "sync: error syncing '%s': %s\n", path,
			errno_text(errno));
		status = 1;
	}
	close(fd);
	return status;
}

int
main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2) {
		sync();
		return 0;
	}
	for (i = 1; i < argc; i++)
		status |= sync_file(argv[i]);
	return status;
}
