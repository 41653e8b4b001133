/*
 * drivers/rtc.c - read the goldfish RTC at boot, and /dev/rtc, whose
 * RTC_RD_TIME ioctl gives the wall clock as a struct rtc_time.
 * boot_offset and rtc_base are [I].
 */
#include "drivers/rtc.h"

#include <stdbool.h>

#include <uapi/errno.h>
#include <uapi/rtc.h>

#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/memlayout.h"
#include "kernel/mmio.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"

static uint64_t boot_offset;
static uint64_t rtc_base;

void
rtc_init(uint64_t base_pa)
{
	void *base;
	uint64_t lo, hi;

	if (!base_pa)
		return;
	rtc_base = base_pa;
	base = phys_to_virt(base_pa);
	lo = mmio_read32(base, GOLDFISH_RTC_TIME_LOW);
	hi = mmio_read32(base, GOLDFISH_RTC_TIME_HIGH);
	boot_offset = (hi << 32 | lo) - time_now_ns();
}

uint64_t
rtc_boot_offset_ns(void)
{
	return boot_offset;
}

/* ---- /dev/rtc: the legacy RTC character device, RTC_RD_TIME only ---- */

/* Days since 1970-01-01 -> civil year, month (1-12) and day. */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468; /* days from 0000-03-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
day_of_year(int y, int m, int d)
{
	static const int before[] = { 0,   31,	59,  90,  120, 151,
				      181, 212, 243, 273, 304, 334 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return before[m - 1] + d - 1 + (leap && m > 2);
}

static long
rtc_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	int64_t secs =
	    (int64_t)((time_now_ns() + rtc_boot_offset_ns()) / 1000000000);
	int64_t days = secs / 86400, rem = secs % 86400;
	struct rtc_time tm;
	int y, m, d;

	(void)f;
	if (cmd != RTC_RD_TIME)
		return -ENOTTY;
	civil_from_days(days, &y, &m, &d);
	tm = (struct rtc_time){
		.tm_sec = (int)(rem % 60),
		.tm_min = (int)(rem / 60 % 60),
		.tm_hour = (int)(rem / 3600),
		.tm_mday = d,
		.tm_mon = m - 1,
		.tm_year = y - 1900,
		.tm_wday = (int)((days + 4) % 7), /* 1970-01-01: Thursday */
		.tm_yday = day_of_year(y, m, d),
		.tm_isdst = 0,
	};
	return copy_to_user(arg, &tm, sizeof(tm));
}

static const struct file_operations rtc_fops = {
	.ioctl = rtc_ioctl,
};

static struct file *
rtc_open(unsigned flags)
{
	return file_alloc(&rtc_fops, NULL, flags);
}

/* Linux's legacy /dev/rtc: misc major 10, minor 135. */
static const struct chrdev rtc_dev = { "rtc", 10, 135, 0644, rtc_open };

void
rtc_register(void)
{
	if (rtc_base)
		register_chrdev(&rtc_dev);
}
