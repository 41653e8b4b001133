/*
 * user/tests/enosys.c - a system call number the kernel does not know gives
 * ENOSYS (and the process carries on): numbers past the end of the table,
 * a negative one, and 38, a hole in riscv64's table (no renameat there).
 * -1 itself is left out: Linux riscv64 since 6.5 treats it as "skipped by
 * a tracer" and returns a0 unchanged; earlier kernels say ENOSYS.
 */
#include <stdio.h>

#include "check.h"

int main(void);

int
main(void)
{
	check_errno("syscall(999)", check_raw(syscall0(999)), ENOSYS);
	check_errno("syscall(4096)", check_raw(syscall0(4096)), ENOSYS);
	check_errno("syscall(0x7fffffff)", check_raw(syscall0(0x7fffffff)),
		    ENOSYS);
	check_errno("syscall(-2)", check_raw(syscall0(-2)), ENOSYS);
	check_errno("syscall(38)", check_raw(syscall0(38)), ENOSYS);
	check_value("getpid() still works", getpid() > 0, 1);
	return check_exit();
}
