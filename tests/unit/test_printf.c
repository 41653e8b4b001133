/*
 * tests/unit/test_printf.c - kernel/printf.c against the host C library.
 *
 * Every conversion Sluice supports is C99 except %p, so the host's snprintf is
 * the oracle: a generated table of flag/width/precision/length combinations
 * for each integer conversion, strings and characters, each formatted at
 * full size and truncated, checking the return value, the text, the NUL and
 * that nothing past the buffer is written.  %p, NULL strings and unknown
 * conversions are Sluice's own rules and are checked literally.
 */
#include "kernel/printf.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/unit.h"

#define BUFSZ	 512
#define CANARY	 0xa5
#define MAX_FAIL 40 /* stop printing after this many mismatches */

static unsigned long ncases;

static void
report(const char *file, int line, const char *fmt, size_t size,
       const char *what, const char *got, const char *want)
{
	if (unit_failures >= MAX_FAIL) {
		unit_failures++;
		return;
	}
	unit_fail_where(file, line);
	fprintf(stderr, "fmt \"%s\" size %zu: %s: got \"%s\" want \"%s\"\n",
		fmt, size, what, got, want);
}

/* Formats with both implementations into a buffer of the given size. */
static void __attribute__((format(printf, 4, 0)))
compare_at(const char *file, int line, size_t size, const char *fmt, va_list ap)
{
	unsigned char kbuf[BUFSZ], hbuf[BUFSZ];
	char num_k[32], num_h[32];
	va_list a1, a2;
	int kn, hn;

	memset(kbuf, CANARY, sizeof(kbuf));
	memset(hbuf, CANARY, sizeof(hbuf));
	va_copy(a1, ap);
	va_copy(a2, ap);
	kn = kvsnprintf((char *)kbuf, size, fmt, a1);
	hn = vsnprintf((char *)hbuf, size, fmt, a2);
	va_end(a1);
	va_end(a2);
	ncases++;
	unit_checks++;
	if (kn != hn) {
		snprintf(num_k, sizeof(num_k), "%d", kn);
		snprintf(num_h, sizeof(num_h), "%d", hn);
		report(file, line, fmt, size, "return", num_k, num_h);
		return;
	}
	if (memcmp(kbuf, hbuf, sizeof(kbuf)) != 0) {
		kbuf[BUFSZ - 1] = hbuf[BUFSZ - 1] = '\0';
		report(file, line, fmt, size, "text", size ? (char *)kbuf : "",
		       size ? (char *)hbuf : "");
	}
}

/*
 * Checks one format at full size and at every truncation point (sizes 0 ..
 * length + 1), so the NUL placement and the canary past it are exercised.
 */
static void __attribute__((format(printf, 3, 4)))
check_fmt(const char *file, int line, const char *fmt, ...)
{
	va_list ap, aq;
	int len;

	va_start(ap, fmt);
	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (len < 0 || len + 2 > BUFSZ) {
		unit_fail_where(file, line);
		fprintf(stderr, "test format too long: %s\n", fmt);
		va_end(ap);
		return;
	}
	compare_at(file, line, BUFSZ, fmt, ap);
	for (int size = 0; size <= len + 1; size++)
		compare_at(file, line, (size_t)size, fmt, ap);
	va_end(ap);
}

#define T(...) check_fmt(__FILE__, __LINE__, __VA_ARGS__)

/* Flag strings: every subset of "-0+ #". */
static void
flag_string(unsigned mask, char *out)
{
	static const char flags[] = "-0+ #";

	for (unsigned i = 0; i < 5; i++)
		if (mask & (1u << i))
			*out++ = flags[i];
	*out = '\0';
}

static const char *const widths[] = { "", "1", "3", "8", "25" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".12", ".30" };
static const char convs[] = "diuxXo";

static const int int_vals[] = {
	0,	1,     -1,    7,	 8,	  9,	   10,		42,
	-42,	127,   128,   255,	 256,	  -128,	   -129,	32767,
	-32768, 65535, 65536, 123456789, INT_MAX, INT_MIN, INT_MIN + 1,
};

static const long long ll_vals[] = {
	0,
	1,
	-1,
	16,
	0x7f,
	4096,
	-4096,
	0x123456789abcdefLL,
	LLONG_MAX,
	LLONG_MIN,
	LLONG_MIN + 1,
	(long long)UINT_MAX,
	(long long)UINT_MAX + 1,
	-(long long)UINT_MAX,
	999999999999LL,
};

