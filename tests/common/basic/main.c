/*
 * Basic firmware: entry from the start code, discovery of the machine and
 * the banner. The machine description starts as the board's compiled-in
 * defaults; a DTB (handed over in x0/r2, or found at the start of RAM as
 * QEMU leaves it for -bios) overrides what it describes, in Linux's
 * binding style (reg, interrupts) or in Xvisor's guest style
 * (guest_physical_addr); Xvisor's vminfo device, when present, has the
 * last word on RAM.
 */
#include "basic.h"

struct machine mach;

/* Base of the first node compatible with linux_c (reg) or xvisor_c. */
static int find_dev(const char *linux_c, const char *xvisor_c, uptr *base, u32 *irq)
{
	const void *fdt = mach.fdt;
	int node, len;
	u64 a, s;
	const u8 *p;
	if (linux_c && (node = fdt_next_compatible(fdt, -1, linux_c)) >= 0 &&
	    fdt_reg(fdt, node, &a, &s) == 0) {
		*base = (uptr)a;
		p = fdt_getprop(fdt, node, "interrupts", &len);
		if (irq && p && len >= 12)
			*irq = be32(p + 4) + (be32(p) == 1 ? 16 : 32);
		return 1;
	}
	if (xvisor_c && (node = fdt_next_compatible(fdt, -1, xvisor_c)) >= 0 &&
	    (p = fdt_getprop(fdt, node, "guest_physical_addr", &len))) {
		*base = (uptr)(len == 8 ? ((u64)be32(p) << 32) | be32(p + 4) : be32(p));
		p = fdt_getprop(fdt, node, "interrupts", &len);
		if (irq && p && len >= 4)
			*irq = be32(p);
		return 1;
	}
	return 0;
}

static void gic_second_reg(int node, uptr *second)
{
	u32 ac, sc;
	int len;
	const u8 *r = fdt_getprop(mach.fdt, node, "reg", &len);
	if (!r || fdt_parent_cells(mach.fdt, node, &ac, &sc) < 0 || ac > 2 || sc > 2 ||
	    len < (int)(8 * (ac + sc)))
		return;
	*second = ac == 2 ? (uptr)(((u64)be32(r + 4 * (ac + sc)) << 32) | be32(r + 4 * (ac + sc) + 4))
			  : be32(r + 4 * (ac + sc));
}

static void discover_fdt(void)
{
	static const char *const gics[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", "arm,cortex-a7-gic",
		"arm,arm11mp-gic", "arm,arm1176jzf-devchip-gic", "arm,realview-gic",
	};
	int node, len;
	u32 i;
	u64 a, s;
	const char *m;
	node = fdt_path_offset(mach.fdt, "/memory");
	if (node >= 0 && fdt_reg(mach.fdt, node, &a, &s) == 0 && s) {
		mach.ram_base = (uptr)a;
		mach.ram_size = s;
		mach.ram_source = "DTB";
	} else if ((node = fdt_path_offset(mach.fdt, "/aspace/mem0")) >= 0) {
		const u8 *p = fdt_getprop(mach.fdt, node, "physical_size", &len);
		if (p && len >= 4 && be32(p + len - 4)) {
			mach.ram_size = len == 8 ? ((u64)be32(p) << 32) | be32(p + 4) : be32(p);
			mach.ram_source = "DTB";
		}
	}
	find_dev("arm,pl011", "primecell,arm,pl011", &mach.uart, &mach.uart_irq);
	find_dev("arm,pl031", "primecell,pl031", &mach.rtc, NULL);
	if (mach.sp804)
		find_dev("arm,sp804", "primecell,sp804", &mach.sp804, &mach.sp804_irq);
	for (i = 0; i < ARRAY_SIZE(gics); i++) {
		node = fdt_next_compatible(mach.fdt, -1, gics[i]);
		if (node >= 0 && fdt_reg(mach.fdt, node, &a, &s) == 0) {
			mach.gicd = (uptr)a;
			mach.gicr = 0;
			gic_second_reg(node, &mach.gicc);
			break;
		}
	}
	node = fdt_next_compatible(mach.fdt, -1, "arm,gic-v3");
	if (node >= 0 && fdt_reg(mach.fdt, node, &a, &s) == 0) {
		mach.gicd = (uptr)a;
		gic_second_reg(node, &mach.gicr);
	}
	node = fdt_path_offset(mach.fdt, "/psci");
	if (node >= 0) {
		m = fdt_getprop(mach.fdt, node, "method", NULL);
		mach.psci = m && !strcmp(m, "hvc");
	}
	i = (u32)fdt_count_cpus(mach.fdt);
	if (i)
		mach.ncpus = i;
	m = fdt_getprop(mach.fdt, 0, "model", NULL);
	if (m)
		mach.model = m;
}

static void discover(uptr boot_fdt)
{
	u64 rb, rs;
	u32 vcpus;
	mach = board.defaults;
	mach.ram_source = "board default";
	mach.fdt_source = "none";
	if (fdt_valid((const void *)boot_fdt)) {
		mach.fdt = (const void *)boot_fdt;
		mach.fdt_source = "boot argument";
	} else if (fdt_valid((const void *)mach.ram_base)) {
		mach.fdt = (const void *)mach.ram_base;
		mach.fdt_source = "start of RAM";
	}
	if (mach.fdt)
		discover_fdt();
	else if (board.gicv3_redist && !(arch_probe_read32(mach.gicd + 0xfe8, &vcpus) &&
					 ((vcpus >> 4) & 0xf) == 2) &&
		 arch_probe_read32(mach.gicd + 0xffe8, &vcpus) && ((vcpus >> 4) & 0xf) == 3)
		/* GICD_PIDR2.ArchRev: 2 at 0xFE8 in a GICv2, 3 at 0xFFE8 in a GICv3. */
		mach.gicr = board.gicv3_redist;
	if (vminfo_read(&rb, &rs, &vcpus) && rs) {
		mach.ram_base = (uptr)rb;
		mach.ram_size = rs;
		mach.ram_source = "vminfo";
		if (vcpus)
			mach.ncpus = vcpus;
	}
	if (!mach.ncpus && board.scu)
		mach.ncpus = (readl(board.scu + 4) & 3) + 1;
	if (!mach.ncpus && board.l2ctlr_cpus)
		mach.ncpus = arch_l2ctlr_cpus();
#ifdef __aarch64__
	if (mach.gicr)
		irqchip = &gic_v3_chip;
	else
#endif
	if (mach.vic)
		irqchip = &pl190_chip;
	else
		irqchip = &gic_v2_chip;
#ifdef HAVE_GENTIMER
	clock = &gentimer_clock;
#else
	clock = &sp804_clock;
	mach.timer_irq = mach.sp804_irq;
#endif
}

void basic_main(uptr boot_fdt)
{
	discover(boot_fdt);
	pl011_init(mach.uart);
	smp_init_boot();
	irqchip->init();
	irqchip->cpu_init();
	timer_setup();
	pl011_wait_by_irq(mach.uart_irq);
	arch_irq_enable();
	printf("\n%s Basic Firmware\n\n", board.name);
	if (autoexec_source()) {
		puts("autoboot: enabled\n");
		autoexec_run();
	} else {
		puts("autoboot: disabled\n");
	}
	shell_run();
}
