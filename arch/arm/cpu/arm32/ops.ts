// The pre-decoded form shared by the A32 and T32 decoders (a32-decode.ts,
// t32-decode.ts) and the executor (cpu.ts). Each decoded instruction is
// DEC_STRIDE int32 slots: op, a, b, c, d, misc, cond, length. Field meaning
// per op is given beside each op; registers are 0..15, 16 names Align(PC,4)
// (Thumb literal addressing).

export const DEC_STRIDE = 8;
export const F_OP = 0, F_A = 1, F_B = 2, F_C = 3, F_D = 4, F_M = 5, F_COND = 6, F_LEN = 7;

/** Condition value meaning "always, even inside an IT block" (IT, BKPT...). */
export const COND_ALWAYS = 15;

export const enum Op {
  Undef = 0,
  /** Data processing, immediate: a=rd b=rn d=imm; m: opc[4:0] S[5] carryValid[6] carry[7] sNotIt[8]. */
  DpImm,
  /** Data processing, register shifted by immediate: a=rd b=rn c=rm; m: opc S - - sNotIt, type[12:10] (4=RRX) amount[18:13]. */
  DpReg,
  /** Data processing, register shifted by register: a=rd b=rn c=rm d=rs; m as DpReg without amount. */
  DpRegReg,
  /** MUL/MLA/MLS: a=rd b=ra c=rn d=rm; m: acc[0] sub[1] S[5] sNotIt[8]. */
  Mul,
  /** UMULL/UMLAL/SMULL/SMLAL/UMAAL: a=rdLo b=rdHi c=rn d=rm; m: signed[0] acc[1] umaal[2] S[5]. */
  MulLong,
  /** SMLA<x><y>/SMUL<x><y>: a=rd b=ra c=rn d=rm; m: x[0] y[1] acc[2]. */
  SmlaXY,
  /** SMLAW<y>/SMULW<y>: a=rd b=ra c=rn d=rm; m: y[1] acc[2]. */
  SmlaWY,
  /** SMLAL<x><y>: a=rdLo b=rdHi c=rn d=rm; m: x[0] y[1]. */
  SmlalXY,
  /** QADD/QSUB/QDADD/QDSUB: a=rd b=rn c=rm; m: sub[0] double[1]. */
  QAddSub,
  /** CLZ: a=rd c=rm. */
  Clz,
  /** LDR/STR/LDRB/STRB: a=rt b=rn c=rm d=imm; m: L[0] B[1] P[2] U[3] W[4] reg[5] T[6] type[12:10] amount[18:13]. */
  LdStWB,
  /** LDRH/STRH/LDRSB/LDRSH/LDRD/STRD: a=rt b=rn c=rm d=imm; m: see HS_* */
  LdStHS,
  /** LDM/STM: b=rn d=register list; m: L[0] P[1] U[2] W[3] S[4]. */
  LdStM,
  /** B/BL/BLX(imm): d=offset from PC; m: link[0] toThumb[1] toArm[2]. */
  Branch,
  /** BX/BLX(reg)/BXJ: c=rm; m: link[0]. */
  BxReg,
  /** MRS: a=rd; m: spsr[0]. */
  Mrs,
  /** MSR: c=rm or d=imm; m: spsr[0] imm[1] mask[7:4]. */
  Msr,
  /** SVC: d=imm. */
  Svc,
  /** BKPT. */
  Bkpt,
  /** MCR/MRC: a=rt, d = cp<<16 | opc1<<12 | crn<<8 | crm<<4 | opc2; m: L[0]. */
  Mcr,
  /** MCRR/MRRC: a=rt b=rt2 d = cp<<16 | opc1<<4 | crm; m: L[0]. */
  Mcrr,
  /** CDP/LDC/STC to a coprocessor: cp number in d (undefined unless handled). */
  CpOther,
  /** SWP/SWPB: a=rt c=rt2 b=rn; m: B[0]. */
  Swp,
  /** LDREX*: a=rt b=rn c=rt2; d = imm offset (T32); m: size log2 [1:0] (3 = D). */
  Ldrex,
  /** STREX*: a=rd b=rn c=rt d=rt2; m: size log2 [1:0], imm offset [31:8]. */
  Strex,
  Clrex,
  /** NOP-like hints and barriers (NOP, YIELD, DBG, DMB, DSB, PLD, PLI). */
  Nop,
  /** ISB: flushes nothing in this model but ends the block. */
  Isb,
  Wfi,
  Wfe,
  Sev,
  /** CPS: m: imod[1:0] M[2] aif[5:3] mode[10:6]. */
  Cps,
  /** SRS: b = mode; m: P[0] U[1] W[2]. */
  Srs,
  /** RFE: b=rn; m: P U W. */
  Rfe,
  /** SETEND: m: E[0]. */
  Setend,
  /** Parallel add/subtract: a=rd b=rn c=rm; m: prefix[2:0] (1 S,2 Q,3 SH,5 U,6 UQ,7 UH) op[6:4] (0 ADD16,1 ASX,2 SAX,3 SUB16,4 ADD8,7 SUB8). */
  Parallel,
  /** SSAT/USAT: a=rd c=rn d=sat_imm; m: unsigned[0] type[12:10] amount[18:13]. */
  Sat,
  /** SSAT16/USAT16: a=rd c=rn d=sat; m: unsigned[0]. */
  Sat16,
  /** PKHBT/PKHTB: a=rd b=rn c=rm; m: tb[0] amount[18:13]. */
  Pkh,
  /** REV/REV16/REVSH/RBIT: a=rd c=rm; m: kind. */
  Rev,
  /** SXTAB/SXTAB16/SXTAH/UXT*: a=rd b=rn (15 = no add) c=rm; m: unsigned[0] kind[2:1] (0 B16, 2 B, 3 H) rot[5:4]. */
  Extend,
  /** SEL: a=rd b=rn c=rm. */
  Sel,
  /** USAD8/USADA8: a=rd b=ra (15 none) c=rn d=rm. */
  Usad8,
  /** SMLAD/SMLSD/SMUAD/SMUSD: a=rd b=ra (15 none) c=rn d=rm; m: X[0] sub[1]. */
  Smlad,
  /** SMLALD/SMLSLD: a=rdLo b=rdHi c=rn d=rm; m: X[0] sub[1]. */
  Smlald,
  /** SMMUL/SMMLA/SMMLS: a=rd b=ra (15 none) c=rn d=rm; m: R[0] sub[1]. */
  Smmul,
  /** MOVW/MOVT: a=rd d=imm16; m: top[0]. */
  MovWT,
  /** BFC/BFI: a=rd c=rn (15 = BFC) d = lsb | msb<<8. */
  Bfi,
  /** SBFX/UBFX: a=rd c=rn d = lsb | (width-1)<<8; m: unsigned[0]. */
  Bfx,
  /** SDIV/UDIV: a=rd c=rn d=rm; m: unsigned[0]. */
  Div,
  /** Thumb CBZ/CBNZ: c=rn d=offset; m: nonzero[0]. */
  Cbz,
  /** Thumb TBB/TBH: b=rn c=rm; m: half[0]. */
  Tbb,
  /** Thumb IT: d = firstcond<<4 | mask. */
  It,
  /** SMC / HVC: the hypervisor takes them. d=imm. */
  Smc,
  Hvc,
  /** Thumb-1 BL/BLX halves (ARMv5TE/ARMv6): d=offset; m: 0 prefix, 1 BL suffix, 2 BLX suffix. */
  ThumbBlHalf,
  /** ERET is not reachable (no Hyp mode): UNDEFINED. UDF is Undef. */
  Count,
}

