/*
 * Basic firmware, AArch64 support (ARM DDI 0487): exceptions, the generic
 * timer's virtual timer (CNTV_CTL_EL0/CNTV_TVAL_EL0, PPI 27), PSCI over HVC
 * (ARM DEN 0022), exclusive-access spinlocks, cache maintenance by VA,
 * and the data-abort guard used to probe optional devices.
 */
#include "../../basic.h"

static volatile u32 probe_active, probe_fault;

#define SYSREG_READ(name) ({ u64 _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define SYSREG_WRITE(name, v) __asm__ volatile("msr " #name ", %0" ::"r"((u64)(v)))

u32 arch_cpu_id(void) { return (u32)(SYSREG_READ(mpidr_el1) & 0xff); }
u32 arch_l2ctlr_cpus(void) { return 0; }
void arch_irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
void arch_irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }
void arch_wfi(void) { __asm__ volatile("dsb sy; wfi" ::: "memory"); }
void arch_dsb(void) { __asm__ volatile("dsb sy" ::: "memory"); }
const char *arch_mode(void) { return "EL1"; }

/* Frame laid out by save_regs in start.S: x0..x18, x29, x30, ELR, SPSR. */
struct frame {
	u64 x[20];
	u64 lr, elr, spsr;
};

void arch_sync_exception(struct frame *f)
{
	u64 esr = SYSREG_READ(esr_el1), far = SYSREG_READ(far_el1);
	u32 ec = (u32)(esr >> 26);
	if (probe_active && (ec == 0x25 || ec == 0x24)) {
		probe_fault = 1;
		f->elr += 4;
		return;
	}
	printf("\nSynchronous exception: ESR 0x%lx ELR 0x%lx FAR 0x%lx\n", (uptr)esr,
	       (uptr)f->elr, (uptr)far);
	for (;;)
		arch_wfi();
}

void arch_bad_exception(struct frame *f)
{
	printf("\nUnexpected exception: ESR 0x%lx ELR 0x%lx\n", (uptr)SYSREG_READ(esr_el1),
	       (uptr)f->elr);
}

int arch_probe_read32(uptr addr, u32 *val)
{
	u32 v;
	probe_fault = 0;
	probe_active = 1;
	__asm__ volatile("dsb sy" ::: "memory");
	v = *(volatile u32 *)addr;
	__asm__ volatile("dsb sy" ::: "memory");
	probe_active = 0;
	if (probe_fault)
		return 0;
	*val = v;
	return 1;
}

long arch_psci_call(u32 fn, uptr a1, uptr a2, uptr a3)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;
	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return (long)x0;
}

void arch_jump_linux(uptr kernel, uptr fdt)
{
	register u64 x0 __asm__("x0") = fdt;
	register u64 x4 __asm__("x4") = kernel;
	__asm__ volatile("mov x1, xzr; mov x2, xzr; mov x3, xzr; msr daifset, #0xf; br x4"
			 ::"r"(x0), "r"(x4));
	for (;;)
		;
}

void arch_jump(uptr addr)
{
	register u64 x4 __asm__("x4") = addr;
	__asm__ volatile("mov x0, xzr; mov x1, xzr; mov x2, xzr; mov x3, xzr; br x4" ::"r"(x4));
	for (;;)
		;
}

/* Plain exclusive-access spinning: no WFE, so no reliance on SEV wake-ups. */
void arch_spin_lock(volatile u32 *lock)
{
	u32 tmp, busy;
	__asm__ volatile("1:	ldaxr	%w0, [%2]\n"
			 "	cbnz	%w0, 1b\n"
			 "	mov	%w1, #1\n"
			 "	stxr	%w0, %w1, [%2]\n"
			 "	cbnz	%w0, 1b\n"
			 : "=&r"(busy), "=&r"(tmp)
			 : "r"(lock)
			 : "memory");
}

void arch_spin_unlock(volatile u32 *lock)
{
	__asm__ volatile("stlr wzr, [%0]" ::"r"(lock) : "memory");
}

void arch_dcache_clean_range(uptr start, uptr end)
{
	uptr line = 4u << ((SYSREG_READ(ctr_el0) >> 16) & 0xf), a;
	for (a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb sy; ic iallu; dsb sy; isb" ::: "memory");
}

/* Generic timer, virtual view. */
static void gentimer_init(void)
{
	u64 f = SYSREG_READ(cntfrq_el0);
	gentimer_clock.freq = f ? f : 62500000;
	SYSREG_WRITE(cntv_ctl_el0, 0);
}

static u64 gentimer_counter(void)
{
	__asm__ volatile("isb");
	return SYSREG_READ(cntvct_el0);
}

static void gentimer_oneshot(u64 ticks)
{
	if (!ticks) {
		SYSREG_WRITE(cntv_ctl_el0, 0);
		return;
	}
	SYSREG_WRITE(cntv_cval_el0, gentimer_counter() + ticks);
	SYSREG_WRITE(cntv_ctl_el0, 1);
	__asm__ volatile("isb");
}

static void gentimer_ack(void)
{
	SYSREG_WRITE(cntv_ctl_el0, 0);
}

struct clock gentimer_clock = {
	"ARM generic timer (virtual)", gentimer_init, gentimer_counter, 0,
	gentimer_oneshot, gentimer_ack,
};
