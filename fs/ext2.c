/*
 * fs/ext2.c - the ext2 file system on disk: superblock and group
 * descriptors, block and inode bitmaps, inodes and their block maps,
 * directories.  Pure: blocks come and go through struct ext2_blockdev.
 *
 * The volume is an array of blocks (1, 2 or 4 KiB), cut into block groups
 * of s_blocks_per_group blocks each.  The superblock is always at byte
 * 1024: block 1 with 1 KiB blocks (s_first_data_block = 1), inside block
 * 0 otherwise.  With sparse_super, groups 0, 1 and the powers of 3, 5 and
 * 7 hold backup copies of it and of the descriptor table:
 *
 *   byte 0       1024         2048
 *   +------------+------------+- - - - - - - - - - - - - - - - - - - - -
 *   | boot block | superblock |  (1 KiB blocks: block 0, block 1, ...)
 *   +------------+------------+- - - - - - - - - - - - - - - - - - - - -
 *
 *   group 0                                               group 1 ...
 *   +-------+-----+---------+--------+--------+--------+------+-------+--
 *   | super | GDT | GDT     | block  | inode  | inode  | data | super |
 *   | block |     | reserve | bitmap | bitmap | table  | ...  | backup| ..
 *   +-------+-----+---------+--------+--------+--------+------+-------+--
 *
 * The group descriptor table (GDT) is one 32-byte descriptor per group:
 * where its bitmaps and inode table are, and its free block, free inode
 * and directory counts.  Bit i of a group's block bitmap is block
 * s_first_data_block + group * s_blocks_per_group + i; bit i of its inode
 * bitmap is inode group * s_inodes_per_group + i + 1 (inodes count from
 * 1; 1..s_first_ino-1 are reserved, 2 is the root directory).
 *
 * An inode (128 bytes, or s_inode_size in a revision 1 volume) maps the
 * blocks of its file through i_block[15]; P = block size / 4 block
 * numbers fit in an indirect block, and 0 is a hole:
 *
 *   i_block[0..11] ------------------------------> file blocks 0..11
 *   i_block[12] -> [P] --------------------------> the next P
 *   i_block[13] -> [P] -> [P] -------------------> the next P * P
 *   i_block[14] -> [P] -> [P] -> [P] ------------> the next P * P * P
 *
 * A directory is a file of blocks, each a chain of entries to its end:
 *
 *   +-------+---------+----------+------+-----------+-------+---------+--
 *   | inode | rec_len | name_len | type | name, pad | inode | rec_len |
 *   | 4     | 2       | 1        | 1    | to 4 bytes|       |         |
 *   +-------+---------+----------+------+-----------+-------+---------+--
 *   |<------------- rec_len ----------------------->|
 *
 * rec_len is a multiple of 4 and may exceed the entry's needs; a new
 * entry goes into such slack (or into a new block), a removed one is
 * merged into the entry before it (the first of a block gets inode 0).
 * "type" is a name_len high byte unless the FILETYPE feature is set.
 *
 * On-disk structures are read and written as little-endian fields at
 * named byte offsets (ext2-doc, "The Second Extended File System",
 * nongnu.org/ext2-doc, §3; Linux Documentation/filesystems/ext4/), with
 * one pair of accessors, so no struct layout, alignment or byte order
 * question arises.
 *
 * Lock legend: none inside; the caller serialises all calls on one
 * struct ext2_fs (fs/ext2.h).  Allocation is first free: inodes from
 * the parent's group on, blocks from the block before in the file on.
 */
#include "fs/ext2.h"

#include <uapi/errno.h>

#include "kernel/compiler.h"
#include "kernel/string.h"

/* Superblock fields (ext2-doc §3.1). */
#define SB_SIZE		    1024
#define SB_INODES_COUNT	    0x00
#define SB_BLOCKS_COUNT	    0x04
#define SB_R_BLOCKS_COUNT   0x08
#define SB_FREE_BLOCKS	    0x0C
#define SB_FREE_INODES	    0x10
#define SB_FIRST_DATA_BLOCK 0x14
#define SB_LOG_BLOCK_SIZE   0x18
#define SB_BLOCKS_PER_GROUP 0x20
#define SB_INODES_PER_GROUP 0x28
#define SB_WTIME	    0x30
#define SB_MAGIC	    0x38 /* 16 bits */
#define SB_REV_LEVEL	    0x4C
#define SB_FIRST_INO	    0x54
#define SB_INODE_SIZE	    0x58  /* 16 bits */
#define SB_LAST_ORPHAN	    0xE8  /* ext3's orphan list */
#define SB_WANT_EXTRA_ISIZE 0x15E /* 16 bits */
#define EXT2_MAGIC	    0xEF53
#define GOOD_OLD_FIRST_INO  11

/* Group descriptor, 32 bytes (ext2-doc §3.2). */
#define GD_SIZE		0x20
#define GD_BLOCK_BITMAP 0x00
#define GD_INODE_BITMAP 0x04
#define GD_INODE_TABLE	0x08
#define GD_FREE_BLOCKS	0x0C /* 16 bits */
#define GD_FREE_INODES	0x0E /* 16 bits */
#define GD_USED_DIRS	0x10 /* 16 bits */

/* Inode (ext2-doc §3.5); 256-byte inodes add fields from 0x80. */
#define GOOD_OLD_INODE_SIZE 128
#define I_MODE		    0x00 /* 16 bits */
#define I_UID		    0x02 /* 16 bits */
#define I_SIZE		    0x04
#define I_ATIME		    0x08
#define I_CTIME		    0x0C
#define I_MTIME		    0x10
#define I_DTIME		    0x14
#define I_GID		    0x18 /* 16 bits */
#define I_LINKS_COUNT	    0x1A /* 16 bits */
#define I_BLOCKS	    0x1C
#define I_FLAGS		    0x20
#define I_BLOCK		    0x28 /* EXT2_N_BLOCKS x 32 bits */
#define I_GENERATION	    0x64
#define I_FILE_ACL	    0x68
#define I_SIZE_HIGH	    0x6C /* regular files; i_dir_acl otherwise */
#define I_UID_HIGH	    0x78 /* 16 bits */
#define I_GID_HIGH	    0x7A /* 16 bits */
#define I_EXTRA_ISIZE	    0x80 /* 16 bits: bytes used past 128 */
#define I_CTIME_EXTRA	    0x84 /* nanoseconds << 2 | epoch bits */
#define I_MTIME_EXTRA	    0x88
#define I_ATIME_EXTRA	    0x8C
#define I_CRTIME	    0x90
#define I_NEW_EXTRA_ISIZE   32 /* what mke2fs and Linux give new inodes */

/* Directory entry (ext2-doc §4.1, linked directory). */
#define DE_INODE     0x0
#define DE_REC_LEN   0x4 /* 16 bits */
#define DE_NAME_LEN  0x6
#define DE_FILE_TYPE 0x7
#define DE_NAME	     0x8
#define DE_SIZE(len) ALIGN_UP(DE_NAME + (unsigned)(len), 4u)
#define NO_PREV	     (~0u)

/* Extended attribute block header (ext2-doc §5.1). */
#define EA_MAGIC      0x00
#define EA_REFCOUNT   0x04
#define EXT2_EA_MAGIC 0xEA020000

#define NDIR_BLOCKS   12 /* i_block[0..11] map file blocks directly */

/* The feature bits the volume may have, named for @why messages. */
struct feature_name {
	uint32_t bit;
	const char *name;
};

static const struct feature_name incompat_names[] = {
	{ 0x0001, "compression" },    { 0x0002, "filetype" },
	{ 0x0004, "needs_recovery" }, { 0x0008, "journal_dev" },
	{ 0x0010, "meta_bg" },	      { 0x0040, "extents" },
	{ 0x0080, "64bit" },	      { 0x0100, "mmp" },
	{ 0x0200, "flex_bg" },	      { 0x0400, "ea_inode" },
	{ 0x1000, "dirdata" },	      { 0x2000, "metadata_csum_seed" },
	{ 0x4000, "large_dir" },      { 0x8000, "inline_data" },
	{ 0x10000, "encrypt" },	      { 0x20000, "casefold" },
};

static const struct feature_name ro_compat_names[] = {
	{ 0x0001, "sparse_super" },    { 0x0002, "large_file" },
	{ 0x0004, "btree_dir" },       { 0x0008, "huge_file" },
	{ 0x0010, "uninit_bg" },       { 0x0020, "dir_nlink" },
	{ 0x0040, "extra_isize" },     { 0x0080, "snapshot" },
	{ 0x0100, "quota" },	       { 0x0200, "bigalloc" },
	{ 0x0400, "metadata_csum" },   { 0x0800, "replica" },
	{ 0x1000, "read-only" },       { 0x2000, "project" },
	{ 0x4000, "shared_blocks" },   { 0x8000, "verity" },
	{ 0x10000, "orphan_present" },
};

/* ---- Little-endian fields ---------------------------------------------- */

static inline uint16_t
le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void
set_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
set_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* ---- Messages for ext2_mount()'s @why ---------------------------------- */

struct msg {
	char *buf;
	size_t len, pos;
};

static void
msg_puts(struct msg *m, const char *s)
{
	if (m->len == 0)
		return;
	for (; *s; s++)
		if (m->pos + 1 < m->len)
			m->buf[m->pos++] = *s;
	m->buf[m->pos] = '\0';
}

