/*
 * user/lib/errname.c - the table of Linux errno names and messages.
 * Read-only after start-up, except errno_name()'s buffer for unknown
 * values (single-threaded programs only).
 */
#include "errname.h"

#include <stdio.h>

#include <uapi/errno.h>

#include "syscall.h"

struct errname {
	int err;
	const char *name;
	const char *text;
};

static const struct errname errnames[] = {
	{ EPERM, "EPERM", "Operation not permitted" },
	{ ENOENT, "ENOENT", "No such file or directory" },
	{ ESRCH, "ESRCH", "No such process" },
	{ EINTR, "EINTR", "Interrupted system call" },
	{ EIO, "EIO", "Input/output error" },
	{ ENXIO, "ENXIO", "No such device or address" },
	{ E2BIG, "E2BIG", "Argument list too long" },
	{ ENOEXEC, "ENOEXEC", "Exec format error" },
	{ EBADF, "EBADF", "Bad file descriptor" },
	{ ECHILD, "ECHILD", "No child processes" },
	{ EAGAIN, "EAGAIN", "Resource temporarily unavailable" },
	{ ENOMEM, "ENOMEM", "Cannot allocate memory" },
	{ EACCES, "EACCES", "Permission denied" },
	{ EFAULT, "EFAULT", "Bad address" },
	{ ENOTBLK, "ENOTBLK", "Block device required" },
	{ EBUSY, "EBUSY", "Device or resource busy" },
	{ EEXIST, "EEXIST", "File exists" },
	{ EXDEV, "EXDEV", "Invalid cross-device link" },
	{ ENODEV, "ENODEV", "No such device" },
	{ ENOTDIR, "ENOTDIR", "Not a directory" },
	{ EISDIR, "EISDIR", "Is a directory" },
	{ EINVAL, "EINVAL", "Invalid argument" },
	{ ENFILE, "ENFILE", "Too many open files in system" },
	{ EMFILE, "EMFILE", "Too many open files" },
	{ ENOTTY, "ENOTTY", "Inappropriate ioctl for device" },
	{ ETXTBSY, "ETXTBSY", "Text file busy" },
	{ EFBIG, "EFBIG", "File too large" },
	{ ENOSPC, "ENOSPC", "No space left on device" },
	{ ESPIPE, "ESPIPE", "Illegal seek" },
	{ EROFS, "EROFS", "Read-only file system" },
	{ EMLINK, "EMLINK", "Too many links" },
	{ EPIPE, "EPIPE", "Broken pipe" },
	{ EDOM, "EDOM", "Numerical argument out of domain" },
	{ ERANGE, "ERANGE", "Numerical result out of range" },
	{ EDEADLK, "EDEADLK", "Resource deadlock avoided" },
	{ ENAMETOOLONG, "ENAMETOOLONG", "File name too long" },
	{ ENOLCK, "ENOLCK", "No locks available" },
	{ ENOSYS, "ENOSYS", "Function not implemented" },
	{ ENOTEMPTY, "ENOTEMPTY", "Directory not empty" },
	{ ELOOP, "ELOOP", "Too many levels of symbolic links" },
	{ ETIME, "ETIME", "Timer expired" },
	{ EOVERFLOW, "EOVERFLOW", "Value too large for defined data type" },
	{ EBADFD, "EBADFD", "File descriptor in bad state" },
	{ EILSEQ, "EILSEQ",
	  "Invalid or incomplete multibyte or wide character" },
	{ ENOTSOCK, "ENOTSOCK", "Socket operation on non-socket" },
	{ EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported" },
	{ ENOBUFS, "ENOBUFS", "No buffer space available" },
	{ ENOTCONN, "ENOTCONN", "Transport endpoint is not connected" },
	{ ETIMEDOUT, "ETIMEDOUT", "Connection timed out" },
	{ EALREADY, "EALREADY", "Operation already in progress" },
	{ EINPROGRESS, "EINPROGRESS", "Operation now in progress" },
	{ ECANCELED, "ECANCELED", "Operation canceled" },
};

static const struct errname *
errname_find(int err)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return &errnames[i];
	return NULL;
}

const char *
errno_name(int err)
{
	static char unknown[16];
	const struct errname *e = errname_find(err);

	if (e)
		return e->name;
	snprintf(unknown, sizeof(unknown), "E?%d", err);
	return unknown;
}

const char *
errno_text(int err)
{
	const struct errname *e = errname_find(err);

	return e ? e->text : errno_name(err);
}

void
warn_errno(const char *prog, const char *what)
{
	int saved = errno;

	fprintf(stderr, "%s: %s: %s\n", prog, what, errno_text(saved));
	errno = saved;
}
