/*
 * user/bin/echo.c - print the arguments, separated by spaces, and a
 * newline unless the first argument is -n.  No escape sequences.
 */
#include <stdio.h>
#include <string.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
	int i = 1, newline = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i = 2;
	}
	for (; i < argc; i++) {
		fputs(argv[i], stdout);
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn_errno("echo", "write error");
		return 1;
	}
	return 0;
}