static void
msg_num(struct msg *m, uint64_t v, unsigned base)
{
	char digits[24], *p = digits + sizeof(digits);

	*--p = '\0';
	if (base == 16)
		msg_puts(m, "0x");
	do {
		*--p = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	msg_puts(m, p);
}

/* "feature 0x40 (extents)" or "features 0x2c0 (extents 64bit flex_bg)" */
static void
msg_features(struct msg *m, uint32_t bits, const struct feature_name *names,
	     size_t n)
{
	bool named = false;

	msg_puts(m, (bits & (bits - 1)) ? "features " : "feature ");
	msg_num(m, bits, 16);
	for (size_t i = 0; i < n; i++) {
		if (bits & names[i].bit) {
			msg_puts(m, named ? " " : " (");
			msg_puts(m, names[i].name);
			named = true;
		}
	}
	if (named)
		msg_puts(m, ")");
}

/* ---- Blocks -------------------------------------------------------------- */

struct blk {
	uint8_t *data;
	void *handle;
};

static int
blk_get(struct ext2_fs *fs, uint64_t nr, struct blk *b)
{
	int err = -EIO;

	if (nr >= fs->blocks_count)
		return -EIO;
	b->data =
	    fs->bd->get(fs->bd->ctx, nr, fs->block_size, &b->handle, &err);
	if (b->data == NULL)
		return err < 0 ? err : -EIO;
	fs->stats.block_gets++;
	return 0;
}

static void
blk_put(struct ext2_fs *fs, struct blk *b, bool dirty)
{
	fs->bd->put(fs->bd->ctx, b->handle, dirty);
}

/* A block number found in an inode or indirect block that cannot be data. */
static bool
bad_block(const struct ext2_fs *fs, uint32_t nr)
{
	return nr <= fs->first_data_block || nr >= fs->blocks_count;
}

static uint32_t
group_first_block(const struct ext2_fs *fs, uint32_t g)
{
	return fs->first_data_block + g * fs->blocks_per_group;
}

/* The last group may be shorter than the others. */
static uint32_t
group_nblocks(const struct ext2_fs *fs, uint32_t g)
{
	uint32_t left = fs->blocks_count - group_first_block(fs, g);

	return left < fs->blocks_per_group ? left : fs->blocks_per_group;
}

/* ---- Group descriptors --------------------------------------------------- */

struct gd {
	struct blk b;
	uint8_t *d; /* the descriptor, inside b */
};

static int
gd_get(struct ext2_fs *fs, uint32_t g, struct gd *gd)
{
	unsigned per_block = fs->block_size / GD_SIZE;
	int err = blk_get(fs, fs->gdt_block + g / per_block, &gd->b);

	if (err)
		return err;
	gd->d = gd->b.data + (g % per_block) * GD_SIZE;
	return 0;
}

/* Add to group @g's free block, free inode and directory counts. */
static int
gd_adjust(struct ext2_fs *fs, uint32_t g, int blocks, int inodes, int dirs)
{
	struct gd gd;
	int err = gd_get(fs, g, &gd);

	if (err)
		return err;
	set_le16(gd.d + GD_FREE_BLOCKS,
		 (uint16_t)(le16(gd.d + GD_FREE_BLOCKS) + blocks));
	set_le16(gd.d + GD_FREE_INODES,
		 (uint16_t)(le16(gd.d + GD_FREE_INODES) + inodes));
	set_le16(gd.d + GD_USED_DIRS,
		 (uint16_t)(le16(gd.d + GD_USED_DIRS) + dirs));
	blk_put(fs, &gd.b, true);
	fs->free_blocks += (uint32_t)blocks;
	fs->free_inodes += (uint32_t)inodes;
	return 0;
}

/* Group @g's block or inode bitmap (@field GD_*_BITMAP) and its count. */
static int
gd_bitmap(struct ext2_fs *fs, uint32_t g, unsigned field, uint32_t *where,
	  unsigned *nfree)
{
	struct gd gd;
	int err = gd_get(fs, g, &gd);

	if (err)
		return err;
	*where = le32(gd.d + field);
	*nfree = le16(gd.d + (field == GD_BLOCK_BITMAP ? GD_FREE_BLOCKS
						       : GD_FREE_INODES));
	blk_put(fs, &gd.b, false);
	return 0;
}

/* ---- Bitmaps and allocation ---------------------------------------------- */

/* The first clear bit of @map in [from, nbits), or nbits. */
static unsigned
find_zero_bit(const uint8_t *map, unsigned from, unsigned nbits)
{
	for (unsigned i = from; i < nbits; i++) {
		if (i % 8 == 0 && map[i / 8] == 0xff)
			i += 7;
		else if (!(map[i / 8] & (1u << (i % 8))))
			return i;
	}
	return nbits;
}

/*
 * Set the first clear bit at or after @from (of @nbits) in group @g's
 * bitmap @field; its number in *bit.  -ENOSPC if there is none.
 */
static int
bitmap_take(struct ext2_fs *fs, uint32_t g, unsigned field, unsigned from,
	    unsigned nbits, unsigned *bit)
{
	struct blk map;
	uint32_t where;
	unsigned nfree, i;
	int err = gd_bitmap(fs, g, field, &where, &nfree);

	if (err)
		return err;
	if (nfree == 0 || from >= nbits)
		return -ENOSPC;
	err = blk_get(fs, where, &map);
	if (err)
		return err;
	i = find_zero_bit(map.data, from, nbits);
	if (i < nbits)
		map.data[i / 8] |= (uint8_t)(1u << (i % 8));
	blk_put(fs, &map, i < nbits);
	*bit = i;
	return i < nbits ? 0 : -ENOSPC;
}

/* Clear bit @bit of group @g's bitmap @field; -EIO if it was clear. */
static int
bitmap_release(struct ext2_fs *fs, uint32_t g, unsigned field, unsigned bit)
{
	struct blk map;
	uint32_t where;
	unsigned nfree;
	uint8_t mask = (uint8_t)(1u << (bit % 8));
	int err = gd_bitmap(fs, g, field, &where, &nfree);

	if (err)
		return err;
	err = blk_get(fs, where, &map);
	if (err)
		return err;
	if (!(map.data[bit / 8] & mask)) {
		blk_put(fs, &map, false);
		return -EIO;
	}
	map.data[bit / 8] &= (uint8_t)~mask;
	blk_put(fs, &map, true);
	return 0;
}

/* A free block, the first at or after @goal (any block if not valid). */
static int
alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
	uint32_t g0 = 0, from = 0;

	if (fs->free_blocks == 0)
		return -ENOSPC;
	if (!bad_block(fs, goal)) {
		g0 = (goal - fs->first_data_block) / fs->blocks_per_group;
		from = (goal - fs->first_data_block) % fs->blocks_per_group;
	}
	/* i == groups comes back to the start of group g0. */
	for (uint32_t i = 0; i <= fs->groups; i++) {
		uint32_t g = (g0 + i) % fs->groups;
		unsigned bit;
		int err = bitmap_take(fs, g, GD_BLOCK_BITMAP, i ? 0 : from,
				      group_nblocks(fs, g), &bit);

		if (err == -ENOSPC)
			continue;
		if (!err)
			err = gd_adjust(fs, g, -1, 0, 0);
		if (err)
			return err;
		*out = group_first_block(fs, g) + bit;
		fs->stats.blocks_allocated++;
		return 0;
	}
	return -ENOSPC;
}

static int
free_block(struct ext2_fs *fs, uint32_t nr)
{
	uint32_t rel = nr - fs->first_data_block;
	uint32_t g = rel / fs->blocks_per_group;
	int err;

	if (bad_block(fs, nr))
		return -EIO;
	err =
	    bitmap_release(fs, g, GD_BLOCK_BITMAP, rel % fs->blocks_per_group);
	if (!err)
		err = gd_adjust(fs, g, 1, 0, 0);
	if (err)
		return err;
	if (fs->bd->forget)
		fs->bd->forget(fs->bd->ctx, nr, fs->block_size);
	fs->stats.blocks_freed++;
	return 0;
}

/* A free inode number: in @parent's group or the first group after it. */
static int
alloc_inode(struct ext2_fs *fs, uint32_t parent, bool dir, uint32_t *out)
{
	uint32_t ipg = fs->inodes_per_group;
	uint32_t g0 = (parent - 1) / ipg;

	if (fs->free_inodes == 0)
		return -ENOSPC;
	for (uint32_t i = 0; i < fs->groups; i++) {
		uint32_t g = (g0 + i) % fs->groups;
		uint64_t base = (uint64_t)g * ipg; /* bit b is inode base+b+1 */
		unsigned from = 0, bit;
		int err;

		if (base + 1 < fs->first_ino) /* skip the reserved inodes */
			from = (unsigned)(fs->first_ino - 1 - base);
		err = bitmap_take(fs, g, GD_INODE_BITMAP, from, ipg, &bit);
		if (err == -ENOSPC)
			continue;
		if (!err)
			err = gd_adjust(fs, g, 0, -1, dir ? 1 : 0);
		if (err)
			return err;
		*out = (uint32_t)(base + bit + 1);
		fs->stats.inodes_allocated++;
		return 0;
	}
	return -ENOSPC;
}

static int
free_inode(struct ext2_fs *fs, uint32_t ino, bool dir)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group;
	int err = bitmap_release(fs, g, GD_INODE_BITMAP,
				 (ino - 1) % fs->inodes_per_group);

	if (!err)
		err = gd_adjust(fs, g, 0, 1, dir ? -1 : 0);
	if (!err)
		fs->stats.inodes_freed++;
	return err;
}

/* ---- Mount --------------------------------------------------------------- */

/* Blocks of each group's inode table. */
static uint32_t
itable_blocks(const struct ext2_fs *fs)
{
	uint64_t bytes = (uint64_t)fs->inodes_per_group * fs->inode_size;

	return (uint32_t)((bytes + fs->block_size - 1) / fs->block_size);
}

