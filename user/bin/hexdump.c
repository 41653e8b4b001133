/*
 * user/bin/hexdump.c - hexdump [-Cv] [-s OFFSET] [-n LENGTH] [FILE...]:
 * the bytes of the FILEs (one stream; none: standard input) in hex, as
 * util-linux hexdump prints them.
 *
 *	-C  canonical: offset, 16 bytes in hex, the same as text
 *	      00000000  68 65 6c 6c 6f 0a                 |hello.|
 *	    (without -C: offset and 8 little-endian 16-bit words,
 *	      0000000 6568 6c6c 0a6f)
 *	-v  show every line (by default a run of lines equal to the one
 *	    before is shown as one "*")
 *	-s  skip OFFSET bytes first; -n  show at most LENGTH bytes
 *	    (decimal, 0x hex, or with a k/m suffix)
 * The last line is the offset where the input ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

#define LINE 16

/* The input: the files in turn, read through one buffer. */
struct input {
	char **files; /* NULL-terminated; NULL entry at the end */
	int fd;	      /* -1: open the next file */
	int opened;   /* files that could be opened */
	int status;
	uint8_t buf[65536];
	size_t have, at;
};

/* Make the next byte available; 0 at the end of the last file. */
static int
refill(struct input *in)
{
	ssize_t n;

	while (in->at == in->have) {
		if (in->fd < 0) {
			if (!*in->files)
				return 0;
			if (strcmp(*in->files, "-") == 0)
				in->fd = 0;
			else
				in->fd = open(*in->files, O_RDONLY | O_CLOEXEC);
			if (in->fd < 0) {
				warn_errno("hexdump", *in->files);
				in->status = 1;
				in->files++;
				continue;
			}
			in->opened++;
		}
		n = read(in->fd, in->buf, sizeof(in->buf));
		if (n < 0)
			warn_errno("hexdump", *in->files);
		if (n <= 0) {
			if (n < 0)
				in->status = 1;
			if (in->fd != 0)
				close(in->fd);
			in->fd = -1;
			in->files++;
			continue;
		}
		in->have = (size_t)n;
		in->at = 0;
	}
	return 1;
}

/* Up to @want bytes into @out; how many (0 at the end). */
static size_t
get(struct input *in, uint8_t *out, size_t want)
{
	size_t got = 0, n;

	while (got < want && refill(in)) {
		n = in->have - in->at;
		if (n > want - got)
			n = want - got;
		memcpy(out + got, in->buf + in->at, n);
		in->at += n;
		got += n;
	}
	return got;
}

static void
print_canonical(uint64_t off, const uint8_t *b, size_t n)
{
	size_t i;

	printf("%08llx  ", (unsigned long long)off);
	for (i = 0; i < LINE; i++) {
		if (i < n)
			printf("%02x ", b[i]);
		else
			printf("   ");
		if (i == 7)
			putchar(' ');
	}
	printf(" |");
	for (i = 0; i < n; i++)
		putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
	printf("|\n");
}

static void
print_words(uint64_t off, const uint8_t *b, size_t n)
{
	size_t i;

	printf("%07llx", (unsigned long long)off);
	for (i = 0; i < LINE; i += 2) {
		if (i < n)
			printf(" %02x%02x", i + 1 < n ? b[i + 1] : 0, b[i]);
		else
			printf("     ");
	}
	putchar('\n');
}

/* A number with an optional 0x prefix and k/m suffix; -1 if bad. */
static int64_t
parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (end == s)
		return -1;
	if (*end == 'k' || *end == 'K')
		v *= 1024, end++;
	else if (*end == 'm' || *end == 'M')
		v *= 1024 * 1024, end++;
	return *end ? -1 : (int64_t)v;
}

static int canonical, verbose;
static int64_t skip, length = -1;

static int
bad_number(const char *s)
{
	fprintf(stderr, "hexdump: bad number: '%s'\n", s);
	return -1;
}

/* The options; returns the index of the first FILE, or -1 after usage. */
static int
parse_options(int argc, char **argv)
{
	const char *p;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			skip = parse_size(argv[++i]);
			if (skip < 0)
				return bad_number(argv[i]);
			continue;
		}
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			length = parse_size(argv[++i]);
			if (length < 0)
				return bad_number(argv[i]);
			continue;
		}
		for (p = argv[i] + 1; *p == 'C' || *p == 'v'; p++)
			*(*p == 'C' ? &canonical : &verbose) = 1;
		if (*p)
			break;
	}
	if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		fprintf(stderr, "usage: hexdump [-Cv] [-s OFFSET] [-n LENGTH] "
				"[FILE...]\n");
		return -1;
	}
	return i;
}

static struct input in = { .fd = -1 };

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	uint8_t line[LINE], prev[LINE];
	uint64_t off;
	size_t n, want, prev_n = 0;
	int starred = 0, first = parse_options(argc, argv);

	if (first < 0)
		return 1;
	in.files = first < argc ? argv + first : stdin_only;
	for (off = 0; off < (uint64_t)skip; off += n) {
		want =
		    (uint64_t)skip - off < LINE ? (size_t)(skip - off) : LINE;
		n = get(&in, line, want);
		if (n == 0)
			break;
	}
	for (;;) {
		want = LINE;
		if (length >= 0 && (uint64_t)length < off - skip + LINE)
			want = (size_t)(length - (int64_t)(off - skip));
		n = want ? get(&in, line, want) : 0;
		if (n == 0)
			break;
		if (!verbose && n == LINE && prev_n == LINE &&
		    memcmp(line, prev, LINE) == 0) {
			if (!starred)
				printf("*\n");
			starred = 1;
		} else {
			(canonical ? print_canonical : print_words)(off, line,
								    n);
			starred = 0;
		}
		memcpy(prev, line, n);
		prev_n = n;
		off += n;
	}
	if (off > 0)
		printf(canonical ? "%08llx\n" : "%07llx\n",
		       (unsigned long long)off);
	if (in.opened == 0 && in.status) {
		fprintf(stderr, "hexdump: all input file arguments failed\n");
		return 1;
	}
	return in.status;
}
