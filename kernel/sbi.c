/*
 * kernel/sbi.c - the SBI calling convention: a7 = extension, a6 = function,
 * arguments in a0..a5, error in a0 and value in a1 on return.  No state.
 */
#include "kernel/sbi.h"

struct sbiret
sbi_call(uint64_t ext, uint64_t fid, uint64_t arg0, uint64_t arg1,
	 uint64_t arg2)
{
	register uint64_t a0 __asm__("a0") = arg0;
	register uint64_t a1 __asm__("a1") = arg1;
	register uint64_t a2 __asm__("a2") = arg2;
	register uint64_t a6 __asm__("a6") = fid;
	register uint64_t a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

void
sbi_console_putchar(int c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (uint64_t)c, 0, 0);
}

int
sbi_probe_extension(uint64_t ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ext, 0, 0);

	return r.error == 0 && r.value != 0;
}

void
sbi_set_timer(uint64_t stime)
{
	sbi_call(SBI_EXT_TIME, 0, stime, 0, 0);
}

int
sbi_send_ipi(uint64_t hart_mask, uint64_t hart_mask_base)
{
	return (int)sbi_call(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0)
	    .error;
}

int
sbi_hart_start(uint64_t hartid, uint64_t start_pa, uint64_t opaque)
{
	return (int)sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start_pa,
			     opaque)
	    .error;
}

long
sbi_hart_status(uint64_t hartid)
{
	struct sbiret r =
	    sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, hartid, 0, 0);

	return r.error ? r.error : r.value;
}

void
sbi_system_reset(uint32_t type, uint32_t reason)
{
	sbi_call(SBI_EXT_SRST, 0, type, reason, 0);
}
