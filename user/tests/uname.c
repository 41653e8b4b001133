/*
 * user/tests/uname.c - uname(2) returns 0 and fills six NUL-terminated
 * fields; machine is "riscv64".  sysname, release and the rest differ
 * between Linux and Sluice and are not printed.
 */
#include <stdio.h>
#include <string.h>

#include <uapi/utsname.h>

#include "check.h"

int main(void);

static int
terminated(const char *field)
{
	return memchr(field, '\0', __NEW_UTS_LEN + 1) != NULL;
}

int
main(void)
{
	struct new_utsname u;

	memset(&u, 0xff, sizeof(u));
	check_value("uname(&u)", uname(&u), 0);
	check_true("every field is NUL-terminated",
		   terminated(u.sysname) && terminated(u.nodename) &&
		       terminated(u.release) && terminated(u.version) &&
		       terminated(u.machine) && terminated(u.domainname));
	printf("machine = \"%s\"\n", u.machine);
	check_true("machine is riscv64", strcmp(u.machine, "riscv64") == 0);
	check_true("sysname is not empty", u.sysname[0] != '\0');
	check_true("release is not empty", u.release[0] != '\0');
	return check_exit();
}
