/*
 * drivers/plic.h - the RISC-V Platform-Level Interrupt Controller.
 *
 * Register map from the RISC-V PLIC specification v1.0.0 §3 (offsets from
 * the PLIC base).  A "context" is one hart in one privilege mode; on QEMU
 * virt hart h's S-mode context is 2h+1, but Sluice reads it from the device
 * tree's interrupts-extended property.
 */
#ifndef SLUICE_DRIVERS_PLIC_H
#define SLUICE_DRIVERS_PLIC_H

#include <stdint.h>

#define PLIC_PRIORITY(irq) (4 * (irq))		       /* §3.1 */
#define PLIC_PENDING(irq)  (0x1000 + 4 * ((irq) / 32)) /* §3.2 */
#define PLIC_ENABLE(ctx, irq) \
	(0x2000 + 0x80 * (ctx) + 4 * ((irq) / 32))	/* §3.3 */
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx)) /* §3.4 */
#define PLIC_CLAIM(ctx)	    (0x200004 + 0x1000 * (ctx)) /* §3.5 */

/* Map the PLIC, register it as the irq_chip.  Boot hart, at boot. */
void plic_init(uint64_t base_pa, uint32_t ndev, const int32_t *s_context);

/* Accept interrupts on this hart (threshold 0).  Each hart, at boot. */
void plic_init_hart(void);

/* Supervisor external interrupt: claim, dispatch, complete. */
void plic_handle_irq(void);

#endif /* SLUICE_DRIVERS_PLIC_H */
