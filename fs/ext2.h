/*
 * fs/ext2.h - the ext2 file system (revision 0 and 1, no journal): the
 * on-disk structures and the operations on them, as a pure module.
 *
 * This module knows the disk format and nothing of the kernel: it reads
 * and writes blocks only through the callbacks of struct ext2_blockdev
 * (the kernel backs them with its buffer cache, the host unit test with
 * an image in memory), allocates no memory, takes no locks and never
 * sleeps by itself (a get() callback may).  The VFS glue (fs/ext2_vfs.c)
 * turns system calls into the calls below.
 *
 * Inodes live on disk only.  Calls that take a struct ext2_inode * work
 * on the caller's copy of that inode (from ext2_read_inode() under the
 * same lock hold), change it and write it back; the metadata calls
 * (create, unlink, rename, ...) read and write the inodes they touch
 * themselves, so a copy kept across them goes stale: read it again.
 *
 * Lock legend: one lock per file system, owned by the caller, serialises
 * every call that takes that struct ext2_fs.  Fields are tagged [I]
 * immutable after ext2_mount() or [F] protected by that lock.
 *
 * Errors: 0 (or a count) on success, -errno on failure.  -EIO means the
 * device failed or a structure on it is corrupt; -EROFS a change was
 * asked of a file system mounted read-only.
 */
#ifndef SLUICE_FS_EXT2_H
#define SLUICE_FS_EXT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXT2_ROOT_INO  2   /* the root directory */
#define EXT2_NAME_LEN  255 /* longest name in a directory */
#define EXT2_N_BLOCKS  15  /* i_block[]: 12 direct, single, double, triple */
#define EXT2_LINK_MAX  32000
#define EXT2_FAST_LINK 60 /* a symlink shorter than this lives in i_block */

/* i_mode: file type and permission bits, the values of Linux's stat.h. */
#define EXT2_S_IFMT	0170000
#define EXT2_S_IFSOCK	0140000
#define EXT2_S_IFLNK	0120000
#define EXT2_S_IFREG	0100000
#define EXT2_S_IFBLK	0060000
#define EXT2_S_IFDIR	0040000
#define EXT2_S_IFCHR	0020000
#define EXT2_S_IFIFO	0010000
#define EXT2_S_ISDIR(m) (((m)&EXT2_S_IFMT) == EXT2_S_IFDIR)
#define EXT2_S_ISREG(m) (((m)&EXT2_S_IFMT) == EXT2_S_IFREG)
#define EXT2_S_ISLNK(m) (((m)&EXT2_S_IFMT) == EXT2_S_IFLNK)

/*
 * Directory entry file types (with the FILETYPE feature; else always
 * UNKNOWN).  getdents' DT_* value of each is (its S_IF* >> 12).
 */
#define EXT2_FT_UNKNOWN	 0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR	 2
#define EXT2_FT_CHRDEV	 3
#define EXT2_FT_BLKDEV	 4
#define EXT2_FT_FIFO	 5
#define EXT2_FT_SOCK	 6
#define EXT2_FT_SYMLINK	 7

/* i_flags bits this module looks at. */
#define EXT2_INDEX_FL 0x00001000 /* hashed directory; cleared on a new name */

/* Superblock feature bits this module supports (ext2-doc §3.1.29-31). */
#define EXT2_FEATURE_COMPAT_HAS_JOURNAL	    0x0004 /* mounted, journal unused */
#define EXT2_FEATURE_INCOMPAT_FILETYPE	    0x0002
#define EXT2_FEATURE_INCOMPAT_RECOVER	    0x0004 /* refused: needs e2fsck */
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE   0x0002
#define EXT2_FEATURE_INCOMPAT_SUPP	    EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_FEATURE_RO_COMPAT_SUPP            \
	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
	 EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/* Where the superblock is and its field offsets the tests patch. */
#define EXT2_SUPER_OFFSET	  1024
#define EXT2_SB_FEATURE_COMPAT	  0x5C
#define EXT2_SB_FEATURE_INCOMPAT  0x60
#define EXT2_SB_FEATURE_RO_COMPAT 0x64

/*
 * The block device.  get() returns the @block_size bytes of @block (the
 * block number in units of @block_size) and a handle for put(), or NULL
 * with *err set (-EIO); the bytes stay valid until put().  put(dirty)
 * says the bytes were changed and must reach the disk.  forget(), if not
 * NULL, is told of every block freed so a cache can drop it.  The module
 * holds at most four blocks at a time and, on a sound volume, never the
 * same block twice; every get() is matched by one put() before the call
 * returns, errors included.
 *
 * ext2_mount() reads the superblock as 1 KiB block 1 before it knows the
 * block size; on a volume with bigger blocks it then forgets that block
 * and uses only the volume's block size.  A freshly allocated block is
 * got and then zeroed whole (its old contents are never needed).
 */
struct ext2_blockdev {
	void *ctx;
	void *(*get)(void *ctx, uint64_t block, unsigned block_size,
		     void **handle, int *err);
	void (*put)(void *ctx, void *handle, bool dirty);
	void (*forget)(void *ctx, uint64_t block, unsigned block_size);
};