/*
 * The generated table needs formats built at run time; the oracle is the
 * same format through vsnprintf, so the argument types are checked by
 * construction (each length modifier gets the type it names).
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

static void
check_dyn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	compare_at(__FILE__, __LINE__, BUFSZ, fmt, ap);
	compare_at(__FILE__, __LINE__, 0, fmt, ap);
	compare_at(__FILE__, __LINE__, 1, fmt, ap);
	compare_at(__FILE__, __LINE__, 5, fmt, ap);
	va_end(ap);
}

/* One conversion with each length modifier and each value of its type. */
static void
check_conversion(const char *spec, char conv)
{
	static const char *const int_lens[] = { "hh", "h", "" };
	static const char *const long_lens[] = { "l", "ll", "j", "z", "t" };
	char fmt[64];

	for (size_t l = 0; l < ARRAY_SIZE(int_lens); l++) {
		snprintf(fmt, sizeof(fmt), "<%%%s%s%c>", spec, int_lens[l],
			 conv);
		for (size_t v = 0; v < ARRAY_SIZE(int_vals); v++)
			check_dyn(fmt, int_vals[v]);
	}
	for (size_t l = 0; l < ARRAY_SIZE(long_lens); l++) {
		snprintf(fmt, sizeof(fmt), "<%%%s%s%c>", spec, long_lens[l],
			 conv);
		for (size_t v = 0; v < ARRAY_SIZE(ll_vals); v++)
			check_dyn(fmt, ll_vals[v]);
	}
}

static void
test_integer_table(void)
{
	char fl[8], spec[32];

	for (unsigned mask = 0; mask < 32; mask++) {
		flag_string(mask, fl);
		for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
			for (size_t p = 0; p < ARRAY_SIZE(precs); p++) {
				snprintf(spec, sizeof(spec), "%s%s%s", fl,
					 widths[w], precs[p]);
				for (const char *c = convs; *c; c++)
					check_conversion(spec, *c);
			}
		}
	}
}

/* '0', '+', ' ' and '#' are undefined for %s and %c: only '-' here. */
static void
test_text_table(void)
{
	static const char *const strs[] = { "", "a", "hello", "hello, world",
					    "tab\there" };
	static const char chars[] = { 'x', ' ', '%', '\n', '~' };
	char fmt[64];

	for (int left = 0; left < 2; left++) {
		for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
			for (size_t p = 0; p < ARRAY_SIZE(precs); p++) {
				snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]",
					 left ? "-" : "", widths[w], precs[p]);
				for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
					check_dyn(fmt, strs[i]);
			}
			snprintf(fmt, sizeof(fmt), "[%%%s%sc]", left ? "-" : "",
				 widths[w]);
			for (size_t i = 0; i < ARRAY_SIZE(chars); i++)
				check_dyn(fmt, chars[i]);
		}
	}
}

/* Sluice's own rules, which the host library does not share. */
static void
test_unknown_conversions(void)
{
	static const char *const fmts[] = { "%q", "a%qb", "%5q", "%-08.3lq",
					    "%",  "abc%", "%l",	 "x%5" };
	static const char *const want[] = { "%q", "a%qb", "%5q", "%-08.3lq",
					    "%",  "abc%", "%l",	 "x%5" };
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(fmts); i++) {
		CHECK_EQ_U64(ksnprintf(buf, sizeof(buf), fmts[i]),
			     strlen(want[i]));
		CHECK_STREQ(buf, want[i]);
	}
	CHECK_EQ_U64(ksnprintf(buf, sizeof(buf), "%q%d", 5), 3);
	CHECK_STREQ(buf, "%q5");
}

/* Values wider than hh/h: both sides must narrow them the same way. */
static void
test_narrowing(void)
{
	T("%hhu %hhd %hu %hd", 300, 200, 70000, 40000);
	T("%hhx %hho %hX", -1, 511, -2);
}

#pragma GCC diagnostic pop

static void
test_literal_formats(void)
{
	T("plain text");
	T("%s", "");
	T("100%%");
	T("%%d");
	T("%d %i %u", 1, -2, 3u);
	T("%*d|%-*d|%*d", 5, 42, 5, 42, -5, 42);
	T("%.*d|%.*d|%.*s", 3, 7, -1, 7, 2, "abcdef");
	T("%*.*x", 10, 4, 0xbeefu);
	T("%0*d", 8, -12);
	T("%-*s|", 12, "left");
	T("%lu %ld %llx %lld", ULONG_MAX, LONG_MIN, ULLONG_MAX, LLONG_MIN);
	T("%zu %zd %zx", (size_t)SIZE_MAX, (ptrdiff_t)-5, (size_t)4096);
	T("%td %tx", (ptrdiff_t)-100, (ptrdiff_t)255);
	T("%jd %ju", (intmax_t)INTMAX_MIN, (uintmax_t)UINTMAX_MAX);
	T("%#o %#.0o %#x %#X %#.0x", 0u, 0u, 0u, 255u, 0u);
	T("%#5o|%#-8x|%#08x|%#08o", 8u, 255u, 255u, 8u);
	T("%+.0d|% .0d|%.0d|%5.0d|", 0, 0, 0, 0);
	T("%c%c%c", 'a', 0x7f, 'z');
	T("%s=%d, %s=%lu", "pid", 12, "ticks", 123456789UL);
	T("%4d:%10lu%10lu  PLIC  %s", 10, 5UL, 1234567UL, "uart");
	T("%300d", 1);
	T("%-200s|", "x");
}

