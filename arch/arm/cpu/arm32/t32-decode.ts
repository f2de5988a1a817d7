// T32 decoder: 16-bit Thumb and 32-bit Thumb-2 encodings (ARM DDI 0406C.d
// chapter A6) into the pre-decoded fields of ops.ts. Register 16 stands for
// Align(PC, 4) (literal loads, ADR). ARMv5TE/ARMv6 have Thumb-1 only, where
// the BL/BLX prefix and suffix are two 16-bit instructions (ARM DDI 0100I
// A7.1.17), executed separately as on those cores.

import { ArchVersion, type Arm32Features } from './features.ts';
import {
  Op, F_OP, F_A, F_B, F_C, F_D, F_M, F_COND, F_LEN, COND_ALWAYS, DP_S, DP_CVALID, DP_CARRY, DP_SNOTIT,
  SH_TYPE_SHIFT, SH_AMT_SHIFT, Shift, HS_L, HS_KIND_SHIFT, HS_P, HS_U, HS_W, HS_REG, HS_T, HS_RT2_SHIFT, HsKind,
  WB_L, WB_B, WB_P, WB_U, WB_W, WB_REG, WB_T, LM_L, LM_P, LM_U, LM_W, DPOP_ORN,
} from './ops.ts';
import { immShiftBits } from './a32-decode.ts';

const AND = 0, EOR = 1, SUB = 2, RSB = 3, ADD = 4, ADC = 5, SBC = 6, TST = 8, CMP = 10, CMN = 11, ORR = 12, MOV = 13, BIC = 14, MVN = 15;

function put(D: Int32Array, o: number, op: Op, a: number, b: number, c: number, d: number, m: number): void {
  D[o + F_OP] = op; D[o + F_A] = a; D[o + F_B] = b; D[o + F_C] = c; D[o + F_D] = d; D[o + F_M] = m;
}

/** True when a halfword starts a 32-bit T32 instruction. */
export function isT32Wide(hw1: number): boolean {
  return (hw1 & 0xf800) >= 0xe800;
}

