/*
 * kernel/time.h - the tick.  Each hart programs its own timer through SBI
 * to fire HZ times a second and counts its ticks (struct hart.ticks).
 * timebase_hz is [I] after time_init().
 */
#ifndef SLUICE_KERNEL_TIME_H
#define SLUICE_KERNEL_TIME_H

#include <stdint.h>

#ifndef HZ
#define HZ 100
#endif

void time_init(uint32_t timebase_hz);
void timer_init_hart(void);
void timer_interrupt(void);
uint64_t timer_ticks_per_ms(void);
uint64_t time_now_ns(void);

#endif /* SLUICE_KERNEL_TIME_H */
