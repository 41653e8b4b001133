/*
 * fs/readdir.c - getdents64(2): a directory's entries packed as struct
 * linux_dirent64 records into the caller's buffer, from the file position
 * on.  The file system's ->readdir calls emit() per entry; emit() copies
 * the record out and says "full" when the next one does not fit.
 */
#include <uapi/dirent.h>
#include <uapi/errno.h>

#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/compiler.h"
#include "kernel/ptregs.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"

struct getdents_ctx {
	struct dir_context ctx;
	uint64_t ubuf;
	size_t size, used;
	int error;
};

static int
emit_dirent(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
	    unsigned type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen =
	    ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	char rec[offsetof(struct linux_dirent64, d_name) + 256 + 8];
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;

	if (len > 255)
		return g->error = -ENAMETOOLONG;
	if (g->used + reclen > g->size) {
		if (g->used == 0)
			g->error = -EINVAL; /* not even one record fits */
		return 1;
	}
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = (int64_t)ctx->pos;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = (uint8_t)type;
	memcpy(d->d_name, name, len);
	if (copy_to_user(g->ubuf + g->used, rec, reclen))
		return g->error = -EFAULT;
	g->used += reclen;
	return 0;
}

SYSCALL(getdents64)
{
	struct file *f = fd_get(current_task()->files, (int)regs->a0);
	struct getdents_ctx g = {
		.ctx = { .emit = emit_dirent },
		.ubuf = regs->a1,
		.size = regs->a2,
	};
	int err;

	if (!f)
		return -EBADF;
	if (!f->f_op->readdir)
		err = -ENOTDIR;
	else if (!access_ok(g.ubuf, g.size))
		err = -EFAULT;
	else
		err = f->f_op->readdir(f, &g.ctx);
	file_put(f);
	if (g.error && !g.used)
		return g.error;
	return err && !g.used ? err : (long)g.used;
}

int
dir_emit_dots(struct file *f, struct dir_context *ctx, uint64_t self,
	      uint64_t parent)
{
	while (f->f_pos < 2) {
		ctx->pos = f->f_pos + 1;
		/* "." at position 0, ".." at 1: the first 1 or 2 chars */
		if (ctx->emit(ctx, "..", f->f_pos + 1, f->f_pos ? parent : self,
			      DT_DIR))
			return 1;
		f->f_pos++;
	}
	return 0;
}

int64_t
dir_llseek(struct file *f, int64_t off, int whence)
{
	return generic_llseek(f, off, whence, (int64_t)f->f_inode->i_size);
}
