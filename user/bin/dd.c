/*
 * user/bin/dd.c - copy a file in blocks, as GNU dd does:
 *
 *	dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]
 *	   [iflag=direct] [oflag=direct] [conv=notrunc,fsync,fdatasync]
 *	   [status=none|noxfer]
 *
 * Each read asks for bs bytes (default 512) and what it got is written
 * out as one block: a full record, or a partial one ("+1") when a pipe
 * or the end of the input gave less.  count, skip and seek are in
 * blocks.  N may end in c (1), w (2), b (512), k or K (1024), kB
 * (1000), M, MB, G, GB (and KiB ...), or be a product like 2x512.
 * Without conv=notrunc the output file is cut at seek blocks.
 *
 * iflag=direct / oflag=direct open with O_DIRECT: the disk DMAs
 * straight into this program's buffer, which is therefore 4096-aligned
 * (bs must suit the device, a multiple of 512 for /dev/vda).
 *
 * At the end (or on an error) the summary goes to stderr:
 *	100+0 records in
 *	100+0 records out
 *	6553600 bytes (6.6 MB, 6.2 MiB) copied, 0.0823 s, 79.6 MB/s
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

#define DIRECT_ALIGN 4096

enum { STATUS_NONE, STATUS_NOXFER, STATUS_DEFAULT };

static struct {
	const char *in_name, *out_name;
	uint64_t bs, count, skip, seek;
	int in_flags, out_flags; /* O_DIRECT or 0 */
	int notrunc, sync_out, level;
} opt = { NULL, NULL, 512, UINT64_MAX, 0, 0, 0, 0, 0, 0, STATUS_DEFAULT };

static struct {
	uint64_t in_full, in_part, out_full, out_part, bytes;
	int64_t start_ns;
} stats;

static int64_t
now_ns(void)
{
	struct uapi_timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* A size with GNU dd's suffixes, in *@v; 0 if @s is not one. */
static int
parse_number(const char *s, uint64_t *v)
{
	static const struct {
		const char *suffix;
		uint64_t mult;
	} units[] = {
		{ "", 1 },
		{ "c", 1 },
		{ "w", 2 },
		{ "b", 512 },
		{ "k", 1024 },
		{ "K", 1024 },
		{ "KiB", 1024 },
		{ "kB", 1000 },
		{ "KB", 1000 },
		{ "M", 1024 * 1024 },
		{ "MiB", 1024 * 1024 },
		{ "MB", 1000 * 1000 },
		{ "G", 1024 * 1024 * 1024 },
		{ "GiB", 1024 * 1024 * 1024 },
		{ "GB", 1000 * 1000 * 1000 },
	};
	char *end, *x;
	uint64_t rest;
	size_t i, len;

	if (*s < '0' || *s > '9')
		return 0;
	*v = strtoull(s, &end, 10);
	x = strchr(end, 'x');
	len = x ? (size_t)(x - end) : strlen(end);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strlen(units[i].suffix) != len ||
		    strncmp(end, units[i].suffix, len) != 0)
			continue;
		if (*v > UINT64_MAX / units[i].mult)
			return 0;
		*v *= units[i].mult;
		if (!x)
			return 1;
		if (!parse_number(x + 1, &rest) ||
		    (rest && *v > UINT64_MAX / rest))
			return 0;
		*v *= rest;
		return 1;
	}
	return 0;
}

/* "direct" (the one flag there is) for iflag=/oflag=. */
static int
parse_flags(const char *s, int *flags)
{
	if (strcmp(s, "direct") != 0)
		return 0;
	*flags |= O_DIRECT;
	return 1;
}

