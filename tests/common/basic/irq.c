/*
 * Basic firmware: interrupt dispatch. The IRQ vector calls irq_dispatch(),
 * which acknowledges every pending interrupt at the controller, runs its
 * handler and signals the end of interrupt.
 */
#include "basic.h"

#define MAX_IRQS 1024

static irq_handler_t handlers[MAX_IRQS];
const struct irqchip *irqchip;
volatile u32 irq_count[MAX_CPUS];
volatile u32 irq_spurious;

void irq_register(u32 irq, irq_handler_t h)
{
	if (irq < MAX_IRQS)
		handlers[irq] = h;
}

void irq_dispatch(void)
{
	u32 cpu = arch_cpu_id();
	for (;;) {
		u32 iar = irqchip->ack(), irq = iar & 0x3ff;
		if (irq >= 1020) {
			break;
		}
		if (cpu < MAX_CPUS)
			irq_count[cpu]++;
		if (handlers[irq])
			handlers[irq](irq);
		else
			irq_spurious++;
		irqchip->eoi(iar);
	}
}
