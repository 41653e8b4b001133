/*
 * fs/file.h - open files and the per-process descriptor table.
 *
 * A struct file is one open instance of something (the console now; pipes
 * and ext2 files later) reached through its file_operations table: adding
 * a kind of file is one ops table.  Every pollable file implements ->poll
 * (select, poll and epoll are built on it).  User buffers are passed as
 * user addresses (uint64_t) and touched only through kernel/uaccess.h.
 *
 * Locks: f_count is atomic; f_pos and f_flags are protected by f_lock.
 * files->lock protects fd[] and cloexec of one table.
 */
#ifndef SLUICE_FS_FILE_H
#define SLUICE_FS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/spinlock.h"

#define NR_OPEN 128	     /* descriptors per process */
#define RW_MAX	0x7ffff000UL /* Linux's cap on one read or write */

struct file;
struct inode;
struct iovec;
struct dio;
struct wait_queue_head;

/*
 * What ->poll gets from select, poll or epoll: poll_wait() hands each wait
 * queue the file may become ready on to the caller's qproc, which hooks
 * its own wait entry there.  NULL means "just tell me the mask now".
 */
struct poll_table {
	void (*qproc)(struct file *f, struct wait_queue_head *wq,
		      struct poll_table *pt);
};

static inline void
poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	if (pt && pt->qproc)
		pt->qproc(f, wq, pt);
}

/* What getdents64 hands to ->readdir: emit() returns nonzero when full. */
struct dir_context {
	int (*emit)(struct dir_context *ctx, const char *name, size_t len,
		    uint64_t ino, unsigned type /* DT_* */);
	uint64_t pos; /* position of the entry being emitted (f_pos) */
};

struct file_operations {
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	long (*read)(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos);
	long (*write)(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos);
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	long (*ioctl)(struct file *f, unsigned cmd, uint64_t arg);
	/* mmap(2) of the file: the address, or -errno */
	long (*mmap)(struct file *f, uint64_t addr, uint64_t len, int prot,
		     int flags, uint64_t off);
	long (*fsync)(struct file *f);
	int (*open)(struct file *f);
	void (*release)(struct file *f);
	int (*fasync)(struct file *f, int on);
	/*
	 * O_DIRECT that completes from a bottom half (io_uring): start
	 * @dio, a struct dio of fs/blkdev.h, as blkdev_dio_start() does.
	 */
	long (*dio_start)(struct file *f, bool write, const struct iovec *iov,
			  unsigned cnt, uint64_t pos, struct dio *dio);
	/* Directories: emit entries from f_pos on, advancing it. */
	int (*readdir)(struct file *f, struct dir_context *ctx);
};

struct file {
	int f_count; /* [a] references (fds, in-flight calls) */
	const struct file_operations *f_op; /* [I] */
	struct spinlock f_lock;
	unsigned f_flags;      /* [f_lock] O_* status flags */
	uint64_t f_pos;	       /* [f_lock] */
	void *private;	       /* [I] the object behind the file */
	struct inode *f_inode; /* [I] referenced; NULL for pipes, console */
};

struct files {
	int count; /* [a] processes sharing this table */
	struct spinlock lock;
	struct file *fd[NR_OPEN];	/* [lock] */
	uint64_t cloexec[NR_OPEN / 64]; /* [lock] bit per fd */
};

struct file *file_alloc(const struct file_operations *ops, void *private,
			unsigned flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);

/*
 * lseek for files with a size: SEEK_SET, SEEK_CUR, SEEK_END; the new
 * position, or -EINVAL for a bad @whence or a negative result.
 */
int64_t generic_llseek(struct file *f, int64_t off, int whence, int64_t size);

/* fs/pipe.c: a new pipe's two ends (O_NONBLOCK in @flags); 0 or -ENOMEM. */
int pipe_create(struct file **rf, struct file **wf, unsigned flags);

/*
 * fs/read_write.c: what read(2) and write(2) do on @f (@at NULL: at the
 * file position), or pread64/pwrite64 (at *@at, which moves on by the
 * bytes transferred).  Bytes transferred, or -errno.
 */
long vfs_rw(struct file *f, uint64_t ubuf, size_t n, bool write, int64_t *at);
/* readv/writev the same way, with @iov a kernel copy (iovec_import). */
long vfs_rwv(struct file *f, const struct iovec *iov, uint64_t cnt, bool write,
	     int64_t *at);
/*
 * A checked kernel copy of @cnt user iovecs at @uiov (kfree it), or NULL
 * with *err -EINVAL (too many, or a total beyond SSIZE_MAX), -EFAULT or
 * -ENOMEM.
 */
struct iovec *iovec_import(uint64_t uiov, uint64_t cnt, long *err);

struct files *files_alloc(void);
struct files *files_dup(struct files *old);
void files_put(struct files *files);
void files_close_on_exec(struct files *files);

/* The lowest free fd >= @min for @f (reference taken over), or -EMFILE. */
int fd_install(struct files *files, struct file *f, int min, bool cloexec);
/* The file behind @fd with a reference, or NULL. */
struct file *fd_get(struct files *files, int fd);
int fd_close(struct files *files, int fd);
int fd_dup3(struct files *files, int oldfd, int newfd, bool cloexec);
int fd_get_cloexec(struct files *files, int fd);
int fd_set_cloexec(struct files *files, int fd, bool on);

#endif /* SLUICE_FS_FILE_H */
