/*
 * include/uapi/fs.h - block device ioctls, with Linux's numbers.
 */
#ifndef SLUICE_UAPI_FS_H
#define SLUICE_UAPI_FS_H

#include <uapi/ioctl.h>

#define BLKSSZGET    _IO(0x12, 104) /* int: logical sector size */
#define BLKGETSIZE64 _IOR(0x12, 114, unsigned long) /* u64: size in bytes */

#endif /* SLUICE_UAPI_FS_H */
