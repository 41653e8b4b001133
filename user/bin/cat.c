/*
 * user/bin/cat.c - cat [FILE...]: copy each FILE, or standard input for
 * "-" or no FILE at all, to standard output.
 *
 * Straight read(2)/write(2) through one buffer, no stdio: what goes in
 * comes out byte for byte, whatever the files are (pipes, /proc files,
 * /dev/vda).  A file that cannot be read is reported and skipped; the
 * exit status is then 1.
 */
#include <stdio.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static uint8_t buf[65536];

/* write(2) until all of @buf is out; 0, or -1 with errno. */
static int
write_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy @fd (named @name) to stdout; 0, or 1 after a message. */
static int
copy(int fd, const char *name)
{
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			warn_errno("cat", name);
			return 1;
		}
		if (n == 0)
			return 0;
		if (write_all(1, buf, (size_t)n) < 0) {
			warn_errno("cat", "write error");
			return 1;
		}
	}
}

static int
cat_file(const char *name)
{
	int fd, status;

	if (strcmp(name, "-") == 0)
		return copy(0, "-");
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		warn_errno("cat", name);
		return 1;
	}
	status = copy(fd, name);
	close(fd);
	return status;
}

int
main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2)
		return copy(0, "-");
	for (i = 1; i < argc; i++)
		status |= cat_file(argv[i]);
	return status;
}
