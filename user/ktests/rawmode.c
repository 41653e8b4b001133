/*
 * user/ktests/rawmode.c - the console in raw mode: with ICANON and ECHO
 * cleared through TCSETS, one key is readable at once, without Enter and
 * without echo; TCSETS with the saved termios restores line editing.
 */
#include <stdio.h>

#include <uapi/termios.h>

#include "syscall.h"

int main(void);

int
main(void)
{
	struct termios saved, raw;
	char c = 0;
	long n;

	if (tcgetattr(0, &saved)) {
		printf("tcgetattr failed: not a terminal\n");
		return 1;
	}
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	printf("raw: press one key\n");
	fflush(stdout);
	n = read(0, &c, 1);
	tcsetattr(0, TCSANOW, &saved);
	printf("read %ld byte: '%c'\n", n, c);
	return n == 1 ? 0 : 1;
}
