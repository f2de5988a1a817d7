/*
 * Basic firmware, AArch32 support (ARM DDI 0406C; ARM926EJ-S TRM DDI 0198
 * for the v5 cache and wait-for-interrupt operations; ARM11 MPCore TRM
 * DDI 0360 for v6K): exceptions, the virtual generic timer on VE cores
 * (CNTV_CTL/CNTV_CVAL/CNTVCT through CP15, PPI 27), PSCI over HVC,
 * spinlocks (LDREX/STREX on v6K and later; interrupt masking on the
 * uniprocessor v5), cache maintenance, and the data-abort guard used to
 * probe optional devices.
 */
#include "../../basic.h"

#ifdef ARCH_VE
__asm__(".arch_extension virt");
#endif

static volatile u32 probe_active, probe_fault;

static u32 cpsr(void)
{
	u32 v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

u32 arch_cpu_id(void)
{
#ifdef ARCH_V5
	return 0;
#else
	u32 v;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(v));
	return v & 0xff;
#endif
}

u32 arch_l2ctlr_cpus(void)
{
#ifdef ARCH_VE
	u32 v;
	__asm__ volatile("mrc p15, 1, %0, c9, c0, 2" : "=r"(v));
	return ((v >> 24) & 3) + 1;
#else
	return 0;
#endif
}

void arch_irq_enable(void) { __asm__ volatile("msr cpsr_c, %0" ::"r"((cpsr() & ~0x80u) & 0xff) : "memory"); }
void arch_irq_disable(void) { __asm__ volatile("msr cpsr_c, %0" ::"r"((cpsr() | 0x80u) & 0xff) : "memory"); }

void arch_dsb(void)
{
#ifdef ARCH_V7
	__asm__ volatile("dsb" ::: "memory");
#else
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" ::"r"(0) : "memory");
#endif
}

void arch_wfi(void)
{
	arch_dsb();
#ifdef ARCH_V5
	__asm__ volatile("mcr p15, 0, %0, c7, c0, 4" ::"r"(0) : "memory");
#else
	__asm__ volatile("wfi" ::: "memory");
#endif
}

const char *arch_mode(void)
{
	switch (cpsr() & 0x1f) {
	case 0x13:
		return "SVC";
	case 0x1a:
		return "HYP";
	case 0x1f:
		return "SYS";
	default:
		return "other";
	}
}

/* Frame pushed by the exception entries: r0-r3, r12, return address. */
struct frame {
	u32 r[5];
	u32 lr;
};

void arch_data_abort(struct frame *f)
{
	u32 dfsr, dfar;
	if (probe_active) {
		probe_fault = 1;
		return;
	}
	__asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(dfsr));
	__asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(dfar));
	printf("\nData abort: PC 0x%x DFSR 0x%x DFAR 0x%x\n", f->lr - 4, dfsr, dfar);
	for (;;)
		arch_wfi();
}

void arch_undef(struct frame *f)
{
	printf("\nUndefined instruction at 0x%x\n", f->lr - 4);
}

void arch_bad_exception(struct frame *f)
{
	printf("\nUnexpected exception, return address 0x%x\n", f->lr);
}

int arch_probe_read32(uptr addr, u32 *val)
{
	u32 v;
	probe_fault = 0;
	probe_active = 1;
	arch_dsb();
	v = *(volatile u32 *)addr;
	arch_dsb();
	probe_active = 0;
	if (probe_fault)
		return 0;
	*val = v;
	return 1;
}

