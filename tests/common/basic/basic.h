/*
 * Basic firmware: shared declarations.
 *
 * The firmware is freestanding C (no libc); this header is its whole
 * "standard library" surface plus the interfaces between the shell, the
 * drivers and the per-architecture code (arch/<arch>/arch.c, start.S).
 */
#ifndef BASIC_H
#define BASIC_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed int s32;
typedef signed long long s64;
typedef unsigned long uptr;
typedef unsigned long size_t;

#define NULL ((void *)0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_CPUS 8

typedef __builtin_va_list va_list;
#define va_start(v, l) __builtin_va_start(v, l)
#define va_end(v) __builtin_va_end(v)
#define va_arg(v, t) __builtin_va_arg(v, t)

static inline u32 readl(uptr a) { return *(volatile u32 *)a; }
static inline void writel(u32 v, uptr a) { *(volatile u32 *)a = v; }
static inline u8 readb(uptr a) { return *(volatile u8 *)a; }
static inline void writeb(u8 v, uptr a) { *(volatile u8 *)a = v; }

/* libc.c */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strcat(char *d, const char *s);
const char *strchr(const char *s, int c);
/* Parses decimal, or hex with 0x; returns 0 and sets *ok = 0 on garbage. */
u64 parse_num(const char *s, int *ok);
/* Parses hex with or without 0x (Xvisor's commands take hex). */
u64 parse_hex(const char *s, int *ok);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...);
int printf(const char *fmt, ...);
void puts(const char *s);
void putc(char c);
u64 udiv64(u64 n, u64 d);

/* console: drivers/pl011.c */
void pl011_init(uptr base);
void pl011_putc(char c);
int pl011_getc(void); /* -1 when nothing is waiting */
void pl011_wait_by_irq(u32 irq); /* readline sleeps in WFI until the UART interrupts */
int readline(char *buf, int size);

/* fdt.c */
#include "fdt.h"

/* What the firmware knows about its machine: board defaults, then the DTB. */
struct machine {
	const char *model;
	uptr ram_base;
	u64 ram_size;
	uptr flash_base;
	uptr uart;
	uptr rtc;
	uptr sysregs;
	uptr vminfo;
	uptr gicd, gicc, gicr; /* gicr != 0: GICv3 */
	uptr vic, sic;         /* PL190 and the Versatile secondary controller */
	uptr sp804;
	u32 sp804_irq;
	u32 uart_irq;
	u32 timer_irq; /* generic timer virtual PPI, or SP804 line */
	u32 psci;      /* 1: PSCI over HVC */
	u32 ncpus;     /* from the DTB or vminfo; 0 when unknown */
	const void *fdt;
	const char *fdt_source;
	const char *ram_source;
};
extern struct machine mach;

/* Board file: tests/<cpu>/<board>/basic/board.c */
struct board {
	const char *name; /* banner name, e.g. "Virt-v8" */
	struct machine defaults;
	/* SMP wake mechanism: 0 none, 1 PSCI CPU_ON, 2 SYS_FLAGS + SGI */
	int smp_method;
	uptr sys_flags_set; /* SYS_FLAGSSET (write sets, read gives value) */
	uptr sys_flags_clr;
	/* reset/halt: 0 PSCI, 1 vexpress SYS_CFGCTRL, 2 realview/versatile SYS_RESETCTL */
	int power_method;
	u32 mmu_alias_va; /* arm32: 1 MiB section used by mmu_test */
	/* GICv3 redistributors used when no DTB says and GICD_PIDR2 reads v3 */
	uptr gicv3_redist;
	/* CPU count sources when neither DTB nor vminfo gives one */
	uptr scu;          /* MPCore SCU: SCU_CONFIG[1:0] = CPUs - 1 */
	int l2ctlr_cpus;   /* Cortex-A15 L2CTLR[25:24] = CPUs - 1 */
};
extern const struct board board;

/* Interrupt controller (one of gic-v2.c, gic-v3.c, pl190.c) */
struct irqchip {
	const char *name;
	void (*init)(void);
	void (*cpu_init)(void);
	void (*enable)(u32 irq);
	void (*disable)(u32 irq);
	u32 (*ack)(void);          /* returns a spurious id (>= 1020) when none */
	void (*eoi)(u32 irq);
	void (*send_sgi)(u32 sgi); /* to every other cpu */
	int (*pending)(u32 irq);
};
extern const struct irqchip *irqchip;
extern const struct irqchip gic_v2_chip, gic_v3_chip, pl190_chip;

/* irq.c */
typedef void (*irq_handler_t)(u32 irq);
void irq_register(u32 irq, irq_handler_t h);
void irq_dispatch(void);      /* called from the IRQ vector */
extern volatile u32 irq_count[MAX_CPUS];
extern volatile u32 irq_spurious;

/* Timers: arch generic timer or drivers/sp804.c, behind one face. */
struct clock {
	const char *name;
	void (*init)(void);
	u64 (*counter)(void);
	u64 freq;
	void (*oneshot)(u64 ticks); /* interrupt after ticks; 0 cancels */
	void (*ack)(void);          /* called from the irq handler */
};
extern const struct clock *clock;
extern struct clock gentimer_clock;
extern const struct clock sp804_clock;
extern volatile u32 timer_irqs;
extern volatile u32 timer_fired;
u64 clock_us(void);
void delay_us(u64 us);
void timer_setup(void);
void timer_arm_ms(u32 ms);

/* drivers/pl031.c */
int pl031_read(u32 *seconds);

/* arch/<arch>/arch.c */
u32 arch_cpu_id(void);
u32 arch_l2ctlr_cpus(void);
void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_wfi(void);
void arch_dsb(void);
int vminfo_read(u64 *ram_base, u64 *ram_size, u32 *vcpus);
const char *arch_mode(void);
void arch_mmu_setup(void);
int arch_mmu_enabled(void);
int arch_dcache_enabled(void);
int arch_icache_enabled(void);
int arch_mmu_alias_test(int *total, int *pass);
void arch_mmu_cleanup(void);
int arch_probe_read32(uptr addr, u32 *val); /* 0 on a data abort */
long arch_psci_call(u32 fn, uptr a1, uptr a2, uptr a3);
void arch_jump_linux(uptr kernel, uptr fdt);
void arch_jump(uptr addr);
void arch_spin_lock(volatile u32 *lock);
void arch_spin_unlock(volatile u32 *lock);
void arch_dcache_clean_range(uptr start, uptr end);
extern void secondary_entry(void);
extern char _start[], _image_end[], _bss_start[], _bss_end[], _fw_end[];

/* smp.c */
void secondary_main(u32 cpu);
int smp_start_cpus(void);
void smp_init_boot(void);

/* power.c */
void board_reset(void);
void board_halt(void);

/* shell.c */
void shell_exec(char *line);
void shell_run(void);
int autoexec_run(void);
const char *autoexec_source(void);

/* dhrystone.c */
void dhrystone_run(u32 iterations);

/* cmds*.c */
struct command {
	const char *name;
	const char *usage;
	const char *help;
	void (*fn)(int argc, char **argv);
};
extern const struct command commands[];
extern const int command_count;
extern char linux_cmdline[];
extern u64 linux_memory_size;

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

#endif