/* Read the geometry from the superblock @sb and check it. */
static int
super_parse(struct ext2_fs *fs, const uint8_t *sb, struct msg *m)
{
	uint32_t log = le32(sb + SB_LOG_BLOCK_SIZE);
	uint32_t data_blocks, gdt_blocks;

	if (le16(sb + SB_MAGIC) != EXT2_MAGIC) {
		msg_puts(m, "ext2: bad magic ");
		msg_num(m, le16(sb + SB_MAGIC), 16);
		msg_puts(m, " (not an ext2 volume)");
		return -EINVAL;
	}
	fs->rev_level = le32(sb + SB_REV_LEVEL);
	if (fs->rev_level > 1) {
		msg_puts(m, "ext2: unsupported revision ");
		msg_num(m, fs->rev_level, 10);
		return -EINVAL;
	}
	if (log > 2) {
		msg_puts(m, "ext2: unsupported block size 2^");
		msg_num(m, (uint64_t)log + 10, 10);
		msg_puts(m, " (1024, 2048 or 4096 only)");
		return -EINVAL;
	}
	fs->block_size = 1024u << log;
	fs->addr_per_block = fs->block_size / 4;
	fs->inodes_count = le32(sb + SB_INODES_COUNT);
	fs->blocks_count = le32(sb + SB_BLOCKS_COUNT);
	fs->r_blocks_count = le32(sb + SB_R_BLOCKS_COUNT);
	fs->first_data_block = le32(sb + SB_FIRST_DATA_BLOCK);
	fs->blocks_per_group = le32(sb + SB_BLOCKS_PER_GROUP);
	fs->inodes_per_group = le32(sb + SB_INODES_PER_GROUP);
	fs->inode_size = GOOD_OLD_INODE_SIZE;
	fs->first_ino = GOOD_OLD_FIRST_INO;
	if (fs->rev_level == 1) {
		fs->inode_size = le16(sb + SB_INODE_SIZE);
		fs->first_ino = le32(sb + SB_FIRST_INO);
		fs->feature_compat = le32(sb + EXT2_SB_FEATURE_COMPAT);
		fs->feature_incompat = le32(sb + EXT2_SB_FEATURE_INCOMPAT);
		fs->feature_ro_compat = le32(sb + EXT2_SB_FEATURE_RO_COMPAT);
	}
	if (fs->inode_size > GOOD_OLD_INODE_SIZE) {
		fs->extra_isize = le16(sb + SB_WANT_EXTRA_ISIZE);
		if (fs->extra_isize == 0)
			fs->extra_isize = I_NEW_EXTRA_ISIZE;
		if (fs->extra_isize > fs->inode_size - GOOD_OLD_INODE_SIZE)
			fs->extra_isize = 0;
		fs->extra_isize &= (uint16_t)~3u;
	}
	fs->next_generation = le32(sb + SB_WTIME);

	if (fs->blocks_per_group == 0 || fs->inodes_per_group == 0 ||
	    fs->blocks_per_group > 8 * fs->block_size ||
	    fs->inodes_per_group > 8 * fs->block_size ||
	    fs->first_data_block != (fs->block_size == 1024 ? 1u : 0u) ||
	    fs->blocks_count <= fs->first_data_block + 1)
		goto bad;
	data_blocks = fs->blocks_count - fs->first_data_block;
	fs->groups = data_blocks / fs->blocks_per_group +
		     (data_blocks % fs->blocks_per_group != 0);
	if (fs->inode_size < GOOD_OLD_INODE_SIZE ||
	    fs->inode_size > fs->block_size ||
	    (fs->inode_size & (fs->inode_size - 1)) ||
	    fs->first_ino <= EXT2_ROOT_INO ||
	    fs->first_ino > fs->inodes_per_group ||
	    fs->inodes_count != (uint64_t)fs->groups * fs->inodes_per_group)
		goto bad;
	gdt_blocks = (fs->groups + fs->block_size / GD_SIZE - 1) /
		     (fs->block_size / GD_SIZE);
	fs->gdt_block = fs->first_data_block + 1;
	if (itable_blocks(fs) >= fs->blocks_per_group ||
	    fs->gdt_block + gdt_blocks > fs->blocks_count)
		goto bad;
	return 0;
bad:
	msg_puts(m, "ext2: bad geometry in the superblock");
	return -EINVAL;
}

/* Refuse what we cannot read; mount read-only what we cannot write. */
static int
super_features(struct ext2_fs *fs, const uint8_t *sb, bool want_read_only,
	       struct msg *m)
{
	uint32_t incompat = fs->feature_incompat & ~EXT2_FEATURE_INCOMPAT_SUPP;
	uint32_t ro = fs->feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP;

	if (fs->feature_incompat & EXT2_FEATURE_INCOMPAT_RECOVER) {
		msg_puts(m, "ext2: the journal needs recovery (needs_recovery);"
			    " run e2fsck");
		return -EINVAL;
	}
	if (incompat) {
		msg_puts(m, "ext2: unsupported incompatible ");
		msg_features(m, incompat, incompat_names,
			     ARRAY_SIZE(incompat_names));
		return -EINVAL;
	}
	fs->read_only = want_read_only;
	if (ro) {
		msg_puts(m, "ext2: unsupported read-only compatible ");
		msg_features(m, ro, ro_compat_names,
			     ARRAY_SIZE(ro_compat_names));
		msg_puts(m, "; mounted read-only");
		fs->read_only = true;
	} else if (fs->rev_level == 1 && le32(sb + SB_LAST_ORPHAN) != 0) {
		msg_puts(m, "ext2: orphan inodes wait for e2fsck;"
			    " mounted read-only");
		fs->read_only = true;
	}
	return 0;
}

/* Check every group descriptor and add up the free counts. */
static int
groups_check(struct ext2_fs *fs, struct msg *m)
{
	fs->free_blocks = 0;
	fs->free_inodes = 0;
	for (uint32_t g = 0; g < fs->groups; g++) {
		struct gd gd;
		uint32_t table;
		unsigned nblocks, ninodes;
		bool bad;
		int err = gd_get(fs, g, &gd);

		if (err)
			return err;
		table = le32(gd.d + GD_INODE_TABLE);
		nblocks = le16(gd.d + GD_FREE_BLOCKS);
		ninodes = le16(gd.d + GD_FREE_INODES);
		bad = bad_block(fs, le32(gd.d + GD_BLOCK_BITMAP)) ||
		      bad_block(fs, le32(gd.d + GD_INODE_BITMAP)) ||
		      bad_block(fs, table) ||
		      table + (uint64_t)itable_blocks(fs) > fs->blocks_count ||
		      nblocks > group_nblocks(fs, g) ||
		      ninodes > fs->inodes_per_group;
		blk_put(fs, &gd.b, false);
		if (bad) {
			msg_puts(m, "ext2: bad descriptor of group ");
			msg_num(m, g, 10);
			return -EIO;
		}
		fs->free_blocks += nblocks;
		fs->free_inodes += ninodes;
	}
	return 0;
}

int
ext2_mount(struct ext2_fs *fs, const struct ext2_blockdev *bd,
	   bool want_read_only, char *why, size_t whylen)
{
	struct msg m = { why, whylen, 0 };
	void *handle;
	uint8_t *sb;
	int err = -EIO;

	memset(fs, 0, sizeof(*fs));
	fs->bd = bd;
	msg_puts(&m, "");
	/* Bytes 1024..2047 are 1 KiB block 1 whatever the block size. */
	sb = bd->get(bd->ctx, 1, SB_SIZE, &handle, &err);
	if (sb == NULL) {
		msg_puts(&m, "ext2: cannot read the superblock");
		return err < 0 ? err : -EIO;
	}
	fs->stats.block_gets++;
	err = super_parse(fs, sb, &m);
	if (!err)
		err = super_features(fs, sb, want_read_only, &m);
	bd->put(bd->ctx, handle, false);
	if ((err || fs->block_size != SB_SIZE) && bd->forget)
		bd->forget(bd->ctx, 1, SB_SIZE);
	if (!err)
		err = groups_check(fs, &m);
	return err;
}

int
ext2_sync_super(struct ext2_fs *fs)
{
	uint64_t nr = fs->block_size == SB_SIZE ? 1 : 0;
	uint8_t *sb;
	struct blk b;
	int err;

	if (fs->read_only)
		return 0;
	err = blk_get(fs, nr, &b);
	if (err)
		return err;
	sb = b.data + (nr ? 0 : EXT2_SUPER_OFFSET);
	set_le32(sb + SB_FREE_BLOCKS, fs->free_blocks);
	set_le32(sb + SB_FREE_INODES, fs->free_inodes);
	set_le32(sb + EXT2_SB_FEATURE_RO_COMPAT, fs->feature_ro_compat);
	blk_put(fs, &b, true);
	return 0;
}

void
ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st)
{
	st->blocks = fs->blocks_count;
	st->free_blocks = fs->free_blocks;
	st->avail_blocks = fs->free_blocks > fs->r_blocks_count
			       ? fs->free_blocks - fs->r_blocks_count
			       : 0;
	st->files = fs->inodes_count;
	st->free_files = fs->free_inodes;
	st->block_size = fs->block_size;
	st->name_max = EXT2_NAME_LEN;
}

/* ---- Inodes -------------------------------------------------------------- */

