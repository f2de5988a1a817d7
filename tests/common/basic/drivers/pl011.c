/*
 * PL011 UART (ARM PrimeCell UART (PL011) Technical Reference Manual,
 * DDI 0183, section 3: UARTDR 0x00, UARTFR 0x18, UARTIBRD 0x24,
 * UARTFBRD 0x28, UARTLCR_H 0x2C, UARTCR 0x30, UARTIMSC 0x38, UARTICR 0x44).
 * Transmit is polled on TXFF. Receive waits in WFI for the receive
 * interrupt once pl011_wait_by_irq() has named the UART's interrupt line,
 * so an idle prompt costs a hypervisor nothing; before that it polls RXFE.
 * The FIFOs stay off: with a one-character holding register RXRIS rises on
 * every character (TRM 3.4.3), which needs no receive-timeout support. The
 * baud divisor is set for 115200 at 24 MHz, which both QEMU and our
 * emulator ignore but real silicon needs.
 */
#include "../basic.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIBRD 0x24
#define UARTFBRD 0x28
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIMSC 0x38
#define UARTICR 0x44
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define INT_RX (1u << 4)

static uptr uart_base;
static u32 rx_irq; /* 0 until pl011_wait_by_irq(): poll */

void pl011_init(uptr base)
{
	uart_base = base;
	writel(0, base + UARTCR);
	writel(0x7ff, base + UARTICR);
	writel(0, base + UARTIMSC);
	writel(13, base + UARTIBRD);
	writel(1, base + UARTFBRD);
	writel(0x60, base + UARTLCR_H); /* 8N1, FIFOs off */
	writel(0x301, base + UARTCR);   /* UARTEN | TXE | RXE */
}

void pl011_putc(char c)
{
	if (!uart_base)
		return;
	while (readl(uart_base + UARTFR) & FR_TXFF)
		;
	writel((u8)c, uart_base + UARTDR);
}

int pl011_getc(void)
{
	if (!uart_base || (readl(uart_base + UARTFR) & FR_RXFE))
		return -1;
	return (int)(readl(uart_base + UARTDR) & 0xff);
}

/* The receive interrupt only wakes the CPU: masking it again is all its handler does. */
static void pl011_rx_irq(u32 irq)
{
	(void)irq;
	writel(0, uart_base + UARTIMSC);
}

void pl011_wait_by_irq(u32 irq)
{
	if (!uart_base || !irq || !irqchip)
		return;
	irq_register(irq, pl011_rx_irq);
	irqchip->enable(irq);
	rx_irq = irq;
}

/*
 * Sleeps until a character may be waiting. Interrupts are masked around the
 * check and the WFI so that a character arriving in between cannot be lost:
 * WFI still wakes on the pending interrupt (ARM ARM, WFI wake-up events).
 */
static void wait_rx(void)
{
	if (!rx_irq)
		return;
	arch_irq_disable();
	writel(INT_RX, uart_base + UARTIMSC);
	if (readl(uart_base + UARTFR) & FR_RXFE)
		arch_wfi();
	writel(0, uart_base + UARTIMSC);
	arch_irq_enable();
}

/* Line editing: echo, backspace/DEL, CR or LF ends the line. */
int readline(char *buf, int size)
{
	int n = 0;
	for (;;) {
		int c = pl011_getc();
		if (c < 0) {
			wait_rx();
			continue;
		}
		if (c == '\r' || c == '\n') {
			putc('\n');
			buf[n] = 0;
			return n;
		}
		if (c == 8 || c == 127) {
			if (n) {
				n--;
				puts("\b \b");
			}
			continue;
		}
		if (c < ' ' || n + 1 >= size)
			continue;
		buf[n++] = (char)c;
		putc((char)c);
	}
}
