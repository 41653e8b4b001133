/*
 * user/lib/uring.c - see uring.h.  The kernel reads the SQ tail and
 * writes the CQ tail; this side writes the SQ tail (release: the SQEs
 * and array slots before it are visible first) and the CQ head, and reads
 * the CQ tail with acquire (the CQEs before it are then complete).
 */
#include "uring.h"

#include <string.h>

#include <uapi/mman.h>

#include "syscall.h"

#define load_acquire(p)	    __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

static void *
field(void *base, uint32_t off)
{
	return (char *)base + off;
}

int
uring_init(struct uring *r, unsigned entries, unsigned flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return uring_init_params(r, entries, &p);
}

int
uring_init_params(struct uring *r, unsigned entries, struct io_uring_params *p)
{
	const struct io_sqring_offsets *so = &p->sq_off;
	const struct io_cqring_offsets *co = &p->cq_off;
	size_t sq_len, cq_len;

	memset(r, 0, sizeof(*r));
	r->fd = io_uring_setup(entries, p);
	if (r->fd < 0)
		return -errno;
	r->params = *p;
	sq_len = so->array + p->sq_entries * sizeof(unsigned);
	cq_len = co->cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	/* IORING_FEAT_SINGLE_MMAP: one mapping holds both rings. */
	r->ring_map_len = sq_len > cq_len ? sq_len : cq_len;
	r->ring_map =
	    mmap(NULL, r->ring_map_len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	if (r->ring_map == MAP_FAILED)
		goto fail;
	r->sqe_map_len = p->sq_entries * sizeof(struct io_uring_sqe);
	r->sqe_map = mmap(NULL, r->sqe_map_len, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (r->sqe_map == MAP_FAILED) {
		int err = -errno;

		munmap(r->ring_map, r->ring_map_len);
		close(r->fd);
		return err;
	}
	r->sq_head = field(r->ring_map, so->head);
	r->sq_tail = field(r->ring_map, so->tail);
	r->sq_mask = field(r->ring_map, so->ring_mask);
	r->sq_flags = field(r->ring_map, so->flags);
	r->sq_dropped = field(r->ring_map, so->dropped);
	r->sq_array = field(r->ring_map, so->array);
	r->sqes = r->sqe_map;
	r->sqe_tail = *r->sq_tail;
	r->cq_head = field(r->ring_map, co->head);
	r->cq_tail = field(r->ring_map, co->tail);
	r->cq_mask = field(r->ring_map, co->ring_mask);
	r->cq_overflow = field(r->ring_map, co->overflow);
	r->cqes = field(r->ring_map, co->cqes);
	return 0;
fail:;
	int err = -errno;

	close(r->fd);
	return err;
}

void
uring_exit(struct uring *r)
{
	munmap(r->sqe_map, r->sqe_map_len);
	munmap(r->ring_map, r->ring_map_len);
	close(r->fd);
}

struct io_uring_sqe *
uring_get_sqe(struct uring *r)
{
	struct io_uring_sqe *sqe;
	unsigned head = load_acquire(r->sq_head);

	if (r->sqe_tail - head >= r->params.sq_entries)
		return NULL;
	sqe = &r->sqes[r->sqe_tail & *r->sq_mask];
	r->sq_array[r->sqe_tail & *r->sq_mask] = r->sqe_tail & *r->sq_mask;
	r->sqe_tail++;
	memset(sqe, 0, sizeof(*sqe));
	return sqe;
}

void
uring_prep_rw(struct io_uring_sqe *sqe, int op, int fd, const void *addr,
	      unsigned len, uint64_t off)
{
	sqe->opcode = (uint8_t)op;
	sqe->fd = fd;
	sqe->addr = (uint64_t)(uintptr_t)addr;
	sqe->len = len;
	sqe->off = off;
}

int
uring_submit_and_wait(struct uring *r, unsigned wait_nr)
{
	unsigned pending = r->sqe_tail - *r->sq_tail;
	int n;

	store_release(r->sq_tail, r->sqe_tail);
	if (pending == 0 && wait_nr == 0)
		return 0;
	n = io_uring_enter(r->fd, pending, wait_nr,
			   wait_nr ? IORING_ENTER_GETEVENTS : 0, NULL, 0);
	return n < 0 ? -errno : n;
}

int
uring_submit(struct uring *r)
{
	return uring_submit_and_wait(r, 0);
}

unsigned
uring_cq_ready(const struct uring *r)
{
	return load_acquire(r->cq_tail) - *r->cq_head;
}

int
uring_peek_cqe(struct uring *r, struct io_uring_cqe **cqe)
{
	if (uring_cq_ready(r) == 0)
		return -EAGAIN;
	*cqe = &r->cqes[*r->cq_head & *r->cq_mask];
	return 0;
}

int
uring_wait_cqe(struct uring *r, struct io_uring_cqe **cqe)
{
	while (uring_peek_cqe(r, cqe)) {
		int n = io_uring_enter(r->fd, 0, 1, IORING_ENTER_GETEVENTS,
				       NULL, 0);

		if (n < 0 && errno != EINTR)
			return -errno;
	}
	return 0;
}

void
uring_cq_advance(struct uring *r, unsigned n)
{
	store_release(r->cq_head, *r->cq_head + n);
}

void
uring_cqe_seen(struct uring *r)
{
	uring_cq_advance(r, 1);
}
