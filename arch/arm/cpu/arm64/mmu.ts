// VMSAv8-64 stage-1 translation for the EL1&0 regime (ARM ARM DDI 0487,
// D5.2 "The VMSAv8-64 address translation system": 4K/16K/64K granules,
// TxSZ, both TTBRs, table/block/page descriptors, APTable/XNTable, AP, UXN,
// PXN, WXN, the Access flag without hardware update, MAIR attributes).
// The walk reads descriptors from guest RAM through the GuestBus; its result
// lands in the preallocated Walk object so nothing allocates. Addresses in
// the walk are JS numbers (exact below 2^53; physical addresses are at most
// 48 bits). Faults report the ARM fault status code (FSC) with its level.

import type { GuestBus } from '../../../../core/aspace/guest-bus.ts';

/** Permission bits of a translation (also the TLB's slow-path bits). */
export const enum Perm { R0 = 1, W0 = 2, X0 = 4, R1 = 8, W1 = 16, X1 = 32, DEVICE = 64 }

/** Fault status codes (DFSC/IFSC) without the level. */
export const enum Fsc {
  ADDR_SIZE = 0x00, TRANSLATION = 0x04, ACCESS = 0x08, PERMISSION = 0x0c,
  EXTERNAL = 0x10, EXTERNAL_WALK = 0x14, ALIGNMENT = 0x21,
}

export class Walk {
  /** Physical address of the 4 KiB page that holds the VA. */
  pa = 0;
  perm = 0;
  /** Level of the descriptor that mapped the page (for permission fault codes). */
  level = 3;
  /** FSC including the level, or -1 when the walk succeeded. */
  fsc = -1;
}

const TWO32 = 4294967296;

function bswap32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) | 0;
}

export interface MmuRegs {
  sctlrLo: number;
  tcrLo: number;
  tcrHi: number;
  ttbr0Lo: number;
  ttbr0Hi: number;
  ttbr1Lo: number;
  ttbr1Hi: number;
  mairLo: number;
  mairHi: number;
}

/** Physical address size implemented (ID_AA64MMFR0_EL1.PARange = 2: 40 bits). */
export const PA_BITS = 40;
const PA_LIMIT = 2 ** PA_BITS;
const IPS_BITS = [32, 36, 40, 42, 44, 48, 48, 48];

/**
 * Translates (vaLo, vaHi) for the EL1&0 regime with the MMU on. Fills w with
 * the page's physical address and permissions or a fault code.
 */
