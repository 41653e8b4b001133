/*
 * tests/unit/test_ext2.c - the ext2 module on volumes made by mke2fs.
 *
 * usage: test_ext2 SRC 1K.img 4K.img TREE.img EXTENT.img EXT4.img HUGE.img
 *
 * Each volume is read into memory and mounted through a block device
 * whose get() hands out a malloc'd copy of exactly one block (so ASan
 * sees overruns) and whose put() copies it back only when told it is
 * dirty (so a change made without saying so is lost and caught); it
 * also checks nothing is held twice or left held.  After each phase the
 * volume is written to <image>.out and e2fsck -fn must find nothing at
 * all to fix; debugfs reads back what the module wrote.
 *
 * Covered: mount refusals naming the feature, read-only mounts (EROFS,
 * no block written); the -d tree read byte-exact (indirect blocks, holes,
 * symlinks, a hashed directory, shared extended attribute blocks);
 * create/write/read/unlink; names; mkdir and rmdir; rename in all its
 * cases; links, symlinks and device nodes; truncate; sparse files up to
 * the triple indirect block, LARGE_FILE and EFBIG; a full disk and a full
 * inode table, then everything freed to the start; I/O errors; and a
 * random sequence of operations against a model.  Both volumes have
 * several block groups.
 */
#include "fs/ext2.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/unit.h"

#define NOW	  1700000000u /* a real time: dtime must exceed s_inodes_count */
#define MAX_HELD  8
#define SBIN_PATH "PATH=\"$PATH:/sbin:/usr/sbin\" "

static const char *src_dir; /* the staged tree of the -d volume */

/* ---- A volume in memory behind struct ext2_blockdev ------------------ */

struct held {
	bool used;
	uint64_t first, end; /* bytes of the image */
	uint8_t *copy;
};

struct vol {
	const char *path;
	uint8_t *img;
	size_t size;
	struct held held[MAX_HELD];
	int nheld, max_held;
	bool misuse; /* held twice, too many, or forgot a held block */
	unsigned long dirty_puts, forgets;
	uint64_t fail_block; /* get() of it fails with -EIO */
	struct ext2_blockdev bd;
	struct ext2_fs fs;
	char why[160];
};

static void *
vol_get(void *ctx, uint64_t block, unsigned bs, void **handle, int *err)
{
	struct vol *v = ctx;
	uint64_t first = block * bs;
	struct held *h = NULL;

	if (first + bs > v->size || block == v->fail_block) {
		*err = -EIO;
		return NULL;
	}
	for (int i = 0; i < MAX_HELD; i++) {
		if (v->held[i].used && first < v->held[i].end &&
		    v->held[i].first < first + bs)
			v->misuse = true;
		if (!v->held[i].used && h == NULL)
			h = &v->held[i];
	}
	if (h == NULL) {
		v->misuse = true;
		*err = -EIO;
		return NULL;
	}
	h->used = true;
	h->first = first;
	h->end = first + bs;
	h->copy = unit_dup(v->img + first, bs);
	if (++v->nheld > v->max_held)
		v->max_held = v->nheld;
	*handle = h;
	return h->copy;
}

static void
vol_put(void *ctx, void *handle, bool dirty)
{
	struct vol *v = ctx;
	struct held *h = handle;

	if (dirty) {
		memcpy(v->img + h->first, h->copy, h->end - h->first);
		v->dirty_puts++;
	}
	free(h->copy);
	h->used = false;
	v->nheld--;
}

static void
vol_forget(void *ctx, uint64_t block, unsigned bs)
{
	struct vol *v = ctx;

	for (int i = 0; i < MAX_HELD; i++)
		if (v->held[i].used && v->held[i].first == block * bs)
			v->misuse = true;
	v->forgets++;
}

/* Read the image at @path and mount it. */
static int
vol_open(struct vol *v, const char *path, bool read_only)
{
	memset(v, 0, sizeof(*v));
	v->path = path;
	v->img = unit_read_file(path, &v->size);
	if (v->img == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	v->fail_block = UINT64_MAX;
	v->bd.ctx = v;
	v->bd.get = vol_get;
	v->bd.put = vol_put;
	v->bd.forget = vol_forget;
	return ext2_mount(&v->fs, &v->bd, read_only, v->why, sizeof(v->why));
}

/* Nothing held, nothing misused: checked after every phase. */
#define CHECK_IDLE(v)                        \
	do {                                 \
		CHECK_EQ_U64((v)->nheld, 0); \
		CHECK(!(v)->misuse);         \
		CHECK((v)->max_held <= 4);   \
	} while (0)

/* The output of @cmd (at most 64 MiB) and its exit status. */
static uint8_t *
run(const char *cmd, size_t *len, int *status)
{
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf = malloc(cap + 1);
	FILE *p = popen(cmd, "r");

	if (buf == NULL || p == NULL)
		abort();
	while ((got = fread(buf + n, 1, cap - n, p)) > 0) {
		n += got;
		if (n == cap && cap < (64u << 20)) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (buf == NULL)
				abort();
		}
	}
	*status = pclose(p);
	buf[n] = 0;
	*len = n;
	return buf;
}

static char out_path[4096];

/* Sync, write the image out and have e2fsck check it: nothing to fix. */
static void
vol_fsck(struct vol *v, const char *phase)
{
	char cmd[8192];
	size_t len;
	int status;
	uint8_t *out;
	FILE *f;
	bool clean;

	CHECK_IDLE(v);
	if (!v->fs.read_only)
		CHECK_EQ_U64(ext2_sync_super(&v->fs), 0);
	snprintf(out_path, sizeof(out_path), "%s.out", v->path);
	f = fopen(out_path, "wb");
	if (f == NULL || fwrite(v->img, 1, v->size, f) != v->size ||
	    fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", out_path);
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), SBIN_PATH "e2fsck -fn '%s' 2>&1", out_path);
	out = run(cmd, &len, &status);
	clean = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		strstr((char *)out, "Fix?") == NULL &&
		strstr((char *)out, "wrong") == NULL;
	CHECK(clean);
	if (!clean)
		fprintf(stderr, "e2fsck after %s on %s:\n%s\n", phase, v->path,
			(char *)out);
	free(out);
}

/* What debugfs reads from @path in the image vol_fsck() wrote last. */
static uint8_t *
debugfs_cat(const char *path, size_t *len)
{
	char cmd[8192];
	int status;

	snprintf(cmd, sizeof(cmd),
		 SBIN_PATH "debugfs -R 'cat %s' '%s' 2>/dev/null", path,
		 out_path);
	return run(cmd, len, &status);
}

/* What debugfs says of the inode of @path. */
static uint8_t *
debugfs_stat(const char *path)
{
	char cmd[8192];
	int status;
	size_t len;

	snprintf(cmd, sizeof(cmd),
		 SBIN_PATH "debugfs -R 'stat %s' '%s' 2>/dev/null", path,
		 out_path);
	return run(cmd, &len, &status);
}

/* The disk block debugfs says file block @lblk of @path is in. */
static uint64_t
debugfs_bmap(const char *path, uint64_t lblk)
{
	char cmd[8192];
	int status;
	size_t len;
	uint8_t *out;
	uint64_t b;

	snprintf(cmd, sizeof(cmd),
		 SBIN_PATH "debugfs -R 'bmap %s %llu' '%s' 2>/dev/null", path,
		 (unsigned long long)lblk, out_path);
	out = run(cmd, &len, &status);
	b = strtoull((char *)out, NULL, 10);
	free(out);
	return b;
}

/* ---- Helpers ----------------------------------------------------------- */

static uint8_t
pattern(uint64_t off, unsigned seed)
{
	return (uint8_t)(off * 131 + (off >> 9) + seed * 29 + 1);
}

static void
fill(uint8_t *buf, uint64_t off, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = pattern(off + i, seed);
}

/* Inode of absolute @path, or -errno. */
static long
walk(struct vol *v, const char *path)
{
	uint32_t ino = EXT2_ROOT_INO;

	while (*path) {
		const char *end;
		size_t len;
		int err;

		while (*path == '/')
			path++;
		if (*path == 0)
			break;
		end = strchr(path, '/');
		len = end ? (size_t)(end - path) : strlen(path);
		err = ext2_lookup(&v->fs, ino, path, len, &ino);
		if (err)
			return err;
		path += len;
	}
	return ino;
}

/* The directory holding @path and its last component. */
static uint32_t
parent_of(struct vol *v, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	long ino;

	*name = slash + 1;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = 0;
	ino = walk(v, dir);
	if (ino < 0) {
		fprintf(stderr, "no directory %s\n", dir);
		exit(1);
	}
	return (uint32_t)ino;
}

static struct ext2_inode
inode_of(struct vol *v, uint32_t ino)
{
	struct ext2_inode in;

	CHECK_EQ_U64(ext2_read_inode(&v->fs, ino, &in), 0);
	return in;
}

static int
do_create(struct vol *v, const char *path, uint16_t mode, uint32_t *ino)
{
	const char *name;
	uint32_t dir = parent_of(v, path, &name);

	return ext2_create(&v->fs, dir, name, strlen(name), mode, 0, NOW, ino);
}

static int
do_mkdir(struct vol *v, const char *path, uint32_t *ino)
{
	const char *name;
	uint32_t dir = parent_of(v, path, &name);

	return ext2_mkdir(&v->fs, dir, name, strlen(name), 0755, NOW, ino);
}

static int
do_unlink(struct vol *v, const char *path)
{
	const char *name;
	uint32_t dir = parent_of(v, path, &name);

	return ext2_unlink(&v->fs, dir, name, strlen(name), NOW, NULL);
}

static int
do_rmdir(struct vol *v, const char *path)
{
	const char *name;
	uint32_t dir = parent_of(v, path, &name);

	return ext2_rmdir(&v->fs, dir, name, strlen(name), NOW, NULL);
}