static int
parse_conv(const char *s)
{
	char words[64], *word, *save = NULL;

	snprintf(words, sizeof(words), "%s", s);
	for (word = strtok_r(words, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		if (strcmp(word, "notrunc") == 0)
			opt.notrunc = 1;
		else if (strcmp(word, "fsync") == 0 ||
			 strcmp(word, "fdatasync") == 0)
			opt.sync_out = 1;
		else
			return 0;
	}
	return 1;
}

/* Is @arg "@key=..."? */
static int
is_key(const char *arg, const char *key)
{
	size_t len = strlen(key);

	return strncmp(arg, key, len) == 0 && arg[len] == '=';
}

/* One KEY=VALUE operand into opt; 0 if it is not one dd knows. */
static int
parse_operand(const char *arg)
{
	const char *value = strchr(arg, '=');

	if (!value++)
		return 0;
	if (is_key(arg, "if"))
		opt.in_name = value;
	else if (is_key(arg, "of"))
		opt.out_name = value;
	else if (is_key(arg, "bs"))
		return parse_number(value, &opt.bs) && opt.bs > 0;
	else if (is_key(arg, "count"))
		return parse_number(value, &opt.count);
	else if (is_key(arg, "skip"))
		return parse_number(value, &opt.skip);
	else if (is_key(arg, "seek"))
		return parse_number(value, &opt.seek);
	else if (is_key(arg, "iflag"))
		return parse_flags(value, &opt.in_flags);
	else if (is_key(arg, "oflag"))
		return parse_flags(value, &opt.out_flags);
	else if (is_key(arg, "conv"))
		return parse_conv(value);
	else if (strcmp(arg, "status=none") == 0)
		opt.level = STATUS_NONE;
	else if (strcmp(arg, "status=noxfer") == 0)
		opt.level = STATUS_NOXFER;
	else
		return 0;
	return 1;
}

/* The prefix of @base to the power @e: k M G ... (SI) or Ki Mi Gi ... */
static void
unit(int e, int base, char *out, size_t size)
{
	static const char prefixes[] = "kMGTPEZY";

	if (base == 1024)
		snprintf(out, size, "%ciB", e == 1 ? 'K' : prefixes[e - 1]);
	else
		snprintf(out, size, "%cB", prefixes[e - 1]);
}

/*
 * @v as GNU's human_readable() prints it for dd: scaled by powers of
 * @base, one decimal under 10, rounded to nearest (ties to even):
 * "6.6 MB", "6.2 MiB", "512 B".  Returns 0 if no prefix was needed.
 */
static int
human(double v, int base, char *out, size_t size)
{
	char u[8];
	int e = 0;

	while (v >= base && e < 8) {
		v /= base;
		e++;
	}
	if (e == 0) {
		snprintf(out, size, "%.0f B", rint(v));
		return 0;
	}
	if (rint(v) >= base && e < 8) { /* 999.7 kB is 1.0 MB */
		v /= base;
		e++;
	}
	unit(e, base, u, sizeof(u));
	if (rint(v * 10) < 100)
		snprintf(out, size, "%.1f %s", rint(v * 10) / 10, u);
	else
		snprintf(out, size, "%.0f %s", rint(v), u);
	return 1;
}

/*
 * A rate as GNU dd prints it (gnulib's floating-point path): scaled by
 * 1000 at least once, one decimal while the number fits in four
 * characters: "0.5 kB/s", "70.2 kB/s", "533 MB/s".
 */
static void
human_rate(double v, char *out, size_t size)
{
	char u[8];
	int e = 1;

	for (v /= 1000; v >= 1000 && e < 8; e++)
		v /= 1000;
	unit(e, 1000, u, sizeof(u));
	snprintf(out, size, "%.1f %s/s", v, u);
	if (strchr(out, ' ') - out > 4)
		snprintf(out, size, "%.0f %s/s", v, u);
}

static void
print_stats(void)
{
	double secs = (double)(now_ns() - stats.start_ns) / 1e9;
	char si[32], iec[32], rate[40];

	if (opt.level == STATUS_NONE)
		return;
	fprintf(stderr, "%llu+%llu records in\n%llu+%llu records out\n",
		(unsigned long long)stats.in_full,
		(unsigned long long)stats.in_part,
		(unsigned long long)stats.out_full,
		(unsigned long long)stats.out_part);
	if (opt.level == STATUS_NOXFER)
		return;
	if (secs > 0) {
		human_rate((double)stats.bytes / secs, rate, sizeof(rate));
	} else {
		snprintf(rate, sizeof(rate), "Infinity B/s");
	}
	if (!human((double)stats.bytes, 1000, si, sizeof(si)))
		fprintf(stderr, "%llu byte%s copied, %g s, %s\n",
			(unsigned long long)stats.bytes,
			stats.bytes == 1 ? "" : "s", secs, rate);
	else if (!human((double)stats.bytes, 1024, iec, sizeof(iec)))
		fprintf(stderr, "%llu bytes (%s) copied, %g s, %s\n",
			(unsigned long long)stats.bytes, si, secs, rate);
	else
		fprintf(stderr, "%llu bytes (%s, %s) copied, %g s, %s\n",
			(unsigned long long)stats.bytes, si, iec, secs, rate);
}

static int
open_files(int *in, int *out)
{
	int flags = O_WRONLY | O_CREAT | opt.out_flags;

	*in = opt.in_name ? open(opt.in_name, O_RDONLY | opt.in_flags) : 0;
	if (*in < 0) {
		fprintf(stderr, "dd: failed to open '%s': %s\n", opt.in_name,
			errno_text(errno));
		return -1;
	}
	if (!opt.notrunc && opt.seek == 0)
		flags |= O_TRUNC;
	*out = opt.out_name ? open(opt.out_name, flags, 0666) : 1;
	if (*out < 0) {
		fprintf(stderr, "dd: failed to open '%s': %s\n", opt.out_name,
			errno_text(errno));
		return -1;
	}
	/* standard input and output get O_DIRECT afterwards, as in GNU dd */
	if (!opt.in_name && opt.in_flags)
		fcntl(0, F_SETFL, fcntl(0, F_GETFL) | opt.in_flags);
	if (!opt.out_name && opt.out_flags)
		fcntl(1, F_SETFL, fcntl(1, F_GETFL) | opt.out_flags);
	return 0;
}

/* Move past skip= input blocks (by reading, where lseek cannot). */
static int
skip_input(int in, uint8_t *buf)
{
	uint64_t i;
	ssize_t n;

	if (opt.skip == 0 ||
	    lseek(in, (off_t)(opt.skip * opt.bs), SEEK_CUR) >= 0)
		return 0;
	for (i = 0; i < opt.skip; i++) {
		n = read(in, buf, opt.bs);
		if (n < 0) {
			fprintf(stderr, "dd: error reading '%s': %s\n",
				opt.in_name ? opt.in_name : "standard input",
				errno_text(errno));
			return -1;
		}
		if (n == 0)
			break;
	}
	return 0;
}

/* Move past seek= output blocks; a file is cut there unless notrunc. */
static int
seek_output(int out)
{
	struct uapi_stat st;
	off_t at = (off_t)(opt.seek * opt.bs);

	if (opt.seek == 0)
		return 0;
	if (lseek(out, at, SEEK_CUR) < 0) {
		fprintf(stderr, "dd: '%s': cannot seek: %s\n",
			opt.out_name ? opt.out_name : "standard output",
			errno_text(errno));
		return -1;
	}
	if (!opt.notrunc && fstat(out, &st) == 0 && S_ISREG(st.st_mode) &&
	    ftruncate(out, at) < 0) {
		fprintf(stderr, "dd: failed to truncate '%s': %s\n",
			opt.out_name, errno_text(errno));
		return -1;
	}
	return 0;
}

static int
write_block(int out, const uint8_t *buf, size_t n)
{
	size_t done = 0;
	ssize_t w;

	while (done < n) {
		w = write(out, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "dd: error writing '%s': %s\n",
				opt.out_name ? opt.out_name : "standard output",
				errno_text(w < 0 ? errno : ENOSPC));
			return -1;
		}
		done += (size_t)w;
		stats.bytes += (uint64_t)w;
	}
	if (n == opt.bs)
		stats.out_full++;
	else
		stats.out_part++;
	return 0;
}

