// GICv3 register map, per the ARM Generic Interrupt Controller Architecture
// Specification, GIC architecture version 3 and version 4 (ARM IHI 0069H):
// table 12-25 "Distributor register map", 12-27/12-29 "Redistributor
// registers" (RD_base and SGI_base frames), and 12.2 "AArch64 System
// register descriptions of the GIC CPU interface" for the ICC_*_EL1
// encodings (op0 = 3, op1 = 0).

export const enum Gicd {
  CTLR = 0x0000,
  TYPER = 0x0004,
  IIDR = 0x0008,
  TYPER2 = 0x000c,
  STATUSR = 0x0010,
  IGROUPR = 0x0080,
  ISENABLER = 0x0100,
  ICENABLER = 0x0180,
  ISPENDR = 0x0200,
  ICPENDR = 0x0280,
  ISACTIVER = 0x0300,
  ICACTIVER = 0x0380,
  IPRIORITYR = 0x0400,
  ICFGR = 0x0c00,
  IGRPMODR = 0x0d00,
  IROUTER = 0x6000,
  PIDR2 = 0xffe8,
}

export const enum Gicr {
  CTLR = 0x0000,
  IIDR = 0x0004,
  TYPER = 0x0008,
  STATUSR = 0x0010,
  WAKER = 0x0014,
  PIDR2 = 0xffe8,
  /** The SGI_base frame follows RD_base. */
  SGI_BASE = 0x10000,
  FRAME_STRIDE = 0x20000,
}

// GICD_CTLR with a single security state (DS = 1).
export const GICD_CTLR_ENABLE_GRP0 = 1 << 0;
export const GICD_CTLR_ENABLE_GRP1 = 1 << 1;
export const GICD_CTLR_ARE = 1 << 4;
export const GICD_CTLR_DS = 1 << 6;

export const GICR_WAKER_PROCESSOR_SLEEP = 1 << 1;
export const GICR_WAKER_CHILDREN_ASLEEP = 1 << 2;

export const IIDR_VALUE = 0x0000043b; // implementer ARM
export const PIDR2_GICV3 = 0x3b; // ArchRev 3

export const SPURIOUS = 1023;
export const PRIORITY_MASK = 0xf8;
export const MIN_BPR0 = 2;
export const MIN_BPR1 = 3;

/** ICC_*_EL1 as (CRn << 8) | (CRm << 4) | op2, for op0 = 3, op1 = 0. */
export const enum Icc {
  PMR = (4 << 8) | (6 << 4) | 0,
  IAR0 = (12 << 8) | (8 << 4) | 0,
  EOIR0 = (12 << 8) | (8 << 4) | 1,
  HPPIR0 = (12 << 8) | (8 << 4) | 2,
  BPR0 = (12 << 8) | (8 << 4) | 3,
  AP0R0 = (12 << 8) | (8 << 4) | 4,
  AP1R0 = (12 << 8) | (9 << 4) | 0,
  DIR = (12 << 8) | (11 << 4) | 1,
  RPR = (12 << 8) | (11 << 4) | 3,
  SGI1R = (12 << 8) | (11 << 4) | 5,
  ASGI1R = (12 << 8) | (11 << 4) | 6,
  SGI0R = (12 << 8) | (11 << 4) | 7,
  IAR1 = (12 << 8) | (12 << 4) | 0,
  EOIR1 = (12 << 8) | (12 << 4) | 1,
  HPPIR1 = (12 << 8) | (12 << 4) | 2,
  BPR1 = (12 << 8) | (12 << 4) | 3,
  CTLR = (12 << 8) | (12 << 4) | 4,
  SRE = (12 << 8) | (12 << 4) | 5,
  IGRPEN0 = (12 << 8) | (12 << 4) | 6,
  IGRPEN1 = (12 << 8) | (12 << 4) | 7,
}

export const ICC_CTLR_CBPR = 1 << 0;
export const ICC_CTLR_EOIMODE = 1 << 1;
/** PRIbits = 4 (5 bits of priority), IDbits = 0 (16-bit INTIDs). */
export const ICC_CTLR_RO = 4 << 8;
