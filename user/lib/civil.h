/*
 * user/lib/civil.h - calendar dates from seconds since the epoch, for
 * the programs that print times (ls -l, stat).  No state.
 */
#ifndef SLUICE_USER_CIVIL_H
#define SLUICE_USER_CIVIL_H

#include <stdint.h>

/* Days since 1970-01-01 to year, month (1-12), day (Hinnant's algorithm). */
void civil_from_days(int64_t z, int64_t *y, int *m, int *d);

#endif /* SLUICE_USER_CIVIL_H */
