/*
 * user/ktests/devnodes.c - the character devices devfs shows: /dev/null
 * swallows writes and reads as end of file, /dev/zero reads as zeros,
 * /dev/rtc's RTC_RD_TIME matches CLOCK_REALTIME broken down here (year by
 * year, month by month: a different method from the kernel's),
 * and /dev has one entry per device (names sorted, with their d_type).
 * Prints facts; exits 1 on any mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/dirent.h>
#include <uapi/fcntl.h>
#include <uapi/rtc.h>

#include "errname.h"
#include "syscall.h"

int main(void);

static int failed;

static void
expect(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAILED");
	failed |= !ok;
}

static void
check_null_zero(void)
{
	char buf[64];
	int null = open("/dev/null", O_RDWR),
	    zero = open("/dev/zero", O_RDONLY);

	expect("/dev/null takes a write whole", write(null, "x", 1) == 1);
	expect("/dev/null reads end of file", read(null, buf, 64) == 0);
	memset(buf, 0x55, sizeof(buf));
	expect("/dev/zero reads 64 zero bytes",
	       read(zero, buf, 64) == 64 && buf[0] == 0 && buf[63] == 0);
	close(null);
	close(zero);
}

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Seconds since the epoch -> struct rtc_time, by counting. */
static void
broken_down(long secs, struct rtc_time *t)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	long days = secs / 86400, y = 1970;
	int m = 0;

	t->tm_sec = (int)(secs % 60);
	t->tm_min = (int)(secs / 60 % 60);
	t->tm_hour = (int)(secs / 3600 % 24);
	t->tm_wday = (int)((days + 4) % 7);
	while (days >= 365 + is_leap(y))
		days -= 365 + is_leap(y++);
	t->tm_yday = (int)days;
	while (days >= mdays[m] + (m == 1 && is_leap(y)))
		days -= mdays[m] + (m == 1 && is_leap(y)), m++;
	t->tm_year = (int)(y - 1900);
	t->tm_mon = m;
	t->tm_mday = (int)days + 1;
}

static void
check_rtc(void)
{
	struct uapi_timespec ts;
	struct rtc_time rt, want;
	int fd = open("/dev/rtc", O_RDONLY);

	expect("/dev/rtc opens", fd >= 0);
	expect("RTC_RD_TIME works", ioctl(fd, RTC_RD_TIME, &rt) == 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	broken_down((long)ts.tv_sec, &want);
	expect("RTC date matches CLOCK_REALTIME",
	       rt.tm_year == want.tm_year && rt.tm_mon == want.tm_mon &&
		   rt.tm_mday == want.tm_mday && rt.tm_wday == want.tm_wday &&
		   rt.tm_yday == want.tm_yday);
	expect("RTC time is within 2 s of CLOCK_REALTIME",
	       labs((long)(rt.tm_hour * 3600 + rt.tm_min * 60 + rt.tm_sec) -
		    (long)(want.tm_hour * 3600 + want.tm_min * 60 +
			   want.tm_sec)) <= 2);
	expect("an unknown ioctl is ENOTTY",
	       ioctl(fd, 0x1234, 0) < 0 && errno == ENOTTY);
	close(fd);
}

static void
list_dev(void)
{
	char buf[1024];
	int fd = open("/dev", O_RDONLY | O_DIRECTORY);
	long n = getdents64(fd, buf, sizeof(buf));

	for (long off = 0; off < n;) {
		struct linux_dirent64 *d = (void *)(buf + off);

		printf("/dev/%s type %u\n", d->d_name, d->d_type);
		off += d->d_reclen;
	}
	close(fd);
}

int
main(void)
{
	check_null_zero();
	check_rtc();
	list_dev();
	return failed;
}
