/*
 * user/tests/lib/fsops.h - file-system calls and small conveniences for the
 * conformance tests that work on files (file_*, dir_*, rename ...).
 *
 * The runner starts every test in a fresh, empty scratch directory (a
 * temporary directory on Linux, /tmp/ld-<name> on Sluice's ext2 root), so
 * these tests use relative paths and may leave what they made behind.
 * No state, no locks: every helper is a plain function of its arguments
 * (fs_list uses one static buffer, so it is not reentrant).
 *
 * The fs_* wrappers are the bare system calls with libc conventions (-1
 * and errno on failure); syscall.h does not declare all of them, and the
 * prefix keeps them apart from libc names it may declare later.
 */
#ifndef SLUICE_TESTS_FSOPS_H
#define SLUICE_TESTS_FSOPS_H

#include <stddef.h>
#include <stdint.h>

#include <uapi/dirent.h>
#include <uapi/stat.h>

#include "syscall.h"

int fs_mkdirat(int dirfd, const char *path, unsigned mode);
int fs_mkdir(const char *path, unsigned mode);
int fs_unlinkat(int dirfd, const char *path, int flags);
int fs_unlink(const char *path);
int fs_rmdir(const char *path);
int fs_renameat2(int olddirfd, const char *oldpath, int newdirfd,
		 const char *newpath, unsigned flags);
int fs_rename(const char *oldpath, const char *newpath);
int fs_fstat(int fd, struct uapi_stat *st);
int fs_fstatat(int dirfd, const char *path, struct uapi_stat *st, int flags);
int fs_stat(const char *path, struct uapi_stat *st);
int fs_ftruncate(int fd, long length);
int fs_faccessat(int dirfd, const char *path, int mode);

/* fs_put - create or truncate @path (mode 0644) holding @len bytes. */
int fs_put(const char *path, const void *data, size_t len);

/*
 * fs_get - read @path from the start into @buf (at most @size bytes).
 * Returns the byte count, or -1 with errno.
 */
long fs_get(const char *path, void *buf, size_t size);

/* fs_size - st_size of @path, or -1 with errno. */
long fs_size(const char *path);

/* fs_type - "regular file", "directory", "fifo" ... for an st_mode. */
const char *fs_type(unsigned mode);

/* fs_dtype - "DT_REG", "DT_DIR" ... for a d_type. */
const char *fs_dtype(unsigned type);

/* fs_is_zero - are all @len bytes at @p zero? */
int fs_is_zero(const void *p, size_t len);

/*
 * fs_pattern - the byte at @offset of test pattern @seed: a function of
 * the offset alone, so any window of a file can be checked on its own,
 * and never 0, so a hole cannot pass for it.
 */
uint8_t fs_pattern(unsigned seed, long offset);
/* fs_fill - put the pattern @seed for @offset .. @offset+@len in @buf. */
void fs_fill(void *buf, size_t len, unsigned seed, long offset);
/* fs_matches - does @buf hold the pattern @seed from @offset on? */
int fs_matches(const void *buf, size_t len, unsigned seed, long offset);

#define FS_LIST_MAX 512
#define FS_NAME_MAX 256

struct fs_entry {
	uint8_t type; /* DT_* */
	char name[FS_NAME_MAX];
};

/* What fs_list() found, sorted by name. */
struct fs_listing {
	int count; /* entries kept, "." and ".." included */
	int dups;  /* names seen more than once */
	int over;  /* entries past FS_LIST_MAX, not kept */
	int calls; /* getdents64 calls that returned records */
	struct fs_entry e[FS_LIST_MAX];
};

/*
 * fs_list - read directory @fd from its current offset to the end with
 * getdents64 buffers of @bufsize bytes and sort what was found by name.
 * Returns 0, or -1 with errno from the getdents64 that failed.
 */
int fs_list(int fd, size_t bufsize, struct fs_listing *l);

/* fs_print_listing - one "@label: <name> <DT_x>" line per entry. */
void fs_print_listing(const char *label, const struct fs_listing *l);

#endif /* SLUICE_TESTS_FSOPS_H */
