/*
 * user/lib/errname.h - names and messages for Linux errno values.
 *
 * picolibc's strerror() and perror() know newlib's numbering, which
 * differs from Linux's above ERANGE (34); Sluice programs use these.
 */
#ifndef SLUICE_USER_ERRNAME_H
#define SLUICE_USER_ERRNAME_H

/* errno_name - "EBADF" for EBADF; "E?<n>" (static buffer) if unknown. */
const char *errno_name(int err);

/* errno_text - "Bad file descriptor" for EBADF; like errno_name if unknown. */
const char *errno_text(int err);

/*
 * warn_errno - print "@prog: @what: <errno_text(errno)>" on stderr.
 * errno is left unchanged.
 */
void warn_errno(const char *prog, const char *what);

#endif /* SLUICE_USER_ERRNAME_H */
