/*
 * GICv2 distributor and CPU interface (ARM Generic Interrupt Controller
 * Architecture Specification v2, IHI 0048B, sections 4.3 and 4.4). Also
 * drives the GICv1-style controllers of the ARM11 MPCore and Cortex-A9
 * private regions, whose register layout is the same for what we use.
 * Every SPI goes to CPU 0 with one priority; SGIs and PPIs are banked.
 */
#include "../basic.h"

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

static void gic_v2_init(void)
{
	u32 lines = ((readl(mach.gicd + GICD_TYPER) & 0x1f) + 1) * 32, i;
	writel(0, mach.gicd + GICD_CTLR);
	for (i = 32; i < lines; i += 32)
		writel(0xffffffff, mach.gicd + GICD_ICENABLER + i / 8);
	for (i = 32; i < lines; i += 4) {
		writel(0xa0a0a0a0, mach.gicd + GICD_IPRIORITYR + i);
		writel(0x01010101, mach.gicd + GICD_ITARGETSR + i);
	}
	writel(1, mach.gicd + GICD_CTLR);
}

static void gic_v2_cpu_init(void)
{
	u32 i;
	writel(0xffff0000, mach.gicd + GICD_ICENABLER);
	for (i = 0; i < 32; i += 4)
		writel(0xa0a0a0a0, mach.gicd + GICD_IPRIORITYR + i);
	writel(0x0000ffff, mach.gicd + GICD_ISENABLER);
	writel(0xf0, mach.gicc + GICC_PMR);
	writel(1, mach.gicc + GICC_CTLR);
}

static void gic_v2_enable(u32 irq)
{
	writel(1u << (irq & 31), mach.gicd + GICD_ISENABLER + (irq / 32) * 4);
}

static void gic_v2_disable(u32 irq)
{
	writel(1u << (irq & 31), mach.gicd + GICD_ICENABLER + (irq / 32) * 4);
}

static u32 gic_v2_ack(void)
{
	return readl(mach.gicc + GICC_IAR);
}

static void gic_v2_eoi(u32 iar)
{
	writel(iar, mach.gicc + GICC_EOIR);
}

static void gic_v2_send_sgi(u32 sgi)
{
	/* TargetListFilter 0b01: every CPU but this one. */
	writel((1u << 24) | (sgi & 15), mach.gicd + GICD_SGIR);
}

static int gic_v2_pending(u32 irq)
{
	return (readl(mach.gicd + GICD_ISPENDR + (irq / 32) * 4) >> (irq & 31)) & 1;
}

const struct irqchip gic_v2_chip = {
	"GICv2", gic_v2_init, gic_v2_cpu_init, gic_v2_enable, gic_v2_disable,
	gic_v2_ack, gic_v2_eoi, gic_v2_send_sgi, gic_v2_pending,
};
