/*
 * drivers/rtc.h - the goldfish real-time clock of QEMU virt: a 64-bit
 * count of nanoseconds since the Unix epoch (registers: TIME_LOW at 0x00,
 * TIME_HIGH at 0x04; reading LOW latches HIGH; see QEMU's
 * hw/rtc/goldfish_rtc.c and the Android goldfish RTC documentation).
 */
#ifndef SLUICE_DRIVERS_RTC_H
#define SLUICE_DRIVERS_RTC_H

#include <stdint.h>

#define GOLDFISH_RTC_TIME_LOW  0x00
#define GOLDFISH_RTC_TIME_HIGH 0x04

/* Read the wall clock once and remember its offset from boot time. */
void rtc_init(uint64_t base_pa);

/* Wall-clock ns minus monotonic ns, fixed at boot (0 without an RTC). */
uint64_t rtc_boot_offset_ns(void);

/* Add /dev/rtc (char 10, 135) when there is an RTC. */
void rtc_register(void);

#endif /* SLUICE_DRIVERS_RTC_H */
