/*
 * kernel/cpio.c - newc cpio archive reader for the initramfs.
 *
 * Owns nothing but code: the archive belongs to the caller (the boot
 * loader's initrd, or a test's buffer) and is only read.  An entry is
 * checked completely before cpio_next() reports it, so the name and data
 * pointers it hands out are always inside the archive.
 *
 * Lock legend: no locks: caller serialises.  See cpio.h.
 */
#include "kernel/cpio.h"

#include "kernel/string.h"

#include <uapi/errno.h>

/* Header fields after the 6-byte magic, in order, 8 hex digits each. */
enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NR_FIELDS
};

#define MAGIC_LEN    6
#define FIELD_DIGITS 8

_Static_assert(MAGIC_LEN + NR_FIELDS * FIELD_DIGITS == CPIO_HEADER_SIZE,
	       "newc header is 110 bytes");

/* Value of one hex digit, or -1. */
static int
hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes all fields of the header at h; -EINVAL on a non-hex digit. */
static int
parse_fields(const uint8_t *h, uint32_t field[NR_FIELDS])
{
	const uint8_t *p = h + MAGIC_LEN;

	for (int f = 0; f < NR_FIELDS; f++) {
		uint32_t v = 0;

		for (int i = 0; i < FIELD_DIGITS; i++) {
			int d = hex_digit(*p++);

			if (d < 0)
				return -EINVAL;
			v = v << 4 | (uint32_t)d;
		}
		field[f] = v;
	}
	return 0;
}

static bool
bytes_equal(const uint8_t *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != (uint8_t)b[i])
			return false;
	return true;
}

/* Bytes that round pos up to a multiple of 4. */
static size_t
pad4(size_t pos)
{
	return (size_t)(-pos) & 3;
}

/*
 * The name of namesize bytes at name must end in its only NUL.
 * namesize >= 1 and the bytes are inside the archive.
 */
static bool
name_ok(const uint8_t *name, size_t namesize)
{
	for (size_t i = 0; i + 1 < namesize; i++)
		if (name[i] == '\0')
			return false;
	return name[namesize - 1] == '\0';
}

int
cpio_next(const void *archive, size_t size, size_t *offset,
	  struct cpio_entry *e)
{
	const uint8_t *a = archive;
	size_t off = *offset, namesize, pos, pad, data;
	uint32_t field[NR_FIELDS];

	if (off > size || size - off < CPIO_HEADER_SIZE)
		return -EINVAL;
	if (!bytes_equal(a + off, CPIO_NEWC_MAGIC, MAGIC_LEN) ||
	    parse_fields(a + off, field) < 0)
		return -EINVAL;
	namesize = field[F_NAMESIZE];
	pos = off + CPIO_HEADER_SIZE;
	if (namesize == 0 || namesize > size - pos ||
	    !name_ok(a + pos, namesize))
		return -EINVAL;

	e->name = (const char *)(a + pos);
	e->namelen = namesize - 1;
	e->mode = field[F_MODE];
	e->ino = field[F_INO];
	e->nlink = field[F_NLINK];
	e->mtime = field[F_MTIME];
	e->data = NULL;
	e->size = 0;
	if (e->namelen == sizeof(CPIO_TRAILER) - 1 &&
	    bytes_equal(a + pos, CPIO_TRAILER, e->namelen))
		return 0;

	pos += namesize;
	pad = pad4(pos);
	if (pad > size - pos || field[F_FILESIZE] > size - pos - pad)
		return -EINVAL;
	data = pos + pad;
	e->data = a + data;
	e->size = field[F_FILESIZE];
	pos = data + e->size;
	/* May pass size; the next call then reports the missing trailer. */
	*offset = pos + pad4(pos);
	return 1;
}

/* Drops leading "/" and "./" (and a lone "."): "./bin/sh" -> "bin/sh". */
static void
skip_root(const char **s, size_t *len)
{
	for (;;) {
		if (*len >= 1 && (*s)[0] == '/') {
			*s += 1;
			*len -= 1;
		} else if (*len >= 2 && (*s)[0] == '.' && (*s)[1] == '/') {
			*s += 2;
			*len -= 2;
		} else if (*len == 1 && (*s)[0] == '.') {
			*s += 1;
			*len -= 1;
		} else {
			return;
		}
	}
}

int
cpio_find(const void *archive, size_t size, const char *path,
	  struct cpio_entry *e)
{
	struct cpio_entry cur, found;
	size_t off = 0, want_len = strlen(path);
	const char *want = path;
	bool hit = false;
	int r;

	skip_root(&want, &want_len);
	while ((r = cpio_next(archive, size, &off, &cur)) == 1) {
		const char *name = cur.name;
		size_t len = cur.namelen;

		skip_root(&name, &len);
		if (len == want_len &&
		    bytes_equal((const uint8_t *)name, want, len)) {
			found = cur;
			hit = true;
		}
	}
	if (r < 0)
		return r;
	if (!hit)
		return -ENOENT;
	if (e != NULL)
		*e = found;
	return 0;
}

bool
cpio_is_dir(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFDIR;
}

bool
cpio_is_reg(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFREG;
}

bool
cpio_is_symlink(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFLNK;
}
