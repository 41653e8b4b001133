/*
 * kernel/io_uring.c - asynchronous I/O through two rings shared with user
 * space: io_uring_setup, io_uring_enter and the mmap of the rings, with
 * Linux's ABI (include/uapi/io_uring.h).
 *
 *   user space                         kernel
 *   ----------                         ------
 *   fill SQEs, move sq_tail  ──────►   io_uring_enter: copy each SQE,
 *                                      start it, move sq_head
 *                                         │
 *                                         ├─ O_DIRECT on a block device:
 *                                         │  bios go out (one plug, one
 *                                         │  notify for the whole batch);
 *                                         │  the block bottom half posts
 *                                         │  the CQE when the last ends
 *                                         └─ anything else: done at once,
 *                                            CQE posted before returning
 *   read CQEs, move cq_head  ◄──────   cq_tail moves, sleepers woken
 *
 * So a disk read finishes from the virtio bottom half straight into the
 * completion ring: no thread is involved, and a process keeps 32 requests
 * in flight with one system call per batch.
 *
 * Both rings live in one physically contiguous region (struct io_rings,
 * mapped at IORING_OFF_SQ_RING and IORING_OFF_CQ_RING alike:
 * IORING_FEAT_SINGLE_MMAP) and the SQE array in another.  The kernel keeps
 * its own copies of sq_head and cq_tail and only publishes them, so what
 * user space scribbles over the ring can make its own results wrong but
 * never makes the kernel index outside it.
 *
 * The completion ring never overflows: a submission that could find no
 * room for its CQE (requests in flight plus unread CQEs would exceed
 * cq_entries) is not taken, and io_uring_enter returns what it took, or
 * -EBUSY if that is nothing.
 *
 * With IORING_SETUP_IOPOLL, io_uring_enter(GETEVENTS) does not sleep
 * for the interrupt: it polls the block devices (blk_poll), running the
 * bottom half's work itself until enough CQEs are there.  Such a ring
 * takes only O_DIRECT reads and writes (and NOP), as on Linux.
 *
 * Not here yet (docs/io_uring.md): io_uring_register, SQPOLL, linked
 * requests and the ops POLL_ADD, TIMEOUT and ASYNC_CANCEL.  An op
 * that cannot complete from a bottom half runs synchronously inside
 * io_uring_enter instead of on a kernel worker.
 *
 * Locks: submit_lock (a mutex) serialises submitters, so SQ head and the
 * dropped counter are its.  cq_wait.lock guards cq_tail, the CQEs and
 * inflight; a CQE is posted and its sleepers woken under it, so whoever
 * sees inflight reach 0 under that lock knows no poster still holds ctx.
 */
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/io_uring.h>
#include <uapi/mman.h>
#include <uapi/uio.h>

#include "drivers/blk.h"
#include "fs/blkdev.h"
#include "fs/file.h"
#include "kernel/compiler.h"
#include "kernel/hart.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/mutex.h"
#include "kernel/ptregs.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "kernel/uvm.h"
#include "kernel/wait.h"

#define IORING_MAX_ENTRIES    32768
#define IORING_MAX_CQ_ENTRIES (2 * IORING_MAX_ENTRIES)

#define SETUP_FLAGS \
	(IORING_SETUP_IOPOLL | IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP)
/* Without SQPOLL the SQ wake-up flags have nothing to do. */
#define ENTER_FLAGS \
	(IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | IORING_ENTER_SQ_WAIT)
#define FEATURES                                               \
	(IORING_FEAT_SINGLE_MMAP | IORING_FEAT_SUBMIT_STABLE | \
	 IORING_FEAT_RW_CUR_POS)

/* The shared ring region: Sluice's layout, published in io_uring_params. */
struct io_rings {
	uint32_t sq_head, sq_tail, sq_ring_mask, sq_ring_entries;
	uint32_t sq_flags, sq_dropped;
	uint32_t cq_head, cq_tail, cq_ring_mask, cq_ring_entries;
	uint32_t cq_overflow, cq_flags;
	struct io_uring_cqe cqes[]; /* cq_entries, then the SQ index array */
};

