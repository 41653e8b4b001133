/*
 * include/uapi/rtc.h - the RTC ioctl Sluice implements, with Linux's
 * number and struct layout.
 */
#ifndef SLUICE_UAPI_RTC_H
#define SLUICE_UAPI_RTC_H

#include <uapi/ioctl.h>
#include <uapi/types.h>

struct rtc_time {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;  /* 0-11 */
	int tm_year; /* years since 1900 */
	int tm_wday; /* 0 = Sunday */
	int tm_yday;
	int tm_isdst;
};
UAPI_ASSERT_SIZE(struct rtc_time, 36);

#define RTC_RD_TIME _IOR('p', 0x09, struct rtc_time)

#endif /* SLUICE_UAPI_RTC_H */
