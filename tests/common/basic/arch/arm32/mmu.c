/*
 * Basic firmware, AArch32 MMU with the short-descriptor format (ARM DDI
 * 0406C B3.5; the ARMv5 variant of the ARM926EJ-S TRM, DDI 0198, 3.2).
 * 4096 1 MiB sections map the 4 GiB flat: write-back where RAM is,
 * device elsewhere. For mmu_test the board's alias section VA maps the
 * RAM megabyte holding a test page, VA + 1 MiB maps only that 4 KiB page
 * through a coarse second-level table, and VA + 2 MiB is left invalid.
 */
#include "../../basic.h"

#define MIB 0x100000u
#ifdef ARCH_V5
#define SECT_BASE (2u | (1u << 4) | (3u << 10)) /* bit 4 must be 1 on v5 */
#define SECT_XN 0u
#define PAGE_FLAGS (2u | 0xcu | 0xff0u)        /* all four subpages AP=11 */
#else
#define SECT_BASE (2u | (3u << 10))
#define SECT_XN (1u << 4)
#define PAGE_FLAGS (2u | 0xcu | 0x30u)
#endif
#define SECT_WB (0xcu)    /* C and B: write-back */
#define SECT_DEVICE (0x4u) /* B only: shared device */

static u32 l1[4096] __attribute__((aligned(16384)));
static u32 l2[256] __attribute__((aligned(1024)));
static u32 test_page[1024] __attribute__((aligned(4096)));

static u32 sctlr(void)
{
	u32 v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

static void set_sctlr(u32 v)
{
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0" ::"r"(v) : "memory");
#ifdef ARCH_V7
	__asm__ volatile("isb" ::: "memory");
#endif
}

int arch_mmu_enabled(void) { return (int)(sctlr() & 1); }
int arch_dcache_enabled(void) { return (sctlr() & 4) != 0; }
int arch_icache_enabled(void) { return (sctlr() & (1u << 12)) != 0; }

static void tlb_flush(void)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" ::"r"(0) : "memory");
	arch_dsb();
}

void arch_mmu_setup(void)
{
	u32 i, alias = board.mmu_alias_va >> 20;
	u64 ram_end = (u64)mach.ram_base + mach.ram_size;
	uptr test_mb = (uptr)test_page & ~(MIB - 1);
	for (i = 0; i < 4096; i++) {
		u64 base = (u64)i << 20;
		int ram = base < ram_end && base + MIB > mach.ram_base;
		l1[i] = (u32)base | SECT_BASE | (ram ? SECT_WB : (SECT_DEVICE | SECT_XN));
	}
	memset(l2, 0, sizeof(l2));
	l1[alias] = (u32)test_mb | SECT_BASE | SECT_WB;
	l1[alias + 1] = (u32)(uptr)l2 | 1u; /* coarse table, domain 0 */
	l1[alias + 2] = 0;
	l2[0] = (u32)(uptr)test_page | PAGE_FLAGS;
	arch_dcache_clean_range((uptr)l1, (uptr)l1 + sizeof(l1));
	arch_dcache_clean_range((uptr)l2, (uptr)l2 + sizeof(l2));
#ifndef ARCH_V5
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 2" ::"r"(0)); /* TTBCR: N = 0 */
#endif
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 0" ::"r"((u32)(uptr)l1)); /* TTBR0 */
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0" ::"r"(1u));            /* DACR: domain 0 client */
	tlb_flush();
#ifdef ARCH_V6
	set_sctlr(sctlr() | (1u << 23) | 1u | 4u | (1u << 12)); /* XP: ARMv6 descriptors */
#else
	set_sctlr(sctlr() | 1u | 4u | (1u << 12));
#endif
}

void arch_mmu_cleanup(void)
{
	if (!arch_mmu_enabled())
		return;
	arch_dcache_clean_range((uptr)_start, (uptr)_fw_end);
	set_sctlr(sctlr() & ~(1u | 4u | (1u << 12)));
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" ::"r"(0) : "memory");
	tlb_flush();
}

static void check(const char *what, int ok, int *total, int *pass)
{
	(*total)++;
	if (ok)
		(*pass)++;
	printf("  %-40s %s\n", what, ok ? "ok" : "FAILED");
}

int arch_mmu_alias_test(int *total, int *pass)
{
	uptr va = board.mmu_alias_va;
	volatile u32 *sect = (volatile u32 *)(va + ((uptr)test_page & (MIB - 1)));
	volatile u32 *page = (volatile u32 *)(va + MIB);
	u32 i, ok, dummy;
	for (i = 0; i < 1024; i++)
		test_page[i] = 0;
	for (i = 0; i < 256; i++)
		sect[i] = 0x5a000000 | i;
	for (i = 0, ok = 1; i < 256; i++)
		ok &= test_page[i] == (0x5a000000 | i);
	check("section alias: write alias, read flat", ok, total, pass);
	for (i = 0; i < 256; i++)
		test_page[i] = ~i;
	for (i = 0, ok = 1; i < 256; i++)
		ok &= sect[i] == ~i;
	check("section alias: write flat, read alias", ok, total, pass);
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
	check("unmapped address faults", !arch_probe_read32(va + 2 * MIB, &dummy), total, pass);
	check("next page of the page table faults", !arch_probe_read32(va + MIB + 4096, &dummy),
	      total, pass);
	return *pass == *total;
}
