/*
 * include/uapi/uio.h - struct iovec, the scatter/gather element of readv,
 * writev, preadv and the io_uring READV/WRITEV ops.
 */
#ifndef SLUICE_UAPI_UIO_H
#define SLUICE_UAPI_UIO_H

#include <uapi/types.h>

struct iovec {
	void *iov_base;
	uint64_t iov_len;
};
UAPI_ASSERT_SIZE(struct iovec, 16);
UAPI_ASSERT_OFFSET(struct iovec, iov_len, 8);

/* More than this many iovecs in one call is EINVAL. */
#define UIO_MAXIOV 1024

#endif /* SLUICE_UAPI_UIO_H */
