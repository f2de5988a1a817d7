// The CFI query table of one flash chip, per JEDEC JESD68.01 "Common Flash
// Interface" (query structure, table 1-4) with the Intel/Sharp extended
// query table (primary vendor-specific table, version 1.0), laid out for
// the geometry of QEMU's virt board: each 64 MiB bank is two x16 chips of
// 32 MiB side by side on a 32-bit bus, erase blocks of 128 KiB per chip
// (256 KiB per bank), a 2 KiB write buffer per chip.

export interface CfiGeometry {
  /** Bytes per chip. */
  chipBytes: number;
  /** Erase block bytes per chip. */
  blockBytes: number;
  /** Write buffer bytes per chip (a power of two). */
  bufferBytes: number;
  /** Device interface code: 1 = x16, 0 = x8, 2 = x8/x16. */
  interfaceCode: number;
}

const log2 = (n: number): number => 31 - Math.clz32(n);

/** Query bytes indexed by device word address (0x10 = 'Q'). */
export function cfiQueryTable(g: CfiGeometry): Uint8Array {
  const t = new Uint8Array(0x40);
  t.set([0x51, 0x52, 0x59], 0x10); // "QRY"
  t.set([0x01, 0x00], 0x13); // primary command set: Intel/Sharp extended
  t.set([0x31, 0x00], 0x15); // primary extended table at 0x31
  t.set([0x00, 0x00, 0x00, 0x00], 0x17); // no alternate command set
  t.set([0x45, 0x55, 0x00, 0x00], 0x1b); // Vcc 4.5-5.5 V, no Vpp
  t.set([0x07, 0x07, 0x0a, 0x00], 0x1f); // typical timeouts: 128 us word/buffer, 1 s block, no chip erase
  t.set([0x04, 0x04, 0x04, 0x00], 0x23); // maximum timeouts: 16 x typical
  t[0x27] = log2(g.chipBytes);
  t.set([g.interfaceCode & 0xff, g.interfaceCode >> 8], 0x28);
  t.set([log2(g.bufferBytes), 0x00], 0x2a);
  t[0x2c] = 1; // one erase block region
  const blocks = g.chipBytes / g.blockBytes - 1;
  const unit = g.blockBytes / 256;
  t.set([blocks & 0xff, blocks >> 8, unit & 0xff, unit >> 8], 0x2d);
  // Intel/Sharp extended query, version 1.0.
  t.set([0x50, 0x52, 0x49, 0x31, 0x30], 0x31); // "PRI" "1" "0"
  t.set([0x00, 0x00, 0x00, 0x00], 0x36); // optional features: none claimed
  t[0x3a] = 0x00; // no functions after suspend
  t.set([0x01, 0x00], 0x3b); // block status register: lock bit
  t.set([0x50, 0x00], 0x3d); // Vcc optimum 5.0 V, no Vpp
  return t;
}
