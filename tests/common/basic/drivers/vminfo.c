/*
 * Xvisor's guest information device "vminfo-0.1": MAGIC 0x00 (0xa4a297a6),
 * VENDOR 0x04, VERSION 0x08, VCPU_COUNT 0x0C, RAM0_BASE_MS/LS 0x40/0x44,
 * RAM0_SIZE_MS/LS 0x48/0x4C. Probed with abort protection, since on QEMU
 * the address is an empty slot.
 */
#include "../basic.h"

#define VMINFO_MAGIC 0xa4a297a6u

int vminfo_read(u64 *ram_base, u64 *ram_size, u32 *vcpus)
{
	u32 magic;
	if (!mach.vminfo || !arch_probe_read32(mach.vminfo, &magic) || magic != VMINFO_MAGIC)
		return 0;
	*vcpus = readl(mach.vminfo + 0x0c);
	*ram_base = ((u64)readl(mach.vminfo + 0x40) << 32) | readl(mach.vminfo + 0x44);
	*ram_size = ((u64)readl(mach.vminfo + 0x48) << 32) | readl(mach.vminfo + 0x4c);
	return 1;
}
