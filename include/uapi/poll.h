/*
 * include/uapi/poll.h - poll(2) event bits, Linux's values (also what
 * each file's ->poll method returns inside the kernel).
 */
#ifndef SLUICE_UAPI_POLL_H
#define SLUICE_UAPI_POLL_H

#define POLLIN	   0x0001
#define POLLPRI	   0x0002
#define POLLOUT	   0x0004
#define POLLERR	   0x0008
#define POLLHUP	   0x0010
#define POLLNVAL   0x0020
#define POLLRDNORM 0x0040
#define POLLWRNORM 0x0100

#endif /* SLUICE_UAPI_POLL_H */
