/*
 * kernel/sbi.h - calls into OpenSBI, the M-mode firmware below Sluice.
 * Extension and function ids follow the RISC-V SBI specification v1.0
 * (chapters 5 base, 6 timer, 7 IPI, 9 HSM, 10 system reset).
 * Each call is a plain ecall; callable from any context, never sleeps.
 */
#ifndef SLUICE_KERNEL_SBI_H
#define SLUICE_KERNEL_SBI_H

#include <stdint.h>

#define SBI_EXT_LEGACY_PUTCHAR	  0x01
#define SBI_EXT_BASE		  0x10
#define SBI_EXT_TIME		  0x54494D45 /* "TIME" */
#define SBI_EXT_IPI		  0x735049   /* "sPI" */
#define SBI_EXT_HSM		  0x48534D   /* "HSM" */
#define SBI_EXT_SRST		  0x53525354 /* "SRST" */

#define SBI_BASE_PROBE_EXT	  3
#define SBI_HSM_HART_START	  0
#define SBI_HSM_HART_STATUS	  2

#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_SRST_SHUTDOWN	  0
#define SBI_SRST_REASON_NONE	  0
#define SBI_SRST_REASON_FAILURE	  1

#define SBI_HSM_STARTED		  0
#define SBI_HSM_STOPPED		  1

struct sbiret {
	long error; /* 0 or a negative SBI_ERR_* */
	long value;
};

struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1,
		       uint64_t a2);
void sbi_console_putchar(int c);
int sbi_probe_extension(uint64_t ext);
void sbi_set_timer(uint64_t stime);
int sbi_send_ipi(uint64_t hart_mask, uint64_t hart_mask_base);
int sbi_hart_start(uint64_t hartid, uint64_t start_pa, uint64_t opaque);
long sbi_hart_status(uint64_t hartid);
void sbi_system_reset(uint32_t type, uint32_t reason);

#endif /* SLUICE_KERNEL_SBI_H */