static int
do_rename(struct vol *v, const char *from, const char *to,
	  struct ext2_victim *victim)
{
	const char *oname, *nname;
	uint32_t od = parent_of(v, from, &oname);
	uint32_t nd = parent_of(v, to, &nname);

	return ext2_rename(&v->fs, od, oname, strlen(oname), nd, nname,
			   strlen(nname), NOW, victim);
}

/* Write @n bytes at @off of file @ino; returns what write_data did. */
static long
do_write(struct vol *v, uint32_t ino, uint64_t off, const void *buf, size_t n)
{
	struct ext2_inode in = inode_of(v, ino);

	return ext2_write_data(&v->fs, ino, &in, off, buf, n, NOW);
}

/* A new regular file at @path holding @n bytes of pattern @seed. */
static uint32_t
make_file(struct vol *v, const char *path, size_t n, unsigned seed)
{
	uint8_t *buf = malloc(n + 1);
	uint32_t ino = 0;

	fill(buf, 0, n, seed);
	CHECK_EQ_U64(do_create(v, path, EXT2_S_IFREG | 0644, &ino), 0);
	if (n)
		CHECK_EQ_U64(do_write(v, ino, 0, buf, n), n);
	free(buf);
	return ino;
}

/* The whole of file @ino, read back through read_data. */
static uint8_t *
read_all(struct vol *v, uint32_t ino, size_t *len)
{
	struct ext2_inode in = inode_of(v, ino);
	uint8_t *buf = malloc(in.size + 1);

	*len = (size_t)in.size;
	CHECK_EQ_U64(ext2_read_data(&v->fs, ino, &in, 0, buf, *len + 7), *len);
	return buf;
}

/* Does file @ino hold @n bytes of pattern @seed from offset 0? */
static bool
holds_pattern(struct vol *v, uint32_t ino, size_t n, unsigned seed)
{
	size_t len;
	uint8_t *buf = read_all(v, ino, &len), *want = malloc(n + 1);
	bool ok;

	fill(want, 0, n, seed);
	ok = len == n && memcmp(buf, want, n) == 0;
	free(buf);
	free(want);
	return ok;
}

/* Blocks, indirect ones included, of a file with blocks [0, n) mapped. */
static uint64_t
dense_blocks(uint64_t n, uint64_t p)
{
	uint64_t left, pp = p * p;

	if (n <= 12)
		return n;
	left = n - 12;
	if (left <= p)
		return n + 1;
	left -= p;
	if (left <= pp)
		return n + 1 + 1 + (left + p - 1) / p;
	left -= pp;
	return n + 1 + 1 + p + 1 + (left + pp - 1) / pp + (left + p - 1) / p;
}

static uint64_t
sectors(struct vol *v, uint64_t blocks)
{
	return blocks * (v->fs.block_size / 512);
}

/* ---- Directory listings ------------------------------------------------- */

#define LIST_MAX 2048

struct listing {
	int n;
	char names[LIST_MAX][EXT2_NAME_LEN + 1];
	uint32_t inos[LIST_MAX];
	unsigned types[LIST_MAX];
	int stop_after, in_call; /* stop_after 0: never stop early */
};

static int
collect(void *arg, const char *name, size_t len, uint32_t ino, unsigned type)
{
	struct listing *l = arg;

	if (l->stop_after && l->in_call == l->stop_after)
		return 1;
	if (l->n == LIST_MAX)
		abort();
	memcpy(l->names[l->n], name, len);
	l->names[l->n][len] = 0;
	l->inos[l->n] = ino;
	l->types[l->n] = type;
	l->n++;
	l->in_call++;
	return 0;
}

/* All of directory @dir, in calls of at most @stop_after entries. */
static struct listing *
list_dir(struct vol *v, uint32_t dir, int stop_after)
{
	struct listing *l = calloc(1, sizeof(*l));
	uint64_t pos = 0;
	int calls = 0;

	l->stop_after = stop_after;
	do {
		l->in_call = 0;
		CHECK_EQ_U64(ext2_readdir(&v->fs, dir, &pos, collect, l), 0);
	} while (stop_after && l->in_call == stop_after && ++calls < 10000);
	return l;
}

static int
listing_find(const struct listing *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->names[i], name) == 0)
			return i;
	return -1;
}

/* ---- Mounting ----------------------------------------------------------- */

static void
test_refused(const char *path, const char *words)
{
	struct vol v;

	CHECK_EQ_U64(vol_open(&v, path, false), -EINVAL);
	CHECK(strstr(v.why, words) != NULL);
	fprintf(stderr, "  %s: %s\n", path, v.why);
	CHECK_IDLE(&v);
	free(v.img);
}

/* The superblock of @v's image, to patch before mounting again. */
static uint8_t *
super(struct vol *v)
{
	return v->img + EXT2_SUPER_OFFSET;
}

static void
set32(uint8_t *p, uint32_t x)
{
	p[0] = (uint8_t)x;
	p[1] = (uint8_t)(x >> 8);
	p[2] = (uint8_t)(x >> 16);
	p[3] = (uint8_t)(x >> 24);
}

static uint32_t
get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Remount @v's image after or-ing @bits into the feature word at @off. */
static int
remount_with(struct vol *v, unsigned off, uint32_t bits)
{
	set32(super(v) + off, get32(super(v) + off) | bits);
	v->why[0] = 0;
	return ext2_mount(&v->fs, &v->bd, false, v->why, sizeof(v->why));
}

/* Every change must fail with EROFS and no block may be written. */
static void
check_read_only(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	struct ext2_inode in;
	uint32_t ino = 0, lf;
	uint64_t pblk;
	struct listing *l;

	CHECK(fs->read_only);
	CHECK_EQ_U64(ext2_lookup(fs, EXT2_ROOT_INO, "lost+found", 10, &lf), 0);
	l = list_dir(v, EXT2_ROOT_INO, 0);
	CHECK(listing_find(l, "lost+found") >= 0);
	free(l);
	in = inode_of(v, lf);
	CHECK_EQ_U64(
	    ext2_create(fs, 2, "f", 1, EXT2_S_IFREG | 0644, 0, NOW, &ino),
	    -EROFS);
	CHECK_EQ_U64(ext2_mkdir(fs, 2, "d", 1, 0755, NOW, &ino), -EROFS);
	CHECK_EQ_U64(ext2_symlink(fs, 2, "s", 1, "x", 1, NOW, &ino), -EROFS);
	CHECK_EQ_U64(ext2_link(fs, 2, "l", 1, lf, NOW), -EROFS);
	CHECK_EQ_U64(ext2_unlink(fs, 2, "lost+found", 10, NOW, NULL), -EROFS);
	CHECK_EQ_U64(ext2_rmdir(fs, 2, "lost+found", 10, NOW, NULL), -EROFS);
	CHECK_EQ_U64(ext2_rename(fs, 2, "lost+found", 10, 2, "x", 1, NOW, NULL),
		     -EROFS);
	CHECK_EQ_U64(ext2_write_inode(fs, lf, &in), -EROFS);
	CHECK_EQ_U64(ext2_bmap(fs, lf, &in, 100, true, &pblk), -EROFS);
	CHECK_EQ_U64(ext2_write_data(fs, lf, &in, 0, "x", 1, NOW), -EROFS);
	CHECK_EQ_U64(ext2_truncate(fs, lf, &in, 0, NOW), -EROFS);
	CHECK_EQ_U64(ext2_evict(fs, lf, NOW), -EROFS);
	CHECK_EQ_U64(ext2_sync_super(fs), 0);
	CHECK_EQ_U64(v->dirty_puts, 0);
	CHECK_IDLE(v);
}

