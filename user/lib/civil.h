/*
 * user/lib/civil.h - what ls -l and stat both print: calendar dates from
 * days since the epoch, and "drwxr-xr-x" mode strings.  No state.
 */
#ifndef SLUICE_USER_CIVIL_H
#define SLUICE_USER_CIVIL_H

#include <stdint.h>

/* Days since 1970-01-01 to year, month (1-12), day (Hinnant's algorithm). */
void civil_from_days(int64_t z, int64_t *y, int *m, int *d);

/* "drwxr-xr-x": the type letter, then rwx three times (s, t included);
 * @s has room for 11 bytes. */
void mode_string(uint32_t mode, char *s);

#endif /* SLUICE_USER_CIVIL_H */
