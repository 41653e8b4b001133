/*
 * tests/unit/unit.h - the smallest useful host test helper.
 *
 * A failed check prints file:line, the expression and the values, counts the
 * failure and carries on, so one run shows every broken case.  main() ends
 * with "return unit_done();" which prints a summary on stderr and returns
 * the exit code of the test protocol: 0 pass, 1 fail (77 skip is returned by
 * the test itself when it has nothing to run).
 *
 * Lock legend: none; unit tests are single-threaded.
 */
#ifndef SLUICE_TESTS_UNIT_H
#define SLUICE_TESTS_UNIT_H

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define UNIT_SKIP 77

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static unsigned long unit_checks;
static unsigned long unit_failures;

static inline void
unit_fail_where(const char *file, int line)
{
	unit_failures++;
	fprintf(stderr, "%s:%d: FAIL: ", file, line);
}

#define CHECK(cond)                                            \
	do {                                                   \
		unit_checks++;                                 \
		if (!(cond)) {                                 \
			unit_fail_where(__FILE__, __LINE__);   \
			fprintf(stderr, "CHECK(%s)\n", #cond); \
		}                                              \
	} while (0)

#define CHECK_EQ_U64(a, b)                                                  \
	do {                                                                \
		uint64_t unit_a_ = (uint64_t)(a), unit_b_ = (uint64_t)(b);  \
		unit_checks++;                                              \
		if (unit_a_ != unit_b_) {                                   \
			unit_fail_where(__FILE__, __LINE__);                \
			fprintf(stderr,                                     \
				"%s == %s: 0x%" PRIx64 " (%" PRId64         \
				") != 0x%" PRIx64 " (%" PRId64 ")\n",       \
				#a, #b, unit_a_, (int64_t)unit_a_, unit_b_, \
				(int64_t)unit_b_);                          \
		}                                                           \
	} while (0)

#define CHECK_STREQ(a, b)                                                   \
	do {                                                                \
		const char *unit_a_ = (a), *unit_b_ = (b);                  \
		unit_checks++;                                              \
		if (unit_a_ == NULL || unit_b_ == NULL ||                   \
		    strcmp(unit_a_, unit_b_) != 0) {                        \
			unit_fail_where(__FILE__, __LINE__);                \
			fprintf(stderr, "%s == %s: \"%s\" != \"%s\"\n", #a, \
				#b, unit_a_ ? unit_a_ : "(null)",           \
				unit_b_ ? unit_b_ : "(null)");              \
		}                                                           \
	} while (0)

/* Prints the summary; returns the process exit status. */
static inline int
unit_done(void)
{
	fprintf(stderr, "%lu checks, %lu failed\n", unit_checks, unit_failures);
	return unit_failures == 0 ? 0 : 1;
}

/*
 * Deterministic pseudo-random numbers (xorshift64) for randomised and
 * mutation tests.  Each test program seeds its own stream at the start of
 * main, so a failure reproduces exactly.
 */
static uint64_t unit_rng_state = 0x9e3779b97f4a7c15ULL;

static inline void
unit_rng_seed(uint64_t seed)
{
	unit_rng_state = seed ? seed : 1;
}

static inline uint32_t
unit_rng(void)
{
	unit_rng_state ^= unit_rng_state << 13;
	unit_rng_state ^= unit_rng_state >> 7;
	unit_rng_state ^= unit_rng_state << 17;
	return (uint32_t)(unit_rng_state >> 32);
}

/*
 * A copy of @len bytes in a buffer of exactly that size, so ASan reports
 * any read past the end by the code under test.  Aborts when out of memory.
 */
static inline uint8_t *
unit_dup(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (p == NULL)
		abort();
	if (len)
		memcpy(p, src, len);
	return p;
}

/*
 * The whole file at @path, with a NUL after it so a text file is also a
 * C string; NULL if it cannot be read.  Hand parsers a unit_dup() copy,
 * which has no such slack.
 */
static inline uint8_t *
unit_read_file(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len > 0 ? (size_t)len + 1 : 1);
	if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = 0;
	*lenp = (size_t)len;
	return buf;
}

#endif /* SLUICE_TESTS_UNIT_H */