static void
test_mount(const char *img1k, const char *extent, const char *ext4,
	   const char *huge)
{
	struct vol v;
	uint8_t *saved;

	fprintf(stderr, "mount refusals and read-only mounts\n");
	test_refused(extent, "incompatible feature 0x40 (extents)");
	test_refused(ext4, "64bit");

	/* Not ext2 at all, and too short to hold a superblock. */
	CHECK_EQ_U64(vol_open(&v, img1k, false), 0);
	saved = unit_dup(v.img, v.size);
	memset(super(&v), 0, 1024);
	CHECK_EQ_U64(ext2_mount(&v.fs, &v.bd, false, v.why, sizeof(v.why)),
		     -EINVAL);
	CHECK(strstr(v.why, "magic") != NULL);
	v.size = 1500;
	CHECK_EQ_U64(ext2_mount(&v.fs, &v.bd, false, v.why, sizeof(v.why)),
		     -EIO);
	v.size = 8192; /* superblock and descriptors, no inode table */
	memcpy(v.img, saved, v.size);
	CHECK_EQ_U64(ext2_mount(&v.fs, &v.bd, false, v.why, sizeof(v.why)), 0);
	CHECK_EQ_U64(walk(&v, "/lost+found"), -EIO);
	CHECK_IDLE(&v);

	/* Patched features: refused, read-only or of no concern. */
	struct {
		unsigned off;
		uint32_t bits;
		int err;
		bool read_only;
		const char *why;
	} cases[] = {
		{ EXT2_SB_FEATURE_INCOMPAT, 0x4, -EINVAL, false,
		  "needs_recovery" },
		{ EXT2_SB_FEATURE_INCOMPAT, 0x10000, -EINVAL, false,
		  "feature 0x10000 (encrypt)" },
		{ EXT2_SB_FEATURE_INCOMPAT, 0x80000000, -EINVAL, false,
		  "feature 0x80000000" },
		{ EXT2_SB_FEATURE_RO_COMPAT, 0x40000000, 0, true,
		  "0x40000000; mounted read-only" },
		{ EXT2_SB_FEATURE_RO_COMPAT, 0x400, 0, true,
		  "(metadata_csum)" },
		{ EXT2_SB_FEATURE_COMPAT,
		  0x40000 | EXT2_FEATURE_COMPAT_HAS_JOURNAL, 0, false, "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		free(v.img);
		CHECK_EQ_U64(vol_open(&v, img1k, false), 0);
		CHECK_EQ_U64(remount_with(&v, cases[i].off, cases[i].bits),
			     cases[i].err);
		CHECK(strstr(v.why, cases[i].why) != NULL);
		fprintf(stderr, "  patched %#x: %s\n", cases[i].bits, v.why);
		if (cases[i].why[0] == 0)
			CHECK_STREQ(v.why, "");
		if (cases[i].err == 0)
			CHECK(v.fs.read_only == cases[i].read_only);
		if (cases[i].read_only)
			check_read_only(&v);
	}
	free(v.img);
	free(saved);

	/* Asked for read-only; and a volume with huge_file. */
	CHECK_EQ_U64(vol_open(&v, img1k, true), 0);
	CHECK_STREQ(v.why, "");
	check_read_only(&v);
	free(v.img);
	CHECK_EQ_U64(vol_open(&v, huge, false), 0);
	CHECK(strstr(v.why, "(huge_file)") != NULL);
	fprintf(stderr, "  %s: %s\n", huge, v.why);
	check_read_only(&v);
	free(v.img);
}

/* ---- The tree mke2fs -d made -------------------------------------------- */

/* File @rel of the tree reads back as the staged file. */
static void
check_staged_file(struct vol *v, const char *rel)
{
	char path[4096];
	size_t want_len, len;
	uint8_t *want, *got;
	long ino = walk(v, rel);

	snprintf(path, sizeof(path), "%s%s", src_dir, rel);
	want = unit_read_file(path, &want_len);
	CHECK(want != NULL && ino > 0);
	if (want == NULL || ino <= 0)
		return;
	got = read_all(v, (uint32_t)ino, &len);
	CHECK_EQ_U64(len, want_len);
	CHECK(len == want_len && memcmp(got, want, len) == 0);
	free(want);
	free(got);
}

static void
check_staged_link(struct vol *v, const char *rel)
{
	char path[4096], want[4096], got[4096];
	ssize_t want_len;
	long ino = walk(v, rel);

	snprintf(path, sizeof(path), "%s%s", src_dir, rel);
	want_len = readlink(path, want, sizeof(want));
	CHECK(want_len > 0 && ino > 0);
	CHECK_EQ_U64(ext2_readlink(&v->fs, (uint32_t)ino, got, sizeof(got)),
		     want_len);
	CHECK(memcmp(got, want, (size_t)want_len) == 0);
	CHECK_EQ_U64(ext2_readlink(&v->fs, (uint32_t)ino, got, 3), 3);
}

static const char *const tree_root[] = {
	".",	  "..",	 "lost+found", "hello.txt", "empty", "a",
	"sparse", "big", "link-short", "link-long", "many",  "fifo",
};

static void
test_tree_read(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	struct listing *l, *l2;
	struct ext2_inode in;
	uint32_t ino, many;
	uint64_t pblk;
	char name[64];
	uint8_t buf[16];

	l = list_dir(v, EXT2_ROOT_INO, 0);
	CHECK_EQ_U64(l->n, ARRAY_SIZE(tree_root));
	for (size_t i = 0; i < ARRAY_SIZE(tree_root); i++)
		CHECK(listing_find(l, tree_root[i]) >= 0);
	CHECK_EQ_U64(l->types[listing_find(l, "a")], EXT2_FT_DIR);
	CHECK_EQ_U64(l->types[listing_find(l, "big")], EXT2_FT_REG_FILE);
	CHECK_EQ_U64(l->types[listing_find(l, "fifo")], EXT2_FT_FIFO);
	CHECK_EQ_U64(l->types[listing_find(l, "link-long")], EXT2_FT_SYMLINK);
	CHECK_EQ_U64(l->inos[listing_find(l, "..")], EXT2_ROOT_INO);
	free(l);

	check_staged_file(v, "/hello.txt");
	check_staged_file(v, "/empty");
	check_staged_file(v, "/a/b/c/deep.txt");
	check_staged_file(v, "/sparse");
	check_staged_file(v, "/big");
	check_staged_file(v, "/many/file-with-a-longish-name-77");
	check_staged_link(v, "/link-short");
	check_staged_link(v, "/link-long");
	CHECK(EXT2_S_ISLNK(inode_of(v, (uint32_t)walk(v, "/link-long")).mode));
	CHECK_EQ_U64(walk(v, "/a/b/c/.."), walk(v, "/a/b"));

	/* The sparse file's holes are holes; big needs the double indirect. */
	ino = (uint32_t)walk(v, "/sparse");
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_bmap(fs, ino, &in, 3, false, &pblk), 0);
	CHECK_EQ_U64(pblk, 0);
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, 1000, buf, sizeof(buf)),
		     sizeof(buf));
	CHECK(memcmp(buf, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
	CHECK(in.blocks < 16);
	in = inode_of(v, (uint32_t)walk(v, "/big"));
	CHECK(in.block[13] != 0);

	/* The hashed directory reads like any other, whole or in pieces. */
	many = (uint32_t)walk(v, "/many");
	CHECK(inode_of(v, many).flags & EXT2_INDEX_FL);
	l = list_dir(v, many, 0);
	l2 = list_dir(v, many, 7);
	CHECK_EQ_U64(l->n, 122);
	CHECK_EQ_U64(l2->n, 122);
	for (int i = 0; i < l->n && i < l2->n; i++)
		CHECK_STREQ(l->names[i], l2->names[i]);
	for (int i = 1; i <= 120; i++) {
		snprintf(name, sizeof(name), "file-with-a-longish-name-%d", i);
		CHECK(listing_find(l, name) >= 0);
		CHECK_EQ_U64(ext2_lookup(fs, many, name, strlen(name), &ino),
			     0);
		CHECK_EQ_U64(ino, l->inos[listing_find(l, name)]);
	}
	free(l);
	free(l2);

	/* Lookups that fail. */
	CHECK_EQ_U64(walk(v, "/nothing"), -ENOENT);
	CHECK_EQ_U64(walk(v, "/hello.txt/x"), -ENOTDIR);
	CHECK_EQ_U64(ext2_lookup(fs, 2, "", 0, &ino), -ENOENT);
	memset(name, 'n', sizeof(name));
	CHECK_EQ_U64(ext2_lookup(fs, 2, name, 256, &ino), -ENAMETOOLONG);
	CHECK_IDLE(v);
}

/*
 * Extended attribute blocks: freed with the last inode that uses one.
 * /empty and /a/b/c/deep.txt have one each (debugfs ea_set); /sparse is
 * made to share deep.txt's, its reference count raised to 2 by hand.
 */
static void
test_tree_xattrs(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	uint32_t sparse = (uint32_t)walk(v, "/sparse");
	struct ext2_inode empty, deep, sp;
	struct ext2_statfs a, b;
	uint8_t *ea;

	empty = inode_of(v, (uint32_t)walk(v, "/empty"));
	deep = inode_of(v, (uint32_t)walk(v, "/a/b/c/deep.txt"));
	CHECK(empty.file_acl != 0 && deep.file_acl != 0);
	CHECK_EQ_U64(empty.blocks, sectors(v, 1));
	ext2_statfs(fs, &a);
	CHECK_EQ_U64(do_unlink(v, "/empty"), 0);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, a.free_blocks + 1);

	ea = v->img + (uint64_t)deep.file_acl * fs->block_size;
	CHECK_EQ_U64(get32(ea), 0xEA020000);
	CHECK_EQ_U64(get32(ea + 4), 1);
	set32(ea + 4, 2);
	sp = inode_of(v, sparse);
	sp.file_acl = deep.file_acl;
	sp.blocks += (uint32_t)sectors(v, 1);
	CHECK_EQ_U64(ext2_write_inode(fs, sparse, &sp), 0);
	vol_fsck(v, "sharing an attribute block");
	ext2_statfs(fs, &a);
	CHECK_EQ_U64(do_unlink(v, "/sparse"), 0);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, a.free_blocks + sp.blocks / 2 - 1);
	CHECK_EQ_U64(get32(ea + 4), 1);
	vol_fsck(v, "unsharing an attribute block");
}

/* Change the tree, the hashed directory too; then e2fsck and debugfs. */
static void
test_tree_write(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	struct ext2_statfs st0, st;
	uint32_t many = (uint32_t)walk(v, "/many"), ino;
	struct ext2_inode big;
	char name[64];
	size_t len;
	uint8_t *got;

	ext2_statfs(fs, &st0);
	big = inode_of(v, (uint32_t)walk(v, "/big"));
	CHECK_EQ_U64(do_unlink(v, "/big"), 0);
	ext2_statfs(fs, &st);
	CHECK_EQ_U64(st.free_blocks, st0.free_blocks + big.blocks / 2);
	CHECK_EQ_U64(st.free_files, st0.free_files + 1);
	test_tree_xattrs(v);

	/* Removing names keeps the hash index valid, adding one does not. */
	for (int i = 1; i <= 120; i += 2) {
		snprintf(name, sizeof(name), "file-with-a-longish-name-%d", i);
		CHECK_EQ_U64(
		    ext2_unlink(fs, many, name, strlen(name), NOW, NULL), 0);
	}
	CHECK(inode_of(v, many).flags & EXT2_INDEX_FL);
	vol_fsck(v, "unlink in a hashed directory");
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "new-%d", i);
		CHECK_EQ_U64(ext2_create(fs, many, name, strlen(name),
					 EXT2_S_IFREG | 0600, 0, NOW, &ino),
			     0);
	}
	vol_fsck(v, "create in a hashed directory");
	CHECK_EQ_U64(do_rename(v, "/a", "/many/a-moved", NULL), 0);
	CHECK_EQ_U64(walk(v, "/many/a-moved/b/c/.."),
		     walk(v, "/many/a-moved/b"));
	CHECK_EQ_U64(walk(v, "/many/a-moved/.."), many);
	ino = (uint32_t)walk(v, "/hello.txt");
	CHECK_EQ_U64(do_write(v, ino, 12, "more\n", 5), 5);
	vol_fsck(v, "tree changes");

	got = debugfs_cat("/hello.txt", &len);
	CHECK_EQ_U64(len, 17);
	CHECK(len == 17 && memcmp(got, "hello, ext2\nmore\n", 17) == 0);
	free(got);
	got = debugfs_cat("/many/a-moved/b/c/deep.txt", &len);
	CHECK(len == 10 && memcmp(got, "deep down\n", 10) == 0);
	free(got);
}