static int
copy(int in, int out, uint8_t *buf)
{
	uint64_t blocks;
	ssize_t n;

	for (blocks = 0; blocks < opt.count; blocks++) {
		n = read(in, buf, opt.bs);
		if (n < 0 && errno == EINTR) {
			blocks--;
			continue;
		}
		if (n < 0) {
			fprintf(stderr, "dd: error reading '%s': %s\n",
				opt.in_name ? opt.in_name : "standard input",
				errno_text(errno));
			return 1;
		}
		if (n == 0)
			break;
		if ((uint64_t)n == opt.bs)
			stats.in_full++;
		else
			stats.in_part++;
		if (write_block(out, buf, (size_t)n) < 0)
			return 1;
	}
	if (opt.sync_out && fsync(out) < 0) {
		fprintf(stderr, "dd: fsync failed for '%s': %s\n",
			opt.out_name ? opt.out_name : "standard output",
			errno_text(errno));
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	uint8_t *mem, *buf;
	int i, in, out, status;

	for (i = 1; i < argc; i++) {
		if (!parse_operand(argv[i])) {
			fprintf(stderr, "dd: invalid operand '%s'\n", argv[i]);
			return 1;
		}
	}
	mem = malloc(opt.bs + DIRECT_ALIGN);
	if (!mem) {
		fprintf(stderr, "dd: memory exhausted (bs=%llu)\n",
			(unsigned long long)opt.bs);
		return 1;
	}
	buf = (uint8_t *)(((uintptr_t)mem + DIRECT_ALIGN - 1) &
			  ~(uintptr_t)(DIRECT_ALIGN - 1));
	if (open_files(&in, &out) < 0)
		return 1;
	stats.start_ns = now_ns();
	if (skip_input(in, buf) < 0 || seek_output(out) < 0)
		return 1;
	status = copy(in, out, buf);
	if (out != 1 && close(out) < 0) {
		fprintf(stderr, "dd: closing '%s': %s\n", opt.out_name,
			errno_text(errno));
		status = 1;
	}
	print_stats();
	return status;
}
