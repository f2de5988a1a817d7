/*
 * Basic firmware: secondary cores. They are parked by the start code
 * (PSCI boards: powered off until CPU_ON; Versatile Express and RealView:
 * waiting in WFI for an SGI with SYS_FLAGS holding the entry address, as
 * ARM's boot monitor does) and come to secondary_main() on their own stack.
 * There they report in and then run the shared counter test on request.
 * SGI 0 is the board's wake-up call, SGI 1 starts a counting round.
 */
#include "basic.h"

#define SMP_ITERATIONS 10000

volatile u32 cpu_online[MAX_CPUS];
static volatile u32 smp_round, smp_done, smp_lock, smp_counter;

void smp_init_boot(void)
{
	if (board.smp_method == 2)
		writel(0xffffffff, board.sys_flags_clr);
}

static void count_up(void)
{
	u32 i;
	for (i = 0; i < SMP_ITERATIONS; i++) {
		arch_spin_lock(&smp_lock);
		smp_counter = smp_counter + 1;
		arch_spin_unlock(&smp_lock);
	}
}

/* Takes pending SGIs off this CPU's interface so that WFI can sleep again. */
static void drain_sgis(void)
{
	for (;;) {
		u32 iar = irqchip->ack();
		if ((iar & 0x3ff) >= 1020)
			return;
		irqchip->eoi(iar);
	}
}

/*
 * Secondaries keep interrupts masked and sleep in WFI; an SGI from the boot
 * CPU wakes them (WFI wakes on a pending interrupt even when masked), which
 * works whether or not a machine's WFE honours SEV.
 */
void secondary_main(u32 cpu)
{
	u32 seen;
	irqchip->cpu_init();
	drain_sgis();
	seen = smp_round;
	cpu_online[cpu] = 1;
	arch_dsb();
	for (;;) {
		while (smp_round == seen) {
			arch_wfi();
			drain_sgis();
		}
		seen = smp_round;
		count_up();
		arch_spin_lock(&smp_lock);
		smp_done = smp_done + 1;
		arch_spin_unlock(&smp_lock);
	}
}

static u32 online_count(void)
{
	u32 i, n = 0;
	for (i = 0; i < MAX_CPUS; i++)
		n += cpu_online[i];
	return n;
}

/* Wakes every secondary; returns how many CPUs (boot CPU included) are up. */
int smp_start_cpus(void)
{
	u32 cpu, want = mach.ncpus ? mach.ncpus : MAX_CPUS;
	u64 until;
	cpu_online[arch_cpu_id()] = 1;
	if (board.smp_method == 1 && mach.psci) {
		/* The CPUs PSCI accepts (or says are on) are the ones to wait for. */
		u32 started = 1;
		for (cpu = 0; cpu < MAX_CPUS; cpu++) {
			long r;
			if (cpu == arch_cpu_id())
				continue;
			if (cpu_online[cpu]) {
				started++;
				continue;
			}
			r = arch_psci_call(sizeof(uptr) == 8 ? PSCI_CPU_ON_64 : PSCI_CPU_ON_32, cpu,
					   (uptr)secondary_entry, cpu);
			if (r == 0 || r == -4) /* SUCCESS, ALREADY_ON */
				started++;
			else if (r == -2) /* INVALID_PARAMETERS: no such CPU */
				break;
		}
		want = started;
	} else if (board.smp_method == 2) {
		writel((u32)(uptr)secondary_entry, board.sys_flags_set);
		arch_dsb();
		irqchip->send_sgi(0);
	}
	until = clock_us() + 200000;
	while (online_count() < want && clock_us() < until)
		;
	return (int)online_count();
}

void cmd_smp_test(int argc, char **argv)
{
	u32 n, i, expected;
	u64 until;
	(void)argc;
	(void)argv;
	n = (u32)smp_start_cpus();
	for (i = 0; i < MAX_CPUS; i++)
		if (cpu_online[i])
			printf("smp_test: CPU%u online\n", i);
	smp_counter = 0;
	smp_done = 0;
	arch_dsb();
	smp_round = smp_round + 1;
	arch_dsb();
	if (n > 1)
		irqchip->send_sgi(1);
	count_up();
	until = clock_us() + 5000000;
	while (smp_done < n - 1 && clock_us() < until)
		;
	expected = n * SMP_ITERATIONS;
	printf("smp_test: %u CPUs counted %u under the lock (expected %u)\n", n, smp_counter,
	       expected);
	puts(smp_counter == expected ? "smp_test: passed\n" : "smp_test: FAILED\n");
}
