/*
 * user/tests/fd_share.c - descriptors and the open files behind them, on a
 * regular file: dup(2), dup3(2), F_DUPFD and fork(2) share one file offset
 * and one set of status flags (O_APPEND set with F_SETFL through one is
 * seen through the other), while FD_CLOEXEC belongs to each descriptor;
 * two open(2)s of the same file have offsets of their own; closing a
 * duplicate leaves the original working.  F_GETFL reports the access mode
 * and O_APPEND/O_NONBLOCK, never O_CREAT, O_EXCL or O_TRUNC.
 */
#include <stdio.h>
#include <string.h>

#include <uapi/wait.h>

#include "check.h"
#include "fsops.h"

int main(void);

static char buf[32];

static void
show_flags(const char *what, int fd)
{
	long fl = fcntl(fd, F_GETFL);
	static const char *const modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
					     "mode 3" };

	if (fl < 0) {
		check_errno(what, fl, 0);
		return;
	}
	printf("%s: %s%s%s%s%s%s\n", what, modes[fl & O_ACCMODE],
	       fl & O_APPEND ? " | O_APPEND" : "",
	       fl & O_NONBLOCK ? " | O_NONBLOCK" : "",
	       fl & O_CREAT ? " | O_CREAT" : "", fl & O_EXCL ? " | O_EXCL" : "",
	       fl & O_TRUNC ? " | O_TRUNC" : "");
}

static void
shared_offset(int fd)
{
	int d = dup(fd), e, status;
	pid_t pid;

	check_value("lseek(fd, 2, SEEK_SET)", lseek(fd, 2, SEEK_SET), 2);
	check_value("read(dup, buf, 3)", read(d, buf, 3), 3);
	check_true("it reads \"234\"", memcmp(buf, "234", 3) == 0);
	check_value("lseek(fd, 0, SEEK_CUR) moved too", lseek(fd, 0, SEEK_CUR),
		    5);
	e = fcntl(fd, F_DUPFD, 10);
	check_true("fcntl(fd, F_DUPFD, 10) returns 10 or more", e >= 10);
	check_value("read(F_DUPFD copy, buf, 1)", read(e, buf, 1), 1);
	check_true("it reads \"5\"", buf[0] == '5');
	pid = fork();
	if (pid == 0)
		_exit(read(fd, buf, 2) == 2 && memcmp(buf, "67", 2) == 0 ? 0
									 : 1);
	waitpid(pid, &status, 0);
	check_true("a child read \"67\" through its copy", status == 0);
	check_value("the parent's offset after it", lseek(fd, 0, SEEK_CUR), 8);
	check_value("close(dup)", close(d), 0);
	check_value("read(fd, buf, 10) after closing the dup",
		    read(fd, buf, 10), 2);
	close(e);
}

static void
own_offset(void)
{
	int a = open("f", O_RDONLY), b = open("f", O_RDONLY);

	check_value("read(open #1, buf, 4)", read(a, buf, 4), 4);
	check_value("read(open #2, buf, 1)", read(b, buf, 1), 1);
	check_true("#2 starts at 0: reads \"0\"", buf[0] == '0');
	check_value("open #1's offset", lseek(a, 0, SEEK_CUR), 4);
	close(a);
	close(b);
}

static void
shared_flags(int fd)
{
	int d = dup(fd), c;

	show_flags("F_GETFL(fd)", fd);
	check_value("fcntl(fd, F_SETFL, O_APPEND)",
		    fcntl(fd, F_SETFL, O_APPEND), 0);
	show_flags("F_GETFL(dup)", d);
	check_value("lseek(dup, 0, SEEK_SET)", lseek(d, 0, SEEK_SET), 0);
	check_value("write(dup, \"A\", 1) appends", write(d, "A", 1), 1);
	check_value("the offset after it", lseek(fd, 0, SEEK_CUR), 11);
	check_value("fcntl(dup, F_SETFL, 0)", fcntl(d, F_SETFL, 0), 0);
	show_flags("F_GETFL(fd)", fd);

	c = dup3(fd, 20, O_CLOEXEC);
	check_value("dup3(fd, 20, O_CLOEXEC)", c, 20);
	check_value("F_GETFD(20)", fcntl(c, F_GETFD), FD_CLOEXEC);
	check_value("F_GETFD(fd) stays", fcntl(fd, F_GETFD), 0);
	check_value("fcntl(fd, F_SETFD, FD_CLOEXEC)",
		    fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	check_value("F_GETFD(dup) stays", fcntl(d, F_GETFD), 0);
	c = fcntl(d, F_DUPFD_CLOEXEC, 0);
	check_value("F_GETFD of an F_DUPFD_CLOEXEC copy", fcntl(c, F_GETFD),
		    FD_CLOEXEC);
	close(c);
	close(20);
	close(d);
}

int
main(void)
{
	int fd = open("f", O_RDWR | O_CREAT | O_EXCL | O_TRUNC, 0644), w;

	check_true("open(\"f\", O_RDWR | O_CREAT | O_EXCL | O_TRUNC)", fd >= 0);
	check_value("write(fd, \"0123456789\", 10)",
		    write(fd, "0123456789", 10), 10);
	shared_offset(fd);
	own_offset();
	shared_flags(fd);
	w = open("f", O_WRONLY | O_APPEND | O_NONBLOCK);
	show_flags("F_GETFL(open(\"f\", O_WRONLY | O_APPEND | O_NONBLOCK))", w);
	close(w);
	w = open("f", O_RDONLY);
	show_flags("F_GETFL(open(\"f\", O_RDONLY))", w);
	close(w);
	close(fd);
	check_value("the final size", fs_size("f"), 11);
	return check_exit();
}