static void
test_tree(const char *path)
{
	struct vol v;

	fprintf(stderr, "the tree mke2fs -d made: %s\n", path);
	CHECK_EQ_U64(vol_open(&v, path, false), 0);
	CHECK_STREQ(v.why, "");
	CHECK_EQ_U64(v.fs.block_size, 1024);
	test_tree_read(&v);
	vol_fsck(&v, "reading");       /* reading changes nothing */
	CHECK_EQ_U64(v.dirty_puts, 1); /* the superblock by vol_fsck */
	test_tree_write(&v);
	free(v.img);
}

/* ---- An empty volume: files, names, directories ------------------------ */

static void
test_files(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	uint32_t ino, ino2;
	struct ext2_inode in;
	uint8_t *buf = malloc(70000), *got;
	size_t len;

	ino = make_file(v, "/f1", 10000, 1);
	CHECK(holds_pattern(v, ino, 10000, 1));
	in = inode_of(v, ino);
	CHECK_EQ_U64(in.size, 10000);
	CHECK_EQ_U64(in.links_count, 1);
	CHECK_EQ_U64(in.mtime, NOW);
	CHECK_EQ_U64(in.blocks,
		     sectors(v, dense_blocks((10000 + fs->block_size - 1) /
						 fs->block_size,
					     fs->addr_per_block)));
	CHECK_EQ_U64(in.mode, EXT2_S_IFREG | 0644);

	/* Overwrite the middle, append past a block boundary. */
	fill(buf, 0, 70000, 2);
	CHECK_EQ_U64(do_write(v, ino, 3000, buf, 4000), 4000);
	CHECK_EQ_U64(do_write(v, ino, 10000, buf, 60000), 60000);
	got = read_all(v, ino, &len);
	CHECK_EQ_U64(len, 70000);
	CHECK(memcmp(got + 3000, buf, 4000) == 0);
	CHECK(memcmp(got + 10000, buf, 60000) == 0);
	fill(buf, 0, 3000, 1);
	CHECK(memcmp(got, buf, 3000) == 0);
	free(got);
	CHECK_EQ_U64(inode_of(v, ino).blocks,
		     sectors(v, dense_blocks((70000 + fs->block_size - 1) /
						 fs->block_size,
					     fs->addr_per_block)));

	/* Reads at and past the end. */
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, 69990, buf, 100), 10);
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, 70000, buf, 100), 0);
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, 1 << 30, buf, 100), 0);

	/* An empty file, then one unlinked while "open". */
	ino2 = make_file(v, "/empty", 0, 0);
	CHECK_EQ_U64(inode_of(v, ino2).blocks, 0);
	ino2 = make_file(v, "/open", 5000, 3);
	{
		struct ext2_victim vic;
		struct ext2_statfs a, b;

		ext2_statfs(fs, &a);
		CHECK_EQ_U64(ext2_unlink(fs, 2, "open", 4, NOW, &vic), 0);
		CHECK_EQ_U64(vic.ino, ino2);
		CHECK_EQ_U64(vic.links_count, 0);
		CHECK_EQ_U64(walk(v, "/open"), -ENOENT);
		CHECK(holds_pattern(v, ino2, 5000, 3)); /* still there */
		ext2_statfs(fs, &b);
		CHECK_EQ_U64(b.free_blocks, a.free_blocks);
		CHECK_EQ_U64(ext2_evict(fs, ino2, NOW), 0);
		ext2_statfs(fs, &b);
		CHECK_EQ_U64(b.free_files, a.free_files + 1);
		CHECK_EQ_U64(b.free_blocks,
			     a.free_blocks +
				 (5000 + fs->block_size - 1) / fs->block_size);
		CHECK_EQ_U64(ext2_evict(fs, ino2, NOW), -EIO);
		CHECK_EQ_U64(ext2_evict(fs, ino, NOW), -EBUSY);
	}
	vol_fsck(v, "files");
	got = debugfs_stat("/f1");
	CHECK(strstr((char *)got, "crtime: 0x6553f100:00000000") != NULL);
	CHECK(strstr((char *)got, "mtime: 0x6553f100:00000000") != NULL);
	CHECK(strstr((char *)got, "Size of extra inode fields: 32") != NULL ||
	      fs->inode_size == 128);
	free(got);
	got = debugfs_cat("/f1", &len);
	CHECK_EQ_U64(len, 70000);
	fill(buf, 0, 70000, 2);
	CHECK(len == 70000 && memcmp(got + 10000, buf, 60000) == 0);
	free(got);
	free(buf);
}

static void
test_names(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	char name[300];
	uint32_t ino, f1 = (uint32_t)walk(v, "/f1");
	struct listing *l;

	CHECK_EQ_U64(
	    ext2_create(fs, 2, "f1", 2, EXT2_S_IFREG | 0644, 0, NOW, &ino),
	    -EEXIST);
	CHECK_EQ_U64(ext2_mkdir(fs, 2, "f1", 2, 0755, NOW, &ino), -EEXIST);
	CHECK_EQ_U64(ext2_create(fs, 2, "", 0, EXT2_S_IFREG, 0, NOW, &ino),
		     -EINVAL);
	CHECK_EQ_U64(ext2_create(fs, 2, "a/b", 3, EXT2_S_IFREG, 0, NOW, &ino),
		     -EINVAL);
	CHECK_EQ_U64(ext2_create(fs, 2, ".", 1, EXT2_S_IFREG, 0, NOW, &ino),
		     -EEXIST);
	CHECK_EQ_U64(ext2_create(fs, 2, "dir", 3, EXT2_S_IFDIR, 0, NOW, &ino),
		     -EINVAL);
	CHECK_EQ_U64(ext2_create(fs, f1, "x", 1, EXT2_S_IFREG, 0, NOW, &ino),
		     -ENOTDIR);
	CHECK_EQ_U64(
	    ext2_create(fs, 9999999, "x", 1, EXT2_S_IFREG, 0, NOW, &ino),
	    -EINVAL);

	memset(name, 'L', sizeof(name));
	CHECK_EQ_U64(ext2_create(fs, 2, name, 256, EXT2_S_IFREG, 0, NOW, &ino),
		     -ENAMETOOLONG);
	CHECK_EQ_U64(ext2_mkdir(fs, 2, name, 256, 0755, NOW, &ino),
		     -ENAMETOOLONG);
	CHECK_EQ_U64(ext2_symlink(fs, 2, name, 256, "x", 1, NOW, &ino),
		     -ENAMETOOLONG);
	CHECK_EQ_U64(ext2_link(fs, 2, name, 256, f1, NOW), -ENAMETOOLONG);
	CHECK_EQ_U64(ext2_unlink(fs, 2, name, 256, NOW, NULL), -ENAMETOOLONG);
	CHECK_EQ_U64(ext2_rename(fs, 2, "f1", 2, 2, name, 256, NOW, NULL),
		     -ENAMETOOLONG);
	CHECK_EQ_U64(
	    ext2_create(fs, 2, name, 255, EXT2_S_IFREG | 0600, 0, NOW, &ino),
	    0);
	name[255] = 0;
	l = list_dir(v, 2, 0);
	CHECK(listing_find(l, name) >= 0);
	free(l);
	CHECK_EQ_U64(ext2_lookup(fs, 2, name, 255, &ino), 0);
	CHECK_EQ_U64(ext2_unlink(fs, 2, name, 255, NOW, NULL), 0);
	CHECK_EQ_U64(ext2_lookup(fs, 2, name, 255, &ino), -ENOENT);
	CHECK_EQ_U64(ext2_unlink(fs, 2, "nope", 4, NOW, NULL), -ENOENT);
	CHECK_IDLE(v);
}

