/*
 * VersatilePB board defaults: the Versatile/PB926EJ-S (DUI 0224): PL190
 * VIC at 0x10140000 with the secondary controller at 0x10003000, UART0
 * 0x101F1000 (VIC 12), SP804 0x101E2000 (VIC 4), PL031 0x101E8000
 * (VIC 10), system registers 0x10000000, RAM at 0, NOR flash at
 * 0x34000000. Used when no DTB describes the machine.
 */
#include "../../../common/basic/basic.h"

const struct board board = {
	.name = "VersatilePB",
	.defaults = {
		.model = "versatilepb",
		.ram_base = 0x00000000,
		.ram_size = 0x08000000,
		.flash_base = 0x00000000, /* the boot image, loaded at 0 */
		.uart = 0x101f1000,
		.uart_irq = 12,
		.rtc = 0x101e8000,
		.sysregs = 0x10000000,
		.vic = 0x10140000,
		.sic = 0x10003000,
		.sp804 = 0x101e2000,
		.sp804_irq = 4,
		.ncpus = 1,
	},
	.smp_method = 0,
	.power_method = 2,
	.mmu_alias_va = 0xe0000000,
};
