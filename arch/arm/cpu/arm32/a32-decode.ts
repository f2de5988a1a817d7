// A32 decoder: turns one ARM-state instruction word into the pre-decoded
// fields of ops.ts. Encodings from the ARM ARM (ARM DDI 0406C.d) chapter A5
// and, for ARMv5TE, ARM DDI 0100I part A. Anything the model lacks decodes
// as Op.Undef (the executor raises an Undefined Instruction exception).

import { ArchVersion, type Arm32Features } from './features.ts';
import {
  Op, F_OP, F_A, F_B, F_C, F_D, F_M, F_COND, F_LEN, COND_ALWAYS, DP_S, DP_CVALID, DP_CARRY,
  SH_TYPE_SHIFT, SH_AMT_SHIFT, Shift, HS_L, HS_KIND_SHIFT, HS_P, HS_U, HS_W, HS_REG, HS_T, HS_RT2_SHIFT, HsKind,
} from './ops.ts';

function put(D: Int32Array, o: number, op: Op, a: number, b: number, c: number, d: number, m: number): void {
  D[o + F_OP] = op; D[o + F_A] = a; D[o + F_B] = b; D[o + F_C] = c; D[o + F_D] = d; D[o + F_M] = m;
}

/** Immediate shift of an A32 shifter operand, normalised: amount 32 for LSR/ASR #0, RRX for ROR #0. */
export function immShiftBits(type: number, imm5: number): number {
  let t = type, a = imm5;
  if (a === 0) {
    if (t === Shift.LSR || t === Shift.ASR) a = 32;
    else if (t === Shift.ROR) { t = Shift.RRX; a = 1; }
  }
  return (t << SH_TYPE_SHIFT) | (a << SH_AMT_SHIFT);
}