static void
test_dirs(struct vol *v)
{
	uint32_t d1, d2, f;
	uint16_t root_links = inode_of(v, 2).links_count;
	struct ext2_inode in;

	CHECK_EQ_U64(do_mkdir(v, "/d1", &d1), 0);
	CHECK_EQ_U64(do_mkdir(v, "/d1/d2", &d2), 0);
	CHECK_EQ_U64(inode_of(v, 2).links_count, root_links + 1);
	in = inode_of(v, d1);
	CHECK_EQ_U64(in.links_count, 3);
	CHECK_EQ_U64(in.size, v->fs.block_size);
	CHECK_EQ_U64(in.mode, EXT2_S_IFDIR | 0755);
	CHECK_EQ_U64(walk(v, "/d1/d2/.."), d1);
	CHECK_EQ_U64(walk(v, "/d1/d2/."), d2);
	f = make_file(v, "/d1/d2/f", 100, 4);

	CHECK_EQ_U64(do_rmdir(v, "/d1"), -ENOTEMPTY);
	CHECK_EQ_U64(do_rmdir(v, "/d1/d2"), -ENOTEMPTY);
	CHECK_EQ_U64(do_rmdir(v, "/d1/d2/f"), -ENOTDIR);
	CHECK_EQ_U64(do_unlink(v, "/d1/d2"), -EISDIR);
	CHECK_EQ_U64(do_unlink(v, "/d1/."), -EISDIR);
	CHECK_EQ_U64(ext2_rmdir(&v->fs, d1, ".", 1, NOW, NULL), -EINVAL);
	CHECK_EQ_U64(ext2_rmdir(&v->fs, d1, "..", 2, NOW, NULL), -EINVAL);
	CHECK_EQ_U64(ext2_mkdir(&v->fs, f, "x", 1, 0755, NOW, &d1), -ENOTDIR);
	vol_fsck(v, "mkdir");

	CHECK_EQ_U64(do_unlink(v, "/d1/d2/f"), 0);
	CHECK_EQ_U64(do_rmdir(v, "/d1/d2"), 0);
	CHECK_EQ_U64(inode_of(v, walk(v, "/d1")).links_count, 2);
	/* A removed directory accepts no new names. */
	{
		struct ext2_victim vic;
		uint32_t x;

		CHECK_EQ_U64(ext2_rmdir(&v->fs, 2, "d1", 2, NOW, &vic), 0);
		CHECK_EQ_U64(vic.links_count, 0);
		CHECK_EQ_U64(ext2_create(&v->fs, vic.ino, "x", 1, EXT2_S_IFREG,
					 0, NOW, &x),
			     -ENOENT);
		CHECK_EQ_U64(ext2_lookup(&v->fs, vic.ino, ".", 1, &x), -ENOENT);
		CHECK_EQ_U64(ext2_evict(&v->fs, vic.ino, NOW), 0);
	}
	CHECK_EQ_U64(inode_of(v, 2).links_count, root_links);
	vol_fsck(v, "rmdir");
}

/* Many names of many lengths in one directory, against a model. */
#define NNAMES 300

struct model_name {
	char name[EXT2_NAME_LEN + 1];
	uint32_t ino;
	bool live;
};

static void
check_dir_model(struct vol *v, uint32_t dir, const struct model_name *m, int n)
{
	struct listing *l = list_dir(v, dir, 13);
	int live = 0;

	for (int i = 0; i < n; i++) {
		uint32_t ino;
		int at = listing_find(l, m[i].name);

		if (!m[i].live) {
			CHECK(at < 0);
			CHECK_EQ_U64(ext2_lookup(&v->fs, dir, m[i].name,
						 strlen(m[i].name), &ino),
				     -ENOENT);
			continue;
		}
		live++;
		CHECK(at >= 0 && l->inos[at] == m[i].ino);
		CHECK_EQ_U64(ext2_lookup(&v->fs, dir, m[i].name,
					 strlen(m[i].name), &ino),
			     0);
		CHECK_EQ_U64(ino, m[i].ino);
	}
	CHECK_EQ_U64(l->n, live + 2);
	free(l);
}

static void
test_many_names(struct vol *v)
{
	struct model_name *m = calloc(NNAMES, sizeof(*m));
	uint32_t dir;

	CHECK_EQ_U64(do_mkdir(v, "/many", &dir), 0);
	for (int i = 0; i < NNAMES; i++) {
		int len = i % 37 == 0 ? 255 : 1 + (int)(unit_rng() % 60);

		snprintf(m[i].name, sizeof(m[i].name), "%d-", i);
		while ((int)strlen(m[i].name) < len)
			strcat(m[i].name, "x");
		CHECK_EQ_U64(ext2_create(&v->fs, dir, m[i].name,
					 strlen(m[i].name), EXT2_S_IFREG | 0644,
					 0, NOW, &m[i].ino),
			     0);
		m[i].live = true;
	}
	CHECK(inode_of(v, dir).size > 2 * v->fs.block_size);
	check_dir_model(v, dir, m, NNAMES);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NNAMES; i++) {
			if (unit_rng() % 2 == 0)
				continue;
			if (m[i].live) {
				CHECK_EQ_U64(ext2_unlink(&v->fs, dir, m[i].name,
							 strlen(m[i].name), NOW,
							 NULL),
					     0);
			} else {
				CHECK_EQ_U64(ext2_create(&v->fs, dir, m[i].name,
							 strlen(m[i].name),
							 EXT2_S_IFREG | 0644, 0,
							 NOW, &m[i].ino),
					     0);
			}
			m[i].live = !m[i].live;
		}
		check_dir_model(v, dir, m, NNAMES);
	}
	vol_fsck(v, "many names");
	free(m);
}

/* ---- Rename ------------------------------------------------------------ */

static void
test_rename(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	struct ext2_victim vic;
	uint32_t rn, f1, f3, d1, d2, d3, other, x;
	uint16_t rn_links;
	size_t len;
	uint8_t *got;

	CHECK_EQ_U64(do_mkdir(v, "/rn", &rn), 0);
	CHECK_EQ_U64(do_mkdir(v, "/other", &other), 0);

	/* A file: a new name, then over an existing file. */
	f1 = make_file(v, "/rn/f1", 3000, 5);
	CHECK_EQ_U64(do_rename(v, "/rn/f1", "/rn/f2", &vic), 0);
	CHECK_EQ_U64(vic.ino, 0);
	CHECK_EQ_U64(walk(v, "/rn/f1"), -ENOENT);
	CHECK_EQ_U64(walk(v, "/rn/f2"), f1);
	f3 = make_file(v, "/rn/f3", 2000, 6);
	CHECK_EQ_U64(do_rename(v, "/rn/f2", "/rn/f3", &vic), 0);
	CHECK_EQ_U64(vic.ino, f3);
	CHECK_EQ_U64(vic.links_count, 0);
	CHECK_EQ_U64(ext2_evict(fs, f3, NOW), 0);
	CHECK_EQ_U64(walk(v, "/rn/f3"), f1);
	CHECK(holds_pattern(v, f1, 3000, 5));
	CHECK_EQ_U64(walk(v, "/rn/f2"), -ENOENT);

	/* A directory over an empty one, not over a full one. */
	rn_links = inode_of(v, rn).links_count;
	CHECK_EQ_U64(do_mkdir(v, "/rn/d1", &d1), 0);
	CHECK_EQ_U64(do_mkdir(v, "/rn/d2", &d2), 0);
	make_file(v, "/rn/d1/x", 10, 7);
	CHECK_EQ_U64(do_rename(v, "/rn/d1", "/rn/d2", NULL), 0);
	CHECK_EQ_U64(walk(v, "/rn/d2"), d1);
	CHECK(walk(v, "/rn/d2/x") > 0);
	CHECK_EQ_U64(inode_of(v, rn).links_count, rn_links + 1);
	CHECK_EQ_U64(do_mkdir(v, "/rn/d3", &d3), 0);
	make_file(v, "/rn/d3/y", 10, 8);
	CHECK_EQ_U64(do_rename(v, "/rn/d2", "/rn/d3", NULL), -ENOTEMPTY);
	CHECK_EQ_U64(do_rename(v, "/rn/f3", "/rn/d3", NULL), -EISDIR);
	CHECK_EQ_U64(do_rename(v, "/rn/d3", "/rn/f3", NULL), -ENOTDIR);
	CHECK_EQ_U64(do_mkdir(v, "/rn/d3/sub", &x), 0);
	CHECK_EQ_U64(do_rename(v, "/rn/d3", "/rn/d3/sub/z", NULL), -EINVAL);
	CHECK_EQ_U64(do_rename(v, "/rn/d3", "/rn/d3/z", NULL), -EINVAL);
	CHECK_EQ_U64(do_rename(v, "/rn/d3", "/rn/d3", NULL), 0);
	CHECK_EQ_U64(do_rename(v, "/rn/nothing", "/rn/z", NULL), -ENOENT);
	{
		struct ext2_victim gone;

		CHECK_EQ_U64(do_mkdir(v, "/rn/gone", &x), 0);
		CHECK_EQ_U64(ext2_rmdir(fs, rn, "gone", 4, NOW, &gone), 0);
		CHECK_EQ_U64(
		    ext2_rename(fs, rn, "f3", 2, gone.ino, "z", 1, NOW, NULL),
		    -ENOENT);
		CHECK_EQ_U64(ext2_evict(fs, gone.ino, NOW), 0);
	}
	CHECK_EQ_U64(ext2_rename(fs, rn, "f3", 2, f1, "z", 1, NOW, NULL),
		     -ENOTDIR);
	CHECK_EQ_U64(ext2_rename(fs, rn, ".", 1, rn, "z", 1, NOW, NULL),
		     -EINVAL);
	CHECK_EQ_U64(ext2_rename(fs, rn, "f3", 2, rn, "..", 2, NOW, NULL),
		     -EINVAL);
	vol_fsck(v, "rename 1");

	/* A directory into another one: "..", both link counts. */
	rn_links = inode_of(v, rn).links_count;
	CHECK_EQ_U64(do_rename(v, "/rn/d3", "/other/d3m", NULL), 0);
	CHECK_EQ_U64(walk(v, "/other/d3m/.."), other);
	CHECK_EQ_U64(walk(v, "/other/d3m/sub/../.."), other);
	CHECK_EQ_U64(inode_of(v, rn).links_count, rn_links - 1);
	CHECK_EQ_U64(inode_of(v, other).links_count, 3);
	/* ... and over an empty directory there. */
	CHECK_EQ_U64(do_mkdir(v, "/other/empty", &x), 0);
	CHECK_EQ_U64(do_rename(v, "/rn/d2", "/other/empty", NULL), 0);
	CHECK_EQ_U64(walk(v, "/other/empty/.."), other);
	CHECK_EQ_U64(inode_of(v, other).links_count, 4);
	CHECK_EQ_U64(inode_of(v, rn).links_count, rn_links - 2);

	/* Two names of one inode: nothing happens. */
	CHECK_EQ_U64(ext2_link(fs, rn, "f3b", 3, f1, NOW), 0);
	CHECK_EQ_U64(inode_of(v, f1).links_count, 2);
	CHECK_EQ_U64(do_rename(v, "/rn/f3", "/rn/f3b", &vic), 0);
	CHECK_EQ_U64(walk(v, "/rn/f3"), f1);
	CHECK_EQ_U64(walk(v, "/rn/f3b"), f1);
	/* Over another name of a linked file: it keeps one. */
	f3 = make_file(v, "/rn/g", 10, 9);
	CHECK_EQ_U64(do_rename(v, "/rn/g", "/rn/f3b", &vic), 0);
	CHECK_EQ_U64(vic.ino, f1);
	CHECK_EQ_U64(vic.links_count, 1);
	CHECK_EQ_U64(walk(v, "/rn/f3b"), f3);

	/*
	 * The new name lands in the slack of the entry before the old one
	 * (rename must find the old entry again before merging it away).
	 */
	CHECK_EQ_U64(do_mkdir(v, "/sl", &x), 0);
	make_file(v, "/sl/a", 1, 1);
	make_file(v, "/sl/x", 1, 1);
	f3 = make_file(v, "/sl/b", 1, 1);
	CHECK_EQ_U64(do_unlink(v, "/sl/x"), 0);
	CHECK_EQ_U64(do_rename(v, "/sl/b", "/sl/c", NULL), 0);
	CHECK_EQ_U64(walk(v, "/sl/c"), f3);
	CHECK_EQ_U64(walk(v, "/sl/b"), -ENOENT);
	CHECK(walk(v, "/sl/a") > 0);
	vol_fsck(v, "rename 2");
	got = debugfs_cat("/rn/f3", &len);
	CHECK_EQ_U64(len, 3000);
	free(got);
}