/* Counters for /proc; never reset. */
struct ext2_stats {
	uint64_t block_gets;	   /* get() calls */
	uint64_t blocks_allocated; /* data and indirect blocks */
	uint64_t blocks_freed;
	uint64_t inodes_allocated;
	uint64_t inodes_freed;
};

/* One mounted file system. */
struct ext2_fs {
	const struct ext2_blockdev *bd; /* [I] */
	unsigned block_size;		/* [I] 1024, 2048 or 4096 */
	unsigned addr_per_block;    /* [I] block numbers per indirect block */
	uint32_t blocks_count;	    /* [I] */
	uint32_t inodes_count;	    /* [I] */
	uint32_t r_blocks_count;    /* [I] reserved for root; not enforced */
	uint32_t first_data_block;  /* [I] 1 with 1 KiB blocks, else 0 */
	uint32_t blocks_per_group;  /* [I] */
	uint32_t inodes_per_group;  /* [I] */
	uint32_t groups;	    /* [I] block groups */
	uint32_t gdt_block;	    /* [I] first block of group descriptors */
	unsigned inode_size;	    /* [I] bytes per inode table slot */
	uint32_t first_ino;	    /* [I] first inode for ordinary files */
	uint32_t rev_level;	    /* [I] 0 or 1 */
	uint32_t feature_compat;    /* [I] */
	uint32_t feature_incompat;  /* [I] */
	uint32_t feature_ro_compat; /* [F] LARGE_FILE may be added */
	uint16_t extra_isize;	    /* [I] for new inodes (256-byte slots) */
	bool read_only;		    /* [I] */
	uint32_t free_blocks;	    /* [F] sum of the groups' counts */
	uint32_t free_inodes;	    /* [F] */
	uint32_t next_generation;   /* [F] i_generation of the next inode */
	struct ext2_stats stats;    /* [F] */
};

/*
 * The in-memory copy of one inode: the fields of the 128-byte ext2 inode
 * this module uses, decoded.  Timestamps are seconds; the nanosecond
 * fields of 256-byte inodes are cleared when an inode is written.
 */
struct ext2_inode {
	uint16_t mode;	      /* EXT2_S_IF* | permission bits */
	uint16_t links_count; /* names (and ".") that refer to it */
	uint32_t uid, gid;    /* 32 bits: low half + Linux's high half */
	uint64_t size;	      /* bytes (i_size_high for regular files) */
	uint32_t atime, ctime, mtime;  /* seconds */
	uint32_t dtime;		       /* deletion time, 0 while in use */
	uint32_t blocks;	       /* 512-byte units, indirect blocks too */
	uint32_t flags;		       /* EXT2_*_FL */
	uint32_t block[EXT2_N_BLOCKS]; /* block map, fast symlink or device */
	uint32_t generation;	       /* for NFS-style handles */
	uint32_t file_acl;	       /* extended attribute block or 0 */
};

/*
 * Read and check the superblock and the group descriptors of the volume
 * behind @bd, which must stay valid while @fs is used.  No block is
 * written.  An unknown INCOMPAT feature, a journal that needs recovery, a
 * bad magic number or geometry: -EINVAL and @why (@whylen bytes, 0 for
 * no message) says why, e.g. "ext2: unsupported incompatible feature
 * 0x40 (extents)".  An unknown RO_COMPAT feature mounts read-only, and
 * @why says so (else @why is "").  @want_read_only mounts read-only in
 * any case.
 */
int ext2_mount(struct ext2_fs *fs, const struct ext2_blockdev *bd,
	       bool want_read_only, char *why, size_t whylen);

/*
 * Write the free counts (and features) into the primary superblock.  The
 * group descriptors and bitmaps are written as they change.  Call it at
 * sync(2) and unmount; until then the superblock's counts are stale.
 */
int ext2_sync_super(struct ext2_fs *fs);

int ext2_read_inode(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *out);
/* Also the way to change mode bits, owner or times (chmod, utimes...). */
int ext2_write_inode(struct ext2_fs *fs, uint32_t ino,
		     const struct ext2_inode *in);

/* The device number (Linux's user dev_t encoding) of a CHR/BLK inode. */
uint32_t ext2_inode_rdev(const struct ext2_inode *inode);

/* The largest size a file may have on @fs, in bytes. */
uint64_t ext2_max_file_size(const struct ext2_fs *fs);

/*
 * Map block @lblk of file @ino (@inode its current copy) to a disk block
 * in *pblk: 0 for a hole unless @alloc.  With @alloc a missing data block
 * and the indirect blocks above it are allocated, zeroed and counted in
 * inode->blocks, and the inode is written.  -EFBIG past the triple
 * indirect block; -ENOSPC changes nothing.
 */
int ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
	      uint64_t lblk, bool alloc, uint64_t *pblk);

