/*
 * kernel/cpio.h - reading the initramfs: a "newc" cpio archive in memory.
 *
 * Format (GNU cpio manual, "Options" -H newc; cpio(5) "New ASCII
 * Format"): a sequence of entries, each a 110-byte header of ASCII, then
 * the path name with its NUL, zero-padded so header + name is a multiple
 * of 4 bytes, then the file data, zero-padded to a multiple of 4.  The
 * header is the magic "070701" and thirteen 8-digit hexadecimal fields:
 * ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
 * rdevmajor, rdevminor, namesize (including the NUL), check (0 for newc).
 * An entry named "TRAILER!!!" ends the archive; whatever follows it (cpio
 * pads to 512-byte blocks) is ignored.  Padding is counted from the start
 * of the archive, which is how cpio writes it.
 *
 * A symlink's data is its target (no NUL).  Hard links are not resolved:
 * newc stores the data once, with the last link, and earlier links have
 * filesize 0; cpio_find() returns whichever entry has the name.
 *
 * Safety: every field is checked (magic, each digit is hex, name inside the
 * archive and NUL-terminated exactly at namesize - 1, data inside the
 * archive) before anything is read past it, and sums are formed only after
 * comparing with what is left of the archive, so no input makes these
 * functions read outside [archive, archive + size).  Malformed archives
 * give -EINVAL.
 *
 * Lock legend: no locks: caller serialises.  The archive is only read, so
 * any number of readers may share it.  Nothing sleeps or allocates.
 */
#ifndef SLUICE_KERNEL_CPIO_H
#define SLUICE_KERNEL_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPIO_NEWC_MAGIC	 "070701"
#define CPIO_HEADER_SIZE 110
#define CPIO_TRAILER	 "TRAILER!!!"

/* File type bits of mode (the st_mode values of Linux). */
#define CPIO_S_IFMT  0170000u
#define CPIO_S_IFDIR 0040000u
#define CPIO_S_IFREG 0100000u
#define CPIO_S_IFLNK 0120000u

/* One entry; name and data point into the archive. */
struct cpio_entry {
	const char *name; /* as stored ("bin/sh", "./bin/sh"), NUL-terminated */
	size_t namelen;	  /* without the NUL */
	const void *data; /* size bytes */
	size_t size;
	uint32_t mode; /* type and permission bits */
	uint32_t ino;
	uint32_t nlink;
	uint32_t mtime; /* seconds since the epoch */
};

/*
 * Decodes the entry at *offset (0 for the first) into *e.  Returns 1 and
 * moves *offset to the next entry; 0 at the trailer, with *e describing the
 * trailer and *offset left on it (so calling again returns 0 again); or
 * -EINVAL for a malformed archive (bad magic, a non-hex digit, namesize 0,
 * a name not ending in its only NUL, name or data beyond size, or the end
 * of the archive reached without a trailer), *offset unchanged.
 */
int cpio_next(const void *archive, size_t size, size_t *offset,
	      struct cpio_entry *e);

/*
 * Looks up path in the whole archive.  Leading "/" and "./" are ignored on
 * both sides, so "/bin/sh" and "bin/sh" both match a stored "bin/sh" or
 * "./bin/sh", and "/" matches a stored "."; the rest must be equal byte
 * for byte.  As when the kernel unpacks an initramfs, a later entry of the
 * same name replaces an earlier one, so the last match is returned.
 * Returns 0 and fills *e (if e is not NULL), -ENOENT, or -EINVAL if the
 * archive is malformed anywhere (it is always read to the trailer).
 */
int cpio_find(const void *archive, size_t size, const char *path,
	      struct cpio_entry *e);

bool cpio_is_dir(const struct cpio_entry *e);
bool cpio_is_reg(const struct cpio_entry *e);
bool cpio_is_symlink(const struct cpio_entry *e);

#endif /* SLUICE_KERNEL_CPIO_H */
