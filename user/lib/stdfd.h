/*
 * user/lib/stdfd.h - picolibc's stdin, stdout and stderr, bound to file
 * descriptors 0, 1 and 2.
 *
 * Buffering, chosen so output is the same whether fd 1 is the console, a
 * pipe or a file, and is never duplicated or lost by fork or exec:
 *   stdin   buffered (512 bytes); reading it first flushes stdout
 *   stdout  line-buffered: one write(2) per '\n', or when 512 bytes fill up
 *   stderr  line-buffered too (each message one write(2); C only asks
 *           that it not be fully buffered)
 * stdio_flush_all() runs before fork() and execve() (in syscall.c) and at
 * exit() (a destructor), so text printed before a fork is written once.
 * _exit() does not flush, as POSIX says.
 */
#ifndef SLUICE_USER_STDFD_H
#define SLUICE_USER_STDFD_H

/* stdio_flush_all - write out what stdout and stderr hold. */
void stdio_flush_all(void);

#endif /* SLUICE_USER_STDFD_H */
