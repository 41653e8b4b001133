/*
 * tests/unit/test_cpio.c - kernel/cpio.c on archives written by GNU cpio
 * and on damaged copies of them.
 *
 * Usage: test_cpio SRCDIR ARCHIVE.cpio...
 * unit.mk stages a small tree in SRCDIR (files of several sizes, an empty
 * one, nested directories, a symlink) and packs it with `cpio -o -H newc`,
 * once with names like "bin/sh" and once with "./bin/sh".  Every entry of
 * each archive is checked against the tree itself (lstat, file contents,
 * readlink), so nothing about the tree is hard-coded here.  Archives are
 * copied into malloc'd buffers of exactly their size so ASan reports any
 * read past them.
 */
#include "kernel/cpio.h"

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uapi/errno.h>

#include "tests/unit/unit.h"

#define MUTATIONS 4000 /* per archive */
#define PATH_MAX_ 4096

/* Entries in the tree under dir, dir itself not counted. */
static int
count_tree(const char *dir)
{
	char sub[PATH_MAX_];
	struct dirent *d;
	struct stat st;
	DIR *dp = opendir(dir);
	int n = 0;

	if (dp == NULL)
		return -1;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		n++;
		snprintf(sub, sizeof(sub), "%s/%s", dir, d->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			n += count_tree(sub);
	}
	closedir(dp);
	return n;
}

/* The stored name without a leading "./" ("." itself becomes ""). */
static const char *
rel_name(const char *name)
{
	if (strcmp(name, ".") == 0)
		return "";
	return strncmp(name, "./", 2) == 0 ? name + 2 : name;
}

/* Walks the whole archive; returns the last cpio_next() result. */
static int
walk(const uint8_t *a, size_t size, int *entries, size_t *trailer)
{
	struct cpio_entry e;
	size_t off = 0;
	int r, n = 0;

	while ((r = cpio_next(a, size, &off, &e)) == 1) {
		n++;
		CHECK(e.name[e.namelen] == '\0');
		CHECK(strlen(e.name) == e.namelen);
		CHECK((const uint8_t *)e.name > a &&
		      (const uint8_t *)e.name + e.namelen < a + size);
		CHECK(e.size == 0 ||
		      ((const uint8_t *)e.data >= a && e.size <= size &&
		       (const uint8_t *)e.data - a <=
			   (ptrdiff_t)(size - e.size)));
	}
	if (entries)
		*entries = n;
	if (trailer)
		*trailer = off;
	return r;
}

/* ---- One entry against the file it came from ---- */

static void
check_entry(const char *srcdir, const uint8_t *a, size_t size,
	    const struct cpio_entry *e, unsigned *seen)
{
	char path[PATH_MAX_], target[PATH_MAX_], form[PATH_MAX_];
	const char *rel = rel_name(e->name);
	struct cpio_entry f;
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", srcdir, rel);
	bool found = lstat(path, &st) == 0;
	CHECK(found);
	if (!found) {
		fprintf(stderr, "%s: not in the tree\n", e->name);
		return;
	}
	CHECK_EQ_U64(e->mode, st.st_mode);
	CHECK_EQ_U64(e->ino, (uint32_t)st.st_ino);
	CHECK_EQ_U64(e->nlink, st.st_nlink);
	CHECK_EQ_U64(e->mtime, (uint32_t)st.st_mtime);
	CHECK_EQ_U64(cpio_is_dir(e), S_ISDIR(st.st_mode));
	CHECK_EQ_U64(cpio_is_reg(e), S_ISREG(st.st_mode));
	CHECK_EQ_U64(cpio_is_symlink(e), S_ISLNK(st.st_mode));
	if (S_ISREG(st.st_mode)) {
		size_t len = 0;
		uint8_t *want = unit_read_file(path, &len);

		CHECK(want != NULL);
		CHECK_EQ_U64(e->size, st.st_size);
		CHECK(want && len == e->size &&
		      (len == 0 || memcmp(want, e->data, len) == 0));
		free(want);
		*seen |= e->size == 0 ? 1 : 0;
		*seen |= e->size % 4 != 0 ? 2 : 0;
	} else if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, target, sizeof(target));

		CHECK(n > 0 && (size_t)n == e->size &&
		      memcmp(target, e->data, e->size) == 0);
		*seen |= 4;
	} else if (S_ISDIR(st.st_mode)) {
		CHECK_EQ_U64(e->size, 0);
		*seen |= strchr(rel, '/') != NULL ? 8 : 0;
	}

	/* Every spelling of the name finds this very entry. */
	static const char *const prefix[] = { "", "/", "./", "//", "/./" };
	for (size_t i = 0; i < ARRAY_SIZE(prefix); i++) {
		snprintf(form, sizeof(form), "%s%s", prefix[i], rel);
		if (form[0] == '\0')
			continue; /* "" for "." is covered by "/" */
		memset(&f, 0, sizeof(f));
		CHECK_EQ_U64(cpio_find(a, size, form, &f), 0);
		CHECK(f.name == e->name && f.data == e->data &&
		      f.size == e->size && f.mode == e->mode);
	}
	CHECK_EQ_U64(cpio_find(a, size, e->name, NULL), 0);
	if (rel[0] != '\0') {
		snprintf(form, sizeof(form), "%s/", rel);
		CHECK_EQ_U64(cpio_find(a, size, form, NULL), -ENOENT);
		snprintf(form, sizeof(form), "%sx", rel);
		CHECK_EQ_U64(cpio_find(a, size, form, NULL), -ENOENT);
		snprintf(form, sizeof(form), "%.*s", (int)strlen(rel) - 1, rel);
		if (form[0] != '\0')
			CHECK_EQ_U64(cpio_find(a, size, form, NULL), -ENOENT);
	}
}

