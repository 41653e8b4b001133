/*
 * include/uapi/stat.h - struct stat as newfstatat(2) and fstat(2) fill
 * it on riscv64 (the asm-generic layout, 128 bytes), struct statfs for
 * statfs(2), the S_IF* file types and permission bits, and the device
 * number encoding of st_rdev.  Shared by kernel and user code; the
 * structs are named uapi_* because picolibc has its own.
 */
#ifndef SLUICE_UAPI_STAT_H
#define SLUICE_UAPI_STAT_H

#include <uapi/types.h>

struct uapi_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t __pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t __pad2;
	int64_t st_blocks; /* 512-byte units */
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t __unused4;
	uint32_t __unused5;
};
UAPI_ASSERT_OFFSET(struct uapi_stat, st_size, 48);
UAPI_ASSERT_OFFSET(struct uapi_stat, st_atime_sec, 72);
UAPI_ASSERT_SIZE(struct uapi_stat, 128);

struct statfs {
	int64_t f_type;
	int64_t f_bsize;
	uint64_t f_blocks;
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_files;
	uint64_t f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};
UAPI_ASSERT_SIZE(struct statfs, 120);

#define EXT2_SUPER_MAGIC 0xEF53
#define PROC_SUPER_MAGIC 0x9fa0
#define DEVFS_MAGIC	 0x1373 /* Linux's old devfs */
#define RAMFS_MAGIC	 0x858458f6

#ifndef S_IFMT /* picolibc's <sys/stat.h> has the same values */
#define S_IFMT	   0170000
#define S_IFSOCK   0140000
#define S_IFLNK	   0120000
#define S_IFREG	   0100000
#define S_IFBLK	   0060000
#define S_IFDIR	   0040000
#define S_IFCHR	   0020000
#define S_IFIFO	   0010000
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_ISCHR(m) (((m)&S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m)&S_IFMT) == S_IFBLK)
#endif

/* Linux's dev_t encoding (what st_rdev and mknod use). */
#define UAPI_MKDEV(ma, mi)                                               \
	((((uint64_t)(mi)) & 0xff) | (((uint64_t)(ma)) << 8 & 0xfff00) | \
	 (((uint64_t)(mi)) << 12 & 0xfff00000))
#define UAPI_MAJOR(d) ((unsigned)(((d) >> 8) & 0xfff))
#define UAPI_MINOR(d) ((unsigned)(((d)&0xff) | (((d) >> 12) & 0xfff00)))

/* utimensat(2): special tv_nsec values */
#define UTIME_NOW  ((1L << 30) - 1L)
#define UTIME_OMIT ((1L << 30) - 2L)

/* faccessat(2) modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#endif /* SLUICE_UAPI_STAT_H */