/* The block and byte offset of inode @ino in its group's inode table. */
static int
inode_loc(struct ext2_fs *fs, uint32_t ino, uint64_t *block, unsigned *off)
{
	uint64_t byte;
	uint32_t table;
	struct gd gd;
	int err;

	if (ino == 0 || ino > fs->inodes_count)
		return -EINVAL;
	err = gd_get(fs, (ino - 1) / fs->inodes_per_group, &gd);
	if (err)
		return err;
	table = le32(gd.d + GD_INODE_TABLE);
	blk_put(fs, &gd.b, false);
	byte = (uint64_t)((ino - 1) % fs->inodes_per_group) * fs->inode_size;
	*block = table + byte / fs->block_size;
	*off = (unsigned)(byte % fs->block_size);
	return 0;
}

static void
inode_decode(const uint8_t *raw, struct ext2_inode *in)
{
	in->mode = le16(raw + I_MODE);
	in->uid = le16(raw + I_UID) | (uint32_t)le16(raw + I_UID_HIGH) << 16;
	in->gid = le16(raw + I_GID) | (uint32_t)le16(raw + I_GID_HIGH) << 16;
	in->size = le32(raw + I_SIZE);
	if (EXT2_S_ISREG(in->mode))
		in->size |= (uint64_t)le32(raw + I_SIZE_HIGH) << 32;
	in->atime = le32(raw + I_ATIME);
	in->ctime = le32(raw + I_CTIME);
	in->mtime = le32(raw + I_MTIME);
	in->dtime = le32(raw + I_DTIME);
	in->links_count = le16(raw + I_LINKS_COUNT);
	in->blocks = le32(raw + I_BLOCKS);
	in->flags = le32(raw + I_FLAGS);
	for (int i = 0; i < EXT2_N_BLOCKS; i++)
		in->block[i] = le32(raw + I_BLOCK + 4 * i);
	in->generation = le32(raw + I_GENERATION);
	in->file_acl = le32(raw + I_FILE_ACL);
}

/* Fields we do not model (osd1, faddr, extra fields...) are kept. */
static void
inode_encode(const struct ext2_fs *fs, uint8_t *raw,
	     const struct ext2_inode *in)
{
	set_le16(raw + I_MODE, in->mode);
	set_le16(raw + I_UID, (uint16_t)in->uid);
	set_le16(raw + I_UID_HIGH, (uint16_t)(in->uid >> 16));
	set_le16(raw + I_GID, (uint16_t)in->gid);
	set_le16(raw + I_GID_HIGH, (uint16_t)(in->gid >> 16));
	set_le32(raw + I_SIZE, (uint32_t)in->size);
	set_le32(raw + I_SIZE_HIGH,
		 EXT2_S_ISREG(in->mode) ? (uint32_t)(in->size >> 32) : 0);
	set_le32(raw + I_ATIME, in->atime);
	set_le32(raw + I_CTIME, in->ctime);
	set_le32(raw + I_MTIME, in->mtime);
	set_le32(raw + I_DTIME, in->dtime);
	set_le16(raw + I_LINKS_COUNT, in->links_count);
	set_le32(raw + I_BLOCKS, in->blocks);
	set_le32(raw + I_FLAGS, in->flags);
	for (int i = 0; i < EXT2_N_BLOCKS; i++)
		set_le32(raw + I_BLOCK + 4 * i, in->block[i]);
	set_le32(raw + I_GENERATION, in->generation);
	set_le32(raw + I_FILE_ACL, in->file_acl);
	/* We keep whole seconds: drop stale nanoseconds. */
	if (fs->inode_size > GOOD_OLD_INODE_SIZE &&
	    le16(raw + I_EXTRA_ISIZE) >= I_CRTIME - GOOD_OLD_INODE_SIZE) {
		set_le32(raw + I_CTIME_EXTRA, 0);
		set_le32(raw + I_MTIME_EXTRA, 0);
		set_le32(raw + I_ATIME_EXTRA, 0);
	}
}

int
ext2_read_inode(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *out)
{
	uint64_t nr;
	unsigned off;
	struct blk b;
	int err = inode_loc(fs, ino, &nr, &off);

	if (!err)
		err = blk_get(fs, nr, &b);
	if (err)
		return err;
	inode_decode(b.data + off, out);
	blk_put(fs, &b, false);
	return 0;
}

/* A file over 2 GiB needs LARGE_FILE in the superblock (ext2-doc §3.1.31). */
static int
note_large_file(struct ext2_fs *fs, const struct ext2_inode *in)
{
	if (!EXT2_S_ISREG(in->mode) || in->size <= 0x7fffffff ||
	    (fs->feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE))
		return 0;
	if (fs->rev_level == 0)
		return -EFBIG;
	fs->feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	return ext2_sync_super(fs);
}

/* Write @in into its slot; a new inode's slot is cleared first. */
static int
inode_store(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in,
	    bool fresh)
{
	uint64_t nr;
	unsigned off;
	struct blk b;
	uint8_t *raw;
	int err;

	if (fs->read_only)
		return -EROFS;
	err = inode_loc(fs, ino, &nr, &off);
	if (!err)
		err = note_large_file(fs, in);
	if (!err)
		err = blk_get(fs, nr, &b);
	if (err)
		return err;
	raw = b.data + off;
	if (fresh) {
		memset(raw, 0, fs->inode_size);
		if (fs->extra_isize) {
			set_le16(raw + I_EXTRA_ISIZE, fs->extra_isize);
			if (fs->extra_isize >=
			    I_CRTIME + 4 - GOOD_OLD_INODE_SIZE)
				set_le32(raw + I_CRTIME, in->ctime);
		}
	}
	inode_encode(fs, raw, in);
	blk_put(fs, &b, true);
	return 0;
}

int
ext2_write_inode(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in)
{
	return inode_store(fs, ino, in, false);
}

uint32_t
ext2_inode_rdev(const struct ext2_inode *inode)
{
	/* Linux: old 16-bit encoding in i_block[0], else new in i_block[1]. */
	return inode->block[0] ? inode->block[0] : inode->block[1];
}

static void
inode_set_rdev(struct ext2_inode *inode, uint32_t rdev)
{
	if ((rdev & ~0xffffu) == 0) /* major and minor < 256 */
		inode->block[0] = rdev;
	else
		inode->block[1] = rdev;
}

static bool
is_fast_symlink(const struct ext2_fs *fs, const struct ext2_inode *in)
{
	uint32_t ea = in->file_acl ? fs->block_size / 512 : 0;

	return EXT2_S_ISLNK(in->mode) && in->blocks <= ea;
}

/* Does i_block[] map blocks (not a device number or a symlink's text)? */
static bool
has_block_map(const struct ext2_fs *fs, const struct ext2_inode *in)
{
	return EXT2_S_ISREG(in->mode) || EXT2_S_ISDIR(in->mode) ||
	       (EXT2_S_ISLNK(in->mode) && !is_fast_symlink(fs, in));
}

/* ---- Block maps ---------------------------------------------------------- */

uint64_t
ext2_max_file_size(const struct ext2_fs *fs)
{
	uint64_t p = fs->addr_per_block;
	uint64_t max = (NDIR_BLOCKS + p + p * p + p * p * p) * fs->block_size;

	if (max > (1ULL << 41)) /* i_blocks counts 2^32 sectors at most */
		max = 1ULL << 41;
	if (fs->rev_level == 0) /* no LARGE_FILE */
		max = 0x7fffffff;
	return max;
}

/*
 * The path to file block @lblk: idx[0] is the slot in i_block[], idx[1..]
 * the entries in the indirect blocks below.  Returns the number of
 * indirect blocks on the way (0..3) or -EFBIG.
 */
static int
block_path(const struct ext2_fs *fs, uint64_t lblk, unsigned idx[4])
{
	uint64_t p = fs->addr_per_block;

	if (lblk < NDIR_BLOCKS) {
		idx[0] = (unsigned)lblk;
		return 0;
	}
	lblk -= NDIR_BLOCKS;
	if (lblk < p) {
		idx[0] = NDIR_BLOCKS;
		idx[1] = (unsigned)lblk;
		return 1;
	}
	lblk -= p;
	if (lblk < p * p) {
		idx[0] = NDIR_BLOCKS + 1;
		idx[1] = (unsigned)(lblk / p);
		idx[2] = (unsigned)(lblk % p);
		return 2;
	}
	lblk -= p * p;
	if (lblk < p * p * p) {
		idx[0] = NDIR_BLOCKS + 2;
		idx[1] = (unsigned)(lblk / (p * p));
		idx[2] = (unsigned)(lblk / p % p);
		idx[3] = (unsigned)(lblk % p);
		return 3;
	}
	return -EFBIG;
}

/* A zeroed block for @inode near @goal, counted in inode->blocks. */
static int
new_file_block(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t goal,
	       uint32_t *out)
{
	uint32_t sectors = fs->block_size / 512, nr = 0;
	struct blk b;
	int err;

	if (inode->blocks > UINT32_MAX - sectors)
		return -EFBIG;
	err = alloc_block(fs, goal, &nr);
	if (err)
		return err;
	err = blk_get(fs, nr, &b);
	if (err) {
		free_block(fs, nr);
		return err;
	}
	memset(b.data, 0, fs->block_size);
	blk_put(fs, &b, true);
	inode->blocks += sectors;
	*out = nr;
	return 0;
}

/* Give back a block of @inode. */
static int
release_block(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t nr)
{
	uint32_t sectors = fs->block_size / 512;
	int err = free_block(fs, nr);

	if (!err)
		inode->blocks =
		    inode->blocks > sectors ? inode->blocks - sectors : 0;
	return err;
}

/* Where a new block in i_block[slot] should go: after the one before. */
static uint32_t
slot_goal(const struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in,
	  unsigned slot)
{
	while (slot-- > 0)
		if (in->block[slot])
			return in->block[slot];
	return group_first_block(fs, (ino - 1) / fs->inodes_per_group);
}