export function decodeA32(w: number, f: Arm32Features, D: Int32Array, o: number): void {
  const cond = w >>> 28;
  D[o + F_COND] = cond;
  D[o + F_LEN] = 4;
  put(D, o, Op.Undef, 0, 0, 0, 0, 0);
  const v6 = f.arch >= ArchVersion.V6, v7 = f.arch >= ArchVersion.V7;
  const rn = (w >>> 16) & 15, rd = (w >>> 12) & 15, rs = (w >>> 8) & 15, rm = w & 15;
  if (cond === 15) { decodeUnconditional(w, f, D, o); return; }
  switch ((w >>> 25) & 7) {
    case 0: {
      if ((w & 0x0f900000) === 0x01000000 && (w & 0x90) !== 0x90) { decodeMisc(w, f, D, o); return; }
      if ((w & 0x90) === 0x90) { decodeMulExtra(w, f, D, o); return; }
      const opc = (w >>> 21) & 15, s = (w >>> 20) & 1;
      const m = opc | (s ? DP_S : 0);
      if ((w & 0x10) === 0) put(D, o, Op.DpReg, rd, rn, rm, 0, m | immShiftBits((w >>> 5) & 3, (w >>> 7) & 31));
      else put(D, o, Op.DpRegReg, rd, rn, rm, rs, m | (((w >>> 5) & 3) << SH_TYPE_SHIFT));
      return;
    }
    case 1: {
      if ((w & 0x0ff00000) === 0x03000000) { if (v7) put(D, o, Op.MovWT, rd, 0, 0, ((w >>> 4) & 0xf000) | (w & 0xfff), 0); return; }
      if ((w & 0x0ff00000) === 0x03400000) { if (v7) put(D, o, Op.MovWT, rd, 0, 0, ((w >>> 4) & 0xf000) | (w & 0xfff), 1); return; }
      if ((w & 0x0fb00000) === 0x03200000) {
        const mask = (w >>> 16) & 15;
        if (mask === 0 && (w & 0x00400000) === 0) { decodeHint(w & 0xff, f, D, o); return; }
        const rot = ((w >>> 8) & 15) * 2, imm8 = w & 255;
        put(D, o, Op.Msr, 0, 0, 0, ((imm8 >>> rot) | (imm8 << (32 - rot))) | 0, ((w >>> 22) & 1) | 2 | (mask << 4));
        return;
      }
      const opc = (w >>> 21) & 15, s = (w >>> 20) & 1;
      const rot = ((w >>> 8) & 15) * 2, imm8 = w & 255;
      const imm = rot === 0 ? imm8 : ((imm8 >>> rot) | (imm8 << (32 - rot))) | 0;
      let m = opc | (s ? DP_S : 0);
      if (rot !== 0) m |= DP_CVALID | (imm < 0 ? DP_CARRY : 0);
      put(D, o, Op.DpImm, rd, rn, 0, imm, m);
      return;
    }
    case 2:
    case 3: {
      const reg = (w >>> 25) & 1;
      if (reg && (w & 0x10)) { decodeMedia(w, f, D, o); return; }
      const P = (w >>> 24) & 1, U = (w >>> 23) & 1, B = (w >>> 22) & 1, W = (w >>> 21) & 1, L = (w >>> 20) & 1;
      const T = P === 0 && W === 1 ? 1 : 0;
      let m = L | (B << 1) | (P << 2) | (U << 3) | ((P === 0 ? 0 : W) << 4) | (reg << 5) | (T << 6);
      if (reg) m |= immShiftBits((w >>> 5) & 3, (w >>> 7) & 31);
      if (P === 0) m |= 1 << 4; // post-indexed always writes back
      put(D, o, Op.LdStWB, rd, rn, rm, w & 0xfff, m);
      return;
    }
    case 4: {
      const P = (w >>> 24) & 1, U = (w >>> 23) & 1, S = (w >>> 22) & 1, W = (w >>> 21) & 1, L = (w >>> 20) & 1;
      if ((w & 0xffff) === 0) return; // empty list: UNPREDICTABLE, we refuse it
      put(D, o, Op.LdStM, 0, rn, 0, w & 0xffff, L | (P << 1) | (U << 2) | (W << 3) | (S << 4));
      return;
    }
    case 5: {
      const off = ((w << 8) >> 6);
      put(D, o, Op.Branch, 0, 0, 0, off, (w >>> 24) & 1);
      return;
    }
    case 6: {
      const cp = (w >>> 8) & 15;
      if ((w & 0x0fe00000) === 0x0c400000 && f.arch >= ArchVersion.V5) {
        put(D, o, Op.Mcrr, rd, rn, 0, (cp << 16) | (((w >>> 4) & 15) << 4) | rm, (w >>> 20) & 1);
        return;
      }
      put(D, o, Op.CpOther, 0, 0, 0, cp, 0);
      return;
    }
    case 7: {
      if (w & 0x01000000) { put(D, o, Op.Svc, 0, 0, 0, w & 0xffffff, 0); return; }
      const cp = (w >>> 8) & 15;
      if (w & 0x10) {
        put(D, o, Op.Mcr, rd, 0, 0, (cp << 16) | (((w >>> 21) & 7) << 12) | (rn << 8) | (rm << 4) | ((w >>> 5) & 7), (w >>> 20) & 1);
        return;
      }
      put(D, o, Op.CpOther, 0, 0, 0, cp, 0);
      return;
    }
  }
  void v6;
}

function decodeHint(op: number, f: Arm32Features, D: Int32Array, o: number): void {
  if (!f.v6k) return; // v5 and plain v6: MSR with an empty mask is not a hint
  switch (op) {
    case 0: case 1: put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; // NOP, YIELD
    case 2: put(D, o, Op.Wfe, 0, 0, 0, 0, 0); return;
    case 3: put(D, o, Op.Wfi, 0, 0, 0, 0, 0); return;
    case 4: put(D, o, Op.Sev, 0, 0, 0, 0, 0); return;
  }
  if ((op & 0xf0) === 0xf0 && f.arch >= ArchVersion.V7) { put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; } // DBG
  // Other hints: reserved, execute as NOP (ARM ARM A8.8.?? "unallocated hints").
  put(D, o, Op.Nop, 0, 0, 0, 0, 0);
}

