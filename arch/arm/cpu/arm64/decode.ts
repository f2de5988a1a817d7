// A64 decoder (ARM ARM DDI 0487, C4 "A64 Instruction Set Encoding"): turns a
// 32-bit instruction word into an operation number and pre-extracted fields,
// written into an Int32Array slot of DECODE_STRIDE words:
//   [raw, op, a, b, c, d, e, f]
// Register fields are already mapped: 0..30 are X0..X30, 31 reads as zero
// (XZR), 32 is the current stack pointer, 33 is the sink that writes to XZR
// go to. Encodings outside ARMv8.0's base instruction set decode to UNDEF;
// SIMD&FP encodings that are not implemented decode to FPUNDEF (which first
// applies the CPACR_EL1.FPEN trap, then raises Undefined Instruction).

import { T, decodeBitMask } from './alu.ts';
// The operation enums live in cpu.ts, beside the switch that dispatches on
// them: esbuild (tsx, vitest) inlines const enums only within one file.
import { Op, LK, LK_SIZE, PK, XK, AM } from './cpu.ts';

export const DECODE_STRIDE = 8;
const REG_SP = 32;
const REG_SINK = 33;

function sx(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}
const dz = (r: number): number => (r === 31 ? REG_SINK : r);
const sp = (r: number): number => (r === 31 ? REG_SP : r);

/** Decodes `raw` into out[o..o+7]. */
export function decodeA64(raw: number, out: Int32Array, o: number): void {
  out[o] = raw;
  out[o + 1] = Op.UNDEF;
  for (let i = 2; i < DECODE_STRIDE; i++) out[o + i] = 0;
  const op0 = (raw >>> 25) & 0xf;
  if ((op0 & 0xe) === 0x8) decodeDpImm(raw, out, o);
  else if ((op0 & 0xe) === 0xa) decodeBranchSys(raw, out, o);
  else if ((op0 & 0x5) === 0x4) decodeLoadStore(raw, out, o);
  else if ((op0 & 0x7) === 0x5) decodeDpReg(raw, out, o);
  else if ((op0 & 0x7) === 0x7) out[o + 1] = Op.FPUNDEF;
}

function set(out: Int32Array, o: number, op: number, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0): void {
  out[o + 1] = op; out[o + 2] = a; out[o + 3] = b; out[o + 4] = c; out[o + 5] = d; out[o + 6] = e; out[o + 7] = f;
}