// LdStHS misc bits.
/** LdStHS misc: L[0] kind[2:1] P[3] U[4] W[5] reg[6] T[7] rt2[15:12] (second register of LDRD/STRD). */
export const HS_L = 1, HS_KIND_SHIFT = 1, HS_P = 8, HS_U = 16, HS_W = 32, HS_REG = 64, HS_T = 128, HS_RT2_SHIFT = 12;
export const enum HsKind { H = 0, SB = 1, SH = 2, D = 3 }

// LdStWB misc bits.
export const WB_L = 1, WB_B = 2, WB_P = 4, WB_U = 8, WB_W = 16, WB_REG = 32, WB_T = 64;

// LdStM misc bits.
export const LM_L = 1, LM_P = 2, LM_U = 4, LM_W = 8, LM_S = 16;

// DP misc bits (also used by Mul/MulLong for S and sNotIt).
export const DP_S = 32, DP_CVALID = 64, DP_CARRY = 128, DP_SNOTIT = 256;
export const SH_TYPE_SHIFT = 10, SH_AMT_SHIFT = 13;
export const enum Shift { LSL = 0, LSR = 1, ASR = 2, ROR = 3, RRX = 4 }
/** DP opcodes for Thumb-only shapes: ORN (A32 has none) uses slot 16 of the ALU switch. */
export const DPOP_ORN = 16;