function decodeUnconditional(w: number, f: Arm32Features, D: Int32Array, o: number): void {
  D[o + F_COND] = COND_ALWAYS;
  const v6 = f.arch >= ArchVersion.V6, v7 = f.arch >= ArchVersion.V7;
  if ((w & 0x0e000000) === 0x0a000000) { // BLX imm
    put(D, o, Op.Branch, 0, 0, 0, ((w << 8) >> 6) | (((w >>> 24) & 1) << 1), 1 | 2);
    return;
  }
  if ((w & 0x0d70f000) === 0x0550f000) { put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; } // PLD
  if ((w & 0x0d70f000) === 0x0510f000 && f.mpExt) { put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; } // PLDW
  if ((w & 0x0d70f000) === 0x0450f000 && v7) { put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; } // PLI
  if (!v6) return;
  if ((w & 0xfff1fe20) === (0xf1000000 | 0)) {
    const imod = (w >>> 18) & 3, M = (w >>> 17) & 1;
    if (imod === 1 || (imod === 0 && M === 0)) return;
    put(D, o, Op.Cps, 0, 0, 0, 0, imod | (M << 2) | (((w >>> 6) & 7) << 3) | ((w & 31) << 6));
    return;
  }
  if ((w & 0xfffffdff) === (0xf1010000 | 0)) { put(D, o, Op.Setend, 0, 0, 0, 0, (w >>> 9) & 1); return; }
  if (w === (0xf57ff01f | 0) && f.v6k) { put(D, o, Op.Clrex, 0, 0, 0, 0, 0); return; }
  if ((w & 0xfffffff0) === (0xf57ff040 | 0) && v7) { put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; } // DSB
  if ((w & 0xfffffff0) === (0xf57ff050 | 0) && v7) { put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; } // DMB
  if ((w & 0xfffffff0) === (0xf57ff060 | 0) && v7) { put(D, o, Op.Isb, 0, 0, 0, 0, 0); return; }
  if ((w & 0xfe5fffe0) === (0xf84d0500 | 0)) {
    put(D, o, Op.Srs, 0, w & 31, 0, 0, ((w >>> 24) & 1) | (((w >>> 23) & 1) << 1) | (((w >>> 21) & 1) << 2));
    return;
  }
  if ((w & 0xfe50ffff) === (0xf8100a00 | 0)) {
    put(D, o, Op.Rfe, 0, (w >>> 16) & 15, 0, 0, ((w >>> 24) & 1) | (((w >>> 23) & 1) << 1) | (((w >>> 21) & 1) << 2));
    return;
  }
}

function decodeMisc(w: number, f: Arm32Features, D: Int32Array, o: number): void {
  const op = (w >>> 21) & 3, rn = (w >>> 16) & 15, rd = (w >>> 12) & 15, rs = (w >>> 8) & 15, rm = w & 15;
  const op2 = (w >>> 4) & 15;
  switch (op2) {
    case 0:
      if (w & 0x200) return; // banked-register MRS/MSR: no Hyp-mode view in this model
      if ((op & 1) === 0) put(D, o, Op.Mrs, rd, 0, 0, 0, (w >>> 22) & 1);
      else put(D, o, Op.Msr, 0, 0, rm, 0, ((w >>> 22) & 1) | (((w >>> 16) & 15) << 4));
      return;
    case 1:
      if (op === 1) put(D, o, Op.BxReg, 0, 0, rm, 0, 0);
      else if (op === 3) put(D, o, Op.Clz, rd, 0, rm, 0, 0);
      return;
    case 2:
      if (op === 1) put(D, o, Op.BxReg, 0, 0, rm, 0, 0); // BXJ: Jazelle not enabled, acts as BX
      return;
    case 3:
      if (op === 1) put(D, o, Op.BxReg, 0, 0, rm, 0, 1);
      return;
    case 5:
      put(D, o, Op.QAddSub, rd, rn, rm, 0, (op & 1) | ((op >>> 1) << 1));
      return;
    case 7:
      if (op === 1) { D[o + F_COND] = COND_ALWAYS; put(D, o, Op.Bkpt, 0, 0, 0, ((w >>> 4) & 0xfff0) | rm, 0); }
      else if (op === 2 && f.virtExt) { D[o + F_COND] = COND_ALWAYS; put(D, o, Op.Hvc, 0, 0, 0, ((w >>> 4) & 0xfff0) | rm, 0); }
      else if (op === 3 && f.hasSmc) put(D, o, Op.Smc, 0, 0, 0, rm, 0);
      return;
  }
  if ((op2 & 9) === 8) {
    const x = (w >>> 5) & 1, y = (w >>> 6) & 1;
    switch (op) {
      case 0: put(D, o, Op.SmlaXY, rn, rd, rm, rs, x | (y << 1) | 4); return;
      case 1: put(D, o, Op.SmlaWY, rn, rd, rm, rs, (y << 1) | (x ? 0 : 4)); return;
      case 2: put(D, o, Op.SmlalXY, rd, rn, rm, rs, x | (y << 1)); return;
      case 3: put(D, o, Op.SmlaXY, rn, 0, rm, rs, x | (y << 1)); return;
    }
  }
}

