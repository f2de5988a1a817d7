/*
 * Virt-v7 board defaults: Xvisor's virt-v7 guest map, which is QEMU's virt
 * board for flash, GIC, UART, RAM and timer (see ../README.md). Used when
 * no DTB describes the machine.
 */
#include "../../../common/basic/basic.h"

const struct board board = {
	.name = "Virt-v7",
	.defaults = {
		.model = "virt-v7",
		.ram_base = 0x40000000,
		.ram_size = 0x08000000,
		.flash_base = 0x00000000,
		.uart = 0x09000000,
		.uart_irq = 33,
		.rtc = 0x09003000,
		.vminfo = 0x09001000,
		.gicd = 0x08000000,
		.gicc = 0x08010000,
		.timer_irq = 27,
		.psci = 1,
	},
	.smp_method = 1,
	.power_method = 0,
	.mmu_alias_va = 0xe0000000,
};
