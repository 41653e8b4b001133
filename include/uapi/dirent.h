/*
 * include/uapi/dirent.h - the records getdents64(2) packs into its buffer:
 * struct linux_dirent64, each d_reclen bytes long (8-byte aligned), the
 * NUL-terminated name at offset 19, and the DT_* file types.
 */
#ifndef SLUICE_UAPI_DIRENT_H
#define SLUICE_UAPI_DIRENT_H

#include <uapi/types.h>

struct linux_dirent64 {
	uint64_t d_ino;	   /* inode number */
	int64_t d_off;	   /* where the next record starts (opaque) */
	uint16_t d_reclen; /* length of this record */
	uint8_t d_type;	   /* DT_* */
	char d_name[];	   /* NUL-terminated */
};
UAPI_ASSERT_OFFSET(struct linux_dirent64, d_reclen, 16);
UAPI_ASSERT_OFFSET(struct linux_dirent64, d_type, 18);
UAPI_ASSERT_OFFSET(struct linux_dirent64, d_name, 19);

#define DT_UNKNOWN 0
#define DT_FIFO	   1
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_BLK	   6
#define DT_REG	   8
#define DT_LNK	   10
#define DT_SOCK	   12
#define DT_WHT	   14

#endif /* SLUICE_UAPI_DIRENT_H */
