// GICv2 register map: ARM Generic Interrupt Controller Architecture
// Specification v2.0 (ARM IHI 0048B.b), table 4-1 "Distributor register map"
// and table 4-2 "CPU interface register map"; ID values as the CoreLink
// GIC-400 TRM (ARM DDI 0471B) gives them.

export const enum Dist {
  GICD_CTLR = 0x000,
  GICD_TYPER = 0x004,
  GICD_IIDR = 0x008,
  GICD_IGROUPR = 0x080,
  GICD_ISENABLER = 0x100,
  GICD_ICENABLER = 0x180,
  GICD_ISPENDR = 0x200,
  GICD_ICPENDR = 0x280,
  GICD_ISACTIVER = 0x300,
  GICD_ICACTIVER = 0x380,
  GICD_IPRIORITYR = 0x400,
  GICD_ITARGETSR = 0x800,
  GICD_ICFGR = 0xc00,
  GICD_PPISR = 0xd00,
  GICD_NSACR = 0xe00,
  GICD_SGIR = 0xf00,
  GICD_CPENDSGIR = 0xf10,
  GICD_SPENDSGIR = 0xf20,
  GICD_PIDR4 = 0xfd0,
}

export const enum Cpu {
  GICC_CTLR = 0x00,
  GICC_PMR = 0x04,
  GICC_BPR = 0x08,
  GICC_IAR = 0x0c,
  GICC_EOIR = 0x10,
  GICC_RPR = 0x14,
  GICC_HPPIR = 0x18,
  GICC_ABPR = 0x1c,
  GICC_AIAR = 0x20,
  GICC_AEOIR = 0x24,
  GICC_AHPPIR = 0x28,
  GICC_APR0 = 0xd0,
  GICC_NSAPR0 = 0xe0,
  GICC_IIDR = 0xfc,
  GICC_DIR = 0x1000,
}

/** Names for logs: the start offset of each register block. */
export const DIST_NAMES: readonly [number, number, string][] = [
  [0x000, 4, 'GICD_CTLR'], [0x004, 4, 'GICD_TYPER'], [0x008, 4, 'GICD_IIDR'], [0x080, 0x80, 'GICD_IGROUPR'],
  [0x100, 0x80, 'GICD_ISENABLER'], [0x180, 0x80, 'GICD_ICENABLER'], [0x200, 0x80, 'GICD_ISPENDR'],
  [0x280, 0x80, 'GICD_ICPENDR'], [0x300, 0x80, 'GICD_ISACTIVER'], [0x380, 0x80, 'GICD_ICACTIVER'],
  [0x400, 0x400, 'GICD_IPRIORITYR'], [0x800, 0x400, 'GICD_ITARGETSR'], [0xc00, 0x100, 'GICD_ICFGR'],
  [0xd00, 0x80, 'GICD_PPISR/SPISR'], [0xe00, 0x100, 'GICD_NSACR'], [0xf00, 4, 'GICD_SGIR'],
  [0xf10, 0x10, 'GICD_CPENDSGIR'], [0xf20, 0x10, 'GICD_SPENDSGIR'], [0xfd0, 0x30, 'GICD_PIDR/CIDR'],
];

export function distRegName(off: number): string {
  for (const [start, len, name] of DIST_NAMES) if (off >= start && off < start + len) return name;
  return `reserved 0x${off.toString(16)}`;
}

// GICC_CTLR bits for a GIC without the Security Extensions (IHI 0048B 4.4.1).
export const CTLR_ENABLE_GRP0 = 1 << 0;
export const CTLR_ENABLE_GRP1 = 1 << 1;
export const CTLR_FIQ_EN = 1 << 3;
export const CTLR_CBPR = 1 << 4;
export const CTLR_EOIMODE_S = 1 << 9;
export const CTLR_EOIMODE_NS = 1 << 10;
export const GICC_CTLR_MASK = 0x7ff;

/** The spurious interrupt ID read from GICC_IAR when nothing is signalled. */
export const SPURIOUS = 1023;

/** GIC-400: 32 priority levels, the low 3 bits read as zero. */
export const PRIORITY_MASK = 0xf8;
/** With 5 priority bits the smallest binary point is 2 (IHI 0048B 3.3.3). */
export const MIN_BPR = 2;

export const GICD_IIDR_VALUE = 0x0200143b;
export const GICC_IIDR_VALUE = 0x0202143b;
/** PIDR4..7, PIDR0..3, CIDR0..3 at 0xFD0..0xFFC (GIC-400; PIDR2 ArchRev = 2). */
export const DIST_ID_REGS = [0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1] as const;