/*
 * Copy up to @n bytes at @off of a regular file, directory or symlink
 * (fast ones too) into @buf; holes read as zeros.  Returns the bytes
 * copied (0 at or past the end) or -errno if none could be.
 */
long ext2_read_data(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
		    uint64_t off, void *buf, size_t n);

/*
 * Write @n bytes at @off, allocating blocks and extending the size, and
 * set mtime and ctime to @now.  Returns the bytes written, which is less
 * than @n when the disk filled up (-ENOSPC if it was full) or the file
 * reached ext2_max_file_size() (-EFBIG if it had); what was written stays
 * in the file.  Regular files only (-EISDIR, -EINVAL).
 */
long ext2_write_data(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
		     uint64_t off, const void *buf, size_t n, uint32_t now);

/*
 * Set the size of a regular file (else -EISDIR, -EINVAL) to @size: blocks
 * past it, indirect ones too, are freed and the rest of its last block
 * zeroed; growing makes a hole.  Sets mtime and ctime to @now.
 */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *inode,
		  uint64_t size, uint32_t now);

/*
 * Name operations.  A name is @len bytes, not NUL-terminated, without
 * '/'; empty: -EINVAL (-ENOENT for lookup); longer than EXT2_NAME_LEN:
 * -ENAMETOOLONG.  @dir not a directory: -ENOTDIR; a removed directory:
 * -ENOENT.  A changed directory gets mtime and ctime @now.
 */
int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
		uint32_t *ino);

/*
 * List @dir from *pos (a byte offset in the directory, opaque but stable
 * across changes: an entry never moves): emit() is called for each live
 * entry, "." and ".." included, with *pos at that entry; when it returns
 * nonzero the listing stops with *pos still there, so the next call
 * starts with that entry.  At the end *pos is the directory size.
 */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *pos,
		 int (*emit)(void *arg, const char *name, size_t len,
			     uint32_t ino, unsigned file_type),
		 void *arg);

/*
 * Making names.  New inodes belong to uid 0, gid 0 (change them with
 * ext2_write_inode) and have atime, mtime and ctime @now.  -EEXIST if the
 * name is taken; -ENOSPC (no inode or no block) changes nothing.
 *
 * ext2_create: a regular file, device node, FIFO or socket (@mode says
 * which, with its S_IF* bits; -EINVAL for others); @rdev (Linux dev_t)
 * for devices.
 */
int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
		uint16_t mode, uint32_t rdev, uint32_t now, uint32_t *ino);
/* A directory holding "." and ".."; the parent gains a link (EMLINK). */
int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	       uint16_t mode, uint32_t now, uint32_t *ino);
/* A symlink to the @tlen bytes at @target (1 .. block size - 1). */
int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
		 const char *target, size_t tlen, uint32_t now, uint32_t *ino);
/*
 * The target of symlink @ino into @buf, not NUL-terminated; returns its
 * length (at most @n) or -EINVAL if @ino is not a symlink.
 */
long ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t n);
/* A new name for @ino, which must not be a directory (-EPERM). */
int ext2_link(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	      uint32_t ino, uint32_t now);

/*
 * What a removal did to the inode that lost its name: unlink, rmdir and
 * rename (when it replaces a target) fill it in; ino 0 if there was none.
 * When links_count is 0 the caller calls ext2_evict(ino) once nothing
 * holds the inode open.  Passing NULL instead means nothing does: the
 * inode is evicted at once.
 */
struct ext2_victim {
	uint32_t ino;
	uint16_t links_count;
};

/* Remove a name that is not a directory's (-EISDIR). */
int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
		uint32_t now, struct ext2_victim *victim);
/*
 * Remove an empty directory (-ENOTEMPTY; "." or "..": -EINVAL); its
 * blocks are freed at once, its inode by ext2_evict().
 */
int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
	       uint32_t now, struct ext2_victim *victim);
/*
 * rename(2) with flags 0: an existing target is replaced (a file by a
 * non-directory, an empty directory by a directory; else -EISDIR,
 * -ENOTDIR or -ENOTEMPTY); a directory cannot move into itself (-EINVAL);
 * "." and ".." cannot be renamed (-EINVAL).  Two names of one inode:
 * nothing happens.  A moved directory's ".." and both parents' link
 * counts follow.
 */
int ext2_rename(struct ext2_fs *fs, uint32_t olddir, const char *oname,
		size_t olen, uint32_t newdir, const char *nname, size_t nlen,
		uint32_t now, struct ext2_victim *victim);

/*
 * Free inode @ino (links_count 0, else -EBUSY) with its blocks and
 * extended attribute block; dtime becomes @now, which must be a real
 * time: e2fsck takes a dtime below s_inodes_count for an orphan list.
 */
int ext2_evict(struct ext2_fs *fs, uint32_t ino, uint32_t now);

struct ext2_statfs {
	uint64_t blocks, free_blocks;
	uint64_t avail_blocks; /* free ones minus the root reserve */
	uint64_t files, free_files;
	unsigned block_size;
	unsigned name_max;
};
void ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st);

#endif /* SLUICE_FS_EXT2_H */