function decodeMulExtra(w: number, f: Arm32Features, D: Int32Array, o: number): void {
  const rn = (w >>> 16) & 15, rd = (w >>> 12) & 15, rs = (w >>> 8) & 15, rm = w & 15;
  const v6 = f.arch >= ArchVersion.V6, v7 = f.arch >= ArchVersion.V7;
  const op2 = (w >>> 5) & 3;
  if (op2 === 0) {
    if ((w & 0x0f000000) === 0) {
      const op = (w >>> 21) & 7, s = (w >>> 20) & 1 ? DP_S : 0;
      switch (op) {
        case 0: put(D, o, Op.Mul, rn, 0, rm, rs, s); return;
        case 1: put(D, o, Op.Mul, rn, rd, rm, rs, s | 1); return;
        case 2: if (v6 && !s) put(D, o, Op.MulLong, rd, rn, rm, rs, 4); return;
        case 3: if (v7 && !s) put(D, o, Op.Mul, rn, rd, rm, rs, 1 | 2); return;
        default: put(D, o, Op.MulLong, rd, rn, rm, rs, s | ((op >>> 1) & 1) | ((op & 1) << 1)); return;
      }
    }
    if ((w & 0x0fb00ff0) === 0x01000090) {
      // SWP/SWPB: with the Multiprocessing Extensions they exist only while SCTLR.SW is set (checked at execution).
      put(D, o, Op.Swp, rd, rn, rm, 0, (w >>> 22) & 1);
      return;
    }
    if ((w & 0x0f8000f0) === 0x01800090) {
      const sz = (w >>> 21) & 3, L = (w >>> 20) & 1;
      if (!v6) return;
      if (sz !== 0 && !f.v6k) return;
      const log2 = sz === 0 ? 2 : sz === 1 ? 3 : sz === 2 ? 0 : 1;
      if (L) put(D, o, Op.Ldrex, rd, rn, rd + 1, 0, log2);
      else put(D, o, Op.Strex, rd, rn, rm, rm + 1, log2);
      return;
    }
    return;
  }
  // Extra load/store: LDRH/STRH/LDRSB/LDRSH/LDRD/STRD.
  const P = (w >>> 24) & 1, U = (w >>> 23) & 1, I = (w >>> 22) & 1, W = (w >>> 21) & 1, L = (w >>> 20) & 1;
  let kind: HsKind, load = L;
  if (op2 === 1) kind = HsKind.H;
  else if (L) kind = op2 === 2 ? HsKind.SB : HsKind.SH;
  else { kind = HsKind.D; load = op2 === 2 ? 1 : 0; }
  const T = P === 0 && W === 1;
  if (T && (!v7 || kind === HsKind.D)) return;
  if (kind === HsKind.D && (rd & 1)) return;
  let m = (load ? HS_L : 0) | (kind << HS_KIND_SHIFT) | (P ? HS_P : 0) | (U ? HS_U : 0) | ((W || !P) ? HS_W : 0) | (T ? HS_T : 0) | (((rd + 1) & 15) << HS_RT2_SHIFT);
  if (!I) m |= HS_REG;
  put(D, o, Op.LdStHS, rd, rn, rm, ((w >>> 4) & 0xf0) | rm, m);
}

