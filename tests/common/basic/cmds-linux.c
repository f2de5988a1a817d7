/*
 * Basic firmware: booting Linux with a device tree (Documentation/arm64/
 * booting.rst and arm/booting.rst of Linux: MMU off, D-cache off or clean,
 * x0 = DTB on arm64; r0 = 0, r1 = ~0, r2 = DTB on arm32) and the commands
 * that prepare its DTB: /memory reg, /chosen bootargs and initrd range.
 */
#include "basic.h"

#define FDT_ROOM 0x2000 /* the blob may grow by this much where it lies */

char linux_cmdline[1024];
u64 linux_memory_size;

static int hexarg(const char *s, u64 *v)
{
	int ok;
	*v = parse_hex(s, &ok);
	if (!ok)
		printf("Invalid hex number: %s\n", s);
	return ok;
}

static void put_cells(u8 *p, u64 v, u32 cells)
{
	u32 i;
	for (i = 0; i < cells; i++) {
		u32 w = (u32)(v >> (32 * (cells - 1 - i)));
		p[4 * i] = (u8)(w >> 24);
		p[4 * i + 1] = (u8)(w >> 16);
		p[4 * i + 2] = (u8)(w >> 8);
		p[4 * i + 3] = (u8)w;
	}
}

static int fixup_fdt(void *fdt, u64 initrd, u64 initrd_size)
{
	u8 cells[16];
	u32 ac = 2, sc = 1;
	int node, chosen;
	const u8 *p;
	u64 size = linux_memory_size ? linux_memory_size : mach.ram_size;
	p = fdt_getprop(fdt, 0, "#address-cells", NULL);
	if (p)
		ac = be32(p);
	p = fdt_getprop(fdt, 0, "#size-cells", NULL);
	if (p)
		sc = be32(p);
	node = fdt_path_offset(fdt, "/memory");
	if (node < 0)
		node = fdt_add_subnode(fdt, 0, "memory", FDT_ROOM);
	if (node < 0 || fdt_setprop(fdt, node, "device_type", "memory", 7, FDT_ROOM) < 0)
		return -1;
	node = fdt_path_offset(fdt, "/memory");
	put_cells(cells, mach.ram_base, ac);
	put_cells(cells + 4 * ac, size, sc);
	if (fdt_setprop(fdt, node, "reg", cells, (int)(4 * (ac + sc)), FDT_ROOM) < 0)
		return -1;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0 && fdt_add_subnode(fdt, 0, "chosen", FDT_ROOM) < 0)
		return -1;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (fdt_setprop(fdt, chosen, "bootargs", linux_cmdline, (int)strlen(linux_cmdline) + 1,
			FDT_ROOM) < 0)
		return -1;
	if (initrd_size) {
		put_cells(cells, initrd, 2);
		chosen = fdt_path_offset(fdt, "/chosen");
		if (fdt_setprop(fdt, chosen, "linux,initrd-start", cells, 8, FDT_ROOM) < 0)
			return -1;
		put_cells(cells, initrd + initrd_size, 2);
		chosen = fdt_path_offset(fdt, "/chosen");
		if (fdt_setprop(fdt, chosen, "linux,initrd-end", cells, 8, FDT_ROOM) < 0)
			return -1;
	}
	return 0;
}

void cmd_start_linux_fdt(int argc, char **argv)
{
	u64 kernel, fdt, initrd = 0, initrd_size = 0;
	if (argc != 3 && argc != 5) {
		puts("start_linux_fdt: must provide <kernel_addr> <fdt_addr> [<initrd_addr> <initrd_size>]\n");
		return;
	}
	if (!hexarg(argv[1], &kernel) || !hexarg(argv[2], &fdt))
		return;
	if (argc == 5 && (!hexarg(argv[3], &initrd) || !hexarg(argv[4], &initrd_size)))
		return;
	if (!fdt_valid((void *)(uptr)fdt)) {
		printf("start_linux_fdt: no device tree at 0x%lx\n", (uptr)fdt);
		return;
	}
	if (fixup_fdt((void *)(uptr)fdt, initrd, initrd_size) < 0) {
		puts("start_linux_fdt: device tree fixup failed\n");
		return;
	}
	puts("Jumping into linux ...\n");
	arch_irq_disable();
	clock->oneshot(0);
	arch_mmu_cleanup();
	arch_dcache_clean_range((uptr)fdt, (uptr)fdt + fdt_totalsize((void *)(uptr)fdt));
	arch_jump_linux((uptr)kernel, (uptr)fdt);
}

