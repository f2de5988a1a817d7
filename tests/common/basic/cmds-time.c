/*
 * Basic firmware: timer, wfi_test, irq_test and dhrystone commands.
 * Figures that depend on the host (elapsed time, DMIPS, time stamps) are
 * printed on lines of their own so that transcripts can mask them.
 */
#include "basic.h"

void cmd_timer(int argc, char **argv)
{
	u64 t0, t1;
	u32 irqs0, sec;
	(void)argv;
	if (argc != 1) {
		puts("timer: no parameters required\n");
		return;
	}
	printf("Timer: %s at %lu Hz, IRQ %u\n", clock->name, (unsigned long)clock->freq,
	       mach.timer_irq);
	printf("Timer IRQ count: %u\n", timer_irqs);
	irqs0 = timer_irqs;
	t0 = clock_us();
	timer_arm_ms(10);
	while (!timer_fired)
		arch_wfi();
	t1 = clock_us();
	printf("Delay of 10 ms: %u timer IRQ\n", timer_irqs - irqs0);
	printf("Delay measured: %u us\n", (u32)(t1 - t0));
	printf("Time stamp: %lu us\n", (unsigned long)t1);
	if (pl031_read(&sec))
		printf("RTC: %u s\n", sec);
}

void cmd_wfi_test(int argc, char **argv)
{
	u64 ms = 100, t0, t1;
	int ok = 1;
	if (argc > 2) {
		puts("wfi_test: could provide only <msecs>\n");
		return;
	}
	if (argc == 2)
		ms = parse_num(argv[1], &ok);
	if (!ok || ms > 60000) {
		printf("wfi_test: invalid delay %s\n", argv[1]);
		return;
	}
	puts("Executing WFI instruction\n");
	t0 = clock_us();
	timer_arm_ms((u32)ms);
	while (!timer_fired)
		arch_wfi();
	t1 = clock_us();
	puts("Resumed from WFI instruction\n");
	printf("Time spent in WFI: %u us\n", (u32)(t1 - t0));
	if (t1 - t0 + 1000 < ms * 1000)
		puts("wfi_test: woke up too early\n");
}

/*
 * irq_test: the timer's interrupt must stay pending at the controller while
 * the CPU masks interrupts, and be taken once they are unmasked.
 */
void cmd_irq_test(int argc, char **argv)
{
	u32 before, pending = 0, taken;
	u64 until;
	(void)argv;
	if (argc != 1) {
		puts("irq_test: no parameters required\n");
		return;
	}
	printf("irq_test: %s, timer IRQ %u\n", irqchip->name, mach.timer_irq);
	arch_irq_disable();
	before = timer_irqs;
	timer_arm_ms(1);
	/* Poll the controller with interrupts masked (bounded: 500 ms). */
	until = clock_us() + 500000;
	while (clock_us() < until && !(pending = (u32)irqchip->pending(mach.timer_irq)))
		;
	printf("irq_test: pending while masked: %s\n", pending ? "yes" : "no");
	printf("irq_test: taken while masked: %s\n", timer_irqs != before ? "yes" : "no");
	arch_irq_enable();
	until = clock_us() + 1000000;
	while (timer_irqs == before && clock_us() < until)
		;
	taken = timer_irqs - before;
	printf("irq_test: taken after unmask: %u\n", taken);
	puts(pending && taken == 1 ? "irq_test: passed\n" : "irq_test: FAILED\n");
}

void cmd_dhrystone(int argc, char **argv)
{
	u64 n = 20000;
	int ok = 1;
	if (argc > 2) {
		puts("dhrystone: could provide only <iterations>\n");
		return;
	}
	if (argc == 2)
		n = parse_num(argv[1], &ok);
	if (!ok || !n || n > 100000000) {
		printf("dhrystone: invalid iteration count %s\n", argv[1]);
		return;
	}
	dhrystone_run((u32)n);
}
