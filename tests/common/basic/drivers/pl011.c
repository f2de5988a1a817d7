/*
 * PL011 UART (ARM PrimeCell UART (PL011) Technical Reference Manual,
 * DDI 0183, section 3: UARTDR 0x00, UARTFR 0x18, UARTIBRD 0x24,
 * UARTFBRD 0x28, UARTLCR_H 0x2C, UARTCR 0x30, UARTIMSC 0x38, UARTICR 0x44).
 * Transmit is polled on TXFF; receive is polled on RXFE. The baud divisor
 * is set for 115200 at 24 MHz, which both QEMU and our emulator ignore but
 * real silicon needs.
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

static uptr uart_base;

void pl011_init(uptr base)
{
	uart_base = base;
	writel(0, base + UARTCR);
	writel(0x7ff, base + UARTICR);
	writel(0, base + UARTIMSC);
	writel(13, base + UARTIBRD);
	writel(1, base + UARTFBRD);
	writel(0x70, base + UARTLCR_H); /* 8N1, FIFOs on */
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

/* Line editing: echo, backspace/DEL, CR or LF ends the line. */
int readline(char *buf, int size)
{
	int n = 0;
	for (;;) {
		int c = pl011_getc();
		if (c < 0)
			continue;
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