function decodeMedia(w: number, f: Arm32Features, D: Int32Array, o: number): void {
  if (f.arch < ArchVersion.V6) return;
  const v7 = f.arch >= ArchVersion.V7;
  const rn = (w >>> 16) & 15, rd = (w >>> 12) & 15, rs = (w >>> 8) & 15, rm = w & 15;
  const op1 = (w >>> 20) & 31, op2 = (w >>> 5) & 7;
  if ((op1 & 0x18) === 0) {
    const pre = op1 & 7;
    if ((pre & 3) === 0) return;
    if (op2 === 5 || op2 === 6) return;
    put(D, o, Op.Parallel, rd, rn, rm, 0, pre | (op2 << 4));
    return;
  }
  if ((op1 & 0x18) === 0x08) {
    if (op1 === 8 && (op2 & 1) === 0) { put(D, o, Op.Pkh, rd, rn, rm, 0, ((w >>> 6) & 1) | immShiftBits((w >>> 5) & 2, (w >>> 7) & 31)); return; }
    if ((op1 & 0x1a) === 0x0a && (op2 & 1) === 0) {
      const u = (op1 >>> 2) & 1;
      put(D, o, Op.Sat, rd, 0, rm, ((w >>> 16) & 31) + (u ? 0 : 1), u | immShiftBits((w >>> 5) & 2, (w >>> 7) & 31));
      return;
    }
    const rot = (w >>> 10) & 3;
    switch (op1) {
      case 8: if (op2 === 3) put(D, o, Op.Extend, rd, rn, rm, 0, 0 | (rot << 4)); else if (op2 === 5) put(D, o, Op.Sel, rd, rn, rm, 0, 0); return;
      case 10: if (op2 === 1) put(D, o, Op.Sat16, rd, 0, rm, ((w >>> 16) & 15) + 1, 0); else if (op2 === 3) put(D, o, Op.Extend, rd, rn, rm, 0, 4 | (rot << 4)); return;
      case 11: if (op2 === 1) put(D, o, Op.Rev, rd, 0, rm, 0, 0); else if (op2 === 3) put(D, o, Op.Extend, rd, rn, rm, 0, 6 | (rot << 4)); else if (op2 === 5) put(D, o, Op.Rev, rd, 0, rm, 0, 1); return;
      case 12: if (op2 === 3) put(D, o, Op.Extend, rd, rn, rm, 0, 1 | (rot << 4)); return;
      case 14: if (op2 === 1) put(D, o, Op.Sat16, rd, 0, rm, (w >>> 16) & 15, 1); else if (op2 === 3) put(D, o, Op.Extend, rd, rn, rm, 0, 5 | (rot << 4)); return;
      case 15: if (op2 === 1 && v7) put(D, o, Op.Rev, rd, 0, rm, 0, 3); else if (op2 === 3) put(D, o, Op.Extend, rd, rn, rm, 0, 7 | (rot << 4)); else if (op2 === 5) put(D, o, Op.Rev, rd, 0, rm, 0, 2); return;
    }
    return;
  }
  if ((op1 & 0x18) === 0x10) {
    const x = (w >>> 5) & 1;
    switch (op1) {
      case 0x10: if (op2 < 4) put(D, o, Op.Smlad, rn, rd, rm, rs, x | (op2 & 2)); return;
      case 0x11: if (op2 === 0 && f.hwDivide && rd === 15) put(D, o, Op.Div, rn, 0, rm, rs, 0); return;
      case 0x13: if (op2 === 0 && f.hwDivide && rd === 15) put(D, o, Op.Div, rn, 0, rm, rs, 1); return;
      case 0x14: if (op2 < 4) put(D, o, Op.Smlald, rd, rn, rm, rs, x | (op2 & 2)); return;
      case 0x15:
        if (op2 < 2) put(D, o, Op.Smmul, rn, rd, rm, rs, x);
        else if (op2 >= 6 && rd !== 15) put(D, o, Op.Smmul, rn, rd, rm, rs, x | 2);
        return;
    }
    return;
  }
  if (op1 === 0x18 && op2 === 0) { put(D, o, Op.Usad8, rn, rd, rm, rs, 0); return; }
  if (!v7) return;
  const lsb = (w >>> 7) & 31, hi = (w >>> 16) & 31;
  if ((op1 & 0x1e) === 0x1a && (op2 & 3) === 2) { put(D, o, Op.Bfx, rd, 0, rm, lsb | (hi << 8), 0); return; }
  if ((op1 & 0x1e) === 0x1e && (op2 & 3) === 2) { put(D, o, Op.Bfx, rd, 0, rm, lsb | (hi << 8), 1); return; }
  if ((op1 & 0x1e) === 0x1c && (op2 & 3) === 0) { if (hi >= lsb) put(D, o, Op.Bfi, rd, 0, rm, lsb | (hi << 8), 0); return; }
}
