/*
 * Basic firmware: time. One clock (generic timer or SP804) gives a
 * counter, its frequency, and a one-shot interrupt; the rest of the
 * firmware speaks microseconds and milliseconds.
 */
#include "basic.h"

const struct clock *clock;
volatile u32 timer_irqs;
volatile u32 timer_fired;

static void timer_irq(u32 irq)
{
	(void)irq;
	clock->ack();
	timer_irqs++;
	timer_fired = 1;
}

void timer_setup(void)
{
	clock->init();
	irq_register(mach.timer_irq, timer_irq);
	irqchip->enable(mach.timer_irq);
}

u64 clock_us(void)
{
	u64 t = clock->counter();
	/* Split to keep t * 1e6 within 64 bits for any counter value. */
	u64 s = udiv64(t, clock->freq);
	return s * 1000000 + udiv64((t - s * clock->freq) * 1000000, clock->freq);
}

void delay_us(u64 us)
{
	u64 end = clock_us() + us;
	while (clock_us() < end)
		;
}

void timer_arm_ms(u32 ms)
{
	timer_fired = 0;
	clock->oneshot(udiv64((u64)ms * clock->freq, 1000));
}
