/*
 * GICv3 with system-register CPU interface, AArch64 only (ARM GIC
 * Architecture Specification v3/v4, IHI 0069: GICD_CTLR 0x0000,
 * GICD_TYPER 0x0004, GICD_IGROUPR 0x0080, GICD_ISENABLER 0x0100,
 * GICD_IROUTER 0x6000; redistributor frames of 0x20000 bytes with
 * GICR_TYPER 0x0008, GICR_WAKER 0x0014 and the SGI frame at +0x10000).
 * Runs with a single security state as seen from EL1: everything Group 1.
 */
#include "../basic.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define SGI_BASE 0x10000
#define CTLR_RWP (1u << 31)

static uptr redist[MAX_CPUS];

static void wait_rwp(void)
{
	while (readl(mach.gicd + GICD_CTLR) & CTLR_RWP)
		;
}

static uptr find_redist(void)
{
	u64 mpidr;
	uptr r = mach.gicr;
	int i;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	mpidr = (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);
	for (i = 0; i < 64; i++, r += 0x20000) {
		u64 typer = *(volatile u64 *)(r + GICR_TYPER);
		if ((typer >> 32) == mpidr)
			return r;
		if (typer & (1u << 4)) /* Last */
			break;
	}
	return 0;
}

static void gic_v3_init(void)
{
	u32 lines = ((readl(mach.gicd + GICD_TYPER) & 0x1f) + 1) * 32, i;
	writel(0, mach.gicd + GICD_CTLR);
	wait_rwp();
	for (i = 32; i < lines; i += 32) {
		writel(0xffffffff, mach.gicd + GICD_ICENABLER + i / 8);
		writel(0xffffffff, mach.gicd + GICD_IGROUPR + i / 8);
	}
	for (i = 32; i < lines; i += 4)
		writel(0xa0a0a0a0, mach.gicd + GICD_IPRIORITYR + i);
	for (i = 32; i < lines; i++)
		*(volatile u64 *)(mach.gicd + GICD_IROUTER + i * 8) = 0;
	/* ARE_NS | EnableGrp1NS (bit 1 in the single-security view). */
	writel((1u << 4) | (1u << 1), mach.gicd + GICD_CTLR);
	wait_rwp();
}

static void gic_v3_cpu_init(void)
{
	u32 cpu = arch_cpu_id(), i;
	uptr r = find_redist(), sgi;
	u64 sre;
	if (!r)
		return;
	redist[cpu] = r;
	sgi = r + SGI_BASE;
	writel(readl(r + GICR_WAKER) & ~2u, r + GICR_WAKER);
	while (readl(r + GICR_WAKER) & 4)
		;
	writel(0xffffffff, sgi + GICD_IGROUPR);
	writel(0xffff0000, sgi + GICD_ICENABLER);
	for (i = 0; i < 32; i += 4)
		writel(0xa0a0a0a0, sgi + GICD_IPRIORITYR + i);
	writel(0x0000ffff, sgi + GICD_ISENABLER);
	__asm__ volatile("mrs %0, S3_0_C12_C12_5" : "=r"(sre)); /* ICC_SRE_EL1 */
	sre |= 1;
	__asm__ volatile("msr S3_0_C12_C12_5, %0; isb" ::"r"(sre));
	__asm__ volatile("msr S3_0_C4_C6_0, %0" ::"r"((u64)0xf0)); /* ICC_PMR_EL1 */
	__asm__ volatile("msr S3_0_C12_C12_7, %0; isb" ::"r"((u64)1)); /* ICC_IGRPEN1_EL1 */
}

static void gic_v3_enable(u32 irq)
{
	if (irq < 32)
		writel(1u << irq, redist[arch_cpu_id()] + SGI_BASE + GICD_ISENABLER);
	else
		writel(1u << (irq & 31), mach.gicd + GICD_ISENABLER + (irq / 32) * 4);
}

static void gic_v3_disable(u32 irq)
{
	if (irq < 32)
		writel(1u << irq, redist[arch_cpu_id()] + SGI_BASE + GICD_ICENABLER);
	else
		writel(1u << (irq & 31), mach.gicd + GICD_ICENABLER + (irq / 32) * 4);
}

static u32 gic_v3_ack(void)
{
	u64 v;
	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(v)); /* ICC_IAR1_EL1 */
	return (u32)v;
}

static void gic_v3_eoi(u32 irq)
{
	__asm__ volatile("msr S3_0_C12_C12_1, %0; isb" ::"r"((u64)irq)); /* ICC_EOIR1_EL1 */
}

static void gic_v3_send_sgi(u32 sgi)
{
	/* IRM (bit 40): every PE but this one. */
	u64 v = (1ull << 40) | ((u64)(sgi & 15) << 24);
	__asm__ volatile("msr S3_0_C12_C11_5, %0; isb" ::"r"(v)); /* ICC_SGI1R_EL1 */
}

static int gic_v3_pending(u32 irq)
{
	if (irq < 32)
		return (readl(redist[arch_cpu_id()] + SGI_BASE + GICD_ISPENDR) >> irq) & 1;
	return (readl(mach.gicd + GICD_ISPENDR + (irq / 32) * 4) >> (irq & 31)) & 1;
}

const struct irqchip gic_v3_chip = {
	"GICv3", gic_v3_init, gic_v3_cpu_init, gic_v3_enable, gic_v3_disable,
	gic_v3_ack, gic_v3_eoi, gic_v3_send_sgi, gic_v3_pending,
};
