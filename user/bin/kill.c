/*
 * user/bin/kill.c - send a signal to processes.
 *
 *	kill [-SIG | -s SIG] PID...   SIG is a number or a name, with or
 *	                              without "SIG" (default TERM); a PID of
 *	                              -N means process group N, as in kill(2)
 *	                              (write "kill -- -N" to use the default)
 *	kill -l                       list the signal names
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uapi/signal.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

static const char *const signames[] = {
	[SIGHUP] = "HUP",	[SIGINT] = "INT",	[SIGQUIT] = "QUIT",
	[SIGILL] = "ILL",	[SIGTRAP] = "TRAP",	[SIGABRT] = "ABRT",
	[SIGBUS] = "BUS",	[SIGFPE] = "FPE",	[SIGKILL] = "KILL",
	[SIGUSR1] = "USR1",	[SIGSEGV] = "SEGV",	[SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE",	[SIGALRM] = "ALRM",	[SIGTERM] = "TERM",
	[SIGSTKFLT] = "STKFLT", [SIGCHLD] = "CHLD",	[SIGCONT] = "CONT",
	[SIGSTOP] = "STOP",	[SIGTSTP] = "TSTP",	[SIGTTIN] = "TTIN",
	[SIGTTOU] = "TTOU",	[SIGURG] = "URG",	[SIGXCPU] = "XCPU",
	[SIGXFSZ] = "XFSZ",	[SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF",
	[SIGWINCH] = "WINCH",	[SIGIO] = "IO",		[SIGPWR] = "PWR",
	[SIGSYS] = "SYS",
};

#define NSIGNAMES ((int)(sizeof(signames) / sizeof(signames[0])))

/* parse_long - all of @s as a decimal number; 0 if it is not one. */
static int
parse_long(const char *s, long *v)
{
	char *end;

	if (!*s)
		return 0;
	*v = strtol(s, &end, 10);
	return *end == '\0';
}

/* The signal @s names, or -1. */
static int
signal_number(const char *s)
{
	long n;
	int i;

	if (parse_long(s, &n))
		return n >= 0 && n <= _NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 1; i < NSIGNAMES; i++)
		if (signames[i] && strcasecmp(s, signames[i]) == 0)
			return i;
	return -1;
}

static int
list_signals(void)
{
	int i;

	for (i = 1; i < NSIGNAMES; i++)
		printf("%2d %s\n", i, signames[i]);
	return 0;
}

static int
send(int sig, int argc, char **argv)
{
	int i, status = 0;
	long pid;

	if (argc == 0) {
		fprintf(stderr, "usage: kill [-SIG | -s SIG] PID... | -l\n");
		return 1;
	}
	for (i = 0; i < argc; i++) {
		if (!parse_long(argv[i], &pid)) {
			fprintf(stderr, "kill: %s: not a pid\n", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			fprintf(stderr, "kill: (%ld) - %s\n", pid,
				errno_text(errno));
			status = 1;
		}
	}
	return status;
}

int
main(int argc, char **argv)
{
	const char *name = "TERM";
	int first = 1, sig;

	if (argc == 2 && strcmp(argv[1], "-l") == 0)
		return list_signals();
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		first = 2;
	} else if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		name = argv[2];
		first = 3;
	} else if (argc > 2 && argv[1][0] == '-') {
		name = argv[1] + 1; /* -9, -KILL, -SIGKILL */
		first = 2;
	}
	sig = signal_number(name);
	if (sig < 0) {
		fprintf(stderr, "kill: %s: unknown signal\n", name);
		return 1;
	}
	return send(sig, argc - first, argv + first);
}