/* ---- Links, symlinks, device nodes -------------------------------------- */

static void
test_special(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	char target[4096], got[4096];
	uint32_t ino, dir = (uint32_t)walk(v, "/rn");
	struct ext2_inode in;
	struct ext2_statfs a, b;
	size_t tlen;

	/* Fast (in the inode), slow (a block) and as long as allowed. */
	CHECK_EQ_U64(ext2_symlink(fs, 2, "s1", 2, "f1", 2, NOW, &ino), 0);
	CHECK_EQ_U64(ext2_readlink(fs, ino, got, sizeof(got)), 2);
	CHECK(memcmp(got, "f1", 2) == 0);
	CHECK_EQ_U64(inode_of(v, ino).blocks, 0);
	for (tlen = 0; tlen < sizeof(target); tlen++)
		target[tlen] = (char)('a' + tlen % 26);
	CHECK_EQ_U64(ext2_symlink(fs, 2, "s59", 3, target, 59, NOW, &ino), 0);
	CHECK_EQ_U64(inode_of(v, ino).blocks, 0);
	CHECK_EQ_U64(ext2_readlink(fs, ino, got, sizeof(got)), 59);
	CHECK(memcmp(got, target, 59) == 0);
	CHECK_EQ_U64(ext2_symlink(fs, 2, "s60", 3, target, 60, NOW, &ino), 0);
	CHECK_EQ_U64(inode_of(v, ino).blocks, sectors(v, 1));
	CHECK_EQ_U64(ext2_readlink(fs, ino, got, sizeof(got)), 60);
	CHECK(memcmp(got, target, 60) == 0);
	tlen = fs->block_size - 1;
	CHECK_EQ_U64(ext2_symlink(fs, 2, "smax", 4, target, tlen, NOW, &ino),
		     0);
	CHECK_EQ_U64(ext2_readlink(fs, ino, got, sizeof(got)), tlen);
	CHECK(memcmp(got, target, tlen) == 0);
	CHECK_EQ_U64(
	    ext2_symlink(fs, 2, "sbig", 4, target, tlen + 1, NOW, &ino),
	    -ENAMETOOLONG);
	CHECK_EQ_U64(ext2_symlink(fs, 2, "s0", 2, target, 0, NOW, &ino),
		     -ENOENT);
	CHECK_EQ_U64(ext2_readlink(fs, 2, got, sizeof(got)), -EINVAL);
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_truncate(fs, ino, &in, 0, NOW), -EINVAL);
	CHECK_EQ_U64(ext2_write_data(fs, ino, &in, 0, "x", 1, NOW), -EINVAL);
	ino = (uint32_t)walk(v, "/s1");
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_truncate(fs, ino, &in, 0, NOW), -EINVAL);
	ext2_statfs(fs, &a);
	CHECK_EQ_U64(do_unlink(v, "/s60"), 0);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, a.free_blocks + 1);

	/* Device nodes: old and new dev_t encodings; FIFO and socket. */
	CHECK_EQ_U64(ext2_create(fs, 2, "null", 4, EXT2_S_IFCHR | 0666, 0x0103,
				 NOW, &ino),
		     0);
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_inode_rdev(&in), 0x0103);
	CHECK_EQ_U64(in.block[0], 0x0103);
	CHECK_EQ_U64(ext2_create(fs, 2, "nvme", 4, EXT2_S_IFBLK | 0660,
				 0x12c10312, NOW, &ino),
		     0);
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_inode_rdev(&in), 0x12c10312);
	CHECK_EQ_U64(in.block[1], 0x12c10312);
	CHECK_EQ_U64(
	    ext2_create(fs, 2, "fifo", 4, EXT2_S_IFIFO | 0600, 0, NOW, &ino),
	    0);
	CHECK_EQ_U64(
	    ext2_create(fs, 2, "sock", 4, EXT2_S_IFSOCK | 0600, 0, NOW, &ino),
	    0);
	{
		struct listing *l = list_dir(v, 2, 0);

		CHECK_EQ_U64(l->types[listing_find(l, "null")], EXT2_FT_CHRDEV);
		CHECK_EQ_U64(l->types[listing_find(l, "nvme")], EXT2_FT_BLKDEV);
		CHECK_EQ_U64(l->types[listing_find(l, "sock")], EXT2_FT_SOCK);
		CHECK_EQ_U64(l->types[listing_find(l, "s1")], EXT2_FT_SYMLINK);
		free(l);
	}
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_write_data(fs, ino, &in, 0, "x", 1, NOW), -EINVAL);

	/* Hard links: not to directories; the link count's limit. */
	ino = (uint32_t)walk(v, "/f1");
	CHECK_EQ_U64(ext2_link(fs, dir, "f1-again", 8, ino, NOW), 0);
	CHECK_EQ_U64(ext2_link(fs, dir, "f1-again", 8, ino, NOW), -EEXIST);
	CHECK_EQ_U64(ext2_link(fs, 2, "rn2", 3, dir, NOW), -EPERM);
	in = inode_of(v, ino);
	CHECK_EQ_U64(in.links_count, 2);
	in.links_count = EXT2_LINK_MAX;
	CHECK_EQ_U64(ext2_write_inode(fs, ino, &in), 0);
	CHECK_EQ_U64(ext2_link(fs, dir, "f1-3", 4, ino, NOW), -EMLINK);
	in.links_count = 2;
	CHECK_EQ_U64(ext2_write_inode(fs, ino, &in), 0);
	CHECK_EQ_U64(do_unlink(v, "/f1"), 0);
	CHECK_EQ_U64(inode_of(v, ino).links_count, 1);
	CHECK_EQ_U64(walk(v, "/rn/f1-again"), ino);
	vol_fsck(v, "special files");
}

/* ---- Truncate, sparse files, the limits --------------------------------- */

static void
test_truncate(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	uint64_t bs = fs->block_size, p = fs->addr_per_block;
	size_t big = (size_t)((12 + p + 300) * bs + 100); /* into double */
	struct ext2_statfs a, b;
	struct ext2_inode in;
	uint8_t *buf = malloc(big), *got;
	uint32_t ino;
	size_t len;

	ext2_statfs(fs, &a);
	ino = make_file(v, "/t", big, 10);
	in = inode_of(v, ino);
	CHECK_EQ_U64(in.blocks,
		     sectors(v, dense_blocks((big + bs - 1) / bs, p)));
	CHECK(in.block[13] != 0);

	/* Shrink into the direct blocks: the indirect blocks go too. */
	CHECK_EQ_U64(ext2_truncate(fs, ino, &in, 5 * bs + 10, NOW), 0);
	CHECK_EQ_U64(in.size, 5 * bs + 10);
	CHECK_EQ_U64(in.blocks, sectors(v, 6));
	CHECK_EQ_U64(in.block[12], 0);
	CHECK_EQ_U64(in.block[13], 0);
	CHECK(holds_pattern(v, ino, 5 * bs + 10, 10));
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, a.free_blocks - 6);

	/* Grow again: what was cut off reads as zeros, no block added. */
	CHECK_EQ_U64(ext2_truncate(fs, ino, &in, 20 * bs, NOW), 0);
	CHECK_EQ_U64(in.blocks, sectors(v, 6));
	got = read_all(v, ino, &len);
	CHECK_EQ_U64(len, 20 * bs);
	fill(buf, 0, 5 * bs + 10, 10);
	memset(buf + 5 * bs + 10, 0, 15 * bs - 10);
	CHECK(memcmp(got, buf, len) == 0);
	free(got);

	/* Shrink in the middle of the double indirect range. */
	fill(buf, 0, big, 11);
	CHECK_EQ_U64(do_write(v, ino, 0, buf, big), big);
	in = inode_of(v, ino);
	CHECK_EQ_U64(ext2_truncate(fs, ino, &in, (12 + p + 103) * bs - 1, NOW),
		     0);
	CHECK_EQ_U64(in.blocks, sectors(v, dense_blocks(12 + p + 103, p)));
	CHECK(holds_pattern(v, ino, (size_t)((12 + p + 103) * bs - 1), 11));
	vol_fsck(v, "truncate");
	got = debugfs_cat("/t", &len);
	CHECK_EQ_U64(len, (12 + p + 103) * bs - 1);
	CHECK(memcmp(got, buf, len) == 0);
	free(got);

	CHECK_EQ_U64(ext2_truncate(fs, ino, &in, 0, NOW), 0);
	CHECK_EQ_U64(in.blocks, 0);
	for (int i = 0; i < EXT2_N_BLOCKS; i++)
		CHECK_EQ_U64(in.block[i], 0);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, a.free_blocks);
	in = inode_of(v, 2);
	CHECK_EQ_U64(ext2_truncate(fs, 2, &in, 0, NOW), -EISDIR);
	in = inode_of(v, ino);
	CHECK_EQ_U64(
	    ext2_truncate(fs, ino, &in, ext2_max_file_size(fs) + 1, NOW),
	    -EFBIG);
	CHECK_EQ_U64(do_unlink(v, "/t"), 0);
	free(buf);
}

