/*
 * user/bin/head.c - head [-n N | -c N] [FILE...]: the first N lines
 * (default 10), or with -c the first N bytes, of each FILE ("-" or
 * none: standard input).  With several files each is headed
 * "==> FILE <==", as GNU head does.  -N is the old spelling of -n N.
 *
 * Input is read in blocks and written out up to the Nth newline (or
 * byte); head stops reading there, so `cat big | head -n 1` ends cat by
 * SIGPIPE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static uint8_t buf[65536];

static int
write_all(const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(1, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			warn_errno("head", "write error");
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int opt_bytes; /* -c: count bytes, not lines */

/* Copy the first @left lines (bytes) of @fd to stdout; 0, or 1 on error. */
static int
head_fd(int fd, const char *name, uint64_t left)
{
	ssize_t n, i;

	while (left > 0) {
		n = read(fd, buf,
			 opt_bytes && left < sizeof(buf) ? left : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "head: error reading '%s': %s\n", name,
				errno_text(errno));
			return 1;
		}
		if (n == 0)
			break;
		if (opt_bytes) /* the read asked for no more than is left */
			left -= (uint64_t)(i = n);
		else
			for (i = 0; i < n && left > 0; i++)
				if (buf[i] == '\n')
					left--;
		if (write_all(buf, (size_t)i) < 0)
			return 1;
	}
	return 0;
}

/* Print "==> @name <==" first when there are several files. */
static void
print_header(const char *name)
{
	static int printed;

	printf("%s==> %s <==\n", printed ? "\n" : "", name);
	fflush(stdout);
	printed = 1;
}

static int
head_file(const char *name, int header, uint64_t lines)
{
	int fd, status;

	if (strcmp(name, "-") == 0) {
		if (header)
			print_header("standard input");
		return head_fd(0, "standard input", lines);
	}
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "head: cannot open '%s' for reading: %s\n",
			name, errno_text(errno));
		return 1;
	}
	if (header)
		print_header(name);
	status = head_fd(fd, name, lines);
	close(fd);
	return status;
}

/* A line count: decimal digits only. */
static int
parse_count(const char *s, uint64_t *n)
{
	char *end;

	if (*s < '0' || *s > '9')
		return 0;
	*n = strtoull(s, &end, 10);
	return *end == '\0';
}

int
main(int argc, char **argv)
{
	uint64_t lines = 10;
	const char *count = NULL;
	char *stdin_only[] = { "-", NULL }, **files;
	int i = 1, nfiles, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		opt_bytes = argv[i][1] == 'c';
		if ((strcmp(argv[i], "-n") == 0 ||
		     strcmp(argv[i], "-c") == 0) &&
		    i + 1 < argc)
			count = argv[++i];
		else if ((argv[i][1] == 'n' || argv[i][1] == 'c') && argv[i][2])
			count = argv[i] + 2;
		else if (argv[i][1] >= '0' && argv[i][1] <= '9')
			count = argv[i] + 1;
		else
			count = "";
		if (!parse_count(count, &lines)) {
			fprintf(stderr,
				"head: invalid number of %s: '%s'\n"
				"usage: head [-n N | -c N] [FILE...]\n",
				opt_bytes ? "bytes" : "lines", count);
			return 1;
		}
	}
	files = i < argc ? argv + i : stdin_only;
	nfiles = i < argc ? argc - i : 1;
	for (i = 0; i < nfiles; i++)
		status |= head_file(files[i], nfiles > 1, lines);
	return status;
}
