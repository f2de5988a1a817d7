/*
 * Basic firmware, AArch64 MMU (ARM DDI 0487, D8 "The AArch64 Virtual
 * Memory System Architecture"): 4 KiB granule, 39-bit VA (T0SZ = 25, walk
 * from level 1). The first 4 GiB are mapped flat with 1 GiB blocks (Normal
 * write-back where RAM is, Device-nGnRnE elsewhere). For mmu_test, VA
 * 4 GiB aliases the RAM gigabyte with one block, VA 5 GiB maps a single
 * 4 KiB page through level 2 and 3 tables, and VA 6 GiB is left invalid.
 */
#include "../../basic.h"

#define GIB 0x40000000ull
#define DESC_BLOCK 1ull
#define DESC_TABLE 3ull
#define DESC_PAGE 3ull
#define ATTR_DEVICE (0ull << 2)
#define ATTR_NORMAL (1ull << 2)
#define SH_INNER (3ull << 8)
#define AF (1ull << 10)
#define XN (3ull << 53)

static u64 l1[512] __attribute__((aligned(4096)));
static u64 l2[512] __attribute__((aligned(4096)));
static u64 l3[512] __attribute__((aligned(4096)));
static u32 test_page[1024] __attribute__((aligned(4096)));

#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)

static u64 sctlr(void)
{
	u64 v;
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
	return v;
}

int arch_mmu_enabled(void) { return (int)(sctlr() & SCTLR_M); }
int arch_dcache_enabled(void) { return (sctlr() & SCTLR_C) != 0; }
int arch_icache_enabled(void) { return (sctlr() & SCTLR_I) != 0; }

static u64 ram_gib(void) { return (u64)mach.ram_base & ~(GIB - 1); }

void arch_mmu_setup(void)
{
	u64 i, ram_end = mach.ram_base + mach.ram_size, v;
	memset(l1, 0, sizeof(l1));
	memset(l2, 0, sizeof(l2));
	memset(l3, 0, sizeof(l3));
	for (i = 0; i < 4; i++) {
		u64 base = i * GIB;
		int ram = base < ram_end && base + GIB > mach.ram_base;
		l1[i] = base | DESC_BLOCK | AF |
			(ram ? (ATTR_NORMAL | SH_INNER) : (ATTR_DEVICE | XN));
	}
	l1[4] = ram_gib() | DESC_BLOCK | AF | ATTR_NORMAL | SH_INNER;
	l1[5] = (u64)(uptr)l2 | DESC_TABLE;
	l2[0] = (u64)(uptr)l3 | DESC_TABLE;
	l3[0] = (u64)(uptr)test_page | DESC_PAGE | AF | ATTR_NORMAL | SH_INNER;
	arch_dcache_clean_range((uptr)l1, (uptr)l1 + sizeof(l1));
	arch_dcache_clean_range((uptr)l2, (uptr)l2 + sizeof(l2));
	arch_dcache_clean_range((uptr)l3, (uptr)l3 + sizeof(l3));
	__asm__ volatile("msr mair_el1, %0" ::"r"((u64)0xff00));
	/* T0SZ 25, IRGN0/ORGN0 write-back, SH0 inner, TG0 4K, EPD1, IPS 36 bits. */
	v = 25 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | (1ull << 32);
	__asm__ volatile("msr tcr_el1, %0" ::"r"(v));
	__asm__ volatile("msr ttbr0_el1, %0; isb; tlbi vmalle1; dsb sy; isb" ::"r"((u64)(uptr)l1)
			 : "memory");
	v = sctlr() | SCTLR_M | SCTLR_C | SCTLR_I;
	__asm__ volatile("msr sctlr_el1, %0; isb" ::"r"(v) : "memory");
}

void arch_mmu_cleanup(void)
{
	u64 v;
	if (!arch_mmu_enabled())
		return;
	arch_dcache_clean_range((uptr)_start, (uptr)_fw_end);
	v = sctlr() & ~(SCTLR_M | SCTLR_C | SCTLR_I);
	__asm__ volatile("msr sctlr_el1, %0; isb; ic iallu; tlbi vmalle1; dsb sy; isb" ::"r"(v)
			 : "memory");
}

static int check(const char *what, int ok, int *total, int *pass)
{
	(*total)++;
	if (ok)
		(*pass)++;
	printf("  %-40s %s\n", what, ok ? "ok" : "FAILED");
	return ok;
}

int arch_mmu_alias_test(int *total, int *pass)
{
	volatile u32 *block = (volatile u32 *)(uptr)(4 * GIB + ((uptr)test_page - ram_gib()));
	volatile u32 *page = (volatile u32 *)(uptr)(5 * GIB);
	u32 i, ok, dummy;
	for (i = 0; i < 1024; i++)
		test_page[i] = 0;
	for (i = 0, ok = 1; i < 256; i++)
		block[i] = 0x5a000000 | i;
	for (i = 0; i < 256; i++)
		ok &= test_page[i] == (0x5a000000 | i);
	check("block alias: write alias, read flat", ok, total, pass);
	for (i = 0; i < 256; i++)
		test_page[i] = ~i;
	for (i = 0, ok = 1; i < 256; i++)
		ok &= block[i] == ~i;
	check("block alias: write flat, read alias", ok, total, pass);
	for (i = 0; i < 1024; i++)
		page[i] = 0xa5000000 | i;
	for (i = 0, ok = 1; i < 1024; i++)
		ok &= test_page[i] == (0xa5000000 | i);
	check("page alias: write alias, read flat", ok, total, pass);
	for (i = 0; i < 1024; i++)
		test_page[i] = i * 7;
	for (i = 0, ok = 1; i < 1024; i++)
		ok &= page[i] == i * 7;
	check("page alias: write flat, read alias", ok, total, pass);
	check("unmapped address faults", !arch_probe_read32((uptr)(6 * GIB), &dummy), total, pass);
	check("next page of the page table faults",
	      !arch_probe_read32((uptr)(5 * GIB + 4096), &dummy), total, pass);
	return *pass == *total;
}