/* One sparse write far out: the blocks it needs, and debugfs agrees. */
static void
sparse_case(struct vol *v, const char *path, uint64_t off, int indirect)
{
	struct ext2_fs *fs = &v->fs;
	uint32_t ino = 0;
	struct ext2_inode in;
	uint64_t lblk = off / fs->block_size, pblk;
	uint8_t buf[64];

	CHECK_EQ_U64(do_create(v, path, EXT2_S_IFREG | 0644, &ino), 0);
	CHECK_EQ_U64(do_write(v, ino, off, "far away", 8), 8);
	in = inode_of(v, ino);
	CHECK_EQ_U64(in.size, off + 8);
	CHECK_EQ_U64(in.blocks, sectors(v, 1 + indirect));
	CHECK_EQ_U64(ext2_bmap(fs, ino, &in, lblk, false, &pblk), 0);
	CHECK(pblk != 0);
	CHECK_EQ_U64(ext2_bmap(fs, ino, &in, lblk - 1, false, &pblk), 0);
	CHECK_EQ_U64(pblk, 0);
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, off - 56, buf, 64), 64);
	CHECK(memcmp(buf + 56, "far away", 8) == 0);
	for (int i = 0; i < 56; i++)
		CHECK_EQ_U64(buf[i], 0);
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, off / 2, buf, 64), 64);
	CHECK_EQ_U64(buf[0] | buf[63], 0);
}

static void
test_sparse(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	uint64_t bs = fs->block_size, p = fs->addr_per_block;
	uint64_t single = 12 * bs, dbl = (12 + p) * bs;
	uint64_t triple = (12 + p + p * p) * bs, max = ext2_max_file_size(fs);
	struct ext2_statfs a, b;
	struct ext2_inode in;
	uint64_t pblk;
	uint32_t ino;

	ext2_statfs(fs, &a);
	sparse_case(v, "/sp-direct", 5 * bs + 3, 0);
	sparse_case(v, "/sp-single", single + 7 * bs, 1);
	sparse_case(v, "/sp-double", dbl + 5 * p * bs + 9, 2);
	sparse_case(v, "/sp-triple", triple + p * p * bs + 5 * bs, 3);
	fprintf(stderr, "  triple indirect at %llu MiB\n",
		(unsigned long long)((triple + p * p * bs) >> 20));

	/* The last byte a file can have; then past it. */
	CHECK_EQ_U64(do_create(v, "/sp-max", EXT2_S_IFREG | 0644, &ino), 0);
	CHECK_EQ_U64(do_write(v, ino, max - 1, "ab", 2), 1);
	CHECK_EQ_U64(do_write(v, ino, max, "ab", 2), -EFBIG);
	in = inode_of(v, ino);
	CHECK_EQ_U64(in.size, max);
	CHECK_EQ_U64(
	    ext2_bmap(fs, ino, &in, (12 + p + p * p + p * p * p), false, &pblk),
	    -EFBIG);
	vol_fsck(v, "sparse files");
	ino = (uint32_t)walk(v, "/sp-triple");
	in = inode_of(v, ino);
	CHECK_EQ_U64(
	    ext2_bmap(fs, ino, &in, triple / bs + p * p + 5, false, &pblk), 0);
	CHECK(pblk != 0);
	CHECK_EQ_U64(debugfs_bmap("/sp-triple", triple / bs + p * p + 5), pblk);

	CHECK_EQ_U64(do_unlink(v, "/sp-direct"), 0);
	CHECK_EQ_U64(do_unlink(v, "/sp-single"), 0);
	CHECK_EQ_U64(do_unlink(v, "/sp-double"), 0);
	CHECK_EQ_U64(do_unlink(v, "/sp-triple"), 0);
	CHECK_EQ_U64(do_unlink(v, "/sp-max"), 0);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, a.free_blocks);
	CHECK_EQ_U64(b.free_files, a.free_files);
}

/* ---- Running out -------------------------------------------------------- */

static void
test_full_disk(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	struct ext2_statfs a, b;
	uint8_t *buf = malloc(65536);
	uint32_t ino, x;
	uint64_t off = 0;
	long n;

	uint64_t dbl = 12 + fs->addr_per_block; /* first double indirect */
	uint32_t part;

	ext2_statfs(fs, &a);
	make_file(v, "/one", 1,
		  0); /* its block is freed when the disk is full */
	CHECK_EQ_U64(do_create(v, "/part", EXT2_S_IFREG, &part), 0);
	CHECK_EQ_U64(do_write(v, part, dbl * fs->block_size, "x", 1), 1);
	CHECK_EQ_U64(do_create(v, "/fill", EXT2_S_IFREG | 0644, &ino), 0);
	for (;;) {
		fill(buf, off, 65536, 12);
		n = do_write(v, ino, off, buf, 65536);
		if (n != 65536)
			break;
		off += 65536;
	}
	CHECK(n == -ENOSPC || (n > 0 && n < 65536));
	if (n > 0)
		off += (uint64_t)n;
	CHECK_EQ_U64(do_write(v, ino, off, buf, 1), -ENOSPC);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, 0);
	CHECK_EQ_U64(inode_of(v, ino).size, off);
	fprintf(stderr, "  the disk took %llu bytes\n",
		(unsigned long long)off);

	/* Nothing that needs a block works, and nothing leaks trying. */
	CHECK_EQ_U64(do_mkdir(v, "/nospace", &x), -ENOSPC);
	CHECK_EQ_U64(
	    ext2_symlink(fs, 2, "longlink", 8, (char *)buf, 200, NOW, &x),
	    -ENOSPC);
	{
		uint32_t big;
		struct ext2_inode in;
		uint64_t pblk;

		/* One block free: not enough for a block and its indirect. */
		CHECK_EQ_U64(do_create(v, "/sparse-full", EXT2_S_IFREG, &big),
			     0);
		CHECK_EQ_U64(do_unlink(v, "/one"), 0);
		ext2_statfs(fs, &b);
		CHECK_EQ_U64(b.free_blocks, 1);
		in = inode_of(v, part); /* has a double, needs a single too */
		CHECK_EQ_U64(ext2_bmap(fs, part, &in,
				       dbl + 5 * fs->addr_per_block, true,
				       &pblk),
			     -ENOSPC);
		CHECK_EQ_U64(in.blocks, sectors(v, 3));
		in = inode_of(v, big);
		CHECK_EQ_U64(ext2_bmap(fs, big, &in, 100000, true, &pblk),
			     -ENOSPC);
		CHECK_EQ_U64(in.blocks, 0);
		CHECK_EQ_U64(in.block[12] | in.block[13] | in.block[14], 0);
		CHECK_EQ_U64(do_write(v, big, 20 * fs->block_size, "x", 1),
			     -ENOSPC);
		CHECK_EQ_U64(do_write(v, big, 0, "x", 1), 1);
		ext2_statfs(fs, &b);
		CHECK_EQ_U64(b.free_blocks, 0);
		CHECK_EQ_U64(do_unlink(v, "/sparse-full"), 0);
	}
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_files, a.free_files - 2); /* fill, part */
	vol_fsck(v, "full disk");

	/* What was written is there, to the last byte. */
	{
		size_t len;
		uint8_t *got = read_all(v, ino, &len), *want = malloc(len + 1);

		for (size_t i = 0; i < len; i++)
			want[i] = pattern(i, 12);
		CHECK(len == off && memcmp(got, want, len) == 0);
		free(got);
		free(want);
	}
	CHECK_EQ_U64(do_unlink(v, "/fill"), 0);
	CHECK_EQ_U64(do_unlink(v, "/part"), 0);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_blocks, a.free_blocks);
	CHECK_EQ_U64(b.free_files, a.free_files);
	vol_fsck(v, "full disk freed");
	free(buf);
}

static void
test_full_inodes(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	struct ext2_statfs a, b;
	uint32_t dir, ino;
	char name[32];
	int made = 0, err;
	uint32_t dir_blocks;

	CHECK_EQ_U64(do_mkdir(v, "/inodes", &dir), 0);
	ext2_statfs(fs, &a);
	dir_blocks = inode_of(v, dir).blocks;
	for (;;) {
		snprintf(name, sizeof(name), "i%d", made);
		err = ext2_create(fs, dir, name, strlen(name),
				  EXT2_S_IFREG | 0644, 0, NOW, &ino);
		if (err)
			break;
		made++;
	}
	CHECK_EQ_U64(err, -ENOSPC);
	CHECK_EQ_U64(made, a.free_files);
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_files, 0);
	CHECK_EQ_U64(ext2_mkdir(fs, dir, "d", 1, 0755, NOW, &ino), -ENOSPC);
	CHECK_EQ_U64(ext2_symlink(fs, dir, "s", 1, "t", 1, NOW, &ino), -ENOSPC);
	vol_fsck(v, "full inode table");
	for (int i = 0; i < made; i++) {
		snprintf(name, sizeof(name), "i%d", i);
		CHECK_EQ_U64(
		    ext2_unlink(fs, dir, name, strlen(name), NOW, NULL), 0);
	}
	ext2_statfs(fs, &b);
	CHECK_EQ_U64(b.free_files, a.free_files);
	CHECK_EQ_U64(b.free_blocks,
		     a.free_blocks - (inode_of(v, dir).blocks - dir_blocks) /
					 (fs->block_size / 512));
	CHECK_EQ_U64(do_rmdir(v, "/inodes"), 0);
	vol_fsck(v, "full inode table freed");
}

