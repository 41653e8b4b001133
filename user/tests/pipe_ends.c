/*
 * user/tests/pipe_ends.c - what the two ends of a pipe see: the reader
 * gets end of file (0) once every write end is closed, also a dup of one
 * and also one held by a child that exits, and EAGAIN before that with
 * O_NONBLOCK; a writer with no reader left is killed by SIGPIPE (wait
 * status: signal 13), except for a write of 0 bytes, which returns 0; a
 * non-blocking writer fills the pipe (at least PIPE_BUF bytes, the rest
 * depends on the kernel and is not printed) and then gets EAGAIN until a
 * read makes room.  Wrong-end calls are EBADF, seeks ESPIPE; F_GETFL shows
 * each end's access mode; pipe2(O_CLOEXEC) marks both ends.  EPIPE itself
 * needs SIGPIPE ignored (rt_sigaction), which Sluice does not have yet.
 */
#include <stdio.h>
#include <string.h>

#include <uapi/signal.h>
#include <uapi/wait.h>

#include "check.h"

int main(void);

static char buf[8192];

static void
eof(void)
{
	int p[2], d, status;
	pid_t pid;

	check_value("pipe2(p, 0)", pipe2(p, 0), 0);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		write(p[1], "hi", 2);
		_exit(0);
	}
	close(p[1]);
	check_value("read what the child wrote", read(p[0], buf, 10), 2);
	check_value("read after the child exited", read(p[0], buf, 10), 0);
	waitpid(pid, &status, 0);
	close(p[0]);

	check_value("pipe2(p, O_NONBLOCK)", pipe2(p, O_NONBLOCK), 0);
	d = dup(p[1]);
	check_value("close(write end), a dup of it left", close(p[1]), 0);
	check_errno("read with a writer left", read(p[0], buf, 10), EAGAIN);
	check_value("read(p[0], buf, 0)", read(p[0], buf, 0), 0);
	check_value("close(the dup)", close(d), 0);
	check_value("read with no writer left", read(p[0], buf, 10), 0);
	close(p[0]);
}

static void
no_reader(void)
{
	int p[2], status = 0;
	pid_t pid;

	check_value("pipe2(p, 0)", pipe2(p, 0), 0);
	check_value("close(read end)", close(p[0]), 0);
	pid = fork();
	if (pid == 0) {
		check_value("child: write(p[1], \"\", 0)", write(p[1], "", 0),
			    0);
		write(p[1], "x", 1);
		printf("child: write returned\n");
		_exit(0);
	}
	check_true("waitpid returns the child",
		   waitpid(pid, &status, 0) == pid);
	printf("the writer ended with %s\n", status_text(status));
	check_true("killed by SIGPIPE",
		   WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	close(p[1]);
}

static void
full(void)
{
	int p[2];
	long total = 0, left;
	ssize_t n;

	check_value("pipe2(p, O_NONBLOCK)", pipe2(p, O_NONBLOCK), 0);
	check_errno("read from the empty pipe", read(p[0], buf, 10), EAGAIN);
	memset(buf, 'f', sizeof(buf));
	while ((n = write(p[1], buf, 1024)) == 1024 && total < (1L << 24))
		total += n;
	check_errno("write until the pipe is full", n, EAGAIN);
	check_true("it took at least PIPE_BUF bytes", total >= 4096);
	n = read(p[0], buf, 4096);
	check_value("read(p[0], buf, 4096) from the full pipe", n, 4096);
	/* 4096 bytes out in all, even if that read came up short */
	for (left = 4096 - (n > 0 ? n : 0); left > 0; left -= n)
		if ((n = read(p[0], buf, (size_t)left)) <= 0)
			break;
	check_value("write(p[1], buf, 1024) now", write(p[1], buf, 1024), 1024);
	close(p[0]);
	close(p[1]);
}

static void
wrong_end(void)
{
	int p[2];

	check_value("pipe2(p, O_CLOEXEC)", pipe2(p, O_CLOEXEC), 0);
	check_value("F_GETFD of the read end", fcntl(p[0], F_GETFD),
		    FD_CLOEXEC);
	check_value("F_GETFD of the write end", fcntl(p[1], F_GETFD),
		    FD_CLOEXEC);
	check_value("access mode of the read end",
		    fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	check_value("access mode of the write end",
		    fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	check_errno("write(read end)", write(p[0], "x", 1), EBADF);
	check_errno("read(write end)", read(p[1], buf, 1), EBADF);
	check_errno("lseek(read end, 0, SEEK_CUR)", lseek(p[0], 0, SEEK_CUR),
		    ESPIPE);
	check_errno("pread(read end)", pread(p[0], buf, 1, 0), ESPIPE);
	check_errno("pwrite(write end)", pwrite(p[1], "x", 1, 0), ESPIPE);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	eof();
	no_reader();
	full();
	wrong_end();
	return check_exit();
}
