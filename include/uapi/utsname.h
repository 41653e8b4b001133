/*
 * include/uapi/utsname.h - what uname(2) fills in: Linux's
 * struct new_utsname, six NUL-terminated strings of at most 64 bytes.
 */
#ifndef SLUICE_UAPI_UTSNAME_H
#define SLUICE_UAPI_UTSNAME_H

#include <uapi/types.h>

#define __NEW_UTS_LEN 64

struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1]; /* "riscv64" */
	char domainname[__NEW_UTS_LEN + 1];
};
UAPI_ASSERT_SIZE(struct new_utsname, 390);
UAPI_ASSERT_OFFSET(struct new_utsname, machine, 260);

#endif /* SLUICE_UAPI_UTSNAME_H */