static void
check_real(const char *srcdir, const uint8_t *a, size_t size,
	   size_t *trailer_off, int *nentries)
{
	struct cpio_entry e;
	size_t off = 0, before;
	unsigned seen = 0;
	bool has_root = false;
	int r, n = 0;

	while ((r = cpio_next(a, size, &off, &e)) == 1) {
		check_entry(srcdir, a, size, &e, &seen);
		has_root |= rel_name(e.name)[0] == '\0';
		n++;
	}
	CHECK_EQ_U64(r, 0);
	CHECK_STREQ(e.name, CPIO_TRAILER);
	/* The trailer stays put. */
	before = off;
	CHECK_EQ_U64(cpio_next(a, size, &off, &e), 0);
	CHECK_EQ_U64(off, before);
	CHECK(off + CPIO_HEADER_SIZE + sizeof(CPIO_TRAILER) <= size);

	CHECK_EQ_U64(n, count_tree(srcdir) + (has_root ? 1 : 0));
	/* An empty file, an odd size, a symlink and a nested directory. */
	CHECK_EQ_U64(seen, 15);
	CHECK_EQ_U64(cpio_find(a, size, "/", NULL), has_root ? 0 : -ENOENT);
	CHECK_EQ_U64(cpio_find(a, size, "", NULL), has_root ? 0 : -ENOENT);
	CHECK_EQ_U64(cpio_find(a, size, "/no/such/file", NULL), -ENOENT);
	CHECK_EQ_U64(cpio_find(a, size, CPIO_TRAILER, NULL), -ENOENT);
	CHECK_EQ_U64(cpio_find(a, size, "..", NULL), -ENOENT);
	*trailer_off = off;
	*nentries = n;
}

/* ---- Damage ---- */

static void
put_field(uint8_t *hdr, int field, const char *eight)
{
	memcpy(hdr + 6 + field * 8, eight, 8);
}

static void
put_hex(uint8_t *hdr, int field, uint32_t v)
{
	char s[9];

	snprintf(s, sizeof(s), "%08X", v);
	put_field(hdr, field, s);
}

static uint32_t
get_hex(const uint8_t *hdr, int field)
{
	char s[9];

	memcpy(s, hdr + 6 + field * 8, 8);
	s[8] = '\0';
	return (uint32_t)strtoul(s, NULL, 16);
}

#define FIELD_FILESIZE 6
#define FIELD_NAMESIZE 11
#define NR_FIELDS      13

static int
find_exact(const uint8_t *a, size_t size)
{
	uint8_t *copy = unit_dup(a, size);
	int r = walk(copy, size, NULL, NULL);

	free(copy);
	return r;
}