export function decodeT16(hw: number, f: Arm32Features, D: Int32Array, o: number): void {
  D[o + F_COND] = 14; D[o + F_LEN] = 2;
  put(D, o, Op.Undef, 0, 0, 0, 0, 0);
  const v6 = f.arch >= ArchVersion.V6, v7 = f.arch >= ArchVersion.V7;
  const lo3 = hw & 7, mid3 = (hw >>> 3) & 7, hi3 = (hw >>> 8) & 7;
  switch (hw >>> 12) {
    case 0: case 1: {
      const op = (hw >>> 11) & 3;
      if (op < 3) {
        const imm5 = (hw >>> 6) & 31;
        put(D, o, Op.DpReg, lo3, 0, mid3, 0, MOV | DP_SNOTIT | (op === 0 ? imm5 << SH_AMT_SHIFT : immShiftBits(op, imm5)));
        return;
      }
      const sub = (hw >>> 9) & 1, imm = (hw >>> 10) & 1, x = (hw >>> 6) & 7;
      if (imm) put(D, o, Op.DpImm, lo3, mid3, 0, x, (sub ? SUB : ADD) | DP_SNOTIT);
      else put(D, o, Op.DpReg, lo3, mid3, x, 0, (sub ? SUB : ADD) | DP_SNOTIT);
      return;
    }
    case 2: case 3: {
      const op = (hw >>> 11) & 3, imm = hw & 255;
      if (op === 0) put(D, o, Op.DpImm, hi3, 0, 0, imm, MOV | DP_SNOTIT);
      else if (op === 1) put(D, o, Op.DpImm, 0, hi3, 0, imm, CMP | DP_S);
      else put(D, o, Op.DpImm, hi3, hi3, 0, imm, (op === 2 ? ADD : SUB) | DP_SNOTIT);
      return;
    }
    case 4: {
      if ((hw & 0x0800) !== 0) { put(D, o, Op.LdStWB, hi3, 16, 0, (hw & 255) << 2, WB_L | WB_P | WB_U); return; }
      if ((hw & 0x0400) === 0) {
        const op = (hw >>> 6) & 15, rdn = lo3, rm = mid3;
        switch (op) {
          case 0: put(D, o, Op.DpReg, rdn, rdn, rm, 0, AND | DP_SNOTIT); return;
          case 1: put(D, o, Op.DpReg, rdn, rdn, rm, 0, EOR | DP_SNOTIT); return;
          case 2: case 3: case 4: case 7: {
            const t = op === 2 ? Shift.LSL : op === 3 ? Shift.LSR : op === 4 ? Shift.ASR : Shift.ROR;
            put(D, o, Op.DpRegReg, rdn, 0, rdn, rm, MOV | DP_SNOTIT | (t << SH_TYPE_SHIFT)); return;
          }
          case 5: put(D, o, Op.DpReg, rdn, rdn, rm, 0, ADC | DP_SNOTIT); return;
          case 6: put(D, o, Op.DpReg, rdn, rdn, rm, 0, SBC | DP_SNOTIT); return;
          case 8: put(D, o, Op.DpReg, 0, rdn, rm, 0, TST | DP_S); return;
          case 9: put(D, o, Op.DpImm, rdn, rm, 0, 0, RSB | DP_SNOTIT); return;
          case 10: put(D, o, Op.DpReg, 0, rdn, rm, 0, CMP | DP_S); return;
          case 11: put(D, o, Op.DpReg, 0, rdn, rm, 0, CMN | DP_S); return;
          case 12: put(D, o, Op.DpReg, rdn, rdn, rm, 0, ORR | DP_SNOTIT); return;
          case 13: put(D, o, Op.Mul, rdn, 0, rm, rdn, DP_SNOTIT); return;
          case 14: put(D, o, Op.DpReg, rdn, rdn, rm, 0, BIC | DP_SNOTIT); return;
          case 15: put(D, o, Op.DpReg, rdn, 0, rm, 0, MVN | DP_SNOTIT); return;
        }
      }
      const op = (hw >>> 8) & 3, rdn = lo3 | ((hw >>> 4) & 8), rm = (hw >>> 3) & 15;
      switch (op) {
        case 0: put(D, o, Op.DpReg, rdn, rdn, rm, 0, ADD); return;
        case 1: put(D, o, Op.DpReg, 0, rdn, rm, 0, CMP | DP_S); return;
        case 2: put(D, o, Op.DpReg, rdn, 0, rm, 0, MOV); return;
        case 3:
          if (hw & 0x80) { if (f.arch >= ArchVersion.V5) put(D, o, Op.BxReg, 0, 0, rm, 0, 1); }
          else put(D, o, Op.BxReg, 0, 0, rm, 0, 0);
          return;
      }
      return;
    }
    case 5: {
      const op = (hw >>> 9) & 7, rm = (hw >>> 6) & 7;
      const wb = (l: number, b: number): void => put(D, o, Op.LdStWB, lo3, mid3, rm, 0, l | b | WB_P | WB_U | WB_REG);
      const hs = (l: number, k: HsKind): void => put(D, o, Op.LdStHS, lo3, mid3, rm, 0, l | (k << HS_KIND_SHIFT) | HS_P | HS_U | HS_REG);
      switch (op) {
        case 0: wb(0, 0); return;
        case 1: hs(0, HsKind.H); return;
        case 2: wb(0, WB_B); return;
        case 3: hs(HS_L, HsKind.SB); return;
        case 4: wb(WB_L, 0); return;
        case 5: hs(HS_L, HsKind.H); return;
        case 6: wb(WB_L, WB_B); return;
        case 7: hs(HS_L, HsKind.SH); return;
      }
      return;
    }
    case 6: case 7: {
      const b = (hw >>> 12) & 1, l = (hw >>> 11) & 1, imm5 = (hw >>> 6) & 31;
      put(D, o, Op.LdStWB, lo3, mid3, 0, b ? imm5 : imm5 << 2, (l ? WB_L : 0) | (b ? WB_B : 0) | WB_P | WB_U);
      return;
    }
    case 8: {
      const l = (hw >>> 11) & 1, imm5 = (hw >>> 6) & 31;
      put(D, o, Op.LdStHS, lo3, mid3, 0, imm5 << 1, (l ? HS_L : 0) | HS_P | HS_U);
      return;
    }
    case 9: {
      const l = (hw >>> 11) & 1;
      put(D, o, Op.LdStWB, hi3, 13, 0, (hw & 255) << 2, (l ? WB_L : 0) | WB_P | WB_U);
      return;
    }
    case 10:
      put(D, o, Op.DpImm, hi3, (hw & 0x0800) ? 13 : 16, 0, (hw & 255) << 2, ADD);
      return;
    case 11: decodeT16Misc(hw, f, D, o, v6, v7); return;
    case 12: {
      const l = (hw >>> 11) & 1, list = hw & 255;
      if (list === 0) return;
      const wb = l && (list & (1 << hi3)) ? 0 : LM_W;
      put(D, o, Op.LdStM, 0, hi3, 0, list, (l ? LM_L : 0) | LM_U | wb);
      return;
    }
    case 13: {
      const cond = (hw >>> 8) & 15;
      if (cond === 14) { D[o + F_COND] = COND_ALWAYS; return; } // UDF
      if (cond === 15) { put(D, o, Op.Svc, 0, 0, 0, hw & 255, 0); return; }
      D[o + F_COND] = cond | 16; // 16: a condition of its own, not from IT
      put(D, o, Op.Branch, 0, 0, 0, ((hw << 24) >> 23), 0);
      return;
    }
    case 14:
      if ((hw & 0x0800) === 0) put(D, o, Op.Branch, 0, 0, 0, ((hw << 21) >> 20), 0);
      else if (!f.thumb2 && f.arch >= ArchVersion.V5 && (hw & 1) === 0) put(D, o, Op.ThumbBlHalf, 0, 0, 0, (hw & 0x7ff) << 1, 2);
      return;
    case 15:
      // Thumb-1 executes the BL/BLX pair as two instructions (Thumb-2 fetches it as one 32-bit encoding).
      if (f.thumb2) return;
      if (hw & 0x0800) put(D, o, Op.ThumbBlHalf, 0, 0, 0, (hw & 0x7ff) << 1, 1);
      else put(D, o, Op.ThumbBlHalf, 0, 0, 0, ((hw << 21) >> 9), 0);
      return;
  }
}

