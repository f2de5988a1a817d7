/*
 * PL031 real time clock (ARM PrimeCell RTC PL031 TRM, DDI 0224, section 3:
 * RTCDR 0x000 holds seconds; peripheral ID 0 at 0xFE0 reads 0x31). The
 * ID check guards against a board default that names an empty slot.
 */
#include "../basic.h"

int pl031_read(u32 *seconds)
{
	u32 id;
	if (!mach.rtc || !arch_probe_read32(mach.rtc + 0xfe0, &id) || (id & 0xff) != 0x31)
		return 0;
	*seconds = readl(mach.rtc);
	return 1;
}