struct io_ring_ctx {
	struct io_rings *rings;		/* [I] */
	uint32_t *sq_array;		/* [I] inside rings */
	struct io_uring_sqe *sqes;	/* [I] */
	unsigned rings_order;		/* [I] page orders of the regions */
	unsigned sqes_order;		/* [I] */
	uint32_t sq_entries;		/* [I] */
	uint32_t cq_entries;		/* [I] */
	bool iopoll;			/* [I] IORING_SETUP_IOPOLL */
	struct mutex submit_lock;	/* one submitter at a time */
	uint32_t sq_head;		/* [submit_lock] the kernel's copy */
	struct wait_queue_head cq_wait; /* GETEVENTS sleepers, release */
	uint32_t cq_tail;		/* [cq_wait.lock] the kernel's copy */
	unsigned inflight;		/* [cq_wait.lock] started, no CQE yet */
};

/* One request completing later, from the block bottom half. */
struct io_kiocb {
	struct io_ring_ctx *ctx;
	uint64_t user_data;
	struct dio dio;
};

static const struct file_operations io_uring_fops;

/* ---- the completion ring ---- */

/* CQEs posted and not yet consumed by user space.  cq_wait.lock held. */
static uint32_t
cq_unread(const struct io_ring_ctx *ctx)
{
	uint32_t unread = ctx->cq_tail - READ_ONCE(ctx->rings->cq_head);

	/* A head moved past the tail by user space reads as a full ring. */
	return unread > ctx->cq_entries ? ctx->cq_entries : unread;
}

/*
 * Post one CQE and wake the sleepers it satisfies.  @started: it ends a
 * request counted in inflight.  Any context.
 */
static void
io_post(struct io_ring_ctx *ctx, uint64_t user_data, long res, bool started)
{
	struct io_rings *r = ctx->rings;

	spin_lock(&ctx->cq_wait.lock);
	if (cq_unread(ctx) < ctx->cq_entries) {
		struct io_uring_cqe *cqe =
		    &r->cqes[ctx->cq_tail & (ctx->cq_entries - 1)];

		cqe->user_data = user_data;
		cqe->res = (int32_t)res;
		cqe->flags = 0;
		ctx->cq_tail++;
		/* The CQE before the tail that shows it. */
		__atomic_store_n(&r->cq_tail, ctx->cq_tail, __ATOMIC_RELEASE);
	} else {
		/* Only if user space moved cq_head backwards. */
		WRITE_ONCE(r->cq_overflow, r->cq_overflow + 1);
	}
	if (started)
		ctx->inflight--;
	__wake_up_locked(
	    &ctx->cq_wait,
	    (1u << TASK_INTERRUPTIBLE) | (1u << TASK_UNINTERRUPTIBLE), 0, NULL);
	spin_unlock(&ctx->cq_wait.lock);
}

/*
 * A sleeper in io_uring_enter waits for cq_tail to reach @need; release
 * waits for inflight to reach 0.  Each is woken only then, not by every
 * CQE on the way.  Runs under cq_wait.lock.
 */
struct io_wait {
	struct wait_queue_entry wq;
	struct io_ring_ctx *ctx;
	uint32_t need; /* cq_tail wanted */
	bool idle;     /* or: nothing in flight */
};

/* Has what @iw waits for happened?  cq_wait.lock held. */
static bool
io_wait_satisfied(const struct io_wait *iw)
{
	if (iw->idle)
		return iw->ctx->inflight == 0;
	return (int32_t)(iw->ctx->cq_tail - iw->need) >= 0;
}

static int
io_wake(struct wait_queue_entry *w, unsigned mode, void *key)
{
	struct io_wait *iw = container_of(w, struct io_wait, wq);

	if (!io_wait_satisfied(iw))
		return 0;
	return default_wake_function(w, mode, key);
}

static bool
io_wait_done(const struct io_wait *iw)
{
	bool done;

	spin_lock(&iw->ctx->cq_wait.lock);
	done = io_wait_satisfied(iw);
	spin_unlock(&iw->ctx->cq_wait.lock);
	return done;
}

/*
 * Sleep until @min_complete CQEs are unread (@idle false) or nothing is
 * in flight (@idle true).  The first can be cut short by a signal: -EINTR.
 */
