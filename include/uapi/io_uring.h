/*
 * include/uapi/io_uring.h - the io_uring ABI: Linux's struct layouts,
 * opcodes, flags and mmap offsets (io_uring_setup(2), io_uring_enter(2)).
 *
 * A program asks io_uring_setup() for a ring and gets a file descriptor
 * plus a struct io_uring_params saying where in the mmap()ed regions
 * each ring field lives.  It writes io_uring_sqe entries into the SQE
 * array, puts their indexes in the submission ring and moves its tail;
 * io_uring_enter() consumes them.  Results come back as io_uring_cqe
 * entries in the completion ring, whose head the program moves.
 */
#ifndef SLUICE_UAPI_IO_URING_H
#define SLUICE_UAPI_IO_URING_H

#include <stdint.h>

#include <uapi/types.h>

/* Submission Queue Entry: one request. */
struct io_uring_sqe {
	uint8_t opcode; /* IORING_OP_* */
	uint8_t flags;	/* IOSQE_* */
	uint16_t ioprio;
	int32_t fd;
	union {
		uint64_t off; /* file offset; -1: the file position */
		uint64_t addr2;
	};
	uint64_t addr; /* buffer, or iovec array */
	uint32_t len;  /* bytes, or number of iovecs */
	union {
		uint32_t rw_flags;
		uint32_t fsync_flags; /* IORING_FSYNC_DATASYNC */
		uint32_t poll32_events;
		uint32_t timeout_flags;
		uint32_t cancel_flags;
	};
	uint64_t user_data; /* given back in the completion */
	uint16_t buf_index;
	uint16_t personality;
	int32_t splice_fd_in;
	uint64_t addr3;
	uint64_t __pad2[1];
};
UAPI_ASSERT_SIZE(struct io_uring_sqe, 64);
UAPI_ASSERT_OFFSET(struct io_uring_sqe, user_data, 32);

#define IOSQE_FIXED_FILE       (1U << 0)
#define IOSQE_IO_DRAIN	       (1U << 1)
#define IOSQE_IO_LINK	       (1U << 2)
#define IOSQE_IO_HARDLINK      (1U << 3)
#define IOSQE_ASYNC	       (1U << 4)
#define IOSQE_BUFFER_SELECT    (1U << 5)
#define IOSQE_CQE_SKIP_SUCCESS (1U << 6)

/* io_uring_setup() flags */
#define IORING_SETUP_IOPOLL	(1U << 0) /* completions by polling */
#define IORING_SETUP_SQPOLL	(1U << 1)
#define IORING_SETUP_SQ_AFF	(1U << 2)
#define IORING_SETUP_CQSIZE	(1U << 3) /* cq_entries is given */
#define IORING_SETUP_CLAMP	(1U << 4) /* clamp sizes to the maxima */
#define IORING_SETUP_ATTACH_WQ	(1U << 5)
#define IORING_SETUP_R_DISABLED (1U << 6)

enum io_uring_op {
	IORING_OP_NOP,
	IORING_OP_READV,
	IORING_OP_WRITEV,
	IORING_OP_FSYNC,
	IORING_OP_READ_FIXED,
	IORING_OP_WRITE_FIXED,
	IORING_OP_POLL_ADD,
	IORING_OP_POLL_REMOVE,
	IORING_OP_SYNC_FILE_RANGE,
	IORING_OP_SENDMSG,
	IORING_OP_RECVMSG,
	IORING_OP_TIMEOUT,
	IORING_OP_TIMEOUT_REMOVE,
	IORING_OP_ACCEPT,
	IORING_OP_ASYNC_CANCEL,
	IORING_OP_LINK_TIMEOUT,
	IORING_OP_CONNECT,
	IORING_OP_FALLOCATE,
	IORING_OP_OPENAT,
	IORING_OP_CLOSE,
	IORING_OP_FILES_UPDATE,
	IORING_OP_STATX,
	IORING_OP_READ,
	IORING_OP_WRITE,
};

#define IORING_FSYNC_DATASYNC (1U << 0)

/* Completion Queue Entry: one result. */
struct io_uring_cqe {
	uint64_t user_data; /* the sqe's */
	int32_t res;	    /* what the equivalent system call returns */
	uint32_t flags;
};
UAPI_ASSERT_SIZE(struct io_uring_cqe, 16);

/* mmap() offsets of the three regions */
#define IORING_OFF_SQ_RING 0ULL
#define IORING_OFF_CQ_RING 0x8000000ULL
#define IORING_OFF_SQES	   0x10000000ULL

/* Where the submission ring's fields are, from the IORING_OFF_SQ_RING map. */
struct io_sqring_offsets {
	uint32_t head;
	uint32_t tail;
	uint32_t ring_mask;
	uint32_t ring_entries;
	uint32_t flags;
	uint32_t dropped; /* entries with an index out of range */
	uint32_t array;	  /* uint32_t indexes into the SQE array */
	uint32_t resv1;
	uint64_t resv2;
};
UAPI_ASSERT_SIZE(struct io_sqring_offsets, 40);

#define IORING_SQ_NEED_WAKEUP (1U << 0)
#define IORING_SQ_CQ_OVERFLOW (1U << 1)

/* Where the completion ring's fields are, from the IORING_OFF_CQ_RING map. */
struct io_cqring_offsets {
	uint32_t head;
	uint32_t tail;
	uint32_t ring_mask;
	uint32_t ring_entries;
	uint32_t overflow;
	uint32_t cqes;
	uint32_t flags;
	uint32_t resv1;
	uint64_t resv2;
};
UAPI_ASSERT_SIZE(struct io_cqring_offsets, 40);

/* io_uring_enter() flags */
#define IORING_ENTER_GETEVENTS (1U << 0) /* wait for min_complete */
#define IORING_ENTER_SQ_WAKEUP (1U << 1)
#define IORING_ENTER_SQ_WAIT   (1U << 2)
#define IORING_ENTER_EXT_ARG   (1U << 3)

struct io_uring_params {
	uint32_t sq_entries; /* out */
	uint32_t cq_entries; /* in with IORING_SETUP_CQSIZE, out */
	uint32_t flags;	     /* IORING_SETUP_* */
	uint32_t sq_thread_cpu;
	uint32_t sq_thread_idle;
	uint32_t features; /* out: IORING_FEAT_* */
	uint32_t wq_fd;
	uint32_t resv[3];
	struct io_sqring_offsets sq_off; /* out */
	struct io_cqring_offsets cq_off; /* out */
};
UAPI_ASSERT_SIZE(struct io_uring_params, 120);
UAPI_ASSERT_OFFSET(struct io_uring_params, sq_off, 40);

/* io_uring_params.features */
#define IORING_FEAT_SINGLE_MMAP	  (1U << 0) /* one map holds both rings */
#define IORING_FEAT_NODROP	  (1U << 1)
#define IORING_FEAT_SUBMIT_STABLE (1U << 2) /* sqe copied at submission */
#define IORING_FEAT_RW_CUR_POS	  (1U << 3) /* off -1: the file position */

#endif /* SLUICE_UAPI_IO_URING_H */