function decodeDpImm(raw: number, out: Int32Array, o: number): void {
  const sf = raw >>> 31;
  const rd = raw & 31, rn = (raw >>> 5) & 31;
  switch ((raw >>> 23) & 7) {
    case 0: case 1: {
      const imm = sx((((raw >>> 5) & 0x7ffff) << 2) | ((raw >>> 29) & 3), 21);
      if (sf) set(out, o, Op.ADRP, dz(rd), imm << 12, imm >> 20);
      else set(out, o, Op.ADR, dz(rd), imm, imm >> 31);
      return;
    }
    case 2: {
      const sub = (raw >>> 30) & 1, s = (raw >>> 29) & 1;
      let imm = (raw >>> 10) & 0xfff;
      if ((raw >>> 22) & 1) imm <<= 12;
      if (!s) {
        const v = sub ? -imm : imm;
        set(out, o, sf ? Op.ADDI_X : Op.ADDI_W, sp(rd), sp(rn), v, v < 0 ? -1 : 0);
      } else {
        const op = sub ? (sf ? Op.SUBSI_X : Op.SUBSI_W) : (sf ? Op.ADDSI_X : Op.ADDSI_W);
        set(out, o, op, dz(rd), sp(rn), imm);
      }
      return;
    }
    case 4: {
      const opc = (raw >>> 29) & 3, n = (raw >>> 22) & 1;
      if (!decodeBitMask(n, (raw >>> 10) & 0x3f, (raw >>> 16) & 0x3f, sf === 1)) return;
      const lo = T[0]!, hi = T[1]!;
      switch (opc) {
        case 0: set(out, o, Op.ANDI, sp(rd), rn, lo, hi, sf); return;
        case 1: set(out, o, Op.ORRI, sp(rd), rn, lo, hi, sf); return;
        case 2: set(out, o, Op.EORI, sp(rd), rn, lo, hi, sf); return;
        default: set(out, o, sf ? Op.ANDSI_X : Op.ANDSI_W, dz(rd), rn, lo, hi); return;
      }
    }
    case 5: {
      const opc = (raw >>> 29) & 3, hw = (raw >>> 21) & 3, imm = (raw >>> 5) & 0xffff;
      if (opc === 1 || (!sf && hw >= 2)) return;
      if (opc === 3) { set(out, o, sf ? Op.MOVK_X : Op.MOVK_W, dz(rd), hw * 16, imm); return; }
      let lo = hw === 0 ? imm : hw === 1 ? imm << 16 : 0;
      let hi = hw === 2 ? imm : hw === 3 ? imm << 16 : 0;
      if (opc === 0) { lo = ~lo; hi = sf ? ~hi : 0; }
      set(out, o, Op.MOVC, dz(rd), 0, lo, hi);
      return;
    }
    case 6: {
      const opc = (raw >>> 29) & 3, n = (raw >>> 22) & 1;
      const immr = (raw >>> 16) & 0x3f, imms = (raw >>> 10) & 0x3f;
      if (opc === 3 || n !== sf || (!sf && (immr >= 32 || imms >= 32))) return;
      const size = sf ? 64 : 32;
      if (opc === 2 && imms !== size - 1 && imms + 1 === immr) {
        set(out, o, sf ? Op.LSLI_X : Op.LSLI_W, dz(rd), rn, size - immr);
      } else if (opc === 2 && imms === size - 1) {
        set(out, o, sf ? Op.LSRI_X : Op.LSRI_W, dz(rd), rn, immr);
      } else if (opc === 0 && imms === size - 1) {
        set(out, o, sf ? Op.ASRI_X : Op.ASRI_W, dz(rd), rn, immr);
      } else {
        const op = opc === 0 ? (sf ? Op.SBFM_X : Op.SBFM_W) : opc === 1 ? (sf ? Op.BFM_X : Op.BFM_W) : (sf ? Op.UBFM_X : Op.UBFM_W);
        set(out, o, op, dz(rd), rn, immr, imms);
      }
      return;
    }
    case 7: {
      const imms = (raw >>> 10) & 0x3f;
      if (((raw >>> 29) & 3) !== 0 || ((raw >>> 22) & 1) !== sf || ((raw >>> 21) & 1) || (!sf && imms >= 32)) return;
      set(out, o, sf ? Op.EXTR_X : Op.EXTR_W, dz(rd), rn, (raw >>> 16) & 31, imms);
      return;
    }
    default:
      return;
  }
}

function decodeBranchSys(raw: number, out: Int32Array, o: number): void {
  const top = raw >>> 29;
  if ((top & 3) === 0) {
    set(out, o, top & 4 ? Op.BL : Op.B, sx(raw & 0x3ffffff, 26) << 2);
    return;
  }
  if ((top & 3) === 1) {
    const rt = raw & 31;
    if (((raw >>> 25) & 1) === 0) {
      const off = sx((raw >>> 5) & 0x7ffff, 19) << 2;
      const nz = (raw >>> 24) & 1;
      if (top & 4) set(out, o, nz ? Op.CBNZ_X : Op.CBZ_X, rt, off);
      else set(out, o, nz ? Op.CBNZ_W : Op.CBZ_W, rt, off);
    } else {
      const bit = ((raw >>> 31) << 5) | ((raw >>> 19) & 31);
      set(out, o, (raw >>> 24) & 1 ? Op.TBNZ : Op.TBZ, rt, bit, sx((raw >>> 5) & 0x3fff, 14) << 2);
    }
    return;
  }
  if (top === 2) {
    if (((raw >>> 24) & 3) === 0 && ((raw >>> 4) & 1) === 0) set(out, o, Op.BCOND, raw & 15, sx((raw >>> 5) & 0x7ffff, 19) << 2);
    return;
  }
  if (top !== 6) return;
  if (((raw >>> 24) & 3) === 0) {
    const opc = (raw >>> 21) & 7, ll = raw & 3, imm = (raw >>> 5) & 0xffff;
    if ((raw >>> 2) & 7) return;
    if (opc === 0 && ll === 1) set(out, o, Op.SVC, imm);
    else if (opc === 0 && ll === 2) set(out, o, Op.HVC, imm);
    else if (opc === 0 && ll === 3) set(out, o, Op.SMC, imm);
    else if (opc === 1 && ll === 0) set(out, o, Op.BRK, imm);
    return;
  }
  if (((raw >>> 22) & 0xf) === 4) { decodeSystem(raw, out, o); return; }
  if ((raw >>> 25) & 1) {
    const opc = (raw >>> 21) & 0xf, rn = (raw >>> 5) & 31;
    if (((raw >>> 16) & 31) !== 31 || ((raw >>> 10) & 0x3f) !== 0 || (raw & 31) !== 0) return;
    if (opc === 0) set(out, o, Op.BR, rn);
    else if (opc === 1) set(out, o, Op.BLR, rn);
    else if (opc === 2) set(out, o, Op.RET, rn);
    else if (opc === 4 && rn === 31) set(out, o, Op.ERET);
  }
}

