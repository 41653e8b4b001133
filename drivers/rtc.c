/*
 * drivers/rtc.c - read the goldfish RTC at boot.  boot_offset is [I].
 */
#include "drivers/rtc.h"

#include "kernel/memlayout.h"
#include "kernel/mmio.h"
#include "kernel/time.h"

static uint64_t boot_offset;

void
rtc_init(uint64_t base_pa)
{
	void *base;
	uint64_t lo, hi;

	if (!base_pa)
		return;
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