static int
io_wait(struct io_ring_ctx *ctx, unsigned min_complete, bool idle)
{
	struct io_wait iw = { .ctx = ctx, .idle = idle };
	enum task_state state =
	    idle ? TASK_UNINTERRUPTIBLE : TASK_INTERRUPTIBLE;
	int ret = 0;

	init_wait_entry(&iw.wq, 0);
	iw.wq.func = io_wake;
	for (;;) {
		iw.need = READ_ONCE(ctx->rings->cq_head) + min_complete;
		prepare_to_wait(&ctx->cq_wait, &iw.wq, state);
		if (io_wait_done(&iw))
			break;
		if (!idle && signal_pending(current_task())) {
			ret = -EINTR;
			break;
		}
		schedule();
	}
	finish_wait(&ctx->cq_wait, &iw.wq);
	return ret;
}

/* Poll every block device; @spin as for blk_poll(). */
static void
poll_all(bool spin)
{
	for (struct block_device *b = blk_next(NULL); b; b = blk_next(b))
		blk_poll(b->queue, spin);
}

/*
 * IOPOLL: complete finished requests by polling the block devices until
 * @min_complete CQEs are unread or nothing is in flight; with
 * @min_complete 0, poll once.  The devices' interrupts stay off while
 * this spins and are back on when it returns or gives the hart up.
 */
static int
io_iopoll(struct io_ring_ctx *ctx, unsigned min_complete)
{
	int ret = 0;

	for (;;) {
		bool enough;

		poll_all(true);
		spin_lock(&ctx->cq_wait.lock);
		enough = cq_unread(ctx) >= min_complete || ctx->inflight == 0;
		spin_unlock(&ctx->cq_wait.lock);
		if (enough)
			break;
		if (signal_pending(current_task())) {
			ret = -EINTR;
			break;
		}
		if (this_hart()->need_resched) {
			poll_all(false);
			schedule();
		}
	}
	poll_all(false);
	return ret;
}

/* ---- requests ---- */

/* The bottom half ended the last bio of @dio: post its CQE. */
static void
io_dio_done(struct dio *dio, long res)
{
	struct io_kiocb *req = container_of(dio, struct io_kiocb, dio);

	io_post(req->ctx, req->user_data, res, true);
	kfree(req);
}

/*
 * Start a direct transfer whose CQE the bottom half posts; false if
 * nothing went out, and *res says why.  Off -1 reads at the file
 * position, which moves on at once by what was submitted.
 */
static bool
io_rw_async(struct io_ring_ctx *ctx, const struct io_uring_sqe *sqe,
	    struct file *f, const struct iovec *iov, unsigned cnt, bool write,
	    long *res)
{
	bool cur_pos = sqe->off == (uint64_t)-1;
	struct io_kiocb *req = kzalloc(sizeof(*req));
	uint64_t pos;
	long n;

	if (!req) {
		*res = -ENOMEM;
		return false;
	}
	req->ctx = ctx;
	req->user_data = sqe->user_data;
	req->dio.done = io_dio_done;
	spin_lock(&f->f_lock);
	pos = cur_pos ? f->f_pos : sqe->off;
	spin_unlock(&f->f_lock);
	spin_lock(&ctx->cq_wait.lock);
	ctx->inflight++; /* before the start: the CQE may come at once */
	spin_unlock(&ctx->cq_wait.lock);
	n = f->f_op->dio_start(f, write, iov, cnt, pos, &req->dio);
	if (n < 0) {
		spin_lock(&ctx->cq_wait.lock);
		ctx->inflight--;
		spin_unlock(&ctx->cq_wait.lock);
		kfree(req);
		*res = n;
		return false;
	}
	if (cur_pos) { /* req may be gone already: use nothing of it */
		spin_lock(&f->f_lock);
		f->f_pos = pos + (uint64_t)n;
		spin_unlock(&f->f_lock);
	}
	return true;
}

/*
 * READ, WRITE, READV, WRITEV: the result to post now, or with *@queued
 * set, nothing: the transfer is out and its CQE comes later.
 */
