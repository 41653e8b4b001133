/*
 * drivers/ns16550.h - registers of the NS16550A UART, as QEMU virt
 * emulates it (byte-wide registers, reg-shift 0).  Names and bits follow
 * the National Semiconductor PC16550D datasheet, table 2 ("Register
 * Summary"); DLL/DLM share offsets 0/1 while LCR.DLAB is set.
 */
#ifndef SLUICE_DRIVERS_NS16550_H
#define SLUICE_DRIVERS_NS16550_H

#define UART_RBR	 0 /* receive buffer (read) */
#define UART_THR	 0 /* transmit holding (write) */
#define UART_DLL	 0 /* divisor latch low (DLAB=1) */
#define UART_IER	 1 /* interrupt enable */
#define UART_DLM	 1 /* divisor latch high (DLAB=1) */
#define UART_IIR	 2 /* interrupt identification (read) */
#define UART_FCR	 2 /* FIFO control (write) */
#define UART_LCR	 3 /* line control */
#define UART_MCR	 4 /* modem control */
#define UART_LSR	 5 /* line status */
#define UART_MSR	 6 /* modem status */

#define UART_IER_RDI	 0x01 /* received data available */
#define UART_IER_THRI	 0x02 /* transmit holding register empty */
#define UART_IER_RLSI	 0x04 /* receiver line status */

#define UART_IIR_NO_INT	 0x01 /* no interrupt pending */
#define UART_IIR_ID	 0x0e /* interrupt id mask */
#define UART_IIR_MSI	 0x00 /* modem status */
#define UART_IIR_THRI	 0x02 /* transmitter empty */
#define UART_IIR_RDI	 0x04 /* received data */
#define UART_IIR_RLSI	 0x06 /* receiver line status */
#define UART_IIR_TIMEOUT 0x0c /* character time-out (data in FIFO) */

#define UART_FCR_ENABLE	 0x01
#define UART_FCR_CLR_RX	 0x02
#define UART_FCR_CLR_TX	 0x04
#define UART_FCR_TRIG_1	 0x00 /* interrupt after 1 received byte */

#define UART_LCR_8N1	 0x03
#define UART_LCR_DLAB	 0x80

#define UART_MCR_DTR	 0x01
#define UART_MCR_RTS	 0x02
#define UART_MCR_OUT2	 0x08 /* gates the interrupt line on PC boards */

#define UART_LSR_DR	 0x01 /* data ready */
#define UART_LSR_OE	 0x02 /* overrun error */
#define UART_LSR_THRE	 0x20 /* transmit FIFO empty */

#define UART_FIFO_SIZE	 16

#endif /* SLUICE_DRIVERS_NS16550_H */
