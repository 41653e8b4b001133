/*
 * user/lib/stdfd.c - the three standard FILE streams for picolibc's
 * tinystdio, using its buffered-fd ("bufio") streams over Sluice's
 * read/write/lseek/close.  Buffering policy: see stdfd.h.
 *
 * Single-threaded: picolibc's stream locks do nothing, which is right here.
 */
#include "stdfd.h"

#include <stdio.h>
#include <stdio-bufio.h>

#include "syscall.h"

#define STDFD_BUFSIZE 512

static char stdin_buf[STDFD_BUFSIZE];
static char stdout_buf[STDFD_BUFSIZE];
static char stderr_buf[STDFD_BUFSIZE];

static struct __file_bufio stdin_file = FDEV_SETUP_BUFIO(
    0, stdin_buf, STDFD_BUFSIZE, read, write, lseek, close, __SRD, 0);
static struct __file_bufio stdout_file = FDEV_SETUP_BUFIO(
    1, stdout_buf, STDFD_BUFSIZE, read, write, lseek, close, __SWR, __BLBF);
static struct __file_bufio stderr_file = FDEV_SETUP_BUFIO(
    2, stderr_buf, STDFD_BUFSIZE, read, write, lseek, close, __SWR, __BLBF);

FILE *const stdin = &stdin_file.xfile.cfile.file;
FILE *const stdout = &stdout_file.xfile.cfile.file;
FILE *const stderr = &stderr_file.xfile.cfile.file;

void
stdio_flush_all(void)
{
	fflush(stdout);
	fflush(stderr);
}

/* exit() runs the fini array after the atexit handlers. */
static void stdfd_exit_flush(void) __attribute__((destructor));

static void
stdfd_exit_flush(void)
{
	stdio_flush_all();
}