/* A device that fails: errors come back, nothing stays held. */
static void
test_io_errors(struct vol *v)
{
	struct ext2_fs *fs = &v->fs;
	uint32_t ino = make_file(v, "/eio", 2 * fs->block_size + 100, 13), x;
	struct ext2_inode in = inode_of(v, ino);
	uint8_t buf[100];

	v->fail_block = in.block[1];
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, fs->block_size, buf, 100),
		     -EIO);
	CHECK_EQ_U64(ext2_read_data(fs, ino, &in, 0, buf, 100), 100);
	in = inode_of(v, 2);
	v->fail_block = in.block[0];
	CHECK_EQ_U64(ext2_lookup(fs, 2, "eio", 3, &x), -EIO);
	CHECK_EQ_U64(ext2_create(fs, 2, "eio2", 4, EXT2_S_IFREG, 0, NOW, &x),
		     -EIO);
	v->fail_block = UINT64_MAX;
	CHECK_IDLE(v);
	CHECK_EQ_U64(do_unlink(v, "/eio"), 0);
	vol_fsck(v, "I/O errors");
}

/* ---- Random operations against a model ---------------------------------- */

#define MNAMES 12
#define MFILES (2 * MNAMES)
#define MSIZE  40000

struct mfile {
	uint8_t data[MSIZE + 8192];
	size_t size;
	uint32_t ino;
	int links;
};

struct model {
	int fid[2][MNAMES]; /* file of each name in "/" and "/m"; -1 none */
	struct mfile files[MFILES];
	uint32_t dirs[2];
};

static void
model_name(char *buf, int d, int i)
{
	sprintf(buf, "%s%d", d ? "/m/n" : "/n", i);
}

static int
model_new_file(struct model *m)
{
	for (int f = 0; f < MFILES; f++)
		if (m->files[f].links == 0)
			return f;
	abort();
}

static void
model_check_file(struct vol *v, struct model *m, int f)
{
	size_t len;
	uint8_t *got = read_all(v, m->files[f].ino, &len);

	CHECK_EQ_U64(len, m->files[f].size);
	CHECK(len == m->files[f].size &&
	      memcmp(got, m->files[f].data, len) == 0);
	free(got);
}

static void
model_step(struct vol *v, struct model *m)
{
	struct ext2_fs *fs = &v->fs;
	int d = (int)(unit_rng() % 2), i = (int)(unit_rng() % MNAMES);
	int f = m->fid[d][i], op = (int)(unit_rng() % 6);
	char name[32], name2[32];

	model_name(name, d, i);
	if (f < 0) { /* create it */
		f = model_new_file(m);
		CHECK_EQ_U64(
		    do_create(v, name, EXT2_S_IFREG | 0644, &m->files[f].ino),
		    0);
		m->files[f].size = 0;
		m->files[f].links = 1;
		m->fid[d][i] = f;
		return;
	}
	if (op == 0 || op == 1) { /* write somewhere */
		uint64_t off = unit_rng() % MSIZE, n = 1 + unit_rng() % 8000;
		uint8_t *p = m->files[f].data + off;

		for (uint64_t k = 0; k < n; k++)
			p[k] = (uint8_t)unit_rng();
		if (off > m->files[f].size)
			memset(m->files[f].data + m->files[f].size, 0,
			       off - m->files[f].size);
		CHECK_EQ_U64(do_write(v, m->files[f].ino, off, p, n), n);
		if (off + n > m->files[f].size)
			m->files[f].size = off + n;
	} else if (op == 2) { /* truncate */
		size_t size = unit_rng() % (MSIZE + 4000);
		struct ext2_inode in = inode_of(v, m->files[f].ino);

		CHECK_EQ_U64(ext2_truncate(fs, m->files[f].ino, &in, size, NOW),
			     0);
		if (size > m->files[f].size)
			memset(m->files[f].data + m->files[f].size, 0,
			       size - m->files[f].size);
		m->files[f].size = size;
	} else if (op == 3) { /* unlink */
		CHECK_EQ_U64(do_unlink(v, name), 0);
		m->files[f].links--;
		m->fid[d][i] = -1;
		return;
	} else { /* rename or link to another name */
		int d2 = (int)(unit_rng() % 2), i2 = (int)(unit_rng() % MNAMES);
		int g = m->fid[d2][i2];

		model_name(name2, d2, i2);
		if (op == 4) {
			CHECK_EQ_U64(do_rename(v, name, name2, NULL), 0);
			if (g == f)
				return;
			m->fid[d][i] = -1;
		} else {
			const char *slash = strrchr(name2, '/');

			CHECK_EQ_U64(ext2_link(fs, m->dirs[d2], slash + 1,
					       strlen(slash + 1),
					       m->files[f].ino, NOW),
				     g >= 0 ? -EEXIST : 0);
			if (g >= 0)
				return;
			m->files[f].links++;
		}
		if (g >= 0)
			m->files[g].links--;
		m->fid[d2][i2] = f;
	}
	model_check_file(v, m, f);
}

static void
test_model(struct vol *v, int steps)
{
	struct model *m = calloc(1, sizeof(*m));
	struct ext2_statfs a, b;
	uint32_t root_blocks, m_ino;

	CHECK_EQ_U64(do_mkdir(v, "/m", &m_ino), 0);
	ext2_statfs(&v->fs, &a);
	root_blocks = inode_of(v, 2).blocks + inode_of(v, m_ino).blocks;
	memset(m->fid, -1, sizeof(m->fid));
	m->dirs[0] = 2;
	m->dirs[1] = m_ino;
	for (int s = 0; s < steps; s++)
		model_step(v, m);
	for (int d = 0; d < 2; d++) {
		for (int i = 0; i < MNAMES; i++) {
			char name[32];
			int f = m->fid[d][i];

			model_name(name, d, i);
			CHECK_EQ_U64(walk(v, name),
				     f < 0 ? -ENOENT : (long)m->files[f].ino);
			if (f >= 0) {
				model_check_file(v, m, f);
				CHECK_EQ_U64(
				    inode_of(v, m->files[f].ino).links_count,
				    m->files[f].links);
			}
		}
	}
	vol_fsck(v, "random operations");
	for (int d = 0; d < 2; d++) {
		for (int i = 0; i < MNAMES; i++) {
			char name[32];

			model_name(name, d, i);
			if (m->fid[d][i] >= 0)
				CHECK_EQ_U64(do_unlink(v, name), 0);
		}
	}
	ext2_statfs(&v->fs, &b);
	CHECK_EQ_U64(b.free_files, a.free_files);
	CHECK_EQ_U64(b.free_blocks,
		     a.free_blocks - (inode_of(v, 2).blocks +
				      inode_of(v, m_ino).blocks - root_blocks) /
					 (v->fs.block_size / 512));
	free(m);
}

static void
test_volume(const char *path)
{
	struct vol v;
	struct ext2_statfs st;

	fprintf(stderr, "an empty volume: %s\n", path);
	CHECK_EQ_U64(vol_open(&v, path, false), 0);
	CHECK_STREQ(v.why, "");
	/*
	 * Without LARGE_FILE the first file over 2 GiB must set it.  (With
	 * 4 KiB blocks mke2fs's resize inode is such a file already.)
	 */
	if (v.fs.block_size == 1024) {
		set32(super(&v) + EXT2_SB_FEATURE_RO_COMPAT,
		      get32(super(&v) + EXT2_SB_FEATURE_RO_COMPAT) &
			  ~EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
		CHECK_EQ_U64(remount_with(&v, EXT2_SB_FEATURE_RO_COMPAT, 0), 0);
		CHECK(!(v.fs.feature_ro_compat &
			EXT2_FEATURE_RO_COMPAT_LARGE_FILE));
		vol_fsck(&v, "mount without large_file");
	}
	CHECK(!v.fs.read_only);
	CHECK(v.fs.groups > 1);
	ext2_statfs(&v.fs, &st);
	CHECK(st.free_blocks > 0 && st.free_blocks < st.blocks);
	CHECK_EQ_U64(st.free_files, st.files - 11);
	test_files(&v);
	test_names(&v);
	test_dirs(&v);
	test_many_names(&v);
	test_rename(&v);
	test_special(&v);
	test_truncate(&v);
	test_sparse(&v);
	CHECK(v.fs.feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
	test_io_errors(&v);
	test_model(&v, 3000);
	test_full_disk(&v);
	test_full_inodes(&v);
	CHECK_IDLE(&v);
	fprintf(stderr, "  %llu blocks got, at most %d held at once\n",
		(unsigned long long)v.fs.stats.block_gets, v.max_held);
	free(v.img);
}

int
main(int argc, char **argv)
{
	if (argc != 8) {
		fprintf(stderr,
			"usage: %s SRC 1K.img 4K.img TREE.img EXTENT.img "
			"EXT4.img HUGEFILE.img\n",
			argv[0]);
		return 1;
	}
	unit_rng_seed(0xe2f5);
	src_dir = argv[1];
	test_mount(argv[2], argv[5], argv[6], argv[7]);
	test_tree(argv[4]);
	test_volume(argv[2]);
	test_volume(argv[3]);
	return unit_done();
}
