/*
 * fs/pipe.c - pipes: a 4 KiB ring buffer between a read end and a write
 * end, each a struct file.
 *
 * Readers sleep on rd_wq until there are bytes or no writers (EOF);
 * writers sleep on wr_wq until there is room or no readers (EPIPE and
 * SIGPIPE).  A write of at most PIPE_BUF bytes waits until it fits whole,
 * so it is never interleaved with another writer's.  O_NONBLOCK turns
 * each wait into -EAGAIN.  Locks: lock protects ring, readers and
 * writers; it is never held across a sleep or a user copy.
 */
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/poll.h>
#include <uapi/signal.h>

#include "fs/file.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/ptregs.h"
#include "kernel/ringbuf.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

#define PIPE_SIZE 4096
#define PIPE_BUF  4096 /* writes up to this size are atomic (POSIX) */

struct pipe {
	struct spinlock lock;
	struct ringbuf ring;  /* [lock] */
	int readers, writers; /* [lock] open ends */
	struct wait_queue_head rd_wq, wr_wq;
	uint8_t *store; /* [I] PIPE_SIZE bytes */
};

static bool
pipe_readable(struct pipe *p)
{
	bool ok;

	spin_lock(&p->lock);
	ok = !ringbuf_empty(&p->ring) || p->writers == 0;
	spin_unlock(&p->lock);
	return ok;
}

static long
pipe_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	struct pipe *p = f->private;
	uint8_t *buf;
	size_t got;

	(void)pos;
	if (n == 0)
		return 0;
	if (!pipe_readable(p)) {
		if (READ_ONCE(f->f_flags) & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(p->rd_wq, pipe_readable(p)))
			return -EINTR;
	}
	buf = kmalloc(PIPE_SIZE); /* everything buffered fits in one read */
	if (!buf)
		return -ENOMEM;
	spin_lock(&p->lock);
	got = ringbuf_get_many(&p->ring, buf, n < PIPE_SIZE ? n : PIPE_SIZE);
	spin_unlock(&p->lock);
	wake_up_interruptible(&p->wr_wq);
	if (got && copy_to_user(ubuf, buf, got))
		got = (size_t)-EFAULT;
	kfree(buf);
	return (long)got;
}

/* Room for @need bytes, or no reader left (the writer then fails). */
static bool
pipe_writable(struct pipe *p, size_t need)
{
	bool ok;

	spin_lock(&p->lock);
	ok = ringbuf_space(&p->ring) >= need || p->readers == 0;
	spin_unlock(&p->lock);
	return ok;
}

/*
 * Up to PIPE_BUF bytes at a time: the chunk is copied in from user space
 * first, then put in the ring in one lock hold once it fits whole (a
 * write of at most PIPE_BUF bytes is one chunk, so it is atomic); larger
 * writes go in as room appears and may interleave with other writers.
 */
static long
pipe_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
	struct pipe *p = f->private;
	uint8_t *buf = kmalloc(PIPE_BUF);
	size_t done = 0;
	long err = 0;

	(void)pos;
	if (!buf)
		return -ENOMEM;
	while (done < n && !err) {
		size_t chunk = n - done < PIPE_BUF ? n - done : PIPE_BUF;
		size_t need = n <= PIPE_BUF ? chunk : 1, put = 0;
		bool broken;

		if (copy_from_user(buf, ubuf + done, chunk)) {
			err = -EFAULT;
			break;
		}
		while (put < chunk) {
			bool fits;

			/* Check and put in one lock hold: nobody can take
			 * the room in between. */
			spin_lock(&p->lock);
			broken = p->readers == 0;
			fits = ringbuf_space(&p->ring) >= need;
			if (!broken && fits)
				put += ringbuf_put_many(&p->ring, buf + put,
							chunk - put);
			spin_unlock(&p->lock);
			if (broken) {
				do_kill(current_task()->pid, SIGPIPE);
				err = -EPIPE;
				break;
			}
			if (fits) {
				wake_up_interruptible(&p->rd_wq);
				continue;
			}
			if (READ_ONCE(f->f_flags) & O_NONBLOCK) {
				err = -EAGAIN;
				break;
			}
			if (wait_event_interruptible(p->wr_wq,
						     pipe_writable(p, need))) {
				err = -EINTR;
				break;
			}
		}
		done += put;
	}
	kfree(buf);
	return done ? (long)done : err;
}