function decodeT16Misc(hw: number, f: Arm32Features, D: Int32Array, o: number, v6: boolean, v7: boolean): void {
  const lo3 = hw & 7, mid3 = (hw >>> 3) & 7;
  if ((hw & 0x0f00) === 0x0000) {
    put(D, o, Op.DpImm, 13, 13, 0, (hw & 127) << 2, (hw & 0x80) ? SUB : ADD);
    return;
  }
  if ((hw & 0x0500) === 0x0100) {
    if (!v7) return;
    const off = (((hw >>> 9) & 1) << 6) | (((hw >>> 3) & 31) << 1);
    D[o + F_COND] = COND_ALWAYS | 16;
    put(D, o, Op.Cbz, 0, 0, lo3, off, (hw >>> 11) & 1);
    return;
  }
  if ((hw & 0x0f00) === 0x0200) {
    if (!v6) return;
    const k = (hw >>> 6) & 3; // SXTH SXTB UXTH UXTB
    const kind = k === 0 ? 6 : k === 1 ? 4 : k === 2 ? 7 : 5;
    put(D, o, Op.Extend, lo3, 15, mid3, 0, kind);
    return;
  }
  if ((hw & 0x0e00) === 0x0400) { // PUSH
    const list = (hw & 255) | ((hw & 0x100) << 6);
    if (list === 0) return;
    put(D, o, Op.LdStM, 0, 13, 0, list, LM_P | LM_W);
    return;
  }
  if ((hw & 0x0e00) === 0x0c00) { // POP
    const list = (hw & 255) | ((hw & 0x100) << 7);
    if (list === 0) return;
    put(D, o, Op.LdStM, 0, 13, 0, list, LM_L | LM_U | LM_W);
    return;
  }
  if ((hw & 0xfff7) === 0xb650) { if (v6) { D[o + F_COND] = COND_ALWAYS; put(D, o, Op.Setend, 0, 0, 0, 0, (hw >>> 3) & 1); } return; }
  if ((hw & 0xffe8) === 0xb660) {
    if (!v6) return;
    const im = (hw >>> 4) & 1;
    D[o + F_COND] = COND_ALWAYS;
    put(D, o, Op.Cps, 0, 0, 0, 0, (im ? 3 : 2) | ((hw & 7) << 3));
    return;
  }
  if ((hw & 0x0f00) === 0x0a00) {
    if (!v6) return;
    const k = (hw >>> 6) & 3;
    if (k === 2) return;
    put(D, o, Op.Rev, lo3, 0, mid3, 0, k === 3 ? 2 : k);
    return;
  }
  if ((hw & 0x0f00) === 0x0e00) { if (f.arch >= ArchVersion.V5) { D[o + F_COND] = COND_ALWAYS; put(D, o, Op.Bkpt, 0, 0, 0, hw & 255, 0); } return; }
  if ((hw & 0x0f00) === 0x0f00) {
    if (!v7) return;
    if (hw & 15) {
      const firstcond = (hw >>> 4) & 15;
      if (firstcond === 15 || (firstcond === 14 && (hw & 15) !== 8)) return;
      D[o + F_COND] = COND_ALWAYS;
      put(D, o, Op.It, 0, 0, 0, hw & 255, 0);
      return;
    }
    switch ((hw >>> 4) & 15) {
      case 2: put(D, o, Op.Wfe, 0, 0, 0, 0, 0); return;
      case 3: put(D, o, Op.Wfi, 0, 0, 0, 0, 0); return;
      case 4: put(D, o, Op.Sev, 0, 0, 0, 0, 0); return;
      default: put(D, o, Op.Nop, 0, 0, 0, 0, 0); return;
    }
  }
}

