/*
 * user/tests/rename_nametoolong.c - renameat2(2) with a last component of
 * 256 bytes, as the source or as the target, is ENAMETOOLONG, three times
 * over, and leaves the directories it walked through as they were: the
 * working directory still works for stat, chdir and creating a file
 * afterwards.  (Sluice once dropped a reference to the parent directory
 * twice on this error, so the working directory's inode was freed while
 * still in use and the next path walk crashed the kernel.)
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsops.h"

int main(void);

int
main(void)
{
	static char n256[257];
	struct uapi_stat st;
	int i;

	memset(n256, 'b', 256);
	check_value("mkdir(\"d\")", fs_mkdir("d", 0755), 0);
	check_value("fs_put(\"d/f\")", fs_put("d/f", "F", 1), 0);
	check_value("chdir(\"d\")", chdir("d"), 0);
	for (i = 0; i < 3; i++) {
		check_errno("rename(\"f\", 256-byte name)",
			    fs_rename("f", n256), ENAMETOOLONG);
		check_errno("rename(256-byte name, \"g\")",
			    fs_rename(n256, "g"), ENAMETOOLONG);
	}
	check_value("stat(\".\")", fs_stat(".", &st), 0);
	check_true("it is a directory", S_ISDIR(st.st_mode));
	check_value("stat(\"f\")", fs_stat("f", &st), 0);
	check_value("fs_put(\"new\")", fs_put("new", "N", 1), 0);
	check_value("chdir(\"..\")", chdir(".."), 0);
	check_value("stat(\"d/new\")", fs_stat("d/new", &st), 0);
	check_value("chdir(\"d\") again", chdir("d"), 0);
	check_errno("stat(\"g\")", fs_stat("g", &st), ENOENT);
	return check_exit();
}
