/*
 * user/bin/wc.c - wc [-lwc] [FILE...]: count newlines, words and bytes
 * in each FILE ("-" or none: standard input), with a "total" line when
 * there are several.
 *
 * Without options all three are printed.  A word is a run of bytes that
 * are not white space (the C locale's: space, \t \n \v \f \r).  Columns
 * are laid out as GNU wc does: each count right-aligned in a width fit
 * for the total size of the regular files being counted, at least 7 when
 * one of them is a pipe or device; no padding at all for a single count
 * of a single input ("echo hi | wc -c" prints "3").
 */
#include <stdio.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

struct counts {
	uint64_t lines, words, bytes;
};

static int opt_lines, opt_words, opt_bytes;
static int width;
static uint8_t buf[65536];

static int
is_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Count @fd into @c; 0, or -1 with errno. */
static int
count_fd(int fd, struct counts *c)
{
	int in_word = 0;
	ssize_t n, i;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c->bytes += (uint64_t)n;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (is_space(buf[i])) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return 0;
}

static void
print_counts(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (opt_lines) {
		printf("%*llu", width, (unsigned long long)c->lines);
		sep = " ";
	}
	if (opt_words) {
		printf("%s%*llu", sep, width, (unsigned long long)c->words);
		sep = " ";
	}
	if (opt_bytes)
		printf("%s%*llu", sep, width, (unsigned long long)c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

/*
 * GNU wc's column width: digits of the regular files' total size, at
 * least 7 if any input is not a regular file; 1 for one count of one
 * input.
 */
static int
column_width(char **files, int nfiles, int ncounts)
{
	struct uapi_stat st;
	uint64_t total = 0;
	int i, w = 1, min = 1, r;

	if (nfiles <= 1 && ncounts == 1)
		return 1;
	for (i = 0; i < nfiles || (nfiles == 0 && i == 0); i++) {
		if (nfiles == 0 || strcmp(files[i], "-") == 0)
			r = fstat(0, &st);
		else
			r = stat(files[i], &st);
		if (r < 0)
			continue;
		if (S_ISREG(st.st_mode))
			total += (uint64_t)st.st_size;
		else
			min = 7;
	}
	for (; total >= 10; total /= 10)
		w++;
	return w < min ? min : w;
}

/* Count @name into @c and print its line; 0, or 1 after a message. */
static int
wc_file(const char *name, struct counts *c)
{
	int fd = 0, r;

	memset(c, 0, sizeof(*c));
	if (name && strcmp(name, "-") != 0) {
		fd = open(name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			warn_errno("wc", name);
			return 1;
		}
	}
	r = count_fd(fd, c);
	if (r < 0)
		warn_errno("wc", name ? name : "-");
	if (fd != 0)
		close(fd);
	print_counts(c, name);
	return r < 0;
}

static int
parse_options(int argc, char **argv)
{
	const char *p;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		for (p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				opt_lines = 1;
			else if (*p == 'w')
				opt_words = 1;
			else if (*p == 'c')
				opt_bytes = 1;
			else {
				fprintf(stderr,
					"wc: invalid option -- '%c'\n"
					"usage: wc [-lwc] [FILE...]\n",
					*p);
				return -1;
			}
		}
	}
	if (!opt_lines && !opt_words && !opt_bytes)
		opt_lines = opt_words = opt_bytes = 1;
	return i;
}

int
main(int argc, char **argv)
{
	struct counts c, total = { 0, 0, 0 };
	int i, nfiles, status = 0, first = parse_options(argc, argv);

	if (first < 0)
		return 1;
	nfiles = argc - first;
	width = column_width(argv + first, nfiles,
			     opt_lines + opt_words + opt_bytes);
	if (nfiles == 0)
		return wc_file(NULL, &c);
	for (i = first; i < argc; i++) {
		status |= wc_file(argv[i], &c);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (nfiles > 1)
		print_counts(&total, "total");
	return status;
}
