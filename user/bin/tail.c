/*
 * user/bin/tail.c - tail [-n [+]N] [FILE...]: the last N lines (default
 * 10) of each FILE ("-" or none: standard input); with -n +N, everything
 * from line N on.  Several files are headed "==> FILE <==" as by head.
 *
 * The whole input is read into memory, then the start of the Nth line
 * from the end is found by counting newlines backwards: simple, and fine
 * for the files a teaching system holds.  (GNU tail seeks to the end of
 * a regular file instead.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

/* All of @fd in a malloc'ed buffer, its size in *@len; NULL on error. */
static uint8_t *
slurp(int fd, size_t *len)
{
	size_t cap = 65536, n = 0;
	uint8_t *data = malloc(cap), *grown;
	ssize_t r;

	while (data) {
		if (n == cap) {
			grown = realloc(data, cap *= 2);
			if (!grown) {
				free(data);
				errno = ENOMEM;
				return NULL;
			}
			data = grown;
		}
		r = read(fd, data + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(data);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (!data)
		errno = ENOMEM;
	*len = n;
	return data;
}

/* Where the output starts in @data: the last @lines lines, or @from_start. */
static size_t
start_of_tail(const uint8_t *data, size_t len, uint64_t lines, int from_start)
{
	size_t i = len;

	if (from_start) { /* line N (1-based) starts after N-1 newlines */
		for (i = 0; i < len && lines > 1; i++)
			if (data[i] == '\n')
				lines--;
		return i;
	}
	if (lines == 0)
		return len;
	if (i > 0 && data[i - 1] == '\n') /* the last line's own newline */
		i--;
	for (; i > 0; i--)
		if (data[i - 1] == '\n' && --lines == 0)
			return i;
	return 0;
}

static int
tail_fd(int fd, const char *name, uint64_t lines, int from_start)
{
	size_t len, at, off;
	uint8_t *data = slurp(fd, &len);
	ssize_t w;

	if (!data) {
		fprintf(stderr, "tail: error reading '%s': %s\n", name,
			errno_text(errno));
		return 1;
	}
	at = start_of_tail(data, len, lines, from_start);
	for (off = at; off < len; off += (size_t)w) {
		w = write(1, data + off, len - off);
		if (w < 0) {
			warn_errno("tail", "write error");
			free(data);
			return 1;
		}
	}
	free(data);
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
tail_file(const char *name, int header, uint64_t lines, int from_start)
{
	int fd, status;

	if (strcmp(name, "-") == 0) {
		if (header)
			print_header("standard input");
		return tail_fd(0, "standard input", lines, from_start);
	}
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "tail: cannot open '%s' for reading: %s\n",
			name, errno_text(errno));
		return 1;
	}
	if (header)
		print_header(name);
	status = tail_fd(fd, name, lines, from_start);
	close(fd);
	return status;
}

/* "N" or "+N" (from line N on); 0 if @s is neither. */
static int
parse_count(const char *s, uint64_t *n, int *from_start)
{
	char *end;

	*from_start = *s == '+';
	if (*from_start)
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	*n = strtoull(s, &end, 10);
	return *end == '\0';
}

int
main(int argc, char **argv)
{
	uint64_t lines = 10;
	const char *count;
	char *stdin_only[] = { "-", NULL }, **files;
	int i = 1, nfiles, from_start = 0, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			count = argv[++i];
		else if (strncmp(argv[i], "-n", 2) == 0 && argv[i][2])
			count = argv[i] + 2;
		else if (argv[i][1] >= '0' && argv[i][1] <= '9')
			count = argv[i] + 1;
		else
			count = "";
		if (!parse_count(count, &lines, &from_start)) {
			fprintf(stderr,
				"tail: invalid number of lines: '%s'\n"
				"usage: tail [-n [+]N] [FILE...]\n",
				count);
			return 1;
		}
	}
	files = i < argc ? argv + i : stdin_only;
	nfiles = i < argc ? argc - i : 1;
	for (i = 0; i < nfiles; i++)
		status |= tail_file(files[i], nfiles > 1, lines, from_start);
	return status;
}
