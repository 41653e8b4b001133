/*
 * drivers/uart.h - the console UART (NS16550A) driver.
 *
 * Output: printk and the tty queue bytes in a transmit ring; the
 * "transmitter empty" interrupt moves them into the 16-byte FIFO.
 * Input: the "data ready" interrupt (top half, uart_rx_irq) moves bytes
 * into a receive ring and raises SOFTIRQ_TTY; the tty's bottom half reads
 * them with uart_getc().
 */
#ifndef SLUICE_DRIVERS_UART_H
#define SLUICE_DRIVERS_UART_H

#include <stddef.h>
#include <stdint.h>

/* Polled output from the first line of kmain(): no interrupts needed. */
void uart_early_init(uint64_t base_pa, uint32_t clock_hz);

/* Switch to interrupt-driven transmit and receive on line @irq. */
int uart_init(int irq);

/* Next received byte, or -1.  Any context. */
int uart_getc(void);

/* Interrupt handler (registered with request_irq) and its receive half. */
void uart_irq(int irq, void *dev);
void uart_rx_irq(void);

struct uart_stats {
	uint64_t rx_bytes, rx_dropped, tx_bytes, tx_polled;
};
void uart_get_stats(struct uart_stats *st);

#endif /* SLUICE_DRIVERS_UART_H */
