/*
 * Basic firmware: the command table and the simple commands. Argument
 * conventions follow Xvisor's basic firmware: addresses and sizes in hex
 * (with or without 0x), counts and milliseconds in decimal.
 */
#include "basic.h"

#define FW_VERSION "1.0"

void cmd_smp_test(int argc, char **argv);
void cmd_timer(int argc, char **argv);
void cmd_wfi_test(int argc, char **argv);
void cmd_irq_test(int argc, char **argv);
void cmd_dhrystone(int argc, char **argv);
void cmd_mmu_setup(int argc, char **argv);
void cmd_mmu_state(int argc, char **argv);
void cmd_mmu_test(int argc, char **argv);
void cmd_mmu_cleanup(int argc, char **argv);
void cmd_start_linux_fdt(int argc, char **argv);
void cmd_fdt_override_u32(int argc, char **argv);
void cmd_fdt_print_tree(int argc, char **argv);
void cmd_linux_cmdline(int argc, char **argv);
void cmd_linux_memory_size(int argc, char **argv);

static int no_args(int argc, char **argv)
{
	if (argc != 1) {
		printf("%s: no parameters required\n", argv[0]);
		return 0;
	}
	return 1;
}

static void cmd_help(int argc, char **argv)
{
	int i;
	(void)argc;
	(void)argv;
	for (i = 0; i < command_count; i++) {
		printf("%-18s - %s\n", commands[i].name, commands[i].help);
		if (commands[i].usage)
			printf("%-18s   Usage: %s %s\n", "", commands[i].name, commands[i].usage);
	}
}

static void cmd_hi(int argc, char **argv)
{
	if (no_args(argc, argv))
		puts("hello\n");
}

static void cmd_hello(int argc, char **argv)
{
	if (no_args(argc, argv))
		puts("hi\n");
}

static void cmd_version(int argc, char **argv)
{
	if (!no_args(argc, argv))
		return;
	printf("%s Basic Firmware version %s (%s, %s)\n", board.name, FW_VERSION,
	       sizeof(uptr) == 8 ? "AArch64" : "AArch32", arch_mode());
	printf("Model: %s\n", mach.model);
	printf("DTB: %s\n", mach.fdt_source);
	printf("RAM: 0x%lx, %u MiB (%s)\n", mach.ram_base, (u32)(mach.ram_size >> 20),
	       mach.ram_source);
	if (mach.ncpus)
		printf("CPUs: %u\n", mach.ncpus);
	else
		puts("CPUs: unknown\n");
	printf("Interrupt controller: %s, timer: %s\n", irqchip->name, clock->name);
}

static int get_hex(const char *s, const char *what, u64 *v)
{
	int ok;
	*v = parse_hex(s, &ok);
	if (!ok)
		printf("Invalid %s: %s\n", what, s);
	return ok;
}

static void cmd_hexdump(int argc, char **argv)
{
	u64 addr, count, i, j;
	if (argc != 3) {
		puts("hexdump: must provide <addr> and <count>\n");
		return;
	}
	if (!get_hex(argv[1], "address", &addr) || !get_hex(argv[2], "count", &count))
		return;
	for (i = 0; i < count; i += 16) {
		const u8 *p = (const u8 *)(uptr)(addr + i);
		u32 probe;
		if (!arch_probe_read32((uptr)(addr + i) & ~(uptr)3, &probe)) {
			printf("hexdump: nothing at 0x%lx\n", (uptr)(addr + i));
			return;
		}
		printf("%08lx:", (uptr)(addr + i));
		for (j = 0; j < 16; j++) {
			if (i + j < count)
				printf(" %02x", p[j]);
			else
				puts("   ");
		}
		puts("  |");
		for (j = 0; j < 16 && i + j < count; j++)
			putc(p[j] >= 32 && p[j] < 127 ? (char)p[j] : '.');
		puts("|\n");
	}
}

static void cmd_copy(int argc, char **argv)
{
	u64 dst, src, count, t0;
	if (argc != 4) {
		puts("copy: must provide <dest>, <src>, and <count>\n");
		return;
	}
	if (!get_hex(argv[1], "destination", &dst) || !get_hex(argv[2], "source", &src) ||
	    !get_hex(argv[3], "count", &count))
		return;
	t0 = clock_us();
	if (!((dst | src | count) & 7)) {
		u64 *d = (u64 *)(uptr)dst;
		const u64 *s = (const u64 *)(uptr)src;
		u64 n = count >> 3;
		if (d < s || d >= s + n)
			while (n--)
				*d++ = *s++;
		else
			memmove(d, s, (size_t)count);
	} else {
		memmove((void *)(uptr)dst, (const void *)(uptr)src, (size_t)count);
	}
	arch_dcache_clean_range((uptr)dst, (uptr)(dst + count));
	printf("copy: 0x%lx bytes from 0x%lx to 0x%lx in %u us\n", (uptr)count, (uptr)src,
	       (uptr)dst, (u32)(clock_us() - t0));
}

