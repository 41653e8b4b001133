/*
 * fs/vfs.h - the virtual file system: inodes, super blocks, mounts and
 * path lookup, the layer every file system (ext2, devfs, procfs, the
 * initramfs) plugs into and every path-taking system call goes through.
 *
 *   path ──namei──► inode ──vfs_open──► struct file (fs/file.h) ──► f_op
 *
 * An inode is one file system object in memory, found by (super block,
 * inode number) in the inode cache and reference counted: iget() takes a
 * reference (reading the inode through s_op->read_inode the first time),
 * iput() drops it; the last iput frees the memory, and the file system's
 * evict_inode also frees the object on disk when its link count is 0.
 * An open file holds a reference to its inode (f_inode).
 *
 * A mount puts a file system's root over a directory: that directory's
 * inode has i_mounted set and is pinned in the cache; lookup steps from
 * it to the mounted root, and ".." from a mounted root steps back.  The
 * root file system is ext2 on /dev/vda when there is one, else the
 * initramfs; devfs is mounted on /dev and procfs on /proc.
 *
 * Each process has a working directory (task->cwd, a referenced inode,
 * and task->cwd_path, its normalised absolute path for getcwd).
 *
 * Locks: icache_lock protects the inode hash and i_count; mounts are set
 * up at boot only.  Other inode fields belong to the file system, which
 * serialises changes with its own lock (ext2: one mutex per volume).
 */
#ifndef SLUICE_FS_VFS_H
#define SLUICE_FS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uapi/stat.h>

#include "kernel/list.h"

#define NAME_MAX 255
#define PATH_MAX 4096

struct file;
struct file_operations;
struct inode;
struct super_block;
struct task;

struct inode_operations {
	/* The child called @name, referenced, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, size_t len,
		      struct inode **out);
	/* A new regular file or device node (mode has the type). */
	int (*create)(struct inode *dir, const char *name, size_t len,
		      unsigned mode, uint64_t rdev, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, size_t len,
		     unsigned mode);
	int (*unlink)(struct inode *dir, const char *name, size_t len);
	int (*rmdir)(struct inode *dir, const char *name, size_t len);
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen);
	int (*truncate)(struct inode *inode, uint64_t size);
	/* New access and modification times (seconds); ctime becomes now. */
	int (*set_times)(struct inode *inode, int64_t atime, int64_t mtime);
	/* Read file data into kernel memory (exec); bytes read or -errno. */
	long (*read_kernel)(struct inode *inode, uint64_t off, void *buf,
			    size_t n);
};

struct super_operations {
	int (*read_inode)(struct inode *inode); /* fill from i_ino */
	/* Last reference gone: drop private state, free on disk if unlinked. */
	void (*evict_inode)(struct inode *inode);
	int (*statfs)(struct super_block *sb, struct statfs *st);
	int (*sync)(struct super_block *sb);
};

struct super_block {
	const char *s_type;		     /* [I] "ext2", "proc", ... */
	const struct super_operations *s_op; /* [I] */
	struct inode *s_root;		     /* [I] referenced */
	struct inode *s_mountpoint;	     /* [I] NULL for the root fs */
	uint64_t s_dev;			     /* [I] st_dev of its inodes */
	bool s_rdonly;			     /* [I] */
	void *s_fs_info;		     /* [I] the file system's own */
};

struct inode {
	struct super_block *i_sb; /* [I] */
	uint64_t i_ino;		  /* [I] */
	unsigned i_mode;	  /* type and permission bits */
	unsigned i_nlink;
	unsigned i_uid, i_gid;
	uint64_t i_size;
	uint64_t i_blocks; /* 512-byte units */
	uint64_t i_rdev;   /* device nodes: UAPI_MKDEV(major, minor) */
	int64_t i_atime, i_mtime, i_ctime;
	const struct inode_operations *i_op; /* [I] after read_inode */
	const struct file_operations *i_fop; /* [I] after read_inode */
	void *i_private;		     /* the file system's own */
	struct super_block *i_mounted;	     /* [I after boot] mounted here */
	int i_count;			     /* [icache_lock] */
	struct list_head i_hash;	     /* [icache_lock] */
};

/* Does the @len-byte name (not NUL-terminated) equal the string @s? */
static inline bool
name_eq(const char *name, size_t len, const char *s)
{
	size_t i = 0;

	for (; i < len && s[i] == name[i]; i++)
		;
	return i == len && s[len] == '\0';
}

/* ---- inode cache (fs/inode.c) ---- */

/* The inode @ino of @sb, referenced; NULL on an error (*err set). */
struct inode *iget(struct super_block *sb, uint64_t ino, int *err);
struct inode *igrab(struct inode *inode); /* another reference */
/* The inode if it is in memory (referenced), else NULL; never reads. */
struct inode *ilookup(struct super_block *sb, uint64_t ino);
void iput(struct inode *inode);
void vfs_fill_stat(const struct inode *inode, struct uapi_stat *st);
uint32_t vfs_now(void); /* seconds since the epoch, for timestamps */

/* ---- mounts and lookup (fs/namei.c) ---- */

/* Put @sb (its s_root set) over directory @where; NULL: the root fs. */
int vfs_mount(struct super_block *sb, const char *where);
struct inode *vfs_root(void); /* referenced */
/* Write every mounted file system's own state (superblocks): sync(2). */
int vfs_sync_all(void);

#define LOOKUP_DIRECTORY 0x1 /* the result must be a directory */

/*
 * Resolve @path (absolute, or relative to @dirfd / the cwd when @dirfd is
 * AT_FDCWD) to a referenced inode.
 */
int namei_at(int dirfd, const char *path, unsigned flags, struct inode **out);
/*
 * Resolve all but the last component: the parent directory, referenced,
 * and the last component (a pointer into @path, not NUL-terminated at
 * *lastlen).  A path ending in "/", "." or ".." has no last name:
 * -EEXIST for creating calls, as Linux says for mkdir("a/.").
 */
int namei_parent(int dirfd, const char *path, struct inode **dir,
		 const char **last, size_t *lastlen);
/* Copy a path from user space (ENAMETOOLONG, EFAULT, ENOENT if empty). */
char *getname(uint64_t upath, int *err);
void putname(char *name);

/* Emit "." and ".." then @n synthetic entries: readdir for small dirs. */
struct dir_context;
int dir_emit_dots(struct file *f, struct dir_context *ctx, uint64_t self,
		  uint64_t parent);

/* lseek on a directory: positions are the file system's own cookies. */
int64_t dir_llseek(struct file *f, int64_t off, int whence);

/* Open @inode (referenced by the caller, kept by the file) as a file. */
int vfs_open_inode(struct inode *inode, unsigned flags, struct file **out);

/* Working directory of a new or exiting process. */
int vfs_fork_cwd(struct task *child, struct task *parent);
void vfs_exit_cwd(struct task *t);

/* Character devices, by Linux major/minor (fs/devfs.c). */
struct chrdev {
	const char *name; /* the node under /dev */
	unsigned major, minor;
	unsigned mode; /* permission bits of the node */
	struct file *(*open)(unsigned flags);
};
int register_chrdev(const struct chrdev *cd);
const struct chrdev *chrdev_lookup(unsigned major, unsigned minor);

/* The file systems (each registers nothing; boot mounts them). */
struct super_block *devfs_mount(void);
struct super_block *procfs_mount(void);
struct super_block *initramfs_mount(void);
struct block_device;
struct super_block *ext2_mount_bdev(struct block_device *bdev, int *err);

#endif /* SLUICE_FS_VFS_H */