/* Header damage to the entry at off (one with data), each fatal. */
static void
check_damage(const uint8_t *a, size_t size, size_t off)
{
	static const char *const bad[] = { "0000000g",	      "-0000001",
					   " 0000001",	      "0x000001",
					   "+0000001",	      "0000001\n",
					   "\0\0\0\0\0\0\0\0" };
	uint8_t *b = unit_dup(a, size), *h = b + off;
	uint32_t namesize = get_hex(a + off, FIELD_NAMESIZE);
	uint32_t filesize = get_hex(a + off, FIELD_FILESIZE);
	size_t data = off + CPIO_HEADER_SIZE + namesize;

	data += (4 - data % 4) % 4;
	CHECK(filesize > 0);

#define DAMAGE(what)                                                  \
	do {                                                          \
		memcpy(b, a, size);                                   \
		what;                                                 \
		CHECK_EQ_U64(find_exact(b, size), -EINVAL);           \
		CHECK_EQ_U64(cpio_find(b, size, "x", NULL), -EINVAL); \
	} while (0)

	for (int i = 0; i < 6; i++)
		DAMAGE(h[i] ^= 0x01);
	DAMAGE(memcpy(h, "070702", 6)); /* the CRC format */
	DAMAGE(memcpy(h, "070707", 6)); /* the old portable format */
	for (int f = 0; f < NR_FIELDS; f++)
		for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
			DAMAGE(put_field(h, f, bad[i]));
	DAMAGE(put_hex(h, FIELD_FILESIZE, 0xffffffff));
	DAMAGE(put_hex(h, FIELD_FILESIZE, (uint32_t)(size - data + 1)));
	DAMAGE(put_hex(h, FIELD_NAMESIZE, 0));
	DAMAGE(put_hex(h, FIELD_NAMESIZE, 0xffffffff));
	DAMAGE(put_hex(h, FIELD_NAMESIZE,
		       (uint32_t)(size - off - CPIO_HEADER_SIZE + 1)));
	DAMAGE(put_hex(h, FIELD_NAMESIZE, namesize - 1)); /* NUL left out */
	DAMAGE(h[CPIO_HEADER_SIZE + namesize - 1] = 'x'); /* NUL overwritten */
	DAMAGE(h[CPIO_HEADER_SIZE] = '\0'); /* NUL inside the name */
#undef DAMAGE

	/* cpio writes upper-case hex; lower-case is just as good. */
	memcpy(b, a, size);
	for (int i = 6; i < CPIO_HEADER_SIZE; i++)
		if (h[i] >= 'A' && h[i] <= 'F')
			h[i] = (uint8_t)(h[i] - 'A' + 'a');
	CHECK_EQ_U64(find_exact(b, size), 0);
	free(b);
}

/* A trailer that is not one, and bytes after a real one. */
static void
check_trailer(const uint8_t *a, size_t size, size_t trailer)
{
	uint8_t *b = unit_dup(a, size), *big = calloc(1, size + 8);

	CHECK(memcmp(a + trailer + CPIO_HEADER_SIZE, CPIO_TRAILER, 11) == 0);
	b[trailer + CPIO_HEADER_SIZE + 9] = '?'; /* "TRAILER!!?" */
	CHECK_EQ_U64(find_exact(b, size), -EINVAL);
	free(b);

	/* Anything after the trailer is never read. */
	if (big == NULL)
		abort();
	memcpy(big, a, size);
	memset(big + trailer + CPIO_HEADER_SIZE + 11, 0xa5,
	       size + 8 - trailer - CPIO_HEADER_SIZE - 11);
	CHECK_EQ_U64(find_exact(big, size + 8), 0);
	free(big);

	/* Two archives' worth of entries: the later of two names wins. */
	size_t n = trailer + trailer + CPIO_HEADER_SIZE + 12;
	struct cpio_entry e;
	uint8_t *two = calloc(1, n);

	if (two == NULL)
		abort();
	memcpy(two, a, trailer);
	memcpy(two + trailer, a, trailer + CPIO_HEADER_SIZE + 11);
	b = unit_dup(two, n);
	CHECK_EQ_U64(find_exact(b, n), 0);
	size_t off = 0;
	struct cpio_entry first;
	CHECK_EQ_U64(cpio_next(b, n, &off, &first), 1);
	CHECK_EQ_U64(cpio_find(b, n, first.name, &e), 0);
	CHECK(e.name == (const char *)b + trailer + CPIO_HEADER_SIZE);
	free(b);
	free(two);
}

/* Every prefix: the walk fails until the trailer's name is complete. */
static void
check_truncations(const uint8_t *a, size_t size, size_t trailer, int nent)
{
	size_t complete = trailer + CPIO_HEADER_SIZE + sizeof(CPIO_TRAILER);
	int n, r;

	for (size_t len = 0; len <= size; len++) {
		uint8_t *b = unit_dup(a, len);

		r = walk(b, len, &n, NULL);
		CHECK_EQ_U64(r, len >= complete ? 0 : -EINVAL);
		if (len >= complete)
			CHECK_EQ_U64(n, nent);
		CHECK_EQ_U64(cpio_find(b, len, "/no/such/file", NULL),
			     len >= complete ? -ENOENT : -EINVAL);
		free(b);
	}
}

