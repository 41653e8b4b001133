/*
 * user/tests/chdir.c - chdir(2) and getcwd(2): the working directory
 * follows absolute and relative paths with "." and "..", never goes above
 * the root, and errors leave it alone: ENOENT for a missing or empty
 * path, ENOTDIR through or onto a file, ENAMETOOLONG for a component over
 * 255 bytes, EFAULT for a bad pointer; getcwd with a short buffer is
 * ERANGE.  Uses only directories every Linux has (/, /dev, /proc).
 */
#include <stdio.h>
#include <string.h>

#include <uapi/unistd.h>

#include "check.h"

int main(void);

static void
show_cwd(const char *after)
{
	char buf[256];

	if (getcwd(buf, sizeof(buf)))
		printf("cwd after %s = %s\n", after, buf);
	else
		check_errno("getcwd", -1, 0);
}

int
main(void)
{
	char longname[300];
	char small[2];

	check_value("chdir(\"/\")", chdir("/"), 0);
	show_cwd("chdir /");
	check_value("chdir(\"..\") at the root", chdir(".."), 0);
	show_cwd("chdir .. at /");
	check_value("chdir(\"proc\") relative", chdir("proc"), 0);
	show_cwd("chdir proc");
	check_value("chdir(\"../dev/./\")", chdir("../dev/./"), 0);
	show_cwd("chdir ../dev/./");
	check_value("chdir(\"/proc/../dev/..\")", chdir("/proc/../dev/.."), 0);
	show_cwd("chdir /proc/../dev/..");
	check_value("chdir(\"/dev\")", chdir("/dev"), 0);

	check_errno("chdir(\"/no/such/dir\")", chdir("/no/such/dir"), ENOENT);
	check_errno("chdir(\"\")", chdir(""), ENOENT);
	check_errno("chdir(\"/dev/null\")", chdir("/dev/null"), ENOTDIR);
	check_errno("chdir(\"/dev/null/x\")", chdir("/dev/null/x"), ENOTDIR);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	check_errno("chdir(300-byte name)", chdir(longname), ENAMETOOLONG);
	check_errno("chdir(NULL)", check_raw(syscall1(__NR_chdir, 0)), EFAULT);
	show_cwd("the failed calls");

	check_errno("getcwd(buf, 2) in /dev",
		    check_raw(syscall2(__NR_getcwd, (long)small, 2)), ERANGE);
	check_errno("getcwd(bad pointer)",
		    check_raw(syscall2(__NR_getcwd, 16, 100)), EFAULT);
	return check_exit();
}
