/*
 * Basic firmware: mmu_setup, mmu_state, mmu_test, mmu_cleanup. The page
 * tables live in arch/<arch>/mmu.c; these commands only report.
 */
#include "basic.h"

void cmd_mmu_setup(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		puts("mmu_setup: no parameters required\n");
		return;
	}
	if (arch_mmu_enabled()) {
		puts("MMU already enabled\n");
		return;
	}
	arch_mmu_setup();
	puts(arch_mmu_enabled() ? "MMU enabled\n" : "MMU setup failed\n");
}

void cmd_mmu_state(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		puts("mmu_state: no parameters required\n");
		return;
	}
	printf("MMU %s\n", arch_mmu_enabled() ? "Enabled" : "Disabled");
	printf("D-cache %s, I-cache %s\n", arch_dcache_enabled() ? "on" : "off",
	       arch_icache_enabled() ? "on" : "off");
}

void cmd_mmu_test(int argc, char **argv)
{
	int total = 0, pass = 0;
	(void)argv;
	if (argc != 1) {
		puts("mmu_test: no parameters required\n");
		return;
	}
	if (!arch_mmu_enabled()) {
		puts("mmu_test: MMU is disabled, run mmu_setup first\n");
		return;
	}
	puts("MMU alias test ...\n");
	arch_mmu_alias_test(&total, &pass);
	printf("  Total: %d\n  Pass : %d\n  Fail : %d\n", total, pass, total - pass);
}

void cmd_mmu_cleanup(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		puts("mmu_cleanup: no parameters required\n");
		return;
	}
	arch_mmu_cleanup();
	puts(arch_mmu_enabled() ? "MMU cleanup failed\n" : "MMU disabled\n");
}
