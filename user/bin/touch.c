/*
 * user/bin/touch.c - touch [-c] FILE...: make each FILE exist (empty,
 * mode 0666) and set its access and modification times to now.
 *
 *	-c  do not create files that do not exist
 *
 * The times are set with utimensat(2).  A kernel without it (ENOSYS)
 * still gets new files made; only other errors are reported.
 */
#include <stdio.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static int
touch(const char *path, int create)
{
	int fd;

	if (create) {
		fd =
		    open(path,
			 O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
			 0666);
		/* a directory cannot be opened for writing; still touch it */
		if (fd < 0 && errno != EISDIR) {
			fprintf(stderr, "touch: cannot touch '%s': %s\n", path,
				errno_text(errno));
			return 1;
		}
		if (fd >= 0)
			close(fd);
	}
	if (utimensat(AT_FDCWD, path, NULL, 0) == 0 || errno == ENOSYS)
		return 0;
	if (!create && errno == ENOENT)
		return 0;
	fprintf(stderr, "touch: setting times of '%s': %s\n", path,
		errno_text(errno));
	return 1;
}

int
main(int argc, char **argv)
{
	int i = 1, create = 1, status = 0;

	if (i < argc && strcmp(argv[i], "-c") == 0) {
		create = 0;
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc) {
		fprintf(stderr, "usage: touch [-c] FILE...\n");
		return 1;
	}
	for (; i < argc; i++)
		status |= touch(argv[i], create);
	return status;
}