/** ThumbExpandImm_C: returns the constant; sets carry fields through the returned misc bits. */
function thumbExpandImm(imm12: number): { v: number; m: number } {
  if ((imm12 & 0xc00) === 0) {
    const b = imm12 & 255;
    switch ((imm12 >>> 8) & 3) {
      case 0: return { v: b, m: 0 };
      case 1: return { v: (b << 16) | b, m: 0 };
      case 2: return { v: (b << 24) | (b << 8), m: 0 };
      default: return { v: (b << 24) | (b << 16) | (b << 8) | b, m: 0 };
    }
  }
  const un = 0x80 | (imm12 & 127), rot = (imm12 >>> 7) & 31;
  const v = ((un >>> rot) | (un << (32 - rot))) | 0;
  return { v, m: DP_CVALID | (v < 0 ? DP_CARRY : 0) };
}

/** Maps the T32 data-processing op field to the shared ALU opcode (A32 numbering, ORN extra). */
function t32DpOp(op: number, rn: number, rd: number, s: number): number {
  switch (op) {
    case 0: return rd === 15 && s ? TST : AND;
    case 1: return BIC;
    case 2: return rn === 15 ? MOV : ORR;
    case 3: return rn === 15 ? MVN : DPOP_ORN;
    case 4: return rd === 15 && s ? 9 : EOR;
    case 8: return rd === 15 && s ? CMN : ADD;
    case 10: return ADC;
    case 11: return SBC;
    case 13: return rd === 15 && s ? CMP : SUB;
    case 14: return RSB;
  }
  return -1;
}

export function decodeT32(hw1: number, hw2: number, f: Arm32Features, D: Int32Array, o: number): void {
  D[o + F_COND] = 14; D[o + F_LEN] = 4;
  put(D, o, Op.Undef, 0, 0, 0, 0, 0);
  if (!f.thumb2) return; // Thumb-1 has no 32-bit encodings (BL/BLX halves are decoded by decodeT16)
  const op1 = (hw1 >>> 11) & 3, op2 = (hw1 >>> 4) & 127;
  const rn = hw1 & 15;
  if (op1 === 1) {
    if ((op2 & 0x64) === 0) { decodeT32LdmStm(hw1, hw2, D, o); return; }
    if ((op2 & 0x64) === 4) { decodeT32DualExcl(hw1, hw2, f, D, o); return; }
    if ((op2 & 0x60) === 0x20) {
      const op = (hw1 >>> 5) & 15, s = (hw1 >>> 4) & 1, rd = (hw2 >>> 8) & 15, rm = hw2 & 15;
      const imm5 = (((hw2 >>> 12) & 7) << 2) | ((hw2 >>> 6) & 3), type = (hw2 >>> 4) & 3;
      if (op === 6) { if (!s) put(D, o, Op.Pkh, rd, rn, rm, 0, ((type >>> 1) & 1) | immShiftBits(type & 2, imm5)); return; }
      const alu = t32DpOp(op, rn, rd, s);
      if (alu < 0) return;
      put(D, o, Op.DpReg, rd, rn, rm, 0, alu | (s ? DP_S : 0) | immShiftBits(type, imm5));
      return;
    }
    put(D, o, Op.CpOther, 0, 0, 0, (hw2 >>> 8) & 15, 0);
    decodeT32Coproc(hw1, hw2, D, o);
    return;
  }
  if (op1 === 2) {
    if ((hw2 & 0x8000) === 0) {
      const rd = (hw2 >>> 8) & 15;
      const imm12 = (((hw1 >>> 10) & 1) << 11) | (((hw2 >>> 12) & 7) << 8) | (hw2 & 255);
      if ((op2 & 0x20) === 0) {
        const op = (hw1 >>> 5) & 15, s = (hw1 >>> 4) & 1;
        const alu = t32DpOp(op, rn, rd, s);
        if (alu < 0) return;
        const e = thumbExpandImm(imm12);
        put(D, o, Op.DpImm, rd, rn, 0, e.v, alu | (s ? DP_S : 0) | e.m);
        return;
      }
      decodeT32PlainImm(hw1, hw2, imm12, f, D, o);
      return;
    }
    decodeT32BranchMisc(hw1, hw2, f, D, o);
    return;
  }
  // op1 === 3
  if ((op2 & 0x71) === 0x00 || (op2 & 0x67) === 0x01 || (op2 & 0x67) === 0x03 || (op2 & 0x67) === 0x05) {
    decodeT32LoadStore(hw1, hw2, D, o);
    return;
  }
  if ((op2 & 0x70) === 0x20) { decodeT32DpReg(hw1, hw2, f, D, o); return; }
  if ((op2 & 0x78) === 0x30) { decodeT32Mul(hw1, hw2, D, o); return; }
  if ((op2 & 0x78) === 0x38) { decodeT32LongMul(hw1, hw2, f, D, o); return; }
  if ((op2 & 0x40) === 0x40) { put(D, o, Op.CpOther, 0, 0, 0, (hw2 >>> 8) & 15, 0); decodeT32Coproc(hw1, hw2, D, o); }
}

