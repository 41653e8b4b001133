/*
 * include/uapi/fcntl.h - open flags, fcntl commands, the *at() conventions
 * and lseek whences of Linux riscv64 (asm-generic/fcntl.h; the O_* values
 * are octal there too).
 */
#ifndef SLUICE_UAPI_FCNTL_H
#define SLUICE_UAPI_FCNTL_H

/* open/openat flags; also what F_GETFL reports and F_SETFL changes */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR	    00000002
#define O_CREAT	    00000100
#define O_EXCL	    00000200
#define O_NOCTTY    00000400
#define O_TRUNC	    00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_NDELAY    O_NONBLOCK
#define O_DSYNC	    00010000
#define FASYNC	    00020000
#define O_ASYNC	    FASYNC
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define __O_SYNC    04000000
#define O_SYNC	    (__O_SYNC | O_DSYNC)
#define O_PATH	    010000000
#define __O_TMPFILE 020000000
#define O_TMPFILE   (__O_TMPFILE | O_DIRECTORY)

/* fcntl commands */
#define F_DUPFD		      0
#define F_GETFD		      1
#define F_SETFD		      2
#define F_GETFL		      3
#define F_SETFL		      4
#define F_GETLK		      5
#define F_SETLK		      6
#define F_SETLKW	      7
#define F_SETOWN	      8
#define F_GETOWN	      9
#define F_SETSIG	      10
#define F_GETSIG	      11
#define F_SETOWN_EX	      15
#define F_GETOWN_EX	      16
#define F_LINUX_SPECIFIC_BASE 1024
#define F_SETLEASE	      (F_LINUX_SPECIFIC_BASE + 0)
#define F_GETLEASE	      (F_LINUX_SPECIFIC_BASE + 1)
#define F_NOTIFY	      (F_LINUX_SPECIFIC_BASE + 2)
#define F_DUPFD_CLOEXEC	      (F_LINUX_SPECIFIC_BASE + 6)
#define F_SETPIPE_SZ	      (F_LINUX_SPECIFIC_BASE + 7)
#define F_GETPIPE_SZ	      (F_LINUX_SPECIFIC_BASE + 8)

/* F_GETFD/F_SETFD: the one per-descriptor flag */
#define FD_CLOEXEC 1

/* the *at() calls */
#define AT_FDCWD	    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR	    0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH	    0x1000

/* renameat2 flags */
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE	 (1 << 1)
#define RENAME_WHITEOUT	 (1 << 2)

/* lseek whence (the same tokens as ISO C's <stdio.h>) */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#endif /* SLUICE_UAPI_FCNTL_H */
