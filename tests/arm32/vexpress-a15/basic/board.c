/*
 * Vexpress-A15 board defaults: the RS1 ("Cortex-A Series") memory map of
 * the Versatile Express (V2M-P1 TRM, DUI 0447; CoreTile Express A15x2
 * TRM, DDI 0503) as Xvisor's vexpress-a15 guest uses it. Used when no DTB
 * describes the machine.
 */
#include "../../../common/basic/basic.h"

const struct board board = {
	.name = "Vexpress-A15",
	.defaults = {
		.model = "vexpress-a15",
		.ram_base = 0x80000000,
		.ram_size = 0x08000000,
		.flash_base = 0x00000000,
		.uart = 0x1c090000,
		.uart_irq = 37,
		.rtc = 0x1c170000,
		.sysregs = 0x1c010000,
		.vminfo = 0x40000000,
		.gicd = 0x2c001000,
		.gicc = 0x2c002000,
		.sp804 = 0x1c110000,
		.sp804_irq = 34,
		.timer_irq = 27,
	},
	.smp_method = 2,
	.sys_flags_set = 0x1c010030,
	.sys_flags_clr = 0x1c010034,
	.power_method = 1,
	.mmu_alias_va = 0xe0000000,
	.l2ctlr_cpus = 1,
};
