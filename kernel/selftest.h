/*
 * kernel/selftest.h - checks of kernel mechanisms that only run inside
 * the kernel (wait queues with time-outs, user address spaces).  Run by
 * pid 1 before it becomes /bin/init when the kernel command line says
 * `sluice.selftest`; tests/qemu/test_selftest.py reads the verdicts.
 */
#ifndef SLUICE_KERNEL_SELFTEST_H
#define SLUICE_KERNEL_SELFTEST_H

/* Process context.  Prints one line per check; returns the failures. */
int kernel_selftest(void);

/* "selftest: @name: ok|FAILED (got @got)"; returns 1 if failed. */
int selftest_verdict(const char *name, int ok, long got);

/* drivers/blk_selftest.c: the block layer on the first disk. */
int blk_selftest(void);

#endif /* SLUICE_KERNEL_SELFTEST_H */