/*
 * POLLIN when there is data (or, with POLLHUP, when no writer is left);
 * POLLOUT when there is room for PIPE_BUF bytes; POLLERR for a writer
 * with no reader.  Ready for select, poll and epoll.
 */
static unsigned
pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private;
	bool reader = (f->f_flags & O_ACCMODE) == O_RDONLY;
	unsigned mask = 0;

	poll_wait(f, reader ? &p->rd_wq : &p->wr_wq, pt);
	spin_lock(&p->lock);
	if (reader) {
		if (!ringbuf_empty(&p->ring))
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	} else {
		if (ringbuf_space(&p->ring) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	spin_unlock(&p->lock);
	return mask;
}

static void
pipe_release(struct file *f)
{
	struct pipe *p = f->private;
	bool last;

	spin_lock(&p->lock);
	if ((f->f_flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	last = p->readers == 0 && p->writers == 0;
	spin_unlock(&p->lock);
	wake_up_all(&p->rd_wq);
	wake_up_all(&p->wr_wq);
	if (last) {
		page_free(p->store, 0);
		kfree(p);
	}
}

static const struct file_operations pipe_read_fops = {
	.read = pipe_read,
	.poll = pipe_poll,
	.release = pipe_release,
};

static const struct file_operations pipe_write_fops = {
	.write = pipe_write,
	.poll = pipe_poll,
	.release = pipe_release,
};

static struct pipe *
pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->store = page_alloc(0);
	if (!p->store) {
		kfree(p);
		return NULL;
	}
	spin_lock_init(&p->lock, "pipe");
	ringbuf_init(&p->ring, p->store, PIPE_SIZE);
	init_waitqueue_head(&p->rd_wq, "pipe_read");
	init_waitqueue_head(&p->wr_wq, "pipe_write");
	p->readers = p->writers = 1;
	return p;
}

int
pipe_create(struct file **rf, struct file **wf, unsigned flags)
{
	struct pipe *p = pipe_alloc();

	if (!p)
		return -ENOMEM;
	*rf = file_alloc(&pipe_read_fops, p, O_RDONLY | flags);
	*wf = file_alloc(&pipe_write_fops, p, O_WRONLY | flags);
	if (!*rf || !*wf) {
		/* Files hold one reader and one writer each; free by hand. */
		kfree(*rf);
		kfree(*wf);
		page_free(p->store, 0);
		kfree(p);
		return -ENOMEM;
	}
	return 0;
}

SYSCALL(pipe2)
{
	unsigned flags = (unsigned)regs->a1;
	struct files *files = current_task()->files;
	struct file *rf = NULL, *wf = NULL;
	int fds[2] = { -1, -1 };

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if (!access_ok(regs->a0, sizeof(fds)))
		return -EFAULT;
	if (pipe_create(&rf, &wf, flags & O_NONBLOCK))
		return -ENOMEM;
	fds[0] = fd_install(files, rf, 0, flags & O_CLOEXEC);
	if (fds[0] >= 0)
		fds[1] = fd_install(files, wf, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		long err = fds[0] < 0 ? fds[0] : fds[1];

		if (fds[0] >= 0)
			fd_close(files, fds[0]);
		else
			file_put(rf);
		file_put(wf);
		return err;
	}
	if (copy_to_user(regs->a0, fds, sizeof(fds))) {
		fd_close(files, fds[0]);
		fd_close(files, fds[1]);
		return -EFAULT;
	}
	return 0;
}
