/*
 * include/uapi/ioctl.h - how Linux (asm-generic) encodes ioctl numbers:
 * direction in bits 30-31, argument size in 16-29, type in 8-15, number
 * in 0-7.  Shared by kernel and user code.
 */
#ifndef SLUICE_UAPI_IOCTL_H
#define SLUICE_UAPI_IOCTL_H

#define _IOC_NONE  0U
#define _IOC_WRITE 1U
#define _IOC_READ  2U

#define _IOC(dir, type, nr, size) \
	(((dir) << 30) | ((unsigned)(size) << 16) | ((type) << 8) | (nr))
#define _IO(type, nr)	   _IOC(_IOC_NONE, (type), (nr), 0)
#define _IOR(type, nr, t)  _IOC(_IOC_READ, (type), (nr), sizeof(t))
#define _IOW(type, nr, t)  _IOC(_IOC_WRITE, (type), (nr), sizeof(t))
#define _IOWR(type, nr, t) _IOC(_IOC_READ | _IOC_WRITE, (type), (nr), sizeof(t))

#endif /* SLUICE_UAPI_IOCTL_H */