function decodeSystem(raw: number, out: Int32Array, o: number): void {
  const l = (raw >>> 21) & 1, op0 = (raw >>> 19) & 3, op1 = (raw >>> 16) & 7;
  const crn = (raw >>> 12) & 15, crm = (raw >>> 8) & 15, op2 = (raw >>> 5) & 7, rt = raw & 31;
  if (op0 === 0) {
    if (l) return;
    if (crn === 2 && rt === 31) {
      // HINT space: everything not listed is a NOP (PAC, BTI, CSDB, ESB, ...).
      const h = (crm << 3) | op2;
      set(out, o, h === 2 ? Op.WFE : h === 3 ? Op.WFI : h === 4 ? Op.SEV : h === 5 ? Op.SEVL : Op.NOP);
      return;
    }
    if (crn === 3 && op1 === 3 && rt === 31) {
      if (op2 === 2) set(out, o, Op.CLREX);
      else if (op2 === 4 || op2 === 5 || op2 === 6) set(out, o, Op.BARRIER, op2);
      return;
    }
    if (crn === 4 && rt === 31) set(out, o, Op.MSRI, (op1 << 3) | op2, crm);
    return;
  }
  if (op0 === 1) {
    if (l) return; // SYSL: nothing allocated in ARMv8.0
    set(out, o, Op.SYS, op1, crn, crm, op2, rt);
    return;
  }
  const key = (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
  set(out, o, l ? Op.MRS : Op.MSR, key, l ? dz(rt) : rt);
}

function decodeLoadStore(raw: number, out: Int32Array, o: number): void {
  const op0 = raw >>> 28, v = (raw >>> 26) & 1, op2 = (raw >>> 23) & 3;
  const rt = raw & 31, rn = sp((raw >>> 5) & 31);
  if ((op0 & 3) === 0) {
    if (v) { out[o + 1] = Op.FPUNDEF; return; }
    if (op2 & 2) return;
    decodeExclusive(raw, out, o);
    return;
  }
  if ((op0 & 3) === 1) {
    if (op2 & 2) return;
    const opc = raw >>> 30, off = sx((raw >>> 5) & 0x7ffff, 19) << 2;
    let k: number;
    if (v) { if (opc === 3) return; k = opc === 0 ? LK.VLDR_S : opc === 1 ? LK.VLDR_D : LK.VLDR_Q; }
    else k = opc === 0 ? LK.LDRW : opc === 1 ? LK.LDRX : opc === 2 ? LK.LDRSW : LK.PRFM;
    set(out, o, Op.LS_LIT, k, v ? rt : (k === LK.PRFM ? REG_SINK : dz(rt)), off);
    return;
  }
  if ((op0 & 3) === 2) {
    const opc = raw >>> 30, l = (raw >>> 22) & 1, rt2 = (raw >>> 10) & 31;
    const imm7 = sx((raw >>> 15) & 0x7f, 7);
    let k: number, scale: number;
    if (v) {
      if (opc === 3) return;
      scale = 2 + opc;
      k = (l ? PK.VLDP_S : PK.VSTP_S) + opc;
    } else if (opc === 0) { k = l ? PK.LDP_W : PK.STP_W; scale = 2; }
    else if (opc === 2) { k = l ? PK.LDP_X : PK.STP_X; scale = 3; }
    else if (opc === 1 && l && op2 !== 0) { k = PK.LDPSW; scale = 2; }
    else return;
    const mode = op2 === 1 ? AM.POST : op2 === 3 ? AM.PRE : AM.OFFSET;
    const ld = l === 1;
    set(out, o, Op.LSP, k, v || !ld ? rt : dz(rt), v || !ld ? rt2 : dz(rt2), rn, imm7 << scale, mode);
    return;
  }
  // op0 = xx11: single register
  const size = raw >>> 30, opc = (raw >>> 22) & 3;
  let k: number;
  if (v) {
    if (opc & 2) { if (size !== 0) return; k = opc & 1 ? LK.VLDR_Q : LK.VSTR_Q; }
    else k = (opc & 1 ? LK.VLDR_B : LK.VSTR_B) + size;
  } else if (opc === 0) k = LK.STRB + size;
  else if (opc === 1) k = LK.LDRB + size;
  else if (opc === 2) k = size === 3 ? LK.PRFM : size === 0 ? LK.LDRSB_X : size === 1 ? LK.LDRSH_X : LK.LDRSW;
  else { if (size >= 2) return; k = size === 0 ? LK.LDRSB_W : LK.LDRSH_W; }
  const isLoad = k >= LK.LDRB && k <= LK.LDRSH_W;
  const t = v ? rt : k === LK.PRFM ? REG_SINK : isLoad ? dz(rt) : rt;
  if (op2 & 2) {
    const imm = ((raw >>> 10) & 0xfff) << LK_SIZE[k]!;
    if (rn !== REG_SP) {
      if (k === LK.LDRX) { set(out, o, Op.LDR_X_U, t, rn, imm); return; }
      if (k === LK.LDRW) { set(out, o, Op.LDR_W_U, t, rn, imm); return; }
      if (k === LK.STRX) { set(out, o, Op.STR_X_U, t, rn, imm); return; }
      if (k === LK.STRW) { set(out, o, Op.STR_W_U, t, rn, imm); return; }
      if (k === LK.LDRB) { set(out, o, Op.LDRB_U, t, rn, imm); return; }
      if (k === LK.STRB) { set(out, o, Op.STRB_U, t, rn, imm); return; }
    }
    set(out, o, Op.LS_IMM, k, t, rn, imm, AM.OFFSET);
    return;
  }
  if ((raw >>> 21) & 1) {
    if (((raw >>> 10) & 3) !== 2) return;
    const option = (raw >>> 13) & 7;
    if ((option & 2) === 0) return;
    const s = (raw >>> 12) & 1;
    set(out, o, Op.LS_REG, k, t, rn, (raw >>> 16) & 31, option, s ? LK_SIZE[k]! : 0);
    return;
  }
  const imm9 = sx((raw >>> 12) & 0x1ff, 9);
  const op4 = (raw >>> 10) & 3;
  if (op4 === 2 && (v || k === LK.PRFM)) return;
  if (k === LK.PRFM && op4 !== 0) return;
  set(out, o, Op.LS_IMM, k, t, rn, imm9, op4 === 0 ? AM.OFFSET : op4 === 1 ? AM.POST : op4 === 3 ? AM.PRE : AM.UNPRIV);
}

function decodeExclusive(raw: number, out: Int32Array, o: number): void {
  const size = raw >>> 30, o2 = (raw >>> 23) & 1, l = (raw >>> 22) & 1, o1 = (raw >>> 21) & 1;
  const rs = (raw >>> 16) & 31, o0 = (raw >>> 15) & 1, rt2 = (raw >>> 10) & 31;
  const rn = sp((raw >>> 5) & 31), rt = raw & 31;
  let k: number;
  if (o2 === 0 && o1 === 0) k = l ? (o0 ? XK.LDAXR : XK.LDXR) : (o0 ? XK.STLXR : XK.STXR);
  else if (o2 === 0 && o1 === 1) {
    if (size < 2) return;
    k = l ? (o0 ? XK.LDAXP : XK.LDXP) : (o0 ? XK.STLXP : XK.STXP);
  } else if (o2 === 1 && o1 === 0 && o0 === 1) k = l ? XK.LDAR : XK.STLR;
  else return;
  const ld = l === 1;
  set(out, o, Op.LSX, k, ld ? dz(rt) : rt, rn, dz(rs), ld ? dz(rt2) : rt2, size);
}

function decodeDpReg(raw: number, out: Int32Array, o: number): void {
  const sf = raw >>> 31, op1 = (raw >>> 28) & 1, op2 = (raw >>> 21) & 0xf;
  const rd = raw & 31, rn = (raw >>> 5) & 31, rm = (raw >>> 16) & 31;
  if (!op1) {
    if ((op2 & 8) === 0) {
      const opc = (raw >>> 29) & 3, n = (raw >>> 21) & 1, sh = (raw >>> 22) & 3, imm6 = (raw >>> 10) & 0x3f;
      if (!sf && imm6 >= 32) return;
      if (opc === 1 && n === 0 && imm6 === 0 && rn === 31) { set(out, o, sf ? Op.MOV_X : Op.MOV_W, dz(rd), rm); return; }
      set(out, o, sf ? Op.LOG_X : Op.LOG_W, dz(rd), rn, rm, sh, imm6, (opc << 1) | n);
      return;
    }
    const sub = (raw >>> 30) & 1, s = (raw >>> 29) & 1;
    if ((op2 & 1) === 0) {
      const sh = (raw >>> 22) & 3, imm6 = (raw >>> 10) & 0x3f;
      if (sh === 3 || (!sf && imm6 >= 32)) return;
      const op = s ? (sub ? (sf ? Op.SUBSSR_X : Op.SUBSSR_W) : (sf ? Op.ADDSSR_X : Op.ADDSSR_W))
        : (sub ? (sf ? Op.SUBSR_X : Op.SUBSR_W) : (sf ? Op.ADDSR_X : Op.ADDSR_W));
      set(out, o, op, dz(rd), rn, rm, sh, imm6);
      return;
    }
    const imm3 = (raw >>> 10) & 7;
    if (((raw >>> 22) & 3) !== 0 || imm3 > 4) return;
    set(out, o, sf ? Op.ADDEXT_X : Op.ADDEXT_W, s ? dz(rd) : sp(rd), sp(rn), rm, (raw >>> 13) & 7, imm3, (sub << 1) | s);
    return;
  }
  if (op2 === 0) {
    if (((raw >>> 10) & 0x3f) !== 0) return;
    set(out, o, sf ? Op.ADC_X : Op.ADC_W, dz(rd), rn, rm, 0, 0, (((raw >>> 30) & 1) << 1) | ((raw >>> 29) & 1));
    return;
  }
  if (op2 === 2) {
    if (((raw >>> 29) & 1) === 0 || ((raw >>> 10) & 1) || ((raw >>> 4) & 1)) return;
    const isImm = (raw >>> 11) & 1;
    set(out, o, sf ? Op.CCMP_X : Op.CCMP_W, rn, rm, (raw >>> 12) & 15, raw & 15, isImm, (raw >>> 30) & 1);
    return;
  }
  if (op2 === 4) {
    const o2 = (raw >>> 10) & 3;
    if (((raw >>> 29) & 1) || o2 > 1) return;
    set(out, o, sf ? Op.CSEL_X : Op.CSEL_W, dz(rd), rn, rm, (raw >>> 12) & 15, (((raw >>> 30) & 1) << 1) | o2);
    return;
  }
  if (op2 === 6) {
    if ((raw >>> 29) & 1) return;
    const opcode = (raw >>> 10) & 0x3f;
    if (((raw >>> 30) & 1) === 0) {
      if (opcode === 2 || opcode === 3) set(out, o, sf ? Op.DIV_X : Op.DIV_W, dz(rd), rn, rm, opcode & 1);
      else if (opcode >= 8 && opcode <= 11) set(out, o, sf ? Op.SHV_X : Op.SHV_W, dz(rd), rn, rm, opcode & 3);
      else if (opcode >= 16 && opcode <= 23) {
        const sz = opcode & 3;
        if ((sz === 3) !== (sf === 1)) return;
        set(out, o, Op.CRC, dz(rd), rn, rm, 1 << sz, (opcode >> 2) & 1);
      }
      return;
    }
    if (rm !== 0) return;
    switch (opcode) {
      case 0: set(out, o, sf ? Op.RBIT_X : Op.RBIT_W, dz(rd), rn); return;
      case 1: set(out, o, sf ? Op.REV16_X : Op.REV16_W, dz(rd), rn); return;
      case 2: set(out, o, sf ? Op.REV32_X : Op.REV_W, dz(rd), rn); return;
      case 3: if (sf) set(out, o, Op.REV_X, dz(rd), rn); return;
      case 4: set(out, o, sf ? Op.CLZ_X : Op.CLZ_W, dz(rd), rn); return;
      case 5: set(out, o, sf ? Op.CLS_X : Op.CLS_W, dz(rd), rn); return;
      default: return;
    }
  }
  if (op2 & 8) {
    if ((raw >>> 29) & 3) return;
    const op31 = (raw >>> 21) & 7, o0 = (raw >>> 15) & 1, ra = (raw >>> 10) & 31;
    if (op31 === 0) { set(out, o, sf ? Op.MADD_X : Op.MADD_W, dz(rd), rn, rm, ra, o0); return; }
    if (!sf) return;
    if (op31 === 1 || op31 === 5) { set(out, o, Op.MULL, dz(rd), rn, rm, ra, o0, op31 === 1 ? 1 : 0); return; }
    if ((op31 === 2 || op31 === 6) && o0 === 0) { set(out, o, Op.MULH, dz(rd), rn, rm, op31 === 2 ? 1 : 0); return; }
  }
}