long arch_psci_call(u32 fn, uptr a1, uptr a2, uptr a3)
{
#ifdef ARCH_VE
	register u32 r0 __asm__("r0") = fn;
	register u32 r1 __asm__("r1") = a1;
	register u32 r2 __asm__("r2") = a2;
	register u32 r3 __asm__("r3") = a3;
	__asm__ volatile("hvc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)::"memory");
	return (long)(s32)r0;
#else
	(void)fn;
	(void)a1;
	(void)a2;
	(void)a3;
	return -1; /* NOT_SUPPORTED: no PSCI before the virtualization extensions */
#endif
}

void arch_jump_linux(uptr kernel, uptr fdt)
{
	register u32 r0 __asm__("r0") = 0;
	register u32 r1 __asm__("r1") = 0xffffffffu;
	register u32 r2 __asm__("r2") = fdt;
	register u32 r4 __asm__("r4") = kernel;
	__asm__ volatile("msr cpsr_c, #0xd3; bx r4" ::"r"(r0), "r"(r1), "r"(r2), "r"(r4));
	for (;;)
		;
}

void arch_jump(uptr addr)
{
	register u32 r4 __asm__("r4") = addr;
	__asm__ volatile("mov r0, #0; mov r1, #0; mov r2, #0; bx r4" ::"r"(r4) : "r0", "r1", "r2");
	for (;;)
		;
}

#ifdef ARCH_V5
static u32 saved_cpsr;

void arch_spin_lock(volatile u32 *lock)
{
	u32 c = cpsr();
	arch_irq_disable();
	saved_cpsr = c;
	*lock = 1;
}

void arch_spin_unlock(volatile u32 *lock)
{
	*lock = 0;
	__asm__ volatile("msr cpsr_c, %0" ::"r"(saved_cpsr & 0xff) : "memory");
}
#else
void arch_spin_lock(volatile u32 *lock)
{
	u32 tmp, busy;
	__asm__ volatile("1:	ldrex	%0, [%2]\n"
			 "	cmp	%0, #0\n"
			 "	bne	1b\n"
			 "	mov	%1, #1\n"
			 "	strex	%0, %1, [%2]\n"
			 "	cmp	%0, #0\n"
			 "	bne	1b\n"
			 : "=&r"(busy), "=&r"(tmp)
			 : "r"(lock)
			 : "cc", "memory");
	arch_dsb();
}

void arch_spin_unlock(volatile u32 *lock)
{
	arch_dsb();
	*lock = 0;
	arch_dsb();
}
#endif

void arch_dcache_clean_range(uptr start, uptr end)
{
#if defined(ARCH_V7)
	u32 ctr, line, a;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
	line = 4u << ((ctr >> 16) & 0xf);
	for (a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" ::"r"(a) : "memory");
	__asm__ volatile("dsb; mcr p15, 0, %0, c7, c5, 0; isb" ::"r"(0) : "memory");
#elif defined(ARCH_V6)
	(void)start;
	(void)end;
	__asm__ volatile("mcr p15, 0, %0, c7, c14, 0\n"
			 "mcr p15, 0, %0, c7, c10, 4\n"
			 "mcr p15, 0, %0, c7, c5, 0" ::"r"(0) : "memory");
#else
	(void)start;
	(void)end;
	__asm__ volatile("1: mrc p15, 0, APSR_nzcv, c7, c14, 3\n"
			 "bne 1b\n"
			 "mcr p15, 0, %0, c7, c10, 4\n"
			 "mcr p15, 0, %0, c7, c5, 0" ::"r"(0) : "cc", "memory");
#endif
}

#ifdef HAVE_GENTIMER
static void gentimer_init(void)
{
	u32 f;
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	gentimer_clock.freq = f ? f : 62500000;
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1" ::"r"(0));
}

static u64 gentimer_counter(void)
{
	u32 lo, hi;
	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((u64)hi << 32) | lo;
}

static void gentimer_oneshot(u64 ticks)
{
	u64 cval;
	if (!ticks) {
		__asm__ volatile("mcr p15, 0, %0, c14, c3, 1" ::"r"(0));
		return;
	}
	cval = gentimer_counter() + ticks;
	__asm__ volatile("mcrr p15, 3, %0, %1, c14" ::"r"((u32)cval), "r"((u32)(cval >> 32)));
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1; isb" ::"r"(1));
}

static void gentimer_ack(void)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1" ::"r"(0));
}

struct clock gentimer_clock = {
	"ARM generic timer (virtual)", gentimer_init, gentimer_counter, 0,
	gentimer_oneshot, gentimer_ack,
};
#endif
