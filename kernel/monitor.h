/*
 * kernel/monitor.h - the boot monitor: a line-oriented command loop on
 * the console that shows the interrupt machinery at work until user
 * space exists.  Runs on the boot hart, in process context.
 */
#ifndef SLUICE_KERNEL_MONITOR_H
#define SLUICE_KERNEL_MONITOR_H

#include "kernel/compiler.h"

void __noreturn monitor_run(void);

#endif /* SLUICE_KERNEL_MONITOR_H */
