/*
 * SP804 dual timer (ARM Dual-Timer Module SP804 TRM, DDI 0271, section 3:
 * TimerXLoad 0x00, TimerXValue 0x04, TimerXControl 0x08, TimerXIntClr 0x0C,
 * timer 2 at +0x20). Timer 2 free-runs as a 32-bit down counter that we
 * extend to 64 bits in software; timer 1 is the one-shot interrupt source.
 * TIMCLK is 1 MHz on the Versatile, RealView and Versatile Express boards.
 */
#include "../basic.h"

#define LOAD 0x00
#define VALUE 0x04
#define CONTROL 0x08
#define INTCLR 0x0c
#define T2 0x20
#define CTRL_EN (1u << 7)
#define CTRL_PERIODIC (1u << 6)
#define CTRL_INTEN (1u << 5)
#define CTRL_32BIT (1u << 1)
#define CTRL_ONESHOT (1u << 0)

static u32 last_low, high;

static void sp804_init(void)
{
	writel(0, mach.sp804 + CONTROL);
	writel(1, mach.sp804 + INTCLR);
	writel(0, mach.sp804 + T2 + CONTROL);
	writel(0xffffffff, mach.sp804 + T2 + LOAD);
	writel(CTRL_EN | CTRL_32BIT, mach.sp804 + T2 + CONTROL);
	last_low = 0;
	high = 0;
}

static u64 sp804_counter(void)
{
	u32 low = ~readl(mach.sp804 + T2 + VALUE);
	if (low < last_low)
		high++;
	last_low = low;
	return ((u64)high << 32) | low;
}

static void sp804_oneshot(u64 ticks)
{
	writel(0, mach.sp804 + CONTROL);
	writel(1, mach.sp804 + INTCLR);
	if (!ticks)
		return;
	writel(ticks > 0xffffffffu ? 0xffffffffu : (u32)ticks, mach.sp804 + LOAD);
	writel(CTRL_EN | CTRL_INTEN | CTRL_32BIT | CTRL_ONESHOT, mach.sp804 + CONTROL);
}

static void sp804_ack(void)
{
	writel(1, mach.sp804 + INTCLR);
}

const struct clock sp804_clock = {
	"SP804", sp804_init, sp804_counter, 1000000, sp804_oneshot, sp804_ack,
};