static void cmd_go(int argc, char **argv)
{
	u64 addr;
	if (argc != 2) {
		puts("go: must provide <addr>\n");
		return;
	}
	if (!get_hex(argv[1], "address", &addr))
		return;
	printf("Jumping to 0x%lx\n", (uptr)addr);
	arch_irq_disable();
	clock->oneshot(0);
	arch_jump((uptr)addr);
}

static void cmd_autoexec(int argc, char **argv)
{
	if (no_args(argc, argv))
		autoexec_run();
}

static void cmd_reset(int argc, char **argv)
{
	if (no_args(argc, argv))
		board_reset();
}

static void cmd_halt(int argc, char **argv)
{
	if (no_args(argc, argv))
		board_halt();
}

/* Patterns: address-in-address, its inverse, and walking ones per word. */
static void cmd_memtest(int argc, char **argv)
{
	u64 start, size;
	u32 *p, n, i, bad = 0, bit;
	if (argc == 3) {
		if (!get_hex(argv[1], "address", &start) || !get_hex(argv[2], "size", &size))
			return;
	} else if (argc == 1) {
		start = ((uptr)_fw_end + 0xfffff) & ~(uptr)0xfffff;
		size = 0x100000;
	} else {
		puts("memtest: usage: memtest [<addr> <size>]\n");
		return;
	}
	start &= ~(u64)3;
	p = (u32 *)(uptr)start;
	n = (u32)(size >> 2);
	if ((uptr)start < (uptr)_fw_end && (uptr)(start + size) > (uptr)_start) {
		puts("memtest: refusing to overwrite the firmware\n");
		return;
	}
	for (i = 0; i < n; i++)
		p[i] = (u32)(uptr)&p[i];
	for (i = 0; i < n; i++)
		if (p[i] != (u32)(uptr)&p[i])
			bad++;
	for (i = 0; i < n; i++)
		p[i] = ~(u32)(uptr)&p[i];
	for (i = 0; i < n; i++)
		if (p[i] != ~(u32)(uptr)&p[i])
			bad++;
	for (bit = 0; bit < 32; bit++) {
		for (i = 0; i < n && i < 4096; i++)
			p[i] = 1u << bit;
		for (i = 0; i < n && i < 4096; i++)
			if (p[i] != 1u << bit)
				bad++;
	}
	printf("memtest: 0x%lx - 0x%lx: %s (%u errors)\n", (uptr)start, (uptr)(start + size - 1),
	       bad ? "FAILED" : "passed", bad);
}

const struct command commands[] = {
	{ "help", NULL, "List commands and their usage", cmd_help },
	{ "hi", NULL, "Say hi to basic firmware (it answers hello)", cmd_hi },
	{ "hello", NULL, "Say hello to basic firmware (it answers hi)", cmd_hello },
	{ "wfi_test", "[<msecs>]", "Wait for interrupt with a timer armed", cmd_wfi_test },
	{ "mmu_setup", NULL, "Turn the MMU and caches on with a flat map", cmd_mmu_setup },
	{ "mmu_state", NULL, "Show whether the MMU and caches are on", cmd_mmu_state },
	{ "mmu_test", NULL, "Check translation through an alias mapping", cmd_mmu_test },
	{ "mmu_cleanup", NULL, "Turn the MMU and caches off", cmd_mmu_cleanup },
	{ "timer", NULL, "Show timer IRQ count, a delay and the time stamp", cmd_timer },
	{ "dhrystone", "[<iterations>]", "Run the Dhrystone 2.1 style benchmark", cmd_dhrystone },
	{ "hexdump", "<addr> <count>", "Dump memory (hex address and byte count)", cmd_hexdump },
	{ "copy", "<dest> <src> <count>", "Copy memory (hex arguments)", cmd_copy },
	{ "start_linux_fdt", "<kernel_addr> <fdt_addr> [<initrd_addr> <initrd_size>]",
	  "Boot a Linux kernel with a device tree", cmd_start_linux_fdt },
	{ "fdt_override_u32", "<fdt_addr> </path/to/property> <value>",
	  "Set a 32-bit property in a device tree", cmd_fdt_override_u32 },
	{ "fdt_print_tree", "[<fdt_addr>]", "Print a device tree (default: our own)",
	  cmd_fdt_print_tree },
	{ "linux_cmdline", "[<words>...]", "Show or set the Linux command line", cmd_linux_cmdline },
	{ "linux_memory_size", "[<size>]", "Show or set the Linux memory size (hex)",
	  cmd_linux_memory_size },
	{ "autoexec", NULL, "Run the command list from the DTB or flash + 0xFF000", cmd_autoexec },
	{ "go", "<addr>", "Jump to an address (hex)", cmd_go },
	{ "reset", NULL, "Reset the system", cmd_reset },
	{ "smp_test", NULL, "Bring up every CPU and count under a spinlock", cmd_smp_test },
	{ "irq_test", NULL, "Check interrupt delivery from the timer", cmd_irq_test },
	{ "memtest", "[<addr> <size>]", "Test RAM (default: 1 MiB after the firmware)", cmd_memtest },
	{ "version", NULL, "Show firmware version and machine", cmd_version },
	{ "halt", NULL, "Power off (or stop) the system", cmd_halt },
};
const int command_count = ARRAY_SIZE(commands);
