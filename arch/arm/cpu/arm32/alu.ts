// Pure integer helpers of the A32/T32 executor: the ARMv6 media operations
// (ARM DDI 0406C.d A8.4.1 parallel add/subtract, A2.2.1 saturation) and
// 64-bit multiply-accumulate on 32-bit halves. Results come back through
// module fields (no allocation on the hot path).

/** Out-values of the helpers below. */
export const out = { ge: 0, q: 0, hi: 0 };

/** Saturates signed value v (a JS number) to n bits (1..32); sets out.q on saturation. */
export function signedSat(v: number, n: number): number {
  const max = 2 ** (n - 1) - 1, min = -(2 ** (n - 1));
  if (v > max) { out.q = 1; return max | 0; }
  if (v < min) { out.q = 1; return min | 0; }
  return v | 0;
}

/** Saturates v to an n-bit unsigned value (0..31 bits). */
export function unsignedSat(v: number, n: number): number {
  const max = 2 ** n - 1;
  if (v > max) { out.q = 1; return max | 0; }
  if (v < 0) { out.q = 1; return 0; }
  return v | 0;
}

/**
 * Parallel add/subtract. pre: 1 S, 2 Q, 3 SH, 5 U, 6 UQ, 7 UH; op: 0 ADD16,
 * 1 ASX, 2 SAX, 3 SUB16, 4 ADD8, 7 SUB8. Sets out.ge for the S and U forms.
 */
export function parallel(pre: number, op: number, a: number, b: number): number {
  const unsigned = pre >= 5, kind = pre & 3; // 1 plain, 2 saturating, 3 halving
  let ge = 0, res = 0;
  if (op < 4) {
    for (let i = 0; i < 2; i++) {
      const sh = i * 16;
      let x: number, y: number;
      if (unsigned) { x = (a >>> sh) & 0xffff; y = ((op === 1 || op === 2 ? b >>> (16 - sh) : b >>> sh)) & 0xffff; }
      else { x = (a << (16 - sh)) >> 16; y = op === 1 || op === 2 ? ((b << sh) >> 16) : ((b << (16 - sh)) >> 16); }
      // ASX: lo = a.lo - b.hi, hi = a.hi + b.lo; SAX: lo = a.lo + b.hi, hi = a.hi - b.lo.
      const add = op === 0 || (op === 1 && i === 1) || (op === 2 && i === 0);
      const r = add ? x + y : x - y;
      let v: number;
      if (kind === 1) {
        v = r & 0xffff;
        if (unsigned ? (add ? r >= 0x10000 : r >= 0) : r >= 0) ge |= 3 << (i * 2);
      } else if (kind === 2) v = (unsigned ? Math.min(Math.max(r, 0), 0xffff) : Math.min(Math.max(r, -0x8000), 0x7fff)) & 0xffff;
      else v = (r >> 1) & 0xffff;
      res |= v << sh;
    }
  } else {
    for (let i = 0; i < 4; i++) {
      const sh = i * 8;
      const x = unsigned ? (a >>> sh) & 0xff : (a << (24 - sh)) >> 24;
      const y = unsigned ? (b >>> sh) & 0xff : (b << (24 - sh)) >> 24;
      const add = op === 4;
      const r = add ? x + y : x - y;
      let v: number;
      if (kind === 1) {
        v = r & 0xff;
        if (unsigned ? (add ? r >= 0x100 : r >= 0) : r >= 0) ge |= 1 << i;
      } else if (kind === 2) v = (unsigned ? Math.min(Math.max(r, 0), 0xff) : Math.min(Math.max(r, -0x80), 0x7f)) & 0xff;
      else v = (r >> 1) & 0xff;
      res |= v << sh;
    }
  }
  out.ge = kind === 1 ? ge : -1;
  return res | 0;
}

/** Unsigned 32x32 -> 64 product plus a 64-bit addend; low half returned, high in out.hi. */
export function umul64(a: number, b: number, addLo: number, addHi: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = p01 + p10; // < 2^33
  let lo = p00 + (mid % 65536) * 65536;
  let hi = p11 + Math.floor(mid / 65536);
  lo += (addLo >>> 0);
  hi += (addHi >>> 0) + Math.floor(lo / 4294967296);
  out.hi = hi | 0;
  return lo | 0;
}

/** Signed 32x32 -> 64 product plus a 64-bit addend. */
export function smul64(a: number, b: number, addLo: number, addHi: number): number {
  let lo = umul64(a, b, addLo, addHi);
  let hi = out.hi;
  // Signed correction: subtract b<<32 when a < 0 and a<<32 when b < 0.
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  out.hi = hi;
  return lo;
}

export function rbit(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) | 0;
}

export function bswap32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24)) | 0;
}
