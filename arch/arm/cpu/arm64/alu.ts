// 64-bit integer helpers over 32-bit halves for the A64 interpreter
// (ARM ARM DDI 0487, C6 "A64 Base Instruction Descriptions" and the shared
// pseudocode: AddWithCarry, DecodeBitMasks, ShiftReg, CRC32).
// Values are passed as (lo, hi) int32 pairs; results come back in the scratch
// array T so that nothing allocates on the hot path. BigInt only where the
// product or quotient needs more than 53 bits (UMULH/SMULH, 64-bit divide).

/** Scratch outputs: T[0] = result lo, T[1] = result hi, T[2] = NZCV (N=8 Z=4 C=2 V=1). */
export const T = new Int32Array(4);

/** COND_OK[cond << 4 | nzcv] is 1 when the condition holds (ARM ARM ConditionHolds). */
export const COND_OK = new Uint8Array(256);
for (let cond = 0; cond < 16; cond++) {
  for (let f = 0; f < 16; f++) {
    const n = (f >> 3) & 1, z = (f >> 2) & 1, c = (f >> 1) & 1, v = f & 1;
    let r: number;
    switch (cond >> 1) {
      case 0: r = z; break;
      case 1: r = c; break;
      case 2: r = n; break;
      case 3: r = v; break;
      case 4: r = c & (z ^ 1); break;
      case 5: r = n === v ? 1 : 0; break;
      case 6: r = n === v && z === 0 ? 1 : 0; break;
      default: r = 1;
    }
    if ((cond & 1) && cond !== 15) r ^= 1;
    COND_OK[(cond << 4) | f] = r;
  }
}

/** 32-bit AddWithCarry; returns the result, NZCV in T[2]. */
export function addc32(a: number, b: number, cin: number): number {
  const u = (a >>> 0) + (b >>> 0) + cin;
  const r = u | 0;
  T[2] = (r < 0 ? 8 : 0) | (r === 0 ? 4 : 0) | (u > 0xffffffff ? 2 : 0) | (((a ^ r) & (b ^ r)) < 0 ? 1 : 0);
  return r;
}

/** 64-bit AddWithCarry; result in T[0..1], NZCV in T[2]. */
export function addc64(al: number, ah: number, bl: number, bh: number, cin: number): void {
  const ul = (al >>> 0) + (bl >>> 0) + cin;
  const uh = (ah >>> 0) + (bh >>> 0) + (ul > 0xffffffff ? 1 : 0);
  const rl = ul | 0, rh = uh | 0;
  T[0] = rl;
  T[1] = rh;
  T[2] = (rh < 0 ? 8 : 0) | ((rl | rh) === 0 ? 4 : 0) | (uh > 0xffffffff ? 2 : 0) | (((ah ^ rh) & (bh ^ rh)) < 0 ? 1 : 0);
}

/** Shift of a 64-bit value: type 0 LSL, 1 LSR, 2 ASR, 3 ROR; amount 0..63. */
export function shift64(lo: number, hi: number, type: number, s: number): void {
  s &= 63;
  if (s === 0) { T[0] = lo; T[1] = hi; return; }
  switch (type) {
    case 0:
      if (s < 32) { T[1] = (hi << s) | (lo >>> (32 - s)); T[0] = lo << s; }
      else { T[1] = lo << (s - 32); T[0] = 0; }
      return;
    case 1:
      if (s < 32) { T[0] = (lo >>> s) | (hi << (32 - s)); T[1] = hi >>> s; }
      else { T[0] = hi >>> (s - 32); T[1] = 0; }
      return;
    case 2:
      if (s < 32) { T[0] = (lo >>> s) | (hi << (32 - s)); T[1] = hi >> s; }
      else { T[0] = hi >> (s - 32); T[1] = hi >> 31; }
      return;
    default:
      if (s === 32) { T[0] = hi; T[1] = lo; return; }
      if (s < 32) { T[0] = (lo >>> s) | (hi << (32 - s)); T[1] = (hi >>> s) | (lo << (32 - s)); }
      else { const t = s - 32; T[0] = (hi >>> t) | (lo << (32 - t)); T[1] = (lo >>> t) | (hi << (32 - t)); }
  }
}