function decodeT32Coproc(hw1: number, hw2: number, D: Int32Array, o: number): void {
  const cp = (hw2 >>> 8) & 15, rt = (hw2 >>> 12) & 15;
  if ((hw1 & 0xefe0) === 0xec40) {
    if (hw1 & 0x1000) return; // MCRR2/MRRC2
    put(D, o, Op.Mcrr, rt, hw1 & 15, 0, (cp << 16) | (((hw2 >>> 4) & 15) << 4) | (hw2 & 15), (hw1 >>> 4) & 1);
    return;
  }
  if ((hw1 & 0xef00) === 0xee00 && (hw2 & 0x10)) {
    if (hw1 & 0x1000) return; // MCR2/MRC2
    put(D, o, Op.Mcr, rt, 0, 0, (cp << 16) | (((hw1 >>> 5) & 7) << 12) | ((hw1 & 15) << 8) | ((hw2 & 15) << 4) | ((hw2 >>> 5) & 7), (hw1 >>> 4) & 1);
  }
}

function decodeT32LdmStm(hw1: number, hw2: number, D: Int32Array, o: number): void {
  const op = (hw1 >>> 7) & 3, W = (hw1 >>> 5) & 1, L = (hw1 >>> 4) & 1, rn = hw1 & 15;
  if (op === 0 || op === 3) {
    const P = op === 0 ? 1 : 0, U = op === 3 ? 1 : 0;
    // T32 SRS/RFE: DB (op 0) or IA (op 3); SRS stores to the banked SP of hw2[4:0].
    D[o + F_COND] = 14;
    if (L) put(D, o, Op.Rfe, 0, rn, 0, 0, (P ^ U ? (U ? 2 : 1) : 0) | W << 2 | (U << 1) | (op === 0 ? 1 : 0));
    else put(D, o, Op.Srs, 0, hw2 & 31, 0, 0, (op === 0 ? 1 : 0) | (U << 1) | (W << 2));
    // The P bit in A32 terms: DB = P1 U0, IA = P0 U1.
    D[o + F_M] = (op === 0 ? 1 : 0) | (U << 1) | (W << 2);
    return;
  }
  const list = hw2 & (L ? 0xdfff : 0x5fff);
  if (list === 0 || (L && (hw2 & 0xc000) === 0xc000)) return;
  const U = op === 1 ? 1 : 0, P = op === 2 ? 1 : 0;
  put(D, o, Op.LdStM, 0, rn, 0, list, (L ? LM_L : 0) | (P ? LM_P : 0) | (U ? LM_U : 0) | (W ? LM_W : 0));
}

function decodeT32DualExcl(hw1: number, hw2: number, f: Arm32Features, D: Int32Array, o: number): void {
  const op1 = (hw1 >>> 7) & 3, op2 = (hw1 >>> 4) & 3, op3 = (hw2 >>> 4) & 15;
  const rn = hw1 & 15, rt = (hw2 >>> 12) & 15, rt2 = (hw2 >>> 8) & 15, imm8 = hw2 & 255;
  if (op1 === 0 && op2 === 0) { put(D, o, Op.Strex, rt2, rn, rt, 0, 2 | (imm8 << 10)); return; }
  if (op1 === 0 && op2 === 1) { put(D, o, Op.Ldrex, rt, rn, 0, imm8 << 2, 2); return; }
  if ((op1 & 2) || (op2 & 2)) {
    const P = (hw1 >>> 8) & 1, U = (hw1 >>> 7) & 1, W = (hw1 >>> 5) & 1, L = (hw1 >>> 4) & 1;
    const m = (L ? HS_L : 0) | (HsKind.D << HS_KIND_SHIFT) | (P ? HS_P : 0) | (U ? HS_U : 0) | (W ? HS_W : 0) | (rt2 << HS_RT2_SHIFT);
    put(D, o, Op.LdStHS, rt, rn === 15 ? 16 : rn, 0, imm8 << 2, m);
    return;
  }
  if (op1 === 1 && op2 === 0) {
    const rd = hw2 & 15;
    if (op3 === 4) put(D, o, Op.Strex, rd, rn, rt, 0, 0);
    else if (op3 === 5) put(D, o, Op.Strex, rd, rn, rt, 0, 1);
    else if (op3 === 7) put(D, o, Op.Strex, rd, rn, rt, rt2, 3);
    return;
  }
  if (op1 === 1 && op2 === 1) {
    if (op3 === 0 || op3 === 1) { put(D, o, Op.Tbb, 0, rn, hw2 & 15, 0, op3); return; }
    if (op3 === 4) put(D, o, Op.Ldrex, rt, rn, 0, 0, 0);
    else if (op3 === 5) put(D, o, Op.Ldrex, rt, rn, 0, 0, 1);
    else if (op3 === 7) put(D, o, Op.Ldrex, rt, rn, rt2, 0, 3);
  }
  void f;
}

