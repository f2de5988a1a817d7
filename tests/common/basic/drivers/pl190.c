/*
 * PL190 vectored interrupt controller (ARM PrimeCell VIC PL190 TRM,
 * DDI 0181, section 3: VICIRQSTATUS 0x000, VICINTSELECT 0x00C,
 * VICINTENABLE 0x010, VICINTENCLEAR 0x014, VICSOFTINT 0x018) and the
 * Versatile/PB926EJ-S secondary interrupt controller behind VIC line 31
 * (Versatile PB926EJ-S User Guide, DUI 0224, 4.9: SIC_STATUS 0x00,
 * SIC_ENSET 0x08, SIC_ENCLR 0x0C, SIC_PICENSET 0x20). We number SIC lines
 * 32..63. Vector addresses are not used: the handler reads the status.
 */
#include "../basic.h"

#define VICIRQSTATUS 0x000
#define VICINTSELECT 0x00c
#define VICINTENABLE 0x010
#define VICINTENCLEAR 0x014
#define VICRAWINTR 0x008
#define SIC_STATUS 0x00
#define SIC_RAWSTAT 0x04
#define SIC_ENSET 0x08
#define SIC_ENCLR 0x0c
#define SIC_PICENCLR 0x24

static void pl190_init(void)
{
	writel(0, mach.vic + VICINTSELECT);
	writel(0xffffffff, mach.vic + VICINTENCLEAR);
	if (mach.sic) {
		writel(0xffffffff, mach.sic + SIC_ENCLR);
		writel(0xffffffff, mach.sic + SIC_PICENCLR);
	}
}

static void pl190_cpu_init(void)
{
}

static void pl190_enable(u32 irq)
{
	if (irq >= 32 && mach.sic) {
		writel(1u << (irq - 32), mach.sic + SIC_ENSET);
		irq = 31;
	}
	writel(1u << (irq & 31), mach.vic + VICINTENABLE);
}

static void pl190_disable(u32 irq)
{
	if (irq >= 32 && mach.sic) {
		writel(1u << (irq - 32), mach.sic + SIC_ENCLR);
		return;
	}
	writel(1u << (irq & 31), mach.vic + VICINTENCLEAR);
}

static u32 lowest_bit(u32 v)
{
	u32 i;
	for (i = 0; i < 32; i++)
		if (v & (1u << i))
			return i;
	return 1023;
}

static u32 pl190_ack(void)
{
	u32 st = readl(mach.vic + VICIRQSTATUS);
	if (!st)
		return 1023;
	if ((st & ~(1u << 31)) || !mach.sic)
		return lowest_bit(st & (mach.sic ? ~(1u << 31) : ~0u));
	st = readl(mach.sic + SIC_STATUS);
	return st ? 32 + lowest_bit(st) : 1023;
}

static void pl190_eoi(u32 irq)
{
	(void)irq; /* level sources are cleared at the device */
}

static void pl190_send_sgi(u32 sgi)
{
	(void)sgi; /* uniprocessor board */
}

static int pl190_pending(u32 irq)
{
	if (irq >= 32 && mach.sic)
		return (readl(mach.sic + SIC_RAWSTAT) >> (irq - 32)) & 1;
	return (readl(mach.vic + VICRAWINTR) >> irq) & 1;
}

const struct irqchip pl190_chip = {
	"PL190", pl190_init, pl190_cpu_init, pl190_enable, pl190_disable,
	pl190_ack, pl190_eoi, pl190_send_sgi, pl190_pending,
};
