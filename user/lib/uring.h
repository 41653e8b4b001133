/*
 * user/lib/uring.h - a small helper around one io_uring: maps its rings
 * after io_uring_setup() and hands out SQEs and CQEs, so a program can
 * write
 *
 *	struct uring r;
 *	uring_init(&r, 32, 0);
 *	sqe = uring_get_sqe(&r);
 *	uring_prep_rw(sqe, IORING_OP_READ, fd, buf, len, off);
 *	sqe->user_data = 7;
 *	uring_submit_and_wait(&r, 1);
 *	uring_peek_cqe(&r, &cqe);  ... cqe->res ...
 *	uring_cqe_seen(&r);
 *
 * Only the raw system calls and the ABI of include/uapi/io_uring.h are
 * used.  Functions return 0 or a count, or -errno (they do not use errno).
 */
#ifndef SLUICE_USER_URING_H
#define SLUICE_USER_URING_H

#include <stddef.h>
#include <stdint.h>

#include <uapi/io_uring.h>

struct uring {
	int fd;
	struct io_uring_params params; /* as io_uring_setup() filled it */
	/* submission ring */
	unsigned *sq_head, *sq_tail, *sq_mask, *sq_flags, *sq_dropped;
	unsigned *sq_array;
	struct io_uring_sqe *sqes;
	unsigned
	    sqe_tail; /* handed out by uring_get_sqe(), maybe unpublished */
	/* completion ring */
	unsigned *cq_head, *cq_tail, *cq_mask, *cq_overflow;
	struct io_uring_cqe *cqes;
	/* the mappings */
	void *ring_map, *sqe_map;
	size_t ring_map_len, sqe_map_len;
};

/* io_uring_setup(@entries) with @flags (IORING_SETUP_*), then mmap. */
int uring_init(struct uring *r, unsigned entries, unsigned flags);
/* The same with the caller's params (cq_entries for IORING_SETUP_CQSIZE). */
int uring_init_params(struct uring *r, unsigned entries,
		      struct io_uring_params *p);
void uring_exit(struct uring *r);

/* A zeroed SQE to fill, or NULL when the submission ring is full. */
struct io_uring_sqe *uring_get_sqe(struct uring *r);
void uring_prep_rw(struct io_uring_sqe *sqe, int op, int fd, const void *addr,
		   unsigned len, uint64_t off);
/* Publish the SQEs got so far; enter the kernel to submit them and wait
 * for @wait_nr completions.  The number submitted, or -errno. */
int uring_submit(struct uring *r);
int uring_submit_and_wait(struct uring *r, unsigned wait_nr);
/* The oldest unseen CQE in *cqe (0), or -EAGAIN when there is none. */
int uring_peek_cqe(struct uring *r, struct io_uring_cqe **cqe);
/* Like peek, but waits in io_uring_enter(GETEVENTS) for one. */
int uring_wait_cqe(struct uring *r, struct io_uring_cqe **cqe);
/* Mark the oldest CQE (or @n of them) consumed. */
void uring_cqe_seen(struct uring *r);
void uring_cq_advance(struct uring *r, unsigned n);
/* CQEs ready to be read. */
unsigned uring_cq_ready(const struct uring *r);

#endif /* SLUICE_USER_URING_H */