function decodeT32PlainImm(hw1: number, hw2: number, imm12: number, f: Arm32Features, D: Int32Array, o: number): void {
  const op = (hw1 >>> 4) & 31, rn = hw1 & 15, rd = (hw2 >>> 8) & 15;
  const imm5 = (((hw2 >>> 12) & 7) << 2) | ((hw2 >>> 6) & 3), low5 = hw2 & 31;
  switch (op) {
    case 0: put(D, o, Op.DpImm, rd, rn === 15 ? 16 : rn, 0, imm12, ADD); return;
    case 10: put(D, o, Op.DpImm, rd, rn === 15 ? 16 : rn, 0, imm12, SUB); return;
    case 4: put(D, o, Op.MovWT, rd, 0, 0, (rn << 12) | imm12, 0); return;
    case 12: put(D, o, Op.MovWT, rd, 0, 0, (rn << 12) | imm12, 1); return;
    case 16: case 18:
      if (op === 18 && imm5 === 0) { put(D, o, Op.Sat16, rd, 0, rn, (hw2 & 15) + 1, 0); return; }
      put(D, o, Op.Sat, rd, 0, rn, low5 + 1, immShiftBits((op & 2), imm5)); return;
    case 24: case 26:
      if (op === 26 && imm5 === 0) { put(D, o, Op.Sat16, rd, 0, rn, hw2 & 15, 1); return; }
      put(D, o, Op.Sat, rd, 0, rn, low5, 1 | immShiftBits((op & 2), imm5)); return;
    case 20: put(D, o, Op.Bfx, rd, 0, rn, imm5 | (low5 << 8), 0); return;
    case 28: put(D, o, Op.Bfx, rd, 0, rn, imm5 | (low5 << 8), 1); return;
    case 22: if (low5 >= imm5) put(D, o, Op.Bfi, rd, 0, rn, imm5 | (low5 << 8), 0); return;
  }
  void f;
}

function decodeT32BranchMisc(hw1: number, hw2: number, f: Arm32Features, D: Int32Array, o: number): void {
  const op = (hw1 >>> 4) & 127, op1 = (hw2 >>> 12) & 7;
  const S = (hw1 >>> 10) & 1, J1 = (hw2 >>> 13) & 1, J2 = (hw2 >>> 11) & 1;
  if ((op1 & 5) === 0) {
    if ((op & 0x38) !== 0x38) {
      const off = (S ? -1 << 20 : 0) | (J2 << 19) | (J1 << 18) | ((hw1 & 63) << 12) | ((hw2 & 0x7ff) << 1);
      D[o + F_COND] = ((hw1 >>> 6) & 15) | 16;
      put(D, o, Op.Branch, 0, 0, 0, off, 0);
      return;
    }
    const rn = hw1 & 15;
    switch (op) {
      case 0x38: case 0x39: put(D, o, Op.Msr, 0, 0, rn, 0, ((hw1 >>> 4) & 1) | (((hw2 >>> 8) & 15) << 4)); return;
      case 0x3a:
        if ((hw2 & 0x700) === 0) {
          switch (hw2 & 255) {
            case 2: put(D, o, Op.Wfe, 0, 0, 0, 0, 0); return;
            case 3: put(D, o, Op.Wfi, 0, 0, 0, 0, 0); return;
            case 4: put(D, o, Op.Sev, 0, 0, 0, 0, 0); return;
            default: put(D, o, Op.Nop, 0, 0, 0, 0, 0); return;
          }
        }
        {
          const imod = (hw2 >>> 9) & 3, M = (hw2 >>> 8) & 1;
          if (imod === 1 || (imod === 0 && M === 0)) return;
          put(D, o, Op.Cps, 0, 0, 0, 0, imod | (M << 2) | (((hw2 >>> 5) & 7) << 3) | ((hw2 & 31) << 6));
        }
        return;
      case 0x3b:
        switch ((hw2 >>> 4) & 15) {
          case 2: put(D, o, Op.Clrex, 0, 0, 0, 0, 0); return;
          case 4: case 5: put(D, o, Op.Nop, 0, 0, 0, 0, 0); return;
          case 6: put(D, o, Op.Isb, 0, 0, 0, 0, 0); return;
        }
        return;
      case 0x3c: put(D, o, Op.BxReg, 0, 0, rn, 0, 0); return; // BXJ
      case 0x3d: // SUBS PC, LR, #imm8
        if (rn === 14 && (hw2 & 0xff00) === 0x8f00) put(D, o, Op.DpImm, 15, 14, 0, hw2 & 255, SUB | DP_S);
        return;
      case 0x3e: case 0x3f: put(D, o, Op.Mrs, (hw2 >>> 8) & 15, 0, 0, 0, (hw1 >>> 4) & 1); return;
      case 0x7e: if (f.virtExt && op1 === 0) { D[o + F_COND] = COND_ALWAYS; put(D, o, Op.Hvc, 0, 0, 0, ((hw1 & 15) << 12) | (hw2 & 0xfff), 0); } return;
      case 0x7f: if (f.hasSmc && op1 === 0) put(D, o, Op.Smc, 0, 0, 0, hw1 & 15, 0); return;
    }
    return;
  }
  const I1 = (~(J1 ^ S)) & 1, I2 = (~(J2 ^ S)) & 1;
  const off = (S ? -1 << 24 : 0) | (I1 << 23) | (I2 << 22) | ((hw1 & 0x3ff) << 12) | ((hw2 & 0x7ff) << 1);
  if (op1 & 4) {
    if (op1 & 1) put(D, o, Op.Branch, 0, 0, 0, off, 1);
    else if ((hw2 & 1) === 0) put(D, o, Op.Branch, 0, 0, 0, off, 1 | 4);
  } else put(D, o, Op.Branch, 0, 0, 0, off, 0);
}

