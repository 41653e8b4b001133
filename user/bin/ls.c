/*
 * user/bin/ls.c - ls [-1adl] [FILE...]: list directories and files.
 *
 *	-a  include names that start with '.' (and "." and "..")
 *	-d  list a directory itself, not what it holds
 *	-l  long format, as GNU `ls -ln` prints it:
 *	        drwxr-xr-x 2 0 0 4096 Nov 25 13:04 name
 *	        crw-rw-rw- 1 0 0 1, 3 Nov 25 13:04 null
 *	    type and mode, links, uid, gid (numbers: there is no
 *	    /etc/passwd), size or "major, minor" for a device, the
 *	    modification time (with the year instead of the time of day when
 *	    it is over six months from now) and the name; each column as
 *	    wide as its widest entry, and a "total" of 1 KiB blocks first
 *	-1  one name per line (the default unless stdout is a terminal)
 *
 * Names are sorted byte by byte (the C locale).  Files named on the
 * command line come first, then each directory, headed "name:" when
 * there is more than one thing to list.  Times are UTC: Sluice has no
 * time zones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/dirent.h>

#include "civil.h"
#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

#define TERM_WIDTH	  80
#define SIX_MONTHS	  (31556952L / 2) /* half a mean Gregorian year */
#define DEFAULT_BLOCKSIZE 1024		  /* "total" counts these */

struct entry {
	char *name;
	struct uapi_stat st;
	int stat_ok;
};

/* A growing array of entries; one per directory listed (or the args). */
struct listing {
	struct entry *e;
	size_t n, cap;
};

static int opt_all, opt_dir, opt_long, opt_one;
static int64_t now_sec;
static int status;

static void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fprintf(stderr, "ls: out of memory\n");
		exit(2);
	}
	return p;
}

static struct entry *
add_entry(struct listing *l, const char *name)
{
	struct entry *e;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->e = xrealloc(l->e, l->cap * sizeof(*l->e));
	}
	e = &l->e[l->n++];
	e->name = xrealloc(NULL, strlen(name) + 1);
	strcpy(e->name, name);
	e->stat_ok = 0;
	return e;
}

static void
free_listing(struct listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->e[i].name);
	free(l->e);
	l->e = NULL;
	l->n = l->cap = 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

/* "Nov 25 13:04", or "Nov 25  2023" for a time far from now. */
static void
format_time(int64_t t, char *buf, size_t size)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
					      "May", "Jun", "Jul", "Aug",
					      "Sep", "Oct", "Nov", "Dec" };
	int64_t days = t / 86400, secs = t % 86400, year;
	int month, day;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &year, &month, &day);
	if (t > now_sec - SIX_MONTHS && t <= now_sec)
		snprintf(buf, size, "%s %2d %02d:%02d", months[month - 1], day,
			 (int)(secs / 3600), (int)(secs / 60 % 60));
	else
		snprintf(buf, size, "%s %2d  %lld", months[month - 1], day,
			 (long long)year);
}

static int
digits(uint64_t v)
{
	int n = 1;

	for (; v >= 10; v /= 10)
		n++;
	return n;
}

static int
is_device(const struct entry *e)
{
	return S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode);
}

/* The widths of the long format's number columns, as GNU ls finds them. */
struct widths {
	int nlink, uid, gid, size, major, minor;
};

static void
measure(const struct listing *l, struct widths *w)
{
	const struct uapi_stat *st;
	size_t i;
	int n;

	for (i = 0; i < l->n; i++) {
		if (!l->e[i].stat_ok)
			continue;
		st = &l->e[i].st;
		if (digits(st->st_nlink) > w->nlink)
			w->nlink = digits(st->st_nlink);
		if (digits(st->st_uid) > w->uid)
			w->uid = digits(st->st_uid);
		if (digits(st->st_gid) > w->gid)
			w->gid = digits(st->st_gid);
		if (is_device(&l->e[i])) {
			if (digits(UAPI_MAJOR(st->st_rdev)) > w->major)
				w->major = digits(UAPI_MAJOR(st->st_rdev));
			if (digits(UAPI_MINOR(st->st_rdev)) > w->minor)
				w->minor = digits(UAPI_MINOR(st->st_rdev));
			n = w->major + 2 + w->minor;
		} else {
			n = digits((uint64_t)st->st_size);
		}
		if (n > w->size)
			w->size = n;
	}
}

static void
print_long(const struct entry *e, const struct widths *w)
{
	const struct uapi_stat *st = &e->st;
	char mode[11], when[32];
	int pad;

	if (!e->stat_ok) {
		printf("?????????? ? ? ? ? ? %s\n", e->name);
		return;
	}
	mode_string(st->st_mode, mode);
	format_time(st->st_mtime_sec, when, sizeof(when));
	printf("%s %*u %*u %*u ", mode, w->nlink, st->st_nlink, w->uid,
	       st->st_uid, w->gid, st->st_gid);
	if (is_device(e)) {
		pad = w->size - (w->major + 2 + w->minor);
		printf("%*u, %*u ", w->major + (pad > 0 ? pad : 0),
		       UAPI_MAJOR(st->st_rdev), w->minor,
		       UAPI_MINOR(st->st_rdev));
	} else {
		printf("%*lld ", w->size, (long long)st->st_size);
	}
	printf("%s %s\n", when, e->name);
}