void cmd_fdt_override_u32(int argc, char **argv)
{
	u64 addr, val;
	char path[256];
	char *prop;
	int node, ok, len;
	u8 be[4];
	if (argc != 4) {
		puts("fdt_override_u32: must provide <fdt_addr> </path/to/property> <value>\n");
		return;
	}
	if (!hexarg(argv[1], &addr))
		return;
	val = parse_num(argv[3], &ok);
	if (!ok || val > 0xffffffffu) {
		printf("Invalid value: %s\n", argv[3]);
		return;
	}
	if (!fdt_valid((void *)(uptr)addr)) {
		printf("fdt_override_u32: no device tree at 0x%lx\n", (uptr)addr);
		return;
	}
	if (strlen(argv[2]) >= sizeof(path) || argv[2][0] != '/') {
		printf("fdt_override_u32: bad path %s\n", argv[2]);
		return;
	}
	strcpy(path, argv[2]);
	prop = path + strlen(path);
	while (prop > path && *prop != '/')
		prop--;
	*prop++ = 0;
	node = fdt_path_offset((void *)(uptr)addr, path[0] ? path : "/");
	if (node < 0) {
		printf("fdt_override_u32: no node %s\n", path[0] ? path : "/");
		return;
	}
	if (!fdt_getprop((void *)(uptr)addr, node, prop, &len)) {
		printf("fdt_override_u32: no property %s in %s\n", prop, path[0] ? path : "/");
		return;
	}
	put_cells(be, val, 1);
	if (fdt_setprop((void *)(uptr)addr, node, prop, be, 4, FDT_ROOM) < 0) {
		puts("fdt_override_u32: no room in the device tree\n");
		return;
	}
	printf("%s/%s = <0x%08x>\n", path, prop, (u32)val);
}

void cmd_fdt_print_tree(int argc, char **argv)
{
	u64 addr;
	const void *fdt = mach.fdt;
	if (argc > 2) {
		puts("fdt_print_tree: usage: fdt_print_tree [<fdt_addr>]\n");
		return;
	}
	if (argc == 2) {
		if (!hexarg(argv[1], &addr))
			return;
		fdt = (const void *)(uptr)addr;
	}
	if (!fdt || !fdt_valid(fdt)) {
		puts("fdt_print_tree: no device tree\n");
		return;
	}
	fdt_print_tree(fdt);
}

void cmd_linux_cmdline(int argc, char **argv)
{
	int i;
	if (argc > 1) {
		linux_cmdline[0] = 0;
		for (i = 1; i < argc; i++) {
			if (strlen(linux_cmdline) + strlen(argv[i]) + 2 >= sizeof(linux_cmdline))
				break;
			if (i > 1)
				strcat(linux_cmdline, " ");
			strcat(linux_cmdline, argv[i]);
		}
	}
	printf("linux_cmdline = \"%s\"\n", linux_cmdline);
}

void cmd_linux_memory_size(int argc, char **argv)
{
	u64 v;
	if (argc > 2) {
		puts("linux_memory_size: usage: linux_memory_size [<size>]\n");
		return;
	}
	if (argc == 2) {
		if (!hexarg(argv[1], &v))
			return;
		linux_memory_size = v;
	}
	printf("linux_memory_size = 0x%lx Bytes\n",
	       (uptr)(linux_memory_size ? linux_memory_size : mach.ram_size));
}