static long
io_rw(struct io_ring_ctx *ctx, const struct io_uring_sqe *sqe, struct file *f,
      bool *queued)
{
	bool write =
	    sqe->opcode == IORING_OP_WRITE || sqe->opcode == IORING_OP_WRITEV;
	bool vec =
	    sqe->opcode == IORING_OP_READV || sqe->opcode == IORING_OP_WRITEV;
	unsigned acc = READ_ONCE(f->f_flags) & O_ACCMODE;
	struct iovec one = { (void *)sqe->addr, sqe->len }, *iov = &one;
	uint64_t cnt = 1;
	int64_t at = (int64_t)sqe->off;
	long res;

	if (sqe->rw_flags)
		return -EOPNOTSUPP; /* no RWF_* flag is supported */
	if (sqe->buf_index || sqe->splice_fd_in)
		return -EINVAL;
	if (acc == (write ? O_RDONLY : O_WRONLY))
		return -EBADF;
	if (vec) {
		iov = iovec_import(sqe->addr, sqe->len, &res);
		if (!iov)
			return res;
		cnt = sqe->len;
	}
	if (f->f_op->dio_start && (READ_ONCE(f->f_flags) & O_DIRECT)) {
		*queued =
		    io_rw_async(ctx, sqe, f, iov, (unsigned)cnt, write, &res);
	} else if (ctx->iopoll) {
		res = -EOPNOTSUPP; /* nothing to poll for */
	} else {
		/* off -1, or a file without positions: the file position. */
		bool cur = sqe->off == (uint64_t)-1 || !f->f_op->llseek;

		res = vfs_rwv(f, iov, cnt, write, cur ? NULL : &at);
	}
	if (iov != &one)
		kfree(iov);
	return res;
}

static long
io_fsync(const struct io_uring_sqe *sqe, struct file *f)
{
	if (sqe->fsync_flags & ~IORING_FSYNC_DATASYNC)
		return -EINVAL;
	return f->f_op->fsync ? f->f_op->fsync(f) : -EINVAL;
}

/*
 * Start one request.  Returns false if it was malformed: its CQE is
 * posted and, as on Linux, the batch ends there.
 */
static bool
io_submit_one(struct io_ring_ctx *ctx, const struct io_uring_sqe *sqe)
{
	bool queued = false;
	struct file *f;
	long res;

	/* IOSQE_ASYNC is only a hint; links, drains, fixed files: not yet. */
	if (sqe->flags & ~IOSQE_ASYNC) {
		io_post(ctx, sqe->user_data, -EINVAL, false);
		return false;
	}
	switch (sqe->opcode) {
	case IORING_OP_NOP:
		io_post(ctx, sqe->user_data, 0, false);
		return true;
	case IORING_OP_READ:
	case IORING_OP_WRITE:
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
	case IORING_OP_FSYNC:
		break;
	default:
		io_post(ctx, sqe->user_data, -EINVAL, false);
		return false;
	}
	f = fd_get(current_task()->files, sqe->fd);
	if (!f)
		res = -EBADF;
	else if (sqe->opcode == IORING_OP_FSYNC)
		res = ctx->iopoll ? -EINVAL : io_fsync(sqe, f);
	else
		res = io_rw(ctx, sqe, f, &queued);
	if (f)
		file_put(f); /* a queued request holds its own reference */
	if (!queued)
		io_post(ctx, sqe->user_data, res, false);
	return true;
}

/*
 * Take up to @to_submit SQEs.  The number taken, or -EBUSY when the
 * completion ring has no room for even one more result.  submit_lock held.
 */
static int
io_submit_sqes(struct io_ring_ctx *ctx, unsigned to_submit)
{
	struct io_rings *r = ctx->rings;
	uint32_t tail = __atomic_load_n(&r->sq_tail, __ATOMIC_ACQUIRE);
	uint32_t avail = tail - ctx->sq_head;
	struct blk_plug plug;
	int done = 0;

	if (avail > ctx->sq_entries)
		avail = ctx->sq_entries; /* a tail user space ran ahead */
	if (to_submit > avail)
		to_submit = avail;
	blk_start_plug(&plug); /* one notify for the batch's bios */
	while ((unsigned)done < to_submit) {
		struct io_uring_sqe sqe;
		uint32_t idx;
		bool room;

		spin_lock(&ctx->cq_wait.lock);
		room = cq_unread(ctx) + ctx->inflight < ctx->cq_entries;
		spin_unlock(&ctx->cq_wait.lock);
		if (!room) {
			if (done == 0)
				done = -EBUSY;
			break;
		}
		idx = READ_ONCE(
		    ctx->sq_array[ctx->sq_head & (ctx->sq_entries - 1)]);
		ctx->sq_head++;
		if (idx >= ctx->sq_entries) {
			/* Linux's rule: count it as dropped, end the batch. */
			WRITE_ONCE(r->sq_dropped, r->sq_dropped + 1);
			break;
		}
		/* A copy: user space may reuse the slot at once. */
		memcpy(&sqe, &ctx->sqes[idx], sizeof(sqe));
		done++;
		if (!io_submit_one(ctx, &sqe))
			break;
	}
	blk_finish_plug(&plug);
	/* Slots up to the head may be refilled now. */
	__atomic_store_n(&r->sq_head, ctx->sq_head, __ATOMIC_RELEASE);
	return done;
}

