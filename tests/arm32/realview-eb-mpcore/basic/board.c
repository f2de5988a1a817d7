/*
 * Realview-EB-MPCore board defaults: the RealView Emulation Baseboard
 * (DUI 0303) with the ARM11 MPCore tile, its private region (SCU, GIC CPU
 * interfaces at +0x100, distributor at +0x1000) at 0x10100000 as QEMU's
 * model places it, RAM at 0. QEMU routes the baseboard lines into the
 * MPCore GIC as SPIs: SP804 0 -> 33, UART0 -> 36, RTC -> 38. Used when no
 * DTB describes the machine.
 */
#include "../../../common/basic/basic.h"

const struct board board = {
	.name = "Realview-EB-MPCore",
	.defaults = {
		.model = "realview-eb-mpcore",
		.ram_base = 0x00000000,
		.ram_size = 0x08000000,
		.flash_base = 0x00000000, /* the boot image, loaded at 0 */
		.uart = 0x10009000,
		.uart_irq = 36,
		.rtc = 0x10017000,
		.sysregs = 0x10000000,
		.gicd = 0x10101000,
		.gicc = 0x10100100,
		.sp804 = 0x10011000,
		.sp804_irq = 33,
	},
	.smp_method = 2,
	.sys_flags_set = 0x10000030,
	.sys_flags_clr = 0x10000034,
	.power_method = 2,
	.mmu_alias_va = 0xe0000000,
	.scu = 0x10100000,
};
