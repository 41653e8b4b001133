/*
 * include/uapi/sluice.h - Sluice's own ioctls (everything else in
 * include/uapi/ is Linux's ABI).  Type 'S'.
 */
#ifndef SLUICE_UAPI_SLUICE_H
#define SLUICE_UAPI_SLUICE_H

#include <stdint.h>

#include <uapi/ioctl.h>

#define SLUICE_IOC_MAGIC    'S'
#define SLUICE_ELV_NAME_MAX 16

/* Set / get the elevator of a block device: a NUL-terminated name. */
#define SLUICE_BLKSETELV _IOW(SLUICE_IOC_MAGIC, 1, char[SLUICE_ELV_NAME_MAX])
#define SLUICE_BLKGETELV _IOR(SLUICE_IOC_MAGIC, 2, char[SLUICE_ELV_NAME_MAX])

/* In-kernel polled benchmark: the ceiling with no block layer, no copies. */
struct sluice_blkbench {
	uint32_t op; /* 0 read (only reads for now) */
	uint32_t
	    block_size; /* bytes per request, multiple of 512, <= 256 KiB */
	uint32_t
	    queue_depth;     /* requests kept in flight, 1..device queue size */
	uint32_t random;     /* 0 sequential, 1 uniformly random offsets */
	uint64_t requests;   /* how many to complete */
	uint64_t span_bytes; /* offsets stay below this (0: whole device) */
	uint64_t elapsed_ns; /* out: wall time for all requests */
	uint32_t flags;	     /* SLUICE_BLKBENCH_* */
	uint32_t pad;
};
/* Every read into one buffer, not one buffer per read in flight. */
#define SLUICE_BLKBENCH_ONE_BUFFER 0x1
#define SLUICE_BLKBENCH		   _IOWR(SLUICE_IOC_MAGIC, 3, struct sluice_blkbench)

#endif /* SLUICE_UAPI_SLUICE_H */