/* Names in columns, filled top to bottom, as wide as TERM_WIDTH allows. */
static void
print_columns(const struct listing *l)
{
	size_t i, rows, cols, r, c, len, width = 1;

	for (i = 0; i < l->n; i++) {
		len = strlen(l->e[i].name) + 2;
		if (len > width)
			width = len;
	}
	cols = TERM_WIDTH / width ? TERM_WIDTH / width : 1;
	rows = (l->n + cols - 1) / cols;
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols; c++) {
			i = c * rows + r;
			if (i >= l->n)
				break;
			if (c + 1 < cols && i + rows < l->n)
				printf("%-*s", (int)width, l->e[i].name);
			else
				printf("%s", l->e[i].name);
		}
		putchar('\n');
	}
}

/*
 * Print @l sorted.  @w: the column widths of the command line's files,
 * which GNU ls measures over the directories named there too; NULL for
 * a directory's contents.
 */
static void
print_listing(struct listing *l, const struct widths *args_w)
{
	struct widths w = { 0 };
	uint64_t blocks = 0;
	size_t i;

	qsort(l->e, l->n, sizeof(*l->e), by_name);
	if (!opt_long) {
		if (opt_one)
			for (i = 0; i < l->n; i++)
				printf("%s\n", l->e[i].name);
		else
			print_columns(l);
		return;
	}
	if (args_w)
		w = *args_w;
	else
		measure(l, &w);
	for (i = 0; i < l->n; i++)
		if (l->e[i].stat_ok)
			blocks += (uint64_t)l->e[i].st.st_blocks;
	if (!args_w) /* st_blocks counts 512-byte units; round up */
		printf("total %llu\n",
		       (unsigned long long)((blocks * 512 + DEFAULT_BLOCKSIZE -
					     1) /
					    DEFAULT_BLOCKSIZE));
	for (i = 0; i < l->n; i++)
		print_long(&l->e[i], &w);
}

/* Read directory @fd's names into @l (stat'ed relative to @fd for -l). */
static void
read_dir(int fd, const char *path, struct listing *l)
{
	static uint8_t buf[8192];
	struct linux_dirent64 *d;
	struct entry *e;
	ssize_t n, off;

	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct linux_dirent64 *)(buf + off);
			if (d->d_name[0] == '.' && !opt_all)
				continue;
			e = add_entry(l, d->d_name);
			if (!opt_long)
				continue;
			e->stat_ok = fstatat(fd, d->d_name, &e->st,
					     AT_SYMLINK_NOFOLLOW) == 0;
			if (!e->stat_ok) {
				fprintf(stderr,
					"ls: cannot access '%s/%s': %s\n", path,
					d->d_name, errno_text(errno));
				status = 1;
			}
		}
	}
	if (n < 0) {
		fprintf(stderr, "ls: reading directory '%s': %s\n", path,
			errno_text(errno));
		status = 1;
	}
}

static void
list_dir(const char *path, int header, int first)
{
	struct listing l = { 0 };
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path,
			errno_text(errno));
		status = 2;
		return;
	}
	read_dir(fd, path, &l);
	close(fd);
	if (header)
		printf("%s%s:\n", first ? "" : "\n", path);
	print_listing(&l, NULL);
	free_listing(&l);
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
			if (*p == 'a')
				opt_all = 1;
			else if (*p == 'd')
				opt_dir = 1;
			else if (*p == 'l')
				opt_long = 1;
			else if (*p == '1')
				opt_one = 1;
			else {
				fprintf(stderr,
					"ls: invalid option -- '%c'\n"
					"usage: ls [-1adl] [FILE...]\n",
					*p);
				exit(2);
			}
		}
	}
	return i;
}

int
main(int argc, char **argv)
{
	struct listing files = { 0 }, dirs = { 0 };
	struct widths w = { 0 };
	struct uapi_timespec now;
	struct entry *e;
	char *dot[] = { ".", NULL };
	char **args;
	size_t i;
	int first = parse_options(argc, argv);

	args = first < argc ? argv + first : dot;
	if (!opt_one && !isatty(1))
		opt_one = 1;
	if (clock_gettime(CLOCK_REALTIME, &now) == 0)
		now_sec = now.tv_sec;
	for (; *args; args++) {
		e = add_entry(&files, *args);
		e->stat_ok = lstat(*args, &e->st) == 0;
		if (!e->stat_ok) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", *args,
				errno_text(errno));
			status = 2;
			files.n--;
			free(e->name);
		} else if (S_ISDIR(e->st.st_mode) && !opt_dir) {
			add_entry(&dirs, *args)->st = e->st;
			dirs.e[dirs.n - 1].stat_ok = 1;
			files.n--;
			free(e->name);
		}
	}
	measure(&files, &w);
	measure(&dirs, &w);
	if (files.n)
		print_listing(&files, &w);
	qsort(dirs.e, dirs.n, sizeof(*dirs.e), by_name);
	for (i = 0; i < dirs.n; i++)
		list_dir(dirs.e[i].name, files.n + dirs.n > 1 || status,
			 files.n == 0 && i == 0);
	free_listing(&files);
	free_listing(&dirs);
	return status;
}