function decodeT32LoadStore(hw1: number, hw2: number, D: Int32Array, o: number): void {
  const size = (hw1 >>> 5) & 3, signed = (hw1 >>> 8) & 1, L = (hw1 >>> 4) & 1;
  const rn = hw1 & 15, rt = (hw2 >>> 12) & 15;
  if (size === 3) return;
  if (!L && signed) return;
  // Byte/halfword loads to PC are preload hints.
  if (L && rt === 15 && size < 2) { put(D, o, Op.Nop, 0, 0, 0, 0, 0); return; }
  let P = 1, U = 1, W = 0, reg = 0, T = 0, imm = 0, rm = 0, amt = 0;
  if (rn === 15) {
    if (!L) return;
    U = (hw1 >>> 7) & 1; imm = hw2 & 0xfff;
  } else if (hw1 & 0x80) {
    imm = hw2 & 0xfff;
  } else if ((hw2 & 0x800) !== 0) {
    const p = (hw2 >>> 10) & 1, u = (hw2 >>> 9) & 1, w = (hw2 >>> 8) & 1;
    imm = hw2 & 255;
    if (p && u && !w) T = 1;
    else if (!p && !w) return;
    else { P = p; U = u; W = w || !p ? 1 : 0; }
  } else if ((hw2 & 0xfc0) === 0) {
    reg = 1; rm = hw2 & 15; amt = (hw2 >>> 4) & 3;
  } else return;
  const base = rn === 15 ? 16 : rn;
  if (size === 2 || (size === 0 && !signed)) {
    let m = (L ? WB_L : 0) | (size === 0 ? WB_B : 0) | (P ? WB_P : 0) | (U ? WB_U : 0) | (W ? WB_W : 0) | (T ? WB_T : 0);
    if (reg) m |= WB_REG | (amt << SH_AMT_SHIFT);
    if (signed && size === 2) return;
    put(D, o, Op.LdStWB, rt, base, rm, imm, m);
    return;
  }
  const kind = size === 1 ? (signed ? HsKind.SH : HsKind.H) : HsKind.SB;
  const m = (L ? HS_L : 0) | (kind << HS_KIND_SHIFT) | (P ? HS_P : 0) | (U ? HS_U : 0) | (W ? HS_W : 0) | (T ? HS_T : 0) | (reg ? HS_REG : 0);
  // Register offsets of halfword/byte loads carry an LSL amount in T32: kept in the top bits of d.
  put(D, o, Op.LdStHS, rt, base, rm, reg ? amt << 16 : imm, m);
}

