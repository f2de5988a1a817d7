/*
 * Basic firmware: reset and power off. PSCI 0.2 SYSTEM_RESET/SYSTEM_OFF
 * (ARM DEN 0022) on the virt boards; the Versatile Express system
 * configuration controller (SYS_CFGDATA 0xA0, SYS_CFGCTRL 0xA4, function 8
 * shutdown, 9 reboot; V2M-P1 TRM, DUI 0447) on vexpress; SYS_LOCK 0x20 and
 * SYS_RESETCTL 0x40 on RealView and Versatile, which cannot power off.
 */
#include "basic.h"

static void vexpress_cfg(u32 function)
{
	writel(0, mach.sysregs + 0xa0);
	writel((1u << 31) | (1u << 30) | (function << 20), mach.sysregs + 0xa4);
}

static void stop_here(void)
{
	arch_irq_disable();
	for (;;)
		arch_wfi();
}

void board_reset(void)
{
	puts("Resetting the system\n");
	if (board.power_method == 0 && mach.psci)
		arch_psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	else if (board.power_method == 1)
		vexpress_cfg(9);
	else if (board.power_method == 2) {
		writel(0xa05f, mach.sysregs + 0x20);
		writel(0x10c, mach.sysregs + 0x40); /* Versatile 0x100, EB 0x8, PBX 0x4 */
	}
	delay_us(100000);
	puts("reset: the board did not reset\n");
}

void board_halt(void)
{
	puts("System halted\n");
	if (board.power_method == 0 && mach.psci)
		arch_psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	else if (board.power_method == 1)
		vexpress_cfg(8);
	stop_here();
}
