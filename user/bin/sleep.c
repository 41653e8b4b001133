/*
 * user/bin/sleep.c - sleep SECONDS...: pause for the sum of the arguments,
 * each a decimal number of seconds with an optional fraction ("1",
 * "0.25", ".5").  Interrupted sleeps resume with the time remaining.
 */
#include <ctype.h>
#include <stdio.h>

#include "errname.h"
#include "syscall.h"

int main(int argc, char **argv);

#define MAX_SECONDS 100000000L /* over three years is surely a typo */

/* parse_seconds - @s as nanoseconds in *@ns; 0 if it is not a number. */
static int
parse_seconds(const char *s, int64_t *ns)
{
	int64_t sec = 0, frac = 0, scale = NSEC_PER_SEC;
	int digits = 0;

	for (; isdigit((unsigned char)*s); s++, digits++) {
		sec = sec * 10 + (*s - '0');
		if (sec > MAX_SECONDS)
			return 0;
	}
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++, digits++)
			if (scale >= 10) {
				scale /= 10;
				frac += (*s - '0') * scale;
			}
	*ns = sec * NSEC_PER_SEC + frac;
	return digits > 0 && *s == '\0';
}

int
main(int argc, char **argv)
{
	struct uapi_timespec t, rem;
	int64_t total = 0, ns;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: sleep SECONDS...\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		if (!parse_seconds(argv[i], &ns)) {
			fprintf(stderr, "sleep: invalid time '%s'\n", argv[i]);
			return 1;
		}
		total += ns;
	}
	t.tv_sec = total / NSEC_PER_SEC;
	t.tv_nsec = total % NSEC_PER_SEC;
	while (nanosleep(&t, &rem) < 0) {
		if (errno != EINTR) {
			warn_errno("sleep", "nanosleep");
			return 1;
		}
		t = rem;
	}
	return 0;
}