export function walkStage1(bus: GuestBus, r: MmuRegs, vaLo: number, vaHi: number, w: Walk): void {
  w.fsc = -1;
  w.perm = 0;
  const upper = (vaHi >>> 23) & 1; // VA[55] selects TTBR1
  const tcrLo = r.tcrLo, tcrHi = r.tcrHi;
  const tbi = upper ? (tcrHi >>> 6) & 1 : (tcrHi >>> 5) & 1;
  let tsz: number, tg: number, epd: number, ttbLo: number, ttbHi: number;
  if (upper) {
    tsz = (tcrLo >>> 16) & 63; epd = (tcrLo >>> 23) & 1;
    const tg1 = tcrLo >>> 30;
    tg = tg1 === 1 ? 14 : tg1 === 3 ? 16 : 12;
    ttbLo = r.ttbr1Lo; ttbHi = r.ttbr1Hi;
  } else {
    tsz = tcrLo & 63; epd = (tcrLo >>> 7) & 1;
    const tg0 = (tcrLo >>> 14) & 3;
    tg = tg0 === 1 ? 16 : tg0 === 2 ? 14 : 12;
    ttbLo = r.ttbr0Lo; ttbHi = r.ttbr0Hi;
  }
  if (tsz < 16) tsz = 16;
  if (tsz > 39) tsz = 39;
  const inputBits = 64 - tsz;
  // The bits above the input size must all equal VA[55] (bits 63:56 too unless TBI).
  const topMask = tbi ? 0x00ffffff : -1;
  const hiExpect = upper ? topMask : 0;
  const checkMask = inputBits >= 32 ? topMask & ~((1 << (inputBits - 32)) - 1) : topMask;
  const loMask = inputBits >= 32 ? 0 : ~((1 << inputBits) - 1);
  if (((vaHi & checkMask) ^ (hiExpect & checkMask)) !== 0 || ((vaLo & loMask) ^ (upper ? loMask : 0)) !== 0 || epd) {
    w.fsc = Fsc.TRANSLATION; return;
  }
  const va = (vaHi & 0xffff) * TWO32 + (vaLo >>> 0);
  const stride = tg - 3;
  const startLevel = 4 - Math.ceil((inputBits - tg) / stride);
  let level = startLevel;
  const psBits = Math.min(IPS_BITS[tcrHi & 7]!, PA_BITS);
  const psLimit = 2 ** psBits;
  // Table base: TTBR BADDR[47:1], aligned to the size of the first table.
  const firstShift = tg + stride * (3 - level);
  const firstBits = inputBits - firstShift;
  let table = (ttbHi & 0xffff) * TWO32 + (ttbLo >>> 0);
  table -= table % 2 ** Math.max(firstBits + 3, 3);
  let apTable = 0, xnTable = 0, pxnTable = 0;
  for (;;) {
    const shift = tg + stride * (3 - level);
    const bits = level === startLevel ? inputBits - shift : stride;
    const index = Math.floor(va / 2 ** shift) % 2 ** bits;
    const dpa = table + index * 8;
    if (table >= psLimit) { w.fsc = Fsc.ADDR_SIZE + level; return; }
    if (!bus.ramLookup(dpa)) { w.fsc = Fsc.EXTERNAL_WALK + level; return; }
    const off = bus.hitOffset + (dpa % 4096);
    let dlo = bus.hitView.getInt32(off, true), dhi = bus.hitView.getInt32(off + 4, true);
    if (r.sctlrLo & (1 << 25)) { const l = dlo; dlo = bswap32(dhi); dhi = bswap32(l); } // SCTLR_EL1.EE: big-endian tables
    const type = dlo & 3;
    if ((type & 1) === 0 || (type === 1 && (level === 3 || (level === 0) || (level === 1 && tg !== 12)))) {
      w.fsc = Fsc.TRANSLATION + level; return;
    }
    const oaFull = (dhi & 0xffff) * TWO32 + (dlo >>> 0);
    if (type === 3 && level < 3) {
      table = oaFull - (oaFull % 2 ** tg);
      if (table >= psLimit) { w.fsc = Fsc.ADDR_SIZE + level; return; }
      apTable |= (dhi >>> 29) & 3;
      xnTable |= (dhi >>> 28) & 1;
      pxnTable |= (dhi >>> 27) & 1;
      level++;
      continue;
    }
    // Block (level < 3) or page (level 3).
    const base = oaFull - (oaFull % 2 ** shift);
    if (base >= psLimit) { w.fsc = Fsc.ADDR_SIZE + level; return; }
    if (((dlo >>> 10) & 1) === 0) { w.fsc = Fsc.ACCESS + level; return; }
    const pageInBlock = va % 2 ** shift;
    w.pa = base + (pageInBlock - (pageInBlock % 4096));
    let ap = (dlo >>> 6) & 3;
    if (apTable & 2) ap |= 2; // APTable[1]: read-only at every EL
    if (apTable & 1) ap &= 2; // APTable[0]: no EL0 access
    const uxn = ((dhi >>> 22) & 1) | xnTable;
    const pxn = ((dhi >>> 21) & 1) | pxnTable;
    const attrIdx = (dlo >>> 2) & 7;
    const attr = attrIdx < 4 ? (r.mairLo >>> (attrIdx * 8)) & 0xff : (r.mairHi >>> ((attrIdx - 4) * 8)) & 0xff;
    const device = (attr & 0xf0) === 0;
    const wxn = (r.sctlrLo >>> 19) & 1;
    let p = Perm.R1;
    if ((ap & 2) === 0) p |= Perm.W1;
    if (ap & 1) { p |= Perm.R0; if ((ap & 2) === 0) p |= Perm.W0; }
    // EL1 may not execute what EL0 can write; WXN makes writable memory XN.
    if (!pxn && !(ap === 1) && !(wxn && (p & Perm.W1)) && !device) p |= Perm.X1;
    if (!uxn && (ap & 1) && !(wxn && (p & Perm.W0)) && !device) p |= Perm.X0;
    if (device) p |= Perm.DEVICE;
    w.perm = p;
    w.level = level;
    return;
  }
}

/**
 * MMU off: flat mapping. The architecture makes data accesses Device memory;
 * RAM is treated as Normal here (no alignment faults on RAM with the MMU off).
 */
export function flatTranslate(vaLo: number, vaHi: number, w: Walk): void {
  const va = (vaHi >>> 0) * TWO32 + (vaLo >>> 0);
  if (vaHi >>> 0 >= PA_LIMIT / TWO32) { w.fsc = Fsc.ADDR_SIZE; w.perm = 0; return; }
  w.fsc = -1;
  w.level = 0;
  w.pa = va - (va % 4096);
  w.perm = Perm.R0 | Perm.W0 | Perm.X0 | Perm.R1 | Perm.W1 | Perm.X1;
}