function decodeT32DpReg(hw1: number, hw2: number, f: Arm32Features, D: Int32Array, o: number): void {
  const op1 = (hw1 >>> 4) & 15, op2 = (hw2 >>> 4) & 15;
  const rn = hw1 & 15, rd = (hw2 >>> 8) & 15, rm = hw2 & 15;
  if ((hw2 & 0xf000) !== 0xf000) return;
  if ((op1 & 8) === 0 && op2 === 0) {
    const t = (op1 >>> 1) & 3, s = op1 & 1;
    put(D, o, Op.DpRegReg, rd, 0, rn, rm, MOV | (s ? DP_S : 0) | (t << SH_TYPE_SHIFT));
    return;
  }
  if ((op1 & 8) === 0 && (op2 & 8)) {
    const rot = (hw2 >>> 4) & 3;
    const kinds = [6, 7, 0, 1, 4, 5]; // SXTAH UXTAH SXTAB16 UXTAB16 SXTAB UXTAB
    if (op1 > 5) return;
    put(D, o, Op.Extend, rd, rn, rm, 0, kinds[op1]! | (rot << 4));
    return;
  }
  if ((op1 & 8) && (op2 & 8) === 0) {
    const opx = op1 & 7, pre = op2 & 7;
    const pmap = [4, 0, 1, -1, 7, 3, 2, -1]; // T32 op -> A32 op2 (ADD8 ADD16 ASX - SUB8 SUB16 SAX)
    const prem = [1, 2, 3, -1, 5, 6, 7, -1];
    if (pmap[opx]! < 0 || prem[pre]! < 0) return;
    put(D, o, Op.Parallel, rd, rn, rm, 0, prem[pre]! | (pmap[opx]! << 4));
    return;
  }
  if ((op1 & 0xc) === 8 && (op2 & 0xc) === 8) {
    const a = op1 & 3, b = op2 & 3;
    switch (a) {
      case 0: put(D, o, Op.QAddSub, rd, rn, rm, 0, b === 0 ? 0 : b === 1 ? 2 : b === 2 ? 1 : 3); return;
      case 1: put(D, o, Op.Rev, rd, 0, rm, 0, b === 0 ? 0 : b === 1 ? 1 : b === 2 ? 3 : 2); return;
      case 2: if (b === 0) put(D, o, Op.Sel, rd, rn, rm, 0, 0); return;
      case 3: if (b === 0) put(D, o, Op.Clz, rd, 0, rm, 0, 0); return;
    }
  }
  void f;
}

function decodeT32Mul(hw1: number, hw2: number, D: Int32Array, o: number): void {
  const op1 = (hw1 >>> 4) & 7, op2 = (hw2 >>> 4) & 3;
  const rn = hw1 & 15, ra = (hw2 >>> 12) & 15, rd = (hw2 >>> 8) & 15, rm = hw2 & 15;
  const acc = ra !== 15;
  switch (op1) {
    case 0:
      if (op2 === 0) put(D, o, Op.Mul, rd, ra, rn, rm, acc ? 1 : 0);
      else if (op2 === 1 && acc) put(D, o, Op.Mul, rd, ra, rn, rm, 3);
      return;
    case 1: put(D, o, Op.SmlaXY, rd, acc ? ra : 0, rn, rm, ((op2 >>> 1) & 1) | ((op2 & 1) << 1) | (acc ? 4 : 0)); return;
    case 2: if (op2 < 2) put(D, o, Op.Smlad, rd, ra, rn, rm, op2 & 1); return;
    case 3: if (op2 < 2) put(D, o, Op.SmlaWY, rd, acc ? ra : 0, rn, rm, ((op2 & 1) << 1) | (acc ? 4 : 0)); return;
    case 4: if (op2 < 2) put(D, o, Op.Smlad, rd, ra, rn, rm, (op2 & 1) | 2); return;
    case 5: if (op2 < 2) put(D, o, Op.Smmul, rd, ra, rn, rm, op2 & 1); return;
    case 6: if (op2 < 2 && acc) put(D, o, Op.Smmul, rd, ra, rn, rm, (op2 & 1) | 2); return;
    case 7: if (op2 === 0) put(D, o, Op.Usad8, rd, ra, rn, rm, 0); return;
  }
}

function decodeT32LongMul(hw1: number, hw2: number, f: Arm32Features, D: Int32Array, o: number): void {
  const op1 = (hw1 >>> 4) & 7, op2 = (hw2 >>> 4) & 15;
  const rn = hw1 & 15, lo = (hw2 >>> 12) & 15, hi = (hw2 >>> 8) & 15, rm = hw2 & 15;
  switch (op1) {
    case 0: if (op2 === 0) put(D, o, Op.MulLong, lo, hi, rn, rm, 1); return;
    case 1: if (op2 === 15 && f.hwDivide) put(D, o, Op.Div, hi, 0, rn, rm, 0); return;
    case 2: if (op2 === 0) put(D, o, Op.MulLong, lo, hi, rn, rm, 0); return;
    case 3: if (op2 === 15 && f.hwDivide) put(D, o, Op.Div, hi, 0, rn, rm, 1); return;
    case 4:
      if (op2 === 0) put(D, o, Op.MulLong, lo, hi, rn, rm, 3);
      else if ((op2 & 12) === 8) put(D, o, Op.SmlalXY, lo, hi, rn, rm, ((op2 >>> 1) & 1) | ((op2 & 1) << 1));
      else if ((op2 & 14) === 12) put(D, o, Op.Smlald, lo, hi, rn, rm, op2 & 1);
      return;
    case 5: if ((op2 & 14) === 12) put(D, o, Op.Smlald, lo, hi, rn, rm, (op2 & 1) | 2); return;
    case 6:
      if (op2 === 0) put(D, o, Op.MulLong, lo, hi, rn, rm, 2);
      else if (op2 === 6) put(D, o, Op.MulLong, lo, hi, rn, rm, 4);
      return;
  }
}