/*
 * One step down: entry @i of indirect block *cur replaces *cur, after
 * being allocated if it is 0 and @alloc.  @need is how many blocks the
 * rest of the path needs, checked before anything is allocated.
 */
static int
map_step(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t *cur,
	 unsigned i, bool alloc, uint32_t need)
{
	struct blk b;
	uint32_t next;
	bool dirty = false;
	int err;

	if (bad_block(fs, *cur))
		return -EIO;
	err = blk_get(fs, *cur, &b);
	if (err)
		return err;
	next = le32(b.data + 4 * i);
	if (next == 0 && alloc) {
		err = fs->free_blocks < need
			  ? -ENOSPC
			  : new_file_block(fs, inode, *cur, &next);
		if (!err) {
			set_le32(b.data + 4 * i, next);
			dirty = true;
		}
	}
	blk_put(fs, &b, dirty);
	*cur = next;
	return err;
}

/* ext2_bmap() for any inode with a block map, even a symlink being made. */
static int
map_block(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	  uint64_t lblk, bool alloc, uint64_t *pblk)
{
	unsigned idx[4];
	int depth = block_path(fs, lblk, idx);
	uint32_t before = inode->blocks, cur;
	int err = 0;

	*pblk = 0;
	if (depth < 0)
		return depth;
	cur = inode->block[idx[0]];
	if (cur == 0 && alloc) {
		err = fs->free_blocks < (uint32_t)depth + 1
			  ? -ENOSPC
			  : new_file_block(fs, inode,
					   slot_goal(fs, ino, inode, idx[0]),
					   &cur);
		if (!err)
			inode->block[idx[0]] = cur;
	}
	for (int level = 1; !err && cur && level <= depth; level++)
		err = map_step(fs, inode, &cur, idx[level], alloc,
			       (uint32_t)(depth - level + 1));
	if (!err && cur && bad_block(fs, cur))
		err = -EIO;
	if (!err)
		*pblk = cur;
	if (inode->blocks != before) {
		int werr = ext2_write_inode(fs, ino, inode);

		err = err ? err : werr;
	}
	return err;
}

int
ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	  uint64_t lblk, bool alloc, uint64_t *pblk)
{
	*pblk = 0;
	if (!has_block_map(fs, inode))
		return -EINVAL;
	if (alloc && fs->read_only)
		return -EROFS;
	return map_block(fs, ino, inode, lblk, alloc, pblk);
}

/*
 * Free what hangs below indirect block @nr (at @level: 1 single, 2
 * double, 3 triple) from its relative file block @keep on.  *empty: it
 * maps nothing any more, so the caller frees @nr itself.
 */
static int
trim_tree(struct ext2_fs *fs, struct ext2_inode *inode, uint32_t nr, int level,
	  uint64_t keep, bool *empty)
{
	uint64_t p = fs->addr_per_block, child_span = 1;
	bool dirty = false;
	struct blk b;
	int err;

	for (int i = 1; i < level; i++)
		child_span *= p;
	if (bad_block(fs, nr))
		return -EIO;
	err = blk_get(fs, nr, &b);
	if (err)
		return err;
	for (uint64_t j = keep / child_span; j < p && !err; j++) {
		uint32_t child = le32(b.data + 4 * j);
		uint64_t first = j * child_span;
		bool gone = true;

		if (child == 0)
			continue;
		if (level > 1)
			err = trim_tree(fs, inode, child, level - 1,
					keep > first ? keep - first : 0, &gone);
		if (!err && gone) {
			err = release_block(fs, inode, child);
			set_le32(b.data + 4 * j, 0);
			dirty = true;
		}
	}
	*empty = true;
	for (uint64_t j = 0; j < p && *empty; j++)
		*empty = le32(b.data + 4 * j) == 0;
	blk_put(fs, &b, dirty);
	return err;
}

/* Free the blocks that map file blocks @first and on, indirect ones too. */
static int
free_blocks_from(struct ext2_fs *fs, struct ext2_inode *inode, uint64_t first)
{
	uint64_t start = NDIR_BLOCKS, span = 1;
	int err = 0;

	for (uint64_t i = first; i < NDIR_BLOCKS && !err; i++) {
		if (inode->block[i]) {
			err = release_block(fs, inode, inode->block[i]);
			inode->block[i] = 0;
		}
	}
	for (int level = 1; level <= 3 && !err; level++) {
		uint32_t *slot = &inode->block[NDIR_BLOCKS + level - 1];
		bool empty = false;

		span *= fs->addr_per_block;
		if (*slot && first < start + span) {
			err = trim_tree(fs, inode, *slot, level,
					first > start ? first - start : 0,
					&empty);
			if (!err && empty) {
				err = release_block(fs, inode, *slot);
				*slot = 0;
			}
		}
		start += span;
	}
	return err;
}

/* Drop a reference to the shared extended attribute block. */
static int
release_xattr_block(struct ext2_fs *fs, struct ext2_inode *inode)
{
	uint32_t refs;
	struct blk b;
	int err;

	if (bad_block(fs, inode->file_acl))
		return -EIO;
	err = blk_get(fs, inode->file_acl, &b);
	if (err)
		return err;
	if (le32(b.data + EA_MAGIC) != EXT2_EA_MAGIC) {
		blk_put(fs, &b, false);
		return -EIO;
	}
	refs = le32(b.data + EA_REFCOUNT);
	if (refs > 1)
		set_le32(b.data + EA_REFCOUNT, refs - 1);
	blk_put(fs, &b, refs > 1);
	if (refs > 1)
		inode->blocks -= fs->block_size / 512;
	else
		err = release_block(fs, inode, inode->file_acl);
	if (!err)
		inode->file_acl = 0;
	return err;
}

/* ---- File data ----------------------------------------------------------- */

/* Zero the bytes of the block holding byte @at from there to its end. */
static int
zero_tail(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	  uint64_t at)
{
	unsigned off = (unsigned)(at % fs->block_size);
	uint64_t pblk;
	struct blk b;
	int err;

	if (off == 0)
		return 0;
	err = map_block(fs, ino, inode, at / fs->block_size, false, &pblk);
	if (err || pblk == 0)
		return err;
	err = blk_get(fs, pblk, &b);
	if (err)
		return err;
	memset(b.data + off, 0, fs->block_size - off);
	blk_put(fs, &b, true);
	return 0;
}

/* Resize; the caller checked the type and writes the inode. */
static int
__truncate(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	   uint64_t size)
{
	uint64_t bs = fs->block_size;
	int err = 0;

	if (size < inode->size) {
		err = zero_tail(fs, ino, inode, size);
		if (!err)
			err = free_blocks_from(fs, inode, (size + bs - 1) / bs);
	} else if (size > inode->size) {
		/* Keep "bytes past the end are zero" true for the hole. */
		err = zero_tail(fs, ino, inode, inode->size);
	}
	if (!err)
		inode->size = size;
	return err;
}

int
ext2_truncate(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	      uint64_t size, uint32_t now)
{
	int err, werr;

	if (fs->read_only)
		return -EROFS;
	if (EXT2_S_ISDIR(inode->mode))
		return -EISDIR;
	if (!EXT2_S_ISREG(inode->mode))
		return -EINVAL;
	if (size > ext2_max_file_size(fs))
		return -EFBIG;
	err = __truncate(fs, ino, inode, size);
	inode->mtime = inode->ctime = now;
	werr = ext2_write_inode(fs, ino, inode);
	return err ? err : werr;
}

/* A fast symlink's text is the bytes of i_block[]. */
static long
read_fast_symlink(const struct ext2_inode *inode, uint64_t off, void *buf,
		  size_t n)
{
	uint8_t text[4 * EXT2_N_BLOCKS];

	if (inode->size >= sizeof(text))
		return -EIO;
	for (int i = 0; i < EXT2_N_BLOCKS; i++)
		set_le32(text + 4 * i, inode->block[i]);
	if (off >= inode->size)
		return 0;
	if (n > inode->size - off)
		n = (size_t)(inode->size - off);
	memcpy(buf, text + off, n);
	return (long)n;
}

long
ext2_read_data(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	       uint64_t off, void *buf, size_t n)
{
	unsigned bs = fs->block_size;
	uint8_t *dst = buf;
	size_t done = 0;
	int err = 0;

	if (is_fast_symlink(fs, inode))
		return read_fast_symlink(inode, off, buf, n);
	if (!has_block_map(fs, inode))
		return -EINVAL;
	if (off >= inode->size)
		return 0;
	if (n > inode->size - off)
		n = (size_t)(inode->size - off);
	if (n > (size_t)(~0UL >> 1))
		n = (size_t)(~0UL >> 1);
	while (done < n) {
		uint64_t pos = off + done, pblk;
		unsigned boff = (unsigned)(pos % bs);
		size_t chunk = bs - boff < n - done ? bs - boff : n - done;
		struct blk b;

		err = map_block(fs, ino, inode, pos / bs, false, &pblk);
		if (!err && pblk)
			err = blk_get(fs, pblk, &b);
		if (err)
			break;
		if (pblk == 0) {
			memset(dst + done, 0, chunk);
		} else {
			memcpy(dst + done, b.data + boff, chunk);
			blk_put(fs, &b, false);
		}
		done += chunk;
	}
	return done ? (long)done : err;
}