/* ---- the file and the system calls ---- */

static struct io_ring_ctx *
ctx_alloc(uint32_t sq_entries, uint32_t cq_entries)
{
	struct io_ring_ctx *ctx = kzalloc(sizeof(*ctx));
	size_t rings = sizeof(struct io_rings) +
		       cq_entries * sizeof(struct io_uring_cqe) +
		       sq_entries * sizeof(uint32_t);
	size_t sqes = sq_entries * sizeof(struct io_uring_sqe);

	if (!ctx)
		return NULL;
	ctx->rings_order = page_order(rings);
	ctx->sqes_order = page_order(sqes);
	ctx->rings = page_alloc_zeroed(ctx->rings_order);
	ctx->sqes = page_alloc_zeroed(ctx->sqes_order);
	if (!ctx->rings || !ctx->sqes) {
		if (ctx->rings)
			page_free(ctx->rings, ctx->rings_order);
		if (ctx->sqes)
			page_free(ctx->sqes, ctx->sqes_order);
		kfree(ctx);
		return NULL;
	}
	ctx->sq_entries = sq_entries;
	ctx->cq_entries = cq_entries;
	ctx->sq_array = (uint32_t *)&ctx->rings->cqes[cq_entries];
	ctx->rings->sq_ring_mask = sq_entries - 1;
	ctx->rings->sq_ring_entries = sq_entries;
	ctx->rings->cq_ring_mask = cq_entries - 1;
	ctx->rings->cq_ring_entries = cq_entries;
	mutex_init(&ctx->submit_lock, "io_uring");
	init_waitqueue_head(&ctx->cq_wait, "io_uring cq");
	return ctx;
}

static void
ctx_free(struct io_ring_ctx *ctx)
{
	page_free(ctx->rings, ctx->rings_order);
	page_free(ctx->sqes, ctx->sqes_order);
	kfree(ctx);
}

/* The last reference is gone: let what is in flight finish, then free. */
static void
io_uring_release(struct file *f)
{
	struct io_ring_ctx *ctx = f->private;

	io_wait(ctx, 0, true);
	ctx_free(ctx);
}

static long
io_uring_mmap(struct file *f, uint64_t addr, uint64_t len, int prot, int flags,
	      uint64_t off)
{
	struct io_ring_ctx *ctx = f->private;
	void *base;
	unsigned order;
	uint64_t out;
	int err;

	switch (off) {
	case IORING_OFF_SQ_RING:
	case IORING_OFF_CQ_RING:
		base = ctx->rings;
		order = ctx->rings_order;
		break;
	case IORING_OFF_SQES:
		base = ctx->sqes;
		order = ctx->sqes_order;
		break;
	default:
		return -EINVAL;
	}
	if (!(flags & MAP_SHARED) || len > (PAGE_SIZE << order))
		return -EINVAL;
	err = mm_map_shared(current_task()->mm, addr, len, (uint32_t)prot,
			    flags & MAP_FIXED, virt_to_phys(base), f, &out);
	return err ? err : (long)out;
}

static const struct file_operations io_uring_fops = {
	.mmap = io_uring_mmap,
	.release = io_uring_release,
};

