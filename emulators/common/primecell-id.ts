// The PrimeCell identification registers (PeriphID0-3 at 0xFE0-0xFEC,
// PCellID0-3 at 0xFF0-0xFFC) that every ARM PrimeCell carries and that
// Linux's AMBA bus reads before binding a driver (ARM PrimeCell TRMs,
// "Identification registers"; values per device in shared/design/GUESTS.md).

/** The PrimeCell component ID every cell shares: 0x0D 0xF0 0x05 0xB1. */
export const PCELL_ID = [0x0d, 0xf0, 0x05, 0xb1] as const;

/** True when offset lies in the 0xFE0-0xFFF identification block. */
export function isPrimeCellIdOffset(offset: number): boolean {
  return offset >= 0xfe0 && offset < 0x1000;
}

/** Reads one ID register; periphId holds PeriphID0..3. */
export function readPrimeCellId(offset: number, periphId: readonly number[]): number {
  const idx = (offset - 0xfe0) >> 2;
  return idx < 4 ? periphId[idx]! & 0xff : PCELL_ID[idx - 4]! & 0xff;
}