/* ext2_write_data() without the checks: also makes slow symlinks. */
static long
__write_data(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	     uint64_t off, const void *buf, size_t n, uint32_t now)
{
	uint64_t max = ext2_max_file_size(fs);
	unsigned bs = fs->block_size;
	const uint8_t *src = buf;
	size_t done = 0;
	int err = 0;

	if (n == 0)
		return 0;
	if (off >= max)
		return -EFBIG;
	if (n > max - off)
		n = (size_t)(max - off);
	if (n > (size_t)(~0UL >> 1))
		n = (size_t)(~0UL >> 1);
	while (done < n) {
		uint64_t pos = off + done, pblk;
		unsigned boff = (unsigned)(pos % bs);
		size_t chunk = bs - boff < n - done ? bs - boff : n - done;
		struct blk b;

		err = map_block(fs, ino, inode, pos / bs, true, &pblk);
		if (!err)
			err = blk_get(fs, pblk, &b);
		if (err)
			break;
		memcpy(b.data + boff, src + done, chunk);
		blk_put(fs, &b, true);
		done += chunk;
	}
	if (done == 0)
		return err;
	if (off + done > inode->size)
		inode->size = off + done;
	inode->mtime = inode->ctime = now;
	err = ext2_write_inode(fs, ino, inode);
	return err ? err : (long)done;
}

long
ext2_write_data(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
		uint64_t off, const void *buf, size_t n, uint32_t now)
{
	if (fs->read_only)
		return -EROFS;
	if (EXT2_S_ISDIR(inode->mode))
		return -EISDIR;
	if (!EXT2_S_ISREG(inode->mode))
		return -EINVAL;
	return __write_data(fs, ino, inode, off, buf, n, now);
}

/* ---- Directory entries --------------------------------------------------- */

/* One entry, decoded and checked. */
struct dirent {
	uint32_t ino; /* 0: unused */
	unsigned rec_len, name_len, type;
	const uint8_t *name;
};

/* Where a name was found: its entry and the one before it in the block. */
struct dir_slot {
	uint64_t pblk;
	unsigned off, prev; /* prev: NO_PREV for the first entry */
	uint32_t ino;
};

static int
dirent_at(const struct ext2_fs *fs, const uint8_t *blk, unsigned off,
	  struct dirent *de)
{
	const uint8_t *p = blk + off;
	bool filetype = fs->feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE;

	if (off + DE_NAME > fs->block_size)
		return -EIO;
	de->ino = le32(p + DE_INODE);
	de->rec_len = le16(p + DE_REC_LEN);
	de->name_len = p[DE_NAME_LEN];
	de->type = filetype ? p[DE_FILE_TYPE] : EXT2_FT_UNKNOWN;
	de->name = p + DE_NAME;
	if (de->rec_len < DE_NAME || de->rec_len % 4 ||
	    off + de->rec_len > fs->block_size ||
	    DE_NAME + de->name_len > de->rec_len ||
	    de->ino > fs->inodes_count || (!filetype && p[DE_FILE_TYPE]))
		return -EIO;
	return 0;
}

static void
dirent_write(const struct ext2_fs *fs, uint8_t *p, uint32_t ino,
	     unsigned rec_len, const char *name, size_t len, unsigned type)
{
	bool filetype = fs->feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE;

	set_le32(p + DE_INODE, ino);
	set_le16(p + DE_REC_LEN, (uint16_t)rec_len);
	p[DE_NAME_LEN] = (uint8_t)len;
	p[DE_FILE_TYPE] = filetype ? (uint8_t)type : 0;
	memcpy(p + DE_NAME, name, len);
	memset(p + DE_NAME + len, 0, DE_SIZE(len) - DE_NAME - len);
}

static unsigned
mode_to_type(uint16_t mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG:
		return EXT2_FT_REG_FILE;
	case EXT2_S_IFDIR:
		return EXT2_FT_DIR;
	case EXT2_S_IFCHR:
		return EXT2_FT_CHRDEV;
	case EXT2_S_IFBLK:
		return EXT2_FT_BLKDEV;
	case EXT2_S_IFIFO:
		return EXT2_FT_FIFO;
	case EXT2_S_IFSOCK:
		return EXT2_FT_SOCK;
	case EXT2_S_IFLNK:
		return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

/* Directory block @lblk, or b->data NULL for a hole. */
static int
dir_block(struct ext2_fs *fs, uint32_t dino, struct ext2_inode *dir,
	  uint64_t lblk, struct blk *b, uint64_t *pblk)
{
	int err = map_block(fs, dino, dir, lblk, false, pblk);

	b->data = NULL;
	if (err || *pblk == 0)
		return err;
	return blk_get(fs, *pblk, b);
}

static int
dir_find(struct ext2_fs *fs, uint32_t dino, struct ext2_inode *dir,
	 const char *name, size_t len, struct dir_slot *s)
{
	uint64_t nblocks = dir->size / fs->block_size;

	for (uint64_t lblk = 0; lblk < nblocks; lblk++) {
		unsigned prev = NO_PREV;
		bool found = false;
		struct dirent de;
		struct blk b;
		int err = dir_block(fs, dino, dir, lblk, &b, &s->pblk);

		if (err)
			return err;
		if (b.data == NULL)
			continue;
		for (unsigned off = 0; off < fs->block_size && !found;
		     off += de.rec_len) {
			err = dirent_at(fs, b.data, off, &de);
			if (err)
				break;
			found = de.ino && de.name_len == len &&
				memcmp(de.name, name, len) == 0;
			if (found) {
				s->off = off;
				s->prev = prev;
				s->ino = de.ino;
			}
			prev = off;
		}
		blk_put(fs, &b, false);
		if (err || found)
			return err;
	}
	return -ENOENT;
}

/* Remove the entry at @s: the one before absorbs it, if there is one. */
static int
dir_remove(struct ext2_fs *fs, const struct dir_slot *s)
{
	struct blk b;
	int err = blk_get(fs, s->pblk, &b);

	if (err)
		return err;
	if (s->prev == NO_PREV) {
		set_le32(b.data + s->off + DE_INODE, 0);
	} else {
		uint8_t *prev = b.data + s->prev;
		unsigned len = le16(prev + DE_REC_LEN) +
			       le16(b.data + s->off + DE_REC_LEN);

		set_le16(prev + DE_REC_LEN, (uint16_t)len);
	}
	blk_put(fs, &b, true);
	return 0;
}

/* Point the entry at @s to another inode. */
static int
dir_retarget(struct ext2_fs *fs, const struct dir_slot *s, uint32_t ino,
	     unsigned type)
{
	struct blk b;
	int err = blk_get(fs, s->pblk, &b);

	if (err)
		return err;
	set_le32(b.data + s->off + DE_INODE, ino);
	if (fs->feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE)
		b.data[s->off + DE_FILE_TYPE] = (uint8_t)type;
	blk_put(fs, &b, true);
	return 0;
}

/* Put a new entry into the first entry of block @b with room after it. */
static bool
dir_block_insert(struct ext2_fs *fs, uint8_t *blk, const char *name, size_t len,
		 uint32_t ino, unsigned type, int *err)
{
	unsigned need = DE_SIZE(len);
	struct dirent de;

	for (unsigned off = 0; off < fs->block_size; off += de.rec_len) {
		unsigned used;

		*err = dirent_at(fs, blk, off, &de);
		if (*err)
			return false;
		used = de.ino ? DE_SIZE(de.name_len) : 0;
		if (de.rec_len - used < need)
			continue;
		if (used) /* split: this entry keeps what it uses */
			set_le16(blk + off + DE_REC_LEN, (uint16_t)used);
		dirent_write(fs, blk + off + used, ino, de.rec_len - used, name,
			     len, type);
		return true;
	}
	return false;
}

/* Add name -> @ino to directory @dino, in some slack or a new block. */
static int
dir_add(struct ext2_fs *fs, uint32_t dino, struct ext2_inode *dir,
	const char *name, size_t len, uint32_t ino, unsigned type, uint32_t now)
{
	uint64_t nblocks = dir->size / fs->block_size, lblk, pblk;
	bool done = false;
	struct blk b;
	int err;

	for (lblk = 0; lblk < nblocks && !done; lblk++) {
		err = dir_block(fs, dino, dir, lblk, &b, &pblk);
		if (err)
			return err;
		if (b.data == NULL)
			continue;
		done = dir_block_insert(fs, b.data, name, len, ino, type, &err);
		blk_put(fs, &b, done);
		if (err)
			return err;
	}
	if (!done) {
		if (dir->size + fs->block_size > UINT32_MAX)
			return -ENOSPC;
		err = map_block(fs, dino, dir, nblocks, true, &pblk);
		if (!err)
			err = blk_get(fs, pblk, &b);
		if (err)
			return err;
		dirent_write(fs, b.data, ino, fs->block_size, name, len, type);
		blk_put(fs, &b, true);
		dir->size += fs->block_size;
	}
	/*
	 * The hash index (dir_index) does not list the new name; we keep
	 * the directory linear from now on.  Removals leave it valid.
	 */
	dir->mtime = dir->ctime = now;
	dir->flags &= ~EXT2_INDEX_FL;
	return ext2_write_inode(fs, dino, dir);
}

/* Has directory @dino entries besides "." and ".."? */
static int
dir_check_empty(struct ext2_fs *fs, uint32_t dino, struct ext2_inode *dir)
{
	uint64_t nblocks = dir->size / fs->block_size, pblk;

	for (uint64_t lblk = 0; lblk < nblocks; lblk++) {
		bool empty = true;
		struct dirent de;
		struct blk b;
		int err = dir_block(fs, dino, dir, lblk, &b, &pblk);

		if (err)
			return err;
		if (b.data == NULL)
			continue;
		for (unsigned off = 0; off < fs->block_size && empty;
		     off += de.rec_len) {
			err = dirent_at(fs, b.data, off, &de);
			if (err)
				break;
			empty = de.ino == 0 ||
				(de.name_len == 1 && de.name[0] == '.') ||
				(de.name_len == 2 && de.name[0] == '.' &&
				 de.name[1] == '.');
		}
		blk_put(fs, &b, false);
		if (err)
			return err;
		if (!empty)
			return -ENOTEMPTY;
	}
	return 0;
}

/* ---- Names --------------------------------------------------------------- */

static int
check_name(const char *name, size_t len)
{
	if (len == 0)
		return -EINVAL;
	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\0')
			return -EINVAL;
	return 0;
}

static bool
is_dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Read directory @ino: not one, -ENOTDIR; removed, -ENOENT. */
static int
get_dir(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *dir)
{
	int err = ext2_read_inode(fs, ino, dir);

	if (err)
		return err;
	if (!EXT2_S_ISDIR(dir->mode))
		return -ENOTDIR;
	return dir->links_count ? 0 : -ENOENT;
}

/* Read directory @dino and find @name in it. */
static int
find_name(struct ext2_fs *fs, uint32_t dino, struct ext2_inode *dir,
	  const char *name, size_t len, struct dir_slot *s)
{
	int err = check_name(name, len);

	if (!err)
		err = get_dir(fs, dino, dir);
	if (!err)
		err = dir_find(fs, dino, dir, name, len, s);
	return err;
}

/* May @name be added to @dino?  Leaves the directory in *dir. */
static int
check_new_name(struct ext2_fs *fs, uint32_t dino, struct ext2_inode *dir,
	       const char *name, size_t len)
{
	struct dir_slot s;
	int err;

	if (fs->read_only)
		return -EROFS;
	err = find_name(fs, dino, dir, name, len, &s);
	if (err == 0)
		return -EEXIST;
	return err == -ENOENT && dir->links_count ? 0 : err;
}

int
ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	    uint32_t *ino)
{
	struct ext2_inode d;
	struct dir_slot s;
	int err = find_name(fs, dir, &d, name, len, &s);

	if (err == -EINVAL && len == 0)
		err = -ENOENT;
	if (!err)
		*ino = s.ino;
	return err;
}

