/*
 * drivers/uart.c - interrupt-driven NS16550A console.
 *
 * Locks: uart_lock protects tx_ring, rx_ring, the IER shadow and all
 * register accesses after uart_init(); taken inside console_lock (printk)
 * and from the interrupt handler.  base is [I].  During a panic only the
 * panicking hart runs, and write_sync ignores uart_lock (its holder may
 * have been stopped holding it).
 */
#include "drivers/uart.h"

#include "drivers/ns16550.h"
#include "kernel/irq.h"
#include "kernel/memlayout.h"
#include "kernel/mmio.h"
#include "kernel/printk.h"
#include "kernel/riscv.h"
#include "kernel/ringbuf.h"
#include "kernel/softirq.h"
#include "kernel/spinlock.h"

#define UART_BAUD 115200

static void *base;
static struct spinlock uart_lock = SPINLOCK_INIT("uart");
static uint8_t tx_store[4096], rx_store[256];
static struct ringbuf tx_ring, rx_ring;
static uint8_t ier;		/* [uart_lock] shadow of UART_IER */
static int interrupt_driven;	/* [uart_lock] after uart_init() */
static struct uart_stats stats; /* [uart_lock] */

static void
putc_polled(char c)
{
	while (!(mmio_read8(base, UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	mmio_write8(base, UART_THR, (uint8_t)c);
}

/* Fill the transmit FIFO from tx_ring; ask for an interrupt if more waits. */
static void
tx_start_locked(void)
{
	uint8_t want;

	if (mmio_read8(base, UART_LSR) & UART_LSR_THRE) {
		for (int n = 0; n < UART_FIFO_SIZE; n++) {
			int c = ringbuf_get(&tx_ring);

			if (c < 0)
				break;
			mmio_write8(base, UART_THR, (uint8_t)c);
			stats.tx_bytes++;
		}
	}
	want = ringbuf_empty(&tx_ring) ? ier & ~UART_IER_THRI
				       : ier | UART_IER_THRI;
	if (want != ier) {
		ier = want;
		mmio_write8(base, UART_IER, ier);
	}
}

/* Make room in a full ring the slow way: wait for the FIFO, byte by byte. */
static void
tx_push_locked(char c)
{
	while (ringbuf_full(&tx_ring)) {
		putc_polled((char)ringbuf_get(&tx_ring));
		stats.tx_polled++;
		stats.tx_bytes++;
	}
	ringbuf_put(&tx_ring, (uint8_t)c);
}

static void
uart_write(const char *s, size_t n)
{
	spin_lock(&uart_lock);
	for (; n; n--, s++) {
		if (*s == '\n')
			tx_push_locked('\r');
		tx_push_locked(*s);
	}
	tx_start_locked();
	spin_unlock(&uart_lock);
}

static void
uart_write_polled(const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			putc_polled('\r');
		putc_polled(*s);
	}
}

/*
 * Drain what is queued, then write directly, waiting on the device.  For
 * console_flush() and the panic path; a panic skips uart_lock, whose
 * holder may be a hart that has been stopped.
 */
static void
uart_write_sync(const char *s, size_t n)
{
	int locked = !READ_ONCE(panicking);
	int c;

	if (locked)
		spin_lock(&uart_lock);
	if (interrupt_driven)
		while ((c = ringbuf_get(&tx_ring)) >= 0)
			putc_polled((char)c);
	uart_write_polled(s, n);
	if (locked)
		spin_unlock(&uart_lock);
}

static const struct console_ops uart_console_early = {
	.name = "uart-polled",
	.write = uart_write_polled,
	.write_sync = uart_write_polled,
};

static const struct console_ops uart_console = {
	.name = "uart",
	.write = uart_write,
	.write_sync = uart_write_sync,
};

void
uart_early_init(uint64_t base_pa, uint32_t clock_hz)
{
	base = phys_to_virt(base_pa);
	mmio_write8(base, UART_IER, 0);
	if (clock_hz) {
		uint32_t div = clock_hz / (16 * UART_BAUD);

		mmio_write8(base, UART_LCR, UART_LCR_DLAB);
		mmio_write8(base, UART_DLL, div & 0xff);
		mmio_write8(base, UART_DLM, (div >> 8) & 0xff);
	}
	mmio_write8(base, UART_LCR, UART_LCR_8N1);
	mmio_write8(base, UART_FCR,
		    UART_FCR_ENABLE | UART_FCR_CLR_RX | UART_FCR_CLR_TX |
			UART_FCR_TRIG_1);
	mmio_write8(base, UART_MCR,
		    UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	console_register(&uart_console_early);
}

int
uart_init(int irq)
{
	int err;

	ringbuf_init(&tx_ring, tx_store, sizeof(tx_store));
	ringbuf_init(&rx_ring, rx_store, sizeof(rx_store));
	err = request_irq(irq, uart_irq, "uart", NULL);
	if (err)
		return err;
	spin_lock(&uart_lock);
	interrupt_driven = 1;
	ier = UART_IER_RDI;
	mmio_write8(base, UART_IER, ier);
	spin_unlock(&uart_lock);
	console_register(&uart_console);
	return 0;
}

/*
 * Top half of receive: move every byte the FIFO holds into rx_ring and
 * leave the rest (echo, line editing) to the tty bottom half.
 * Interrupt context, uart_lock held.
 */
void
uart_rx_irq(void)
{
	while (mmio_read8(base, UART_LSR) & UART_LSR_DR) {
		uint8_t c = mmio_read8(base, UART_RBR);

		if (ringbuf_put(&rx_ring, c) < 0)
			stats.rx_dropped++;
		else
			stats.rx_bytes++;
	}
	raise_softirq(SOFTIRQ_TTY);
}

/* Interrupt context.  Service every cause the UART reports. */
void
uart_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	spin_lock(&uart_lock);
	for (int n = 0; n < 8; n++) {
		uint8_t iir = mmio_read8(base, UART_IIR);

		if (iir & UART_IIR_NO_INT)
			break;
		switch (iir & UART_IIR_ID) {
		case UART_IIR_RDI:
		case UART_IIR_TIMEOUT:
			uart_rx_irq();
			break;
		case UART_IIR_THRI:
			tx_start_locked();
			break;
		case UART_IIR_RLSI:
			if (mmio_read8(base, UART_LSR) & UART_LSR_OE)
				stats.rx_dropped++;
			break;
		default:
			(void)mmio_read8(base, UART_MSR);
			break;
		}
	}
	spin_unlock(&uart_lock);
}

int
uart_getc(void)
{
	int c;

	spin_lock(&uart_lock);
	c = ringbuf_get(&rx_ring);
	spin_unlock(&uart_lock);
	return c;
}

void
uart_get_stats(struct uart_stats *st)
{
	spin_lock(&uart_lock);
	*st = stats;
	spin_unlock(&uart_lock);
}
