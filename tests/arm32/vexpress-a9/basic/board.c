/*
 * Vexpress-A9 board defaults: the legacy ("ARM Legacy") memory map of the
 * Versatile Express with the CoreTile Express A9x4 (V2M-P1 TRM, DUI 0447;
 * CoreTile A9x4 TRM, DUI 0448): motherboard peripherals at 0x10000000,
 * Cortex-A9 private region at 0x1E000000, RAM at 0x60000000. Used when no
 * DTB describes the machine.
 */
#include "../../../common/basic/basic.h"

const struct board board = {
	.name = "Vexpress-A9",
	.defaults = {
		.model = "vexpress-a9",
		.ram_base = 0x60000000,
		.ram_size = 0x08000000,
		.flash_base = 0x00000000,
		.uart = 0x10009000,
		.uart_irq = 37,
		.rtc = 0x10017000,
		.sysregs = 0x10000000,
		.gicd = 0x1e001000,
		.gicc = 0x1e000100,
		.sp804 = 0x10011000,
		.sp804_irq = 34,
	},
	.smp_method = 2,
	.sys_flags_set = 0x10000030,
	.sys_flags_clr = 0x10000034,
	.power_method = 1,
	.mmu_alias_va = 0xe0000000,
	.scu = 0x1e000000,
};