int
ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *pos,
	     int (*emit)(void *arg, const char *name, size_t len, uint32_t ino,
			 unsigned file_type),
	     void *arg)
{
	uint64_t size, bs = fs->block_size, pblk;
	struct ext2_inode d;
	int err = ext2_read_inode(fs, dir, &d);

	if (err)
		return err;
	if (!EXT2_S_ISDIR(d.mode))
		return -ENOTDIR;
	size = d.size - d.size % bs;
	while (*pos < size) {
		uint64_t lblk = *pos / bs;
		unsigned start = (unsigned)(*pos % bs);
		bool stop = false;
		struct dirent de;
		struct blk b;

		err = dir_block(fs, dir, &d, lblk, &b, &pblk);
		if (err)
			return err;
		for (unsigned off = 0; b.data && off < bs && !stop;
		     off += de.rec_len) {
			err = dirent_at(fs, b.data, off, &de);
			if (err)
				break;
			if (off < start || de.ino == 0)
				continue;
			*pos = lblk * bs + off;
			stop = emit(arg, (const char *)de.name, de.name_len,
				    de.ino, de.type) != 0;
		}
		if (b.data)
			blk_put(fs, &b, false);
		if (err || stop)
			return err;
		*pos = (lblk + 1) * bs;
	}
	return 0;
}

/* ---- Creating and removing ----------------------------------------------- */

static void
inode_init(struct ext2_inode *in, uint16_t mode, uint16_t links, uint32_t now)
{
	memset(in, 0, sizeof(*in));
	in->mode = mode;
	in->links_count = links;
	in->atime = in->ctime = in->mtime = now;
}

/* Allocate an inode near @parent and write @in into it. */
static int
new_inode(struct ext2_fs *fs, uint32_t parent, struct ext2_inode *in,
	  uint32_t *ino)
{
	bool dir = EXT2_S_ISDIR(in->mode);
	int err = alloc_inode(fs, parent, dir, ino);

	if (err)
		return err;
	in->generation = fs->next_generation++;
	err = inode_store(fs, *ino, in, true);
	if (err)
		free_inode(fs, *ino, dir);
	return err;
}

/* Free inode @ino (@in, links_count 0): its blocks, then the inode. */
static int
evict_inode(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in,
	    uint32_t now)
{
	int err = 0, werr;

	if (has_block_map(fs, in))
		err = free_blocks_from(fs, in, 0);
	if (!err && in->file_acl)
		err = release_xattr_block(fs, in);
	if (!err)
		in->size = 0;
	in->dtime = now;
	werr = ext2_write_inode(fs, ino, in);
	err = err ? err : werr;
	if (!err) /* else leave it for e2fsck rather than lose blocks */
		err = free_inode(fs, ino, EXT2_S_ISDIR(in->mode));
	return err;
}

/* Undo new_inode() after a later step failed. */
static void
discard_inode(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in,
	      uint32_t now)
{
	in->links_count = 0;
	evict_inode(fs, ino, in, now);
}

/* Tell the caller about the inode that lost a name, or evict it now. */
static int
report_victim(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in,
	      uint32_t now, struct ext2_victim *victim)
{
	if (victim) {
		victim->ino = ino;
		victim->links_count = in->links_count;
		return 0;
	}
	return in->links_count ? 0 : evict_inode(fs, ino, in, now);
}

int
ext2_evict(struct ext2_fs *fs, uint32_t ino, uint32_t now)
{
	struct ext2_inode in;
	int err;

	if (fs->read_only)
		return -EROFS;
	if (ino < fs->first_ino)
		return -EINVAL;
	err = ext2_read_inode(fs, ino, &in);
	if (err)
		return err;
	if (in.links_count)
		return -EBUSY;
	if (in.dtime || in.mode == 0)
		return -EIO; /* freed already, or never used */
	return evict_inode(fs, ino, &in, now);
}

int
ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	    uint16_t mode, uint32_t rdev, uint32_t now, uint32_t *ino)
{
	struct ext2_inode d, in;
	int err;

	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG:
	case EXT2_S_IFCHR:
	case EXT2_S_IFBLK:
	case EXT2_S_IFIFO:
	case EXT2_S_IFSOCK:
		break;
	default:
		return -EINVAL;
	}
	err = check_new_name(fs, dir, &d, name, len);
	if (err)
		return err;
	inode_init(&in, mode, 1, now);
	if ((mode & EXT2_S_IFMT) == EXT2_S_IFCHR ||
	    (mode & EXT2_S_IFMT) == EXT2_S_IFBLK)
		inode_set_rdev(&in, rdev);
	err = new_inode(fs, dir, &in, ino);
	if (err)
		return err;
	err = dir_add(fs, dir, &d, name, len, *ino, mode_to_type(mode), now);
	if (err)
		discard_inode(fs, *ino, &in, now);
	return err;
}

/* The first block of a new directory: "." and "..". */
static int
dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in,
	 uint32_t parent)
{
	uint64_t pblk;
	struct blk b;
	int err = map_block(fs, ino, in, 0, true, &pblk);

	if (!err)
		err = blk_get(fs, pblk, &b);
	if (err)
		return err;
	dirent_write(fs, b.data, ino, DE_SIZE(1), ".", 1, EXT2_FT_DIR);
	dirent_write(fs, b.data + DE_SIZE(1), parent,
		     fs->block_size - DE_SIZE(1), "..", 2, EXT2_FT_DIR);
	blk_put(fs, &b, true);
	in->size = fs->block_size;
	return ext2_write_inode(fs, ino, in);
}

int
ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	   uint16_t mode, uint32_t now, uint32_t *ino)
{
	struct ext2_inode d, in;
	int err = check_new_name(fs, dir, &d, name, len);

	if (err)
		return err;
	if (d.links_count >= EXT2_LINK_MAX)
		return -EMLINK;
	inode_init(&in, (uint16_t)(EXT2_S_IFDIR | (mode & 07777)), 2, now);
	err = new_inode(fs, dir, &in, ino);
	if (err)
		return err;
	err = dir_init(fs, *ino, &in, dir);
	if (!err)
		err = dir_add(fs, dir, &d, name, len, *ino, EXT2_FT_DIR, now);
	if (err) {
		discard_inode(fs, *ino, &in, now);
		return err;
	}
	d.links_count++; /* the new ".." */
	return ext2_write_inode(fs, dir, &d);
}

int
ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	     const char *target, size_t tlen, uint32_t now, uint32_t *ino)
{
	struct ext2_inode d, in;
	int err = check_new_name(fs, dir, &d, name, len);

	if (err)
		return err;
	if (tlen == 0)
		return -ENOENT;
	if (tlen >= fs->block_size)
		return -ENAMETOOLONG;
	inode_init(&in, EXT2_S_IFLNK | 0777, 1, now);
	if (tlen < EXT2_FAST_LINK) {
		uint8_t text[4 * EXT2_N_BLOCKS] = { 0 };

		memcpy(text, target, tlen);
		for (int i = 0; i < EXT2_N_BLOCKS; i++)
			in.block[i] = le32(text + 4 * i);
		in.size = tlen;
	}
	err = new_inode(fs, dir, &in, ino);
	if (err)
		return err;
	if (tlen >= EXT2_FAST_LINK) {
		long n = __write_data(fs, *ino, &in, 0, target, tlen, now);

		err = n < 0 ? (int)n : (size_t)n < tlen ? -ENOSPC : 0;
	}
	if (!err)
		err =
		    dir_add(fs, dir, &d, name, len, *ino, EXT2_FT_SYMLINK, now);
	if (err)
		discard_inode(fs, *ino, &in, now);
	return err;
}