/* Random damage: any verdict, but never a read outside the buffer. */
static void
check_mutations(const uint8_t *a, size_t size, size_t trailer, int rounds)
{
	static const char hex[] = "0123456789ABCDEFabcdefXx -";
	uint8_t *b = malloc(size);
	unsigned ok = 0;

	if (b == NULL)
		abort();
	for (int round = 0; round < rounds; round++) {
		size_t len = size;
		int r;

		memcpy(b, a, size);
		for (int k = 1 + (int)(unit_rng() % 4); k > 0; k--) {
			size_t at = unit_rng() % 2 ? unit_rng() % (trailer + 1)
						   : unit_rng() % size;

			b[at] = unit_rng() % 2 ? (uint8_t)hex[unit_rng() % 26]
					       : (uint8_t)unit_rng();
		}
		if (unit_rng() % 8 == 0)
			len = unit_rng() % (size + 1);
		uint8_t *copy = unit_dup(b, len);
		r = walk(copy, len, NULL, NULL);
		CHECK(r == 0 || r == -EINVAL);
		ok += r == 0;
		r = cpio_find(copy, len, "bin/sh", NULL);
		CHECK(r == 0 || r == -ENOENT || r == -EINVAL);
		free(copy);
	}
	fprintf(stderr, "  mutations: %u of %d still valid\n", ok, rounds);
	CHECK(ok > 0 && ok < (unsigned)rounds);
	free(b);
}

/* The first entry with data: a regular file of at least one byte. */
static size_t
first_with_data(const uint8_t *a, size_t size)
{
	struct cpio_entry e;
	size_t off = 0, at;

	for (;;) {
		at = off;
		if (cpio_next(a, size, &off, &e) != 1)
			return SIZE_MAX;
		if (cpio_is_reg(&e) && e.size > 0)
			return at;
	}
}

static void
test_archive(const char *srcdir, const char *path)
{
	size_t size = 0, trailer = 0, off;
	uint8_t *file = unit_read_file(path, &size), *a;
	int n = 0;

	CHECK(file != NULL);
	if (file == NULL) {
		fprintf(stderr, "%s: cannot read\n", path);
		return;
	}
	a = unit_dup(file, size);
	free(file);
	check_real(srcdir, a, size, &trailer, &n);
	fprintf(stderr, "%s: %d entries, trailer at %zu of %zu bytes\n", path,
		n, trailer, size);
	off = first_with_data(a, size);
	CHECK(off != SIZE_MAX);
	if (off != SIZE_MAX)
		check_damage(a, size, off);
	check_trailer(a, size, trailer);
	check_truncations(a, size, trailer, n);
	check_mutations(a, size, trailer, MUTATIONS);
	free(a);
}

/* Tiny archives built by hand. */
static void
test_handmade(void)
{
	/* Only a trailer: header fields in order, then the name. */
	static const char empty[] = "070701"
				    "00000000" /* ino */
				    "00000000" /* mode */
				    "00000000" /* uid */
				    "00000000" /* gid */
				    "00000000" /* nlink */
				    "00000000" /* mtime */
				    "00000000" /* filesize */
				    "00000000" /* devmajor */
				    "00000000" /* devminor */
				    "00000000" /* rdevmajor */
				    "00000000" /* rdevminor */
				    "0000000B" /* namesize */
				    "00000000" /* check */
				    "TRAILER!!!";
	struct cpio_entry e;
	size_t off = 0;

	_Static_assert(sizeof(empty) == CPIO_HEADER_SIZE + 11, "trailer");
	CHECK_EQ_U64(cpio_next(empty, sizeof(empty), &off, &e), 0);
	CHECK_EQ_U64(off, 0);
	CHECK_EQ_U64(cpio_find(empty, sizeof(empty), "/", NULL), -ENOENT);
	CHECK_EQ_U64(cpio_next(empty, sizeof(empty) - 1, &off, &e), -EINVAL);
	off = sizeof(empty) + 1;
	CHECK_EQ_U64(cpio_next(empty, sizeof(empty), &off, &e), -EINVAL);
	off = SIZE_MAX;
	CHECK_EQ_U64(cpio_next(empty, sizeof(empty), &off, &e), -EINVAL);
	CHECK_EQ_U64(cpio_find(empty, 0, "x", NULL), -EINVAL);
}

int
main(int argc, char **argv)
{
	test_handmade();

	unit_rng_seed(0x2545f4914f6cdd1dULL);
	for (int i = 2; i < argc; i++)
		test_archive(argv[1], argv[i]);
	if (argc < 3) {
		fprintf(stderr, "usage: %s SRCDIR ARCHIVE.cpio...\n", argv[0]);
		return unit_done() ? 1 : UNIT_SKIP;
	}
	return unit_done();
}
