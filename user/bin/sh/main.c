/*
 * user/bin/sh/main.c - Sluice's shell: reads commands line by line and
 * runs them (see sh.h for the whole path).
 *
 *	sh                 commands from fd 0; prompt "$ " if it is a terminal
 *	sh -c 'commands'   run one line
 *	sh FILE            commands from FILE
 *
 * Input is read one byte at a time with read(2), not through stdio: a
 * program the shell starts shares fd 0 and must find the rest of the input
 * still there.  At end of input the shell exits with the last status.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errname.h"

int main(int argc, char **argv);

struct sh_state sh;

static char line[SH_LINE_MAX + 1];

/* Someone left our input non-blocking (a shared open file): undo it. */
static int
clear_nonblock(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
}

/* One byte from @fd: 1, 0 at end of input, -1 on error. */
static int
read_byte(int fd, char *c)
{
	ssize_t r;

	for (;;) {
		r = read(fd, c, 1);
		if (r >= 0)
			return (int)r;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN && clear_nonblock(fd) == 0)
			continue;
		return -1;
	}
}

/*
 * Read a line (without its '\n') into line[].  Returns its length, or -1
 * at end of input with nothing read.  A line longer than SH_LINE_MAX is
 * dropped with a message.
 */
static int
read_line(int fd)
{
	size_t n = 0;
	int r, too_long = 0;
	char c;

	for (;;) {
		r = read_byte(fd, &c);
		if (r < 0)
			warn_errno("sh", "read");
		if (r <= 0 && n == 0 && !too_long)
			return -1;
		if (r <= 0 || c == '\n')
			break;
		if (n < SH_LINE_MAX)
			line[n++] = c;
		else
			too_long = 1;
	}
	line[too_long ? 0 : n] = '\0';
	if (too_long)
		fprintf(stderr, "sh: line too long (over %d bytes)\n",
			SH_LINE_MAX);
	return too_long ? 0 : (int)n;
}

static void
run_line(const char *text)
{
	static struct sh_token toks[SH_TOKENS_MAX];
	static struct sh_list list;
	int n = sh_lex(text, toks, SH_TOKENS_MAX);

	if (n < 0 || sh_parse(toks, n, &list) < 0) {
		sh.last_status = SH_STATUS_SYNTAX;
		return;
	}
	sh_run_list(&list);
}

static void
run_input(int fd)
{
	for (;;) {
		sh_reap_jobs();
		if (sh.interactive) {
			fputs("$ ", stderr);
			fflush(stderr);
		}
		if (read_line(fd) < 0)
			break;
		run_line(line);
	}
}

int
main(int argc, char **argv)
{
	int fd = 0;

	sh.pid = getpid();
	sh.bin_dir = getenv("SLUICE_BIN");
	if (!sh.bin_dir || !*sh.bin_dir)
		sh.bin_dir = "/bin";
	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		run_line(argv[2]);
		return sh.last_status;
	}
	if (argc > 1) {
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			warn_errno("sh", argv[1]);
			return SH_STATUS_NOT_FOUND;
		}
	}
	sh.interactive = fd == 0 && isatty(0);
	if (sh.interactive)
		sh_ignore_interrupts(1);
	run_input(fd);
	return sh.last_status;
}
