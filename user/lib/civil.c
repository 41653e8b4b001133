/*
 * user/lib/civil.c - dates and mode strings for ls and stat
 * (user/lib/civil.h).
 */
#include "civil.h"

#include <uapi/stat.h>

void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
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
	*y = yoe + era * 400 + (*m <= 2);
}

void
mode_string(uint32_t mode, char *s)
{
	static const char types[] = "?pc?d?b?-?l?s???";
	static const char rwx[] = "rwxrwxrwx";
	int i;

	s[0] = types[(mode & S_IFMT) >> 12];
	for (i = 0; i < 9; i++)
		s[i + 1] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & 04000)
		s[3] = mode & 0100 ? 's' : 'S';
	if (mode & 02000)
		s[6] = mode & 0010 ? 's' : 'S';
	if (mode & 01000)
		s[9] = mode & 0001 ? 't' : 'T';
	s[10] = '\0';
}