static uint32_t
roundup_pow2(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* Check and size @p's request; 0 or -EINVAL. */
static int
setup_sizes(uint32_t entries, struct io_uring_params *p)
{
	bool clamp = p->flags & IORING_SETUP_CLAMP;

	for (size_t i = 0; i < ARRAY_SIZE(p->resv); i++)
		if (p->resv[i])
			return -EINVAL;
	if (p->flags & ~SETUP_FLAGS)
		return -EINVAL;
	if (entries == 0 || (entries > IORING_MAX_ENTRIES && !clamp))
		return -EINVAL;
	if (entries > IORING_MAX_ENTRIES)
		entries = IORING_MAX_ENTRIES;
	p->sq_entries = roundup_pow2(entries);
	if (!(p->flags & IORING_SETUP_CQSIZE)) {
		p->cq_entries = 2 * p->sq_entries;
		return 0;
	}
	if (p->cq_entries == 0 ||
	    (p->cq_entries > IORING_MAX_CQ_ENTRIES && !clamp))
		return -EINVAL;
	if (p->cq_entries > IORING_MAX_CQ_ENTRIES)
		p->cq_entries = IORING_MAX_CQ_ENTRIES;
	p->cq_entries = roundup_pow2(p->cq_entries);
	return p->cq_entries < p->sq_entries ? -EINVAL : 0;
}

SYSCALL(io_uring_setup)
{
	uint64_t uparams = regs->a1;
	struct io_uring_params p;
	struct io_ring_ctx *ctx;
	struct file *f;
	int err, fd;

	if (copy_from_user(&p, uparams, sizeof(p)))
		return -EFAULT;
	err = setup_sizes((uint32_t)regs->a0, &p);
	if (err)
		return err;
	ctx = ctx_alloc(p.sq_entries, p.cq_entries);
	if (!ctx)
		return -ENOMEM;
	ctx->iopoll = p.flags & IORING_SETUP_IOPOLL;
	f = file_alloc(&io_uring_fops, ctx, O_RDWR);
	if (!f) {
		ctx_free(ctx);
		return -ENOMEM;
	}
	p.features = FEATURES;
	p.sq_off = (struct io_sqring_offsets){
		.head = offsetof(struct io_rings, sq_head),
		.tail = offsetof(struct io_rings, sq_tail),
		.ring_mask = offsetof(struct io_rings, sq_ring_mask),
		.ring_entries = offsetof(struct io_rings, sq_ring_entries),
		.flags = offsetof(struct io_rings, sq_flags),
		.dropped = offsetof(struct io_rings, sq_dropped),
		.array = (uint32_t)((char *)ctx->sq_array - (char *)ctx->rings),
	};
	p.cq_off = (struct io_cqring_offsets){
		.head = offsetof(struct io_rings, cq_head),
		.tail = offsetof(struct io_rings, cq_tail),
		.ring_mask = offsetof(struct io_rings, cq_ring_mask),
		.ring_entries = offsetof(struct io_rings, cq_ring_entries),
		.overflow = offsetof(struct io_rings, cq_overflow),
		.cqes = offsetof(struct io_rings, cqes),
		.flags = offsetof(struct io_rings, cq_flags),
	};
	if (copy_to_user(uparams, &p, sizeof(p))) {
		file_put(f);
		return -EFAULT;
	}
	/* Linux's io_uring descriptors are close-on-exec. */
	fd = fd_install(current_task()->files, f, 0, true);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL(io_uring_enter)
{
	unsigned to_submit = (unsigned)regs->a1, flags = (unsigned)regs->a3;
	unsigned min_complete = (unsigned)regs->a2;
	struct io_ring_ctx *ctx;
	struct file *f;
	int submitted = 0, ret = 0;

	if (flags & ~ENTER_FLAGS)
		return -EINVAL;
	/* sig, sigsz: a signal mask for the wait, once signals have masks. */
	if (regs->a4 && regs->a5 != sizeof(uint64_t))
		return -EINVAL;
	f = fd_get(current_task()->files, (int)regs->a0);
	if (!f)
		return -EBADF;
	if (f->f_op != &io_uring_fops) {
		file_put(f);
		return -EOPNOTSUPP;
	}
	ctx = f->private;
	if (to_submit) {
		mutex_lock(&ctx->submit_lock);
		submitted = io_submit_sqes(ctx, to_submit);
		mutex_unlock(&ctx->submit_lock);
	}
	/* As on Linux, a short submission returns without waiting. */
	if ((flags & IORING_ENTER_GETEVENTS) &&
	    (unsigned)submitted == to_submit) {
		if (min_complete > ctx->cq_entries)
			min_complete = ctx->cq_entries;
		ret = ctx->iopoll ? io_iopoll(ctx, min_complete)
				  : io_wait(ctx, min_complete, false);
	}
	file_put(f);
	return submitted ? submitted : ret;
}