long
ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t n)
{
	struct ext2_inode in;
	int err = ext2_read_inode(fs, ino, &in);

	if (err)
		return err;
	if (!EXT2_S_ISLNK(in.mode))
		return -EINVAL;
	return ext2_read_data(fs, ino, &in, 0, buf, n);
}

int
ext2_link(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	  uint32_t ino, uint32_t now)
{
	struct ext2_inode d, in;
	int err = check_new_name(fs, dir, &d, name, len);

	if (!err)
		err = ext2_read_inode(fs, ino, &in);
	if (err)
		return err;
	if (EXT2_S_ISDIR(in.mode))
		return -EPERM;
	if (in.links_count == 0)
		return -ENOENT;
	if (in.links_count >= EXT2_LINK_MAX)
		return -EMLINK;
	err = dir_add(fs, dir, &d, name, len, ino, mode_to_type(in.mode), now);
	if (err)
		return err;
	in.links_count++;
	in.ctime = now;
	return ext2_write_inode(fs, ino, &in);
}

int
ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	    uint32_t now, struct ext2_victim *victim)
{
	struct ext2_inode d, in;
	struct dir_slot s;
	int err;

	if (fs->read_only)
		return -EROFS;
	err = find_name(fs, dir, &d, name, len, &s);
	if (!err)
		err = ext2_read_inode(fs, s.ino, &in);
	if (err)
		return err;
	if (EXT2_S_ISDIR(in.mode))
		return -EISDIR;
	err = dir_remove(fs, &s);
	if (err)
		return err;
	d.mtime = d.ctime = now;
	err = ext2_write_inode(fs, dir, &d);
	if (in.links_count)
		in.links_count--;
	in.ctime = now;
	if (!err)
		err = ext2_write_inode(fs, s.ino, &in);
	if (!err)
		err = report_victim(fs, s.ino, &in, now, victim);
	return err;
}

int
ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	   uint32_t now, struct ext2_victim *victim)
{
	struct ext2_inode d, in;
	struct dir_slot s;
	int err;

	if (fs->read_only)
		return -EROFS;
	if (is_dot_or_dotdot(name, len))
		return -EINVAL;
	err = find_name(fs, dir, &d, name, len, &s);
	if (!err)
		err = ext2_read_inode(fs, s.ino, &in);
	if (err)
		return err;
	if (!EXT2_S_ISDIR(in.mode))
		return -ENOTDIR;
	err = dir_check_empty(fs, s.ino, &in);
	if (!err)
		err = dir_remove(fs, &s);
	if (err)
		return err;
	if (d.links_count > 2)
		d.links_count--; /* its ".." is gone */
	d.mtime = d.ctime = now;
	err = ext2_write_inode(fs, dir, &d);
	in.links_count = 0;
	in.ctime = now;
	if (!err)
		err = __truncate(fs, s.ino, &in, 0);
	if (!err)
		err = ext2_write_inode(fs, s.ino, &in);
	if (!err)
		err = report_victim(fs, s.ino, &in, now, victim);
	return err;
}

/*
 * -EINVAL if directory @dir is @top or below it: walk ".." up to the
 * root.  A loop on a corrupt volume ends after inodes_count steps.
 */
static int
check_not_below(struct ext2_fs *fs, uint32_t dir, uint32_t top)
{
	for (uint32_t n = 0; n < fs->inodes_count; n++) {
		struct ext2_inode in;
		struct dir_slot s;
		int err;

		if (dir == top)
			return -EINVAL;
		if (dir == EXT2_ROOT_INO)
			return 0;
		err = find_name(fs, dir, &in, "..", 2, &s);
		if (err)
			return err == -ENOENT ? -EIO : err;
		dir = s.ino;
	}
	return -EIO;
}

/* Can @src (a directory or not) replace @tgt? */
static int
check_replace(struct ext2_fs *fs, const struct ext2_inode *src, uint32_t tino,
	      struct ext2_inode *tgt)
{
	if (EXT2_S_ISDIR(src->mode) && !EXT2_S_ISDIR(tgt->mode))
		return -ENOTDIR;
	if (!EXT2_S_ISDIR(src->mode) && EXT2_S_ISDIR(tgt->mode))
		return -EISDIR;
	if (EXT2_S_ISDIR(tgt->mode))
		return dir_check_empty(fs, tino, tgt);
	return 0;
}

/* One rename: what rename_check() found before anything changes. */
struct rename_op {
	uint32_t olddir, newdir;
	struct ext2_inode od, nd_other;
	struct ext2_inode *nd; /* &od when newdir == olddir */
	struct dir_slot os;    /* the old name */
	struct dir_slot ts;    /* the new name, if it exists (else ino 0) */
	struct ext2_inode src, tgt;
};

/* The rename(2) checks, in the order Linux makes them. */
static int
rename_check(struct ext2_fs *fs, struct rename_op *r, const char *oname,
	     size_t olen, const char *nname, size_t nlen)
{
	bool moves_dir;
	int err;

	r->ts.ino = 0;
	if (fs->read_only)
		return -EROFS;
	if (is_dot_or_dotdot(oname, olen) || is_dot_or_dotdot(nname, nlen))
		return -EINVAL;
	err = check_name(nname, nlen);
	if (!err)
		err = find_name(fs, r->olddir, &r->od, oname, olen, &r->os);
	if (!err && r->nd != &r->od)
		err = get_dir(fs, r->newdir, r->nd);
	if (!err)
		err = ext2_read_inode(fs, r->os.ino, &r->src);
	if (err)
		return err;
	err = dir_find(fs, r->newdir, r->nd, nname, nlen, &r->ts);
	if (err == -ENOENT)
		r->ts.ino = 0;
	else if (err || r->ts.ino == r->os.ino) /* same inode: nothing to do */
		return err;
	moves_dir = EXT2_S_ISDIR(r->src.mode) && r->newdir != r->olddir;
	if (moves_dir) {
		err = check_not_below(fs, r->newdir, r->os.ino);
		if (err)
			return err;
	}
	if (r->ts.ino) {
		err = ext2_read_inode(fs, r->ts.ino, &r->tgt);
		return err ? err
			   : check_replace(fs, &r->src, r->ts.ino, &r->tgt);
	}
	if (moves_dir && r->nd->links_count >= EXT2_LINK_MAX)
		return -EMLINK;
	return 0;
}

/* Move the name: the new entry first, so -ENOSPC changes nothing. */
static int
rename_move(struct ext2_fs *fs, struct rename_op *r, const char *oname,
	    size_t olen, const char *nname, size_t nlen, uint32_t now)
{
	unsigned type = mode_to_type(r->src.mode);
	struct dir_slot dotdot;
	int err;

	if (r->ts.ino) {
		err = dir_retarget(fs, &r->ts, r->os.ino, type);
		r->nd->mtime = r->nd->ctime = now;
	} else {
		err = dir_add(fs, r->newdir, r->nd, nname, nlen, r->os.ino,
			      type, now);
	}
	/* Find the old name again: dir_add may have split the entry before. */
	if (!err)
		err = dir_find(fs, r->olddir, &r->od, oname, olen, &r->os);
	if (!err)
		err = dir_remove(fs, &r->os);
	if (err)
		return err;
	r->od.mtime = r->od.ctime = now;
	r->src.ctime = now;
	if (EXT2_S_ISDIR(r->src.mode) && r->newdir != r->olddir) {
		err = dir_find(fs, r->os.ino, &r->src, "..", 2, &dotdot);
		if (!err)
			err = dir_retarget(fs, &dotdot, r->newdir, EXT2_FT_DIR);
		r->od.links_count--;
		r->nd->links_count++;
	}
	if (!err)
		err = ext2_write_inode(fs, r->os.ino, &r->src);
	return err;
}

/* The replaced target lost its name (and a directory its ".."). */
static int
rename_drop_target(struct ext2_fs *fs, struct rename_op *r, uint32_t now,
		   struct ext2_victim *victim)
{
	int err = 0;

	r->tgt.ctime = now;
	if (EXT2_S_ISDIR(r->tgt.mode)) {
		r->tgt.links_count = 0;
		r->nd->links_count--;
		err = __truncate(fs, r->ts.ino, &r->tgt, 0);
	} else if (r->tgt.links_count) {
		r->tgt.links_count--;
	}
	if (!err)
		err = ext2_write_inode(fs, r->ts.ino, &r->tgt);
	if (!err)
		err = report_victim(fs, r->ts.ino, &r->tgt, now, victim);
	return err;
}

int
ext2_rename(struct ext2_fs *fs, uint32_t olddir, const char *oname, size_t olen,
	    uint32_t newdir, const char *nname, size_t nlen, uint32_t now,
	    struct ext2_victim *victim)
{
	struct rename_op r = { .olddir = olddir, .newdir = newdir };
	int err, werr;

	if (victim)
		victim->ino = victim->links_count = 0;
	r.nd = newdir == olddir ? &r.od : &r.nd_other;
	err = rename_check(fs, &r, oname, olen, nname, nlen);
	if (err || r.ts.ino == r.os.ino)
		return err;
	err = rename_move(fs, &r, oname, olen, nname, nlen, now);
	if (!err && r.ts.ino)
		err = rename_drop_target(fs, &r, now, victim);
	/* The parents last: their link counts changed on the way. */
	werr = ext2_write_inode(fs, olddir, &r.od);
	if (!werr && r.nd != &r.od)
		werr = ext2_write_inode(fs, newdir, r.nd);
	return err ? err : werr;
}