/** Shift of a 32-bit value: type 0 LSL, 1 LSR, 2 ASR, 3 ROR; amount 0..31. */
export function shift32(v: number, type: number, s: number): number {
  s &= 31;
  switch (type) {
    case 0: return v << s;
    case 1: return v >>> s;
    case 2: return v >> s;
    default: return s === 0 ? v : (v >>> s) | (v << (32 - s));
  }
}

/** High 32 bits of the unsigned 64-bit product of two uint32. */
export function mulhu32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p01 = a0 * b1, p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** Low 64 bits of a 64x64 product into T[0..1]. */
export function mul64(al: number, ah: number, bl: number, bh: number): void {
  T[0] = Math.imul(al, bl);
  T[1] = (mulhu32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
}

const M64 = (1n << 64n) - 1n;
export function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
export function toBigSigned(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, toBig(lo, hi));
}
export function fromBig(v: bigint): void {
  v &= M64;
  T[0] = Number(v & 0xffffffffn) | 0;
  T[1] = Number(v >> 32n) | 0;
}

/** UMULH / SMULH: high 64 bits of the 128-bit product. */
export function mulh64(al: number, ah: number, bl: number, bh: number, signed: boolean): void {
  const p = signed ? toBigSigned(al, ah) * toBigSigned(bl, bh) : toBig(al, ah) * toBig(bl, bh);
  fromBig(p >> 64n);
}

/** UDIV/SDIV 64-bit (division by zero gives zero; INT64_MIN / -1 wraps). */
export function div64(al: number, ah: number, bl: number, bh: number, signed: boolean): void {
  if ((bl | bh) === 0) { T[0] = 0; T[1] = 0; return; }
  if (ah === 0 && bh === 0 && !signed) { T[0] = Math.floor((al >>> 0) / (bl >>> 0)) | 0; T[1] = 0; return; }
  if (signed) fromBig(toBigSigned(al, ah) / toBigSigned(bl, bh));
  else fromBig(toBig(al, ah) / toBig(bl, bh));
}

export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

export function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}

export function rev32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) | 0;
}

export function rev16x2(v: number): number {
  return (((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8)) | 0;
}

/** Mask of the low n bits (n 0..64) into T[0..1]. */
export function ones64(n: number): void {
  if (n >= 64) { T[0] = -1; T[1] = -1; }
  else if (n >= 32) { T[0] = -1; T[1] = n === 32 ? 0 : (-1 >>> (64 - n)); }
  else { T[0] = n === 0 ? 0 : (-1 >>> (32 - n)); T[1] = 0; }
}

/**
 * DecodeBitMasks for logical immediates: returns false when the encoding is
 * reserved; otherwise wmask in T[0..1] (replicated to 64 bits).
 */
export function decodeBitMask(n: number, imms: number, immr: number, is64: boolean): boolean {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return false;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return false;
  if (!is64 && n === 1) return false;
  const levels = (1 << len) - 1;
  const s = imms & levels, r = immr & levels;
  if (s === levels) return false;
  const esize = 1 << len;
  let elem = (1n << BigInt(s + 1)) - 1n;
  if (r !== 0) {
    const emask = (1n << BigInt(esize)) - 1n;
    elem = ((elem >> BigInt(r)) | (elem << BigInt(esize - r))) & emask;
  }
  let v = 0n;
  for (let i = 0; i < 64; i += esize) v |= elem << BigInt(i);
  fromBig(v);
  if (!is64) T[1] = 0;
  return true;
}

/** Reflected CRC tables: CRC32 (0xEDB88320) and CRC32C (0x82F63B78). */
function crcTable(poly: number): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c;
  }
  return t;
}
const CRC_TAB = crcTable(0xedb88320);
const CRCC_TAB = crcTable(0x82f63b78);

/** CRC32{B,H,W,X} / CRC32C*: accumulates `bytes` bytes of (lo, hi), low first. */
export function crc32(acc: number, lo: number, hi: number, bytes: number, castagnoli: boolean): number {
  const t = castagnoli ? CRCC_TAB : CRC_TAB;
  let c = acc;
  for (let i = 0; i < bytes; i++) {
    const b = i < 4 ? (lo >>> (i * 8)) & 0xff : (hi >>> ((i - 4) * 8)) & 0xff;
    c = t[(c ^ b) & 0xff]! ^ (c >>> 8);
  }
  return c | 0;
}