static void
test_pointer(void)
{
	char buf[64];
	int n;

	n = ksnprintf(buf, sizeof(buf), "%p", (void *)0x80200000UL);
	CHECK_EQ_U64(n, 18);
	CHECK_STREQ(buf, "0x0000000080200000");
	ksnprintf(buf, sizeof(buf), "%p", (void *)NULL);
	CHECK_STREQ(buf, "0x0000000000000000");
	ksnprintf(buf, sizeof(buf), "%p", (void *)0xffffffff80201234UL);
	CHECK_STREQ(buf, "0xffffffff80201234");
	ksnprintf(buf, sizeof(buf), "[%20p]", (void *)0x1000UL);
	CHECK_STREQ(buf, "[  0x0000000000001000]");
	ksnprintf(buf, sizeof(buf), "[%-20p]", (void *)0x1000UL);
	CHECK_STREQ(buf, "[0x0000000000001000  ]");
	n = ksnprintf(buf, 5, "%p", (void *)0x1000UL);
	CHECK_EQ_U64(n, 18);
	CHECK_STREQ(buf, "0x00");
}

static void
test_null_and_unterminated_strings(void)
{
	const char *volatile nul = NULL;
	const char abc[3] = { 'a', 'b', 'c' }; /* no NUL */
	char buf[64];

	CHECK_EQ_U64(ksnprintf(buf, sizeof(buf), "%s", nul), 6);
	CHECK_STREQ(buf, "(null)");
	ksnprintf(buf, sizeof(buf), "[%8s]", nul);
	CHECK_STREQ(buf, "[  (null)]");
	ksnprintf(buf, sizeof(buf), "[%.3s]", nul);
	CHECK_STREQ(buf, "[(nu]");
	/* ASan flags any read past abc[2]. */
	ksnprintf(buf, sizeof(buf), "[%.3s]", abc);
	CHECK_STREQ(buf, "[abc]");
	ksnprintf(buf, sizeof(buf), "[%.2s]", abc);
	CHECK_STREQ(buf, "[ab]");
}

static void
test_size_zero(void)
{
	char buf[4] = { 'x', 'y', 'z', 'w' };

	CHECK_EQ_U64(ksnprintf(NULL, 0, "%d-%s", 12345, "abc"), 9);
	CHECK_EQ_U64(ksnprintf(buf, 0, "hello"), 5);
	CHECK_EQ_U64((unsigned char)buf[0], 'x');
	CHECK_EQ_U64(ksnprintf(buf, 1, "hello"), 5);
	CHECK_EQ_U64(buf[0], 0);
	CHECK_EQ_U64((unsigned char)buf[1], 'y');
}

struct sink {
	char *buf;
	size_t len, cap;
};

static void
sink_emit(void *ctx, char c)
{
	struct sink *s = ctx;

	if (s->len == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->buf = realloc(s->buf, s->cap);
		if (s->buf == NULL)
			abort();
	}
	s->buf[s->len++] = c;
}

static int __attribute__((format(printf, 2, 3)))
sink_printf(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvcbprintf(sink_emit, s, fmt, ap);
	va_end(ap);
	return n;
}

/* The streaming engine has no size limit and emits exactly what it counts. */
static void
test_callback(void)
{
	struct sink s = { NULL, 0, 0 };
	char want[64];
	int n;

	n = sink_printf(&s, "%5000d|", 7);
	CHECK_EQ_U64(n, 5001);
	CHECK_EQ_U64(s.len, 5001);
	CHECK(s.len == 5001 && s.buf[0] == ' ' && s.buf[4998] == ' ' &&
	      s.buf[4999] == '7' && s.buf[5000] == '|');
	s.len = 0;
	n = sink_printf(&s, "hart %d: %lu ticks", 3, 99UL);
	snprintf(want, sizeof(want), "hart %d: %lu ticks", 3, 99UL);
	CHECK_EQ_U64(n, strlen(want));
	CHECK(s.len == strlen(want) && memcmp(s.buf, want, s.len) == 0);
	s.len = 0;
	n = sink_printf(&s, "%s", "");
	CHECK_EQ_U64(n, 0);
	CHECK_EQ_U64(s.len, 0);
	free(s.buf);
}

int
main(void)
{
	test_literal_formats();
	test_narrowing();
	test_integer_table();
	test_text_table();
	test_unknown_conversions();
	test_pointer();
	test_null_and_unterminated_strings();
	test_size_zero();
	test_callback();
	fprintf(stderr, "printf: %lu formatted comparisons\n", ncases);
	return unit_done();
}
