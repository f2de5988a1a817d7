// The AArch32 interpreter (ARM DDI 0406C.d; ARMv5TE per ARM DDI 0100I):
// one executor for A32 and T32 over pre-decoded instructions, the
// processor modes with banked registers, exceptions, and memory accesses
// through a software TLB in front of the MMU (mmu.ts) and the GuestBus.
//
// Speed (shared/design/HOTPATH.md): registers in an Int32Array, scalar state
// in Int32Array slots (state-slots.ts), NZCV as a 4-bit value looked up in a
// 16x16 condition table, decoded instructions cached in direct-mapped
// Int32Arrays tagged by the raw instruction word (a changed word simply
// misses: no invalidation on code writes is needed, so writeGeneration and
// noteCodeWrite are not used), a 256-entry direct-mapped TLB per privilege
// with DataView RAM, and a budget counter in a slot.
//
// The guest sees a Non-secure PL1&0 vcpu: Monitor and Hyp modes are not
// guest-visible. SMC (models with the Security Extensions) and HVC (models
// with the Virtualization Extensions) executed at PL1 stop the vcpu with
// StopReason.Smc/Hvc for the core (PSCI), unless the trap config says
// otherwise; elsewhere they are UNDEFINED.

import type { CpuBackend, CpuEnv } from '../common/cpu-backend.ts';
import { StopReason } from '../common/cpu-backend.ts';
import type { GuestBus, ExclusiveMonitor } from '../../../../core/aspace/guest-bus.ts';
import { ArchVersion, type Arm32Features } from './features.ts';
import { decodeA32 } from './a32-decode.ts';
import { decodeT16, decodeT32, isT32Wide } from './t32-decode.ts';
import { MODE_BANK, MODE_NAMES, COND_TABLE } from './state-slots.ts';
import { Arm32Mmu, Fs } from './mmu.ts';
import { GenericTimer } from './generic-timer.ts';
import { out, parallel, signedSat, unsignedSat, umul64, smul64, rbit, bswap32 } from './alu.ts';
import { cp15Read, cp15Write, cp15Read64, cp15Write64, cp14Read, cpVfpAccess } from './cp15.ts';

// Executor-local copies of the slot, op and field numbers of state-slots.ts,
// ops.ts and sysreg-slots.ts (layout.test.ts checks that they agree). Const
// enums are inlined only inside their own file when TypeScript is transformed
// file by file (tsx, vitest): imported ones are property loads on the hot
// path (measured: several times slower).
const enum S { PC, NZCV, Q, GE, MODE, T, E, A, I, F, IT, CURIT, LEFT, ATTN, IRQ, FIQ, STOPREQ, FAULT, CURPC, TLBBASE, EVENT, UNDEF, COUNT, }
const enum Op { Undef = 0, DpImm, DpReg, DpRegReg, Mul, MulLong, SmlaXY, SmlaWY, SmlalXY, QAddSub, Clz, LdStWB, LdStHS, LdStM, Branch, BxReg, Mrs, Msr, Svc, Bkpt, Mcr, Mcrr, CpOther, Swp, Ldrex, Strex, Clrex, Nop, Isb, Wfi, Wfe, Sev, Cps, Srs, Rfe, Setend, Parallel, Sat, Sat16, Pkh, Rev, Extend, Sel, Usad8, Smlad, Smlald, Smmul, MovWT, Bfi, Bfx, Div, Cbz, Tbb, It, Smc, Hvc, ThumbBlHalf, Count, }
const enum C { SCTLR, ACTLR, CPACR, TTBR0, TTBR0_HI, TTBR1, TTBR1_HI, TTBCR, DACR, DFSR, IFSR, DFAR, IFAR, ADFSR, AIFSR, PAR, PAR_HI, VBAR, FCSEIDR, CONTEXTIDR, TPIDRURW, TPIDRURO, TPIDRPRW, PRRR, NMRR, AMAIR0, AMAIR1, CSSELR, FPEXC, PMCR, PMCNTEN, PMOVS, PMSELR, PMUSERENR, PMINTEN, PMXEVTYPER, CNTKCTL, MISC_C9, MISC_C15, COUNT, }
const enum HsKind { H = 0, SB = 1, SH = 2, D = 3 }
const enum Mode { USR = 0x10, FIQ = 0x11, IRQ = 0x12, SVC = 0x13, MON = 0x16, ABT = 0x17, HYP = 0x1a, UND = 0x1b, SYS = 0x1f }
const enum Access { Read = 0, Write = 1, Exec = 2 }
const enum K { DEC_STRIDE = 8, F_OP = 0, F_A = 1, F_B = 2, F_C = 3, F_D = 4, F_M = 5, F_COND = 6, F_LEN = 7, DP_S = 32, DP_CVALID = 64, DP_CARRY = 128, DP_SNOTIT = 256, SH_TYPE_SHIFT = 10, SH_AMT_SHIFT = 13, HS_L = 1, HS_KIND_SHIFT = 1, HS_P = 8, HS_U = 16, HS_W = 32, HS_REG = 64, HS_T = 128, HS_RT2_SHIFT = 12, WB_L = 1, WB_B = 2, WB_P = 4, WB_U = 8, WB_W = 16, WB_REG = 32, WB_T = 64, LM_L = 1, LM_P = 2, LM_U = 4, LM_W = 8, LM_S = 16, PERM_R = 1, PERM_W = 2, PERM_X = 4, SCTLR_A = 2, SCTLR_U = 1 << 22, SCTLR_V = 1 << 13, SCTLR_EE = 1 << 25, SCTLR_TE = 1 << 30, SCTLR_SW = 1 << 10 }

/** The executor's copies of the shared numbers, for layout.test.ts. */
export function executorLayout(): Record<string, number> {
  return {
    'S.PC': S.PC,
    'S.NZCV': S.NZCV,
    'S.Q': S.Q,
    'S.GE': S.GE,
    'S.MODE': S.MODE,
    'S.T': S.T,
    'S.E': S.E,
    'S.A': S.A,
    'S.I': S.I,
    'S.F': S.F,
    'S.IT': S.IT,
    'S.CURIT': S.CURIT,
    'S.LEFT': S.LEFT,
    'S.ATTN': S.ATTN,
    'S.IRQ': S.IRQ,
    'S.FIQ': S.FIQ,
    'S.STOPREQ': S.STOPREQ,
    'S.FAULT': S.FAULT,
    'S.CURPC': S.CURPC,
    'S.TLBBASE': S.TLBBASE,
    'S.EVENT': S.EVENT,
    'S.UNDEF': S.UNDEF,
    'S.COUNT': S.COUNT,
    'Op.Undef': Op.Undef,
    'Op.DpImm': Op.DpImm,
    'Op.DpReg': Op.DpReg,
    'Op.DpRegReg': Op.DpRegReg,
    'Op.Mul': Op.Mul,
    'Op.MulLong': Op.MulLong,
    'Op.SmlaXY': Op.SmlaXY,
    'Op.SmlaWY': Op.SmlaWY,
    'Op.SmlalXY': Op.SmlalXY,
    'Op.QAddSub': Op.QAddSub,
    'Op.Clz': Op.Clz,
    'Op.LdStWB': Op.LdStWB,
    'Op.LdStHS': Op.LdStHS,
    'Op.LdStM': Op.LdStM,
    'Op.Branch': Op.Branch,
    'Op.BxReg': Op.BxReg,
    'Op.Mrs': Op.Mrs,
    'Op.Msr': Op.Msr,
    'Op.Svc': Op.Svc,
    'Op.Bkpt': Op.Bkpt,
    'Op.Mcr': Op.Mcr,
    'Op.Mcrr': Op.Mcrr,
    'Op.CpOther': Op.CpOther,
    'Op.Swp': Op.Swp,
    'Op.Ldrex': Op.Ldrex,
    'Op.Strex': Op.Strex,
    'Op.Clrex': Op.Clrex,
    'Op.Nop': Op.Nop,
    'Op.Isb': Op.Isb,
    'Op.Wfi': Op.Wfi,
    'Op.Wfe': Op.Wfe,
    'Op.Sev': Op.Sev,
    'Op.Cps': Op.Cps,
    'Op.Srs': Op.Srs,
    'Op.Rfe': Op.Rfe,
    'Op.Setend': Op.Setend,
    'Op.Parallel': Op.Parallel,
    'Op.Sat': Op.Sat,
    'Op.Sat16': Op.Sat16,
    'Op.Pkh': Op.Pkh,
    'Op.Rev': Op.Rev,
    'Op.Extend': Op.Extend,
    'Op.Sel': Op.Sel,
    'Op.Usad8': Op.Usad8,
    'Op.Smlad': Op.Smlad,
    'Op.Smlald': Op.Smlald,
    'Op.Smmul': Op.Smmul,
    'Op.MovWT': Op.MovWT,
    'Op.Bfi': Op.Bfi,
    'Op.Bfx': Op.Bfx,
    'Op.Div': Op.Div,
    'Op.Cbz': Op.Cbz,
    'Op.Tbb': Op.Tbb,
    'Op.It': Op.It,
    'Op.Smc': Op.Smc,
    'Op.Hvc': Op.Hvc,
    'Op.ThumbBlHalf': Op.ThumbBlHalf,
    'Op.Count': Op.Count,
    'C.SCTLR': C.SCTLR,
    'C.ACTLR': C.ACTLR,
    'C.CPACR': C.CPACR,
    'C.TTBR0': C.TTBR0,
    'C.TTBR0_HI': C.TTBR0_HI,
    'C.TTBR1': C.TTBR1,
    'C.TTBR1_HI': C.TTBR1_HI,
    'C.TTBCR': C.TTBCR,
    'C.DACR': C.DACR,
    'C.DFSR': C.DFSR,
    'C.IFSR': C.IFSR,
    'C.DFAR': C.DFAR,
    'C.IFAR': C.IFAR,
    'C.ADFSR': C.ADFSR,
    'C.AIFSR': C.AIFSR,
    'C.PAR': C.PAR,
    'C.PAR_HI': C.PAR_HI,
    'C.VBAR': C.VBAR,
    'C.FCSEIDR': C.FCSEIDR,
    'C.CONTEXTIDR': C.CONTEXTIDR,
    'C.TPIDRURW': C.TPIDRURW,
    'C.TPIDRURO': C.TPIDRURO,
    'C.TPIDRPRW': C.TPIDRPRW,
    'C.PRRR': C.PRRR,
    'C.NMRR': C.NMRR,
    'C.AMAIR0': C.AMAIR0,
    'C.AMAIR1': C.AMAIR1,
    'C.CSSELR': C.CSSELR,
    'C.FPEXC': C.FPEXC,
    'C.PMCR': C.PMCR,
    'C.PMCNTEN': C.PMCNTEN,
    'C.PMOVS': C.PMOVS,
    'C.PMSELR': C.PMSELR,
    'C.PMUSERENR': C.PMUSERENR,
    'C.PMINTEN': C.PMINTEN,
    'C.PMXEVTYPER': C.PMXEVTYPER,
    'C.CNTKCTL': C.CNTKCTL,
    'C.MISC_C9': C.MISC_C9,
    'C.MISC_C15': C.MISC_C15,
    'C.COUNT': C.COUNT,
    'HsKind.H': HsKind.H,
    'HsKind.SB': HsKind.SB,
    'HsKind.SH': HsKind.SH,
    'HsKind.D': HsKind.D,
    'Mode.USR': Mode.USR,
    'Mode.FIQ': Mode.FIQ,
    'Mode.IRQ': Mode.IRQ,
    'Mode.SVC': Mode.SVC,
    'Mode.MON': Mode.MON,
    'Mode.ABT': Mode.ABT,
    'Mode.HYP': Mode.HYP,
    'Mode.UND': Mode.UND,
    'Mode.SYS': Mode.SYS,
    'Access.Read': Access.Read,
    'Access.Write': Access.Write,
    'Access.Exec': Access.Exec,
    DEC_STRIDE: K.DEC_STRIDE,
    F_OP: K.F_OP,
    F_A: K.F_A,
    F_B: K.F_B,
    F_C: K.F_C,
    F_D: K.F_D,
    F_M: K.F_M,
    F_COND: K.F_COND,
    F_LEN: K.F_LEN,
    DP_S: K.DP_S,
    DP_CVALID: K.DP_CVALID,
    DP_CARRY: K.DP_CARRY,
    DP_SNOTIT: K.DP_SNOTIT,
    SH_TYPE_SHIFT: K.SH_TYPE_SHIFT,
    SH_AMT_SHIFT: K.SH_AMT_SHIFT,
    HS_L: K.HS_L,
    HS_KIND_SHIFT: K.HS_KIND_SHIFT,
    HS_P: K.HS_P,
    HS_U: K.HS_U,
    HS_W: K.HS_W,
    HS_REG: K.HS_REG,
    HS_T: K.HS_T,
    HS_RT2_SHIFT: K.HS_RT2_SHIFT,
    WB_L: K.WB_L,
    WB_B: K.WB_B,
    WB_P: K.WB_P,
    WB_U: K.WB_U,
    WB_W: K.WB_W,
    WB_REG: K.WB_REG,
    WB_T: K.WB_T,
    LM_L: K.LM_L,
    LM_P: K.LM_P,
    LM_U: K.LM_U,
    LM_W: K.LM_W,
    LM_S: K.LM_S,
    PERM_R: K.PERM_R,
    PERM_W: K.PERM_W,
    PERM_X: K.PERM_X,
    SCTLR_A: K.SCTLR_A,
    SCTLR_U: K.SCTLR_U,
    SCTLR_V: K.SCTLR_V,
    SCTLR_EE: K.SCTLR_EE,
    SCTLR_TE: K.SCTLR_TE,
    SCTLR_SW: K.SCTLR_SW,
  };
}

const DC_BITS = 15, DC_SIZE = 1 << DC_BITS, DC_MASK = DC_SIZE - 1;
const TLB_SIZE = 256, TLB_MASK = 255;
const VALID = 0x100000;

/** What a hypervisor may route away from the guest (HCR-style, ARM DDI 0406C.d B1.14). */
export interface Arm32TrapConfig {
  /** SMC at PL1 stops with StopReason.Smc (HCR.TSC); otherwise it is UNDEFINED. */
  smc: boolean;
  /** WFI/WFE stop the vcpu (HCR.TWI/TWE). When false they complete at once (an interrupt-free spin). */
  wfi: boolean;
  wfe: boolean;
  /**
   * CP15 accesses the hypervisor wants (HCR.TVM/TIDx-style). Called before the
   * model's own handling; return undefined to let the model handle it, or the
   * value read (for writes, any number) to consume the access.
   */
  cp15?: (write: boolean, crn: number, opc1: number, crm: number, opc2: number, value: number) => number | undefined;
}

const enum Vec { Reset = 0, Undef = 4, Svc = 8, PAbort = 0xc, DAbort = 0x10, Irq = 0x18, Fiq = 0x1c }

export class Arm32Cpu implements CpuBackend {
  readonly model: string;
  readonly R = new Int32Array(17);
  readonly S = new Int32Array(S.COUNT);
  readonly C = new Int32Array(C.COUNT);
  /** r13 at [0..7], r14 at [8..15], SPSR at [16..23] by bank; fiq r8-r12 at 24..28, usr r8-r12 at 32..36. */
  readonly bank = new Int32Array(40);
  readonly mmu: Arm32Mmu;
  readonly timer: GenericTimer | null;
  readonly traps: Arm32TrapConfig;
  readonly bus: GuestBus;
  private readonly mon: ExclusiveMonitor;
  private readonly vcpu: number;
  private readonly decA = new Int32Array(DC_SIZE * K.DEC_STRIDE);
  private readonly tagA = new Int32Array(DC_SIZE);
  private readonly decT = new Int32Array(DC_SIZE * K.DEC_STRIDE);
  private readonly tagT = new Int32Array(DC_SIZE);
  private readonly tagR = new Int32Array(TLB_SIZE * 2);
  private readonly tagW = new Int32Array(TLB_SIZE * 2);
  private readonly tagX = new Int32Array(TLB_SIZE * 2);
  private readonly tlbOff = new Int32Array(TLB_SIZE * 2);
  private readonly tlbPage = new Int32Array(TLB_SIZE * 2);
  private readonly tlbView: DataView[];
  private readonly ldmBuf = new Int32Array(16);
  private retired = 0;
  private runBudget = 0;
  /** PMU cycle counter state (cp15.ts): base in retired instructions, value while stopped. */
  readonly pmu = { ccntBase: 0, ccntFrozen: 0 };
  private halt = '';

  constructor(readonly f: Arm32Features, readonly env: CpuEnv) {
    this.model = f.name;
    this.bus = env.bus;
    this.mon = env.bus.monitor;
    this.vcpu = env.vcpuIndex;
    this.mmu = new Arm32Mmu(f, this.C, env.bus);
    this.timer = f.genericTimer
      ? new GenericTimer(env.clock, env.counterHz, env.timerIrq.phys, env.timerIrq.virt, `vcpu${env.vcpuIndex}`)
      : null;
    this.traps = { smc: f.hasSmc, wfi: true, wfe: true };
    const dummy = new DataView(new ArrayBuffer(8));
    this.tlbView = new Array<DataView>(TLB_SIZE * 2).fill(dummy);
    this.flushCaches();
    this.reset(0);
  }

  // ---------------------------------------------------------------- lifecycle

  reset(entry: number, bootRegs?: readonly number[]): void {
    const R = this.R, St = this.S, Cr = this.C, f = this.f;
    R.fill(0); St.fill(0); Cr.fill(0); this.bank.fill(0);
    if (bootRegs) for (let i = 0; i < 4 && i < bootRegs.length; i++) R[i] = bootRegs[i]! | 0;
    Cr[C.SCTLR] = f.sctlrReset;
    Cr[C.ACTLR] = f.actlrReset;
    Cr[C.PMCR] = (f.midr & 0xff000000) | 0x3000 * 0;
    St[S.MODE] = Mode.SVC;
    St[S.I] = 1; St[S.F] = 1; St[S.A] = f.arch >= ArchVersion.V6 ? 1 : 0;
    St[S.T] = entry & 1;
    St[S.PC] = St[S.T] ? entry & ~1 : entry & ~3;
    St[S.TLBBASE] = TLB_SIZE;
    this.halt = '';
    this.pmu.ccntBase = 0; this.pmu.ccntFrozen = 0;
    this.timer?.reset();
    this.mon.clear(this.vcpu);
    this.flushTlb();
    this.updateAttn();
  }

  get instructionsRetired(): number {
    return this.retired + (this.runBudget - this.S[S.LEFT]!);
  }

  get haltReason(): string { return this.halt; }

  requestStop(): void { this.S[S.STOPREQ] = 1; this.S[S.ATTN] = 1; }

  setIrq(level: number): void { this.S[S.IRQ] = level ? 1 : 0; this.updateAttn(); }
  setFiq(level: number): void { this.S[S.FIQ] = level ? 1 : 0; this.updateAttn(); }

  /**
   * True when IRQ or FIQ is asserted, masked or not: WFI wakes on either
   * (ARM DDI 0406C.d B1.8.13), and Linux idles with WFI while IRQs are masked.
   */
  interruptPending(): boolean { return this.wakeupPending(); }

  wakeupPending(): boolean { return this.S[S.IRQ] !== 0 || this.S[S.FIQ] !== 0; }

  /** An unmasked interrupt would be taken before the next instruction. */
  private interruptTakeable(): boolean {
    const St = this.S;
    return (St[S.IRQ] !== 0 && St[S.I] === 0) || (St[S.FIQ] !== 0 && St[S.F] === 0);
  }

  updateAttn(): void {
    const St = this.S;
    St[S.ATTN] = this.interruptTakeable() || St[S.STOPREQ] !== 0 ? 1 : 0;
  }

  hypercallArg(n: number): number { return n >= 0 && n < 8 ? this.R[n]! >>> 0 : 0; }
  hypercallArgHi(n: number): number { void n; return 0; }
  completeHypercall(results: readonly number[]): void {
    for (let i = 0; i < results.length && i < 4; i++) this.R[i] = results[i]! | 0;
  }

  flushCaches(): void {
    this.tagA.fill(-1); this.tagT.fill(-1);
    // Tag -1 in ARM state is 0xffffffff, an unallocated (UNDEFINED) encoding: pre-decode it.
    decodeA32(-1, this.f, this.decA, 0);
    for (let i = 1; i < DC_SIZE; i++) this.decA.copyWithin(i * K.DEC_STRIDE, 0, K.DEC_STRIDE);
    // Tag -1 in Thumb state is the 32-bit word 0xffffffff, a coprocessor encoding: pre-decode it.
    decodeT32(0xffff, 0xffff, this.f, this.decT, 0);
    for (let i = 1; i < DC_SIZE; i++) this.decT.copyWithin(i * K.DEC_STRIDE, 0, K.DEC_STRIDE);
    this.flushTlb();
  }

  flushTlb(): void {
    this.tagR.fill(0); this.tagW.fill(0); this.tagX.fill(0);
  }

  // ------------------------------------------------------------- CPSR, modes

  readCpsr(): number {
    const St = this.S;
    const it = St[S.IT]!;
    return ((St[S.NZCV]! << 28) | (St[S.Q]! << 27) | ((it & 3) << 25) | (St[S.GE]! << 16) | ((it >>> 2) << 10) |
      (St[S.E]! << 9) | (St[S.A]! << 8) | (St[S.I]! << 7) | (St[S.F]! << 6) | (St[S.T]! << 5) | St[S.MODE]!) | 0;
  }

  private validMode(m: number): boolean { return MODE_BANK[m & 31]! >= 0; }

  /** Switches the register bank to mode m (which must be valid). */
  switchMode(m: number): void {
    const St = this.S, R = this.R, B = this.bank;
    const old = St[S.MODE]!;
    if (old === m) return;
    const ob = MODE_BANK[old]!, nb = MODE_BANK[m]!;
    if (ob !== nb) {
      B[ob] = R[13]!; B[8 + ob] = R[14]!;
      if (ob === 1 || nb === 1) {
        const from = ob === 1 ? 24 : 32, to = nb === 1 ? 24 : 32;
        if (from !== to) for (let i = 0; i < 5; i++) { B[from + i] = R[8 + i]!; R[8 + i] = B[to + i]!; }
      }
      R[13] = B[nb]!; R[14] = B[8 + nb]!;
    }
    St[S.MODE] = m;
    St[S.TLBBASE] = m === Mode.USR ? 0 : TLB_SIZE;
  }

  get spsr(): number { const b = MODE_BANK[this.S[S.MODE]!]!; return b > 0 ? this.bank[16 + b]! : 0; }
  set spsr(v: number) { const b = MODE_BANK[this.S[S.MODE]!]!; if (b > 0) this.bank[16 + b] = v; }

  /**
   * Writes CPSR fields. mask is the MSR byte mask (bit0 control .. bit3 flags);
   * excReturn: an exception return restoring SPSR (T and IT bits are written too).
   */
  writeCpsr(v: number, mask: number, excReturn: boolean): void {
    const St = this.S, priv = St[S.MODE] !== Mode.USR, v6 = this.f.arch >= ArchVersion.V6;
    if (mask & 8) { St[S.NZCV] = v >>> 28; St[S.Q] = (v >>> 27) & 1; }
    if ((mask & 4) && v6) St[S.GE] = (v >>> 16) & 15;
    if (excReturn) St[S.IT] = this.f.thumb2 ? (((v >>> 25) & 3) | ((v >>> 8) & 0xfc)) : 0;
    if (!priv && !excReturn) return;
    if ((mask & 2) && v6) { St[S.E] = (v >>> 9) & 1; St[S.A] = (v >>> 8) & 1; }
    if (mask & 1) {
      St[S.I] = (v >>> 7) & 1; St[S.F] = (v >>> 6) & 1;
      if (excReturn) St[S.T] = (v >>> 5) & 1;
      const m = v & 31;
      if (this.validMode(m)) this.switchMode(m);
      else this.env.log('guest', `vcpu${this.vcpu}: CPSR write with mode 0x${m.toString(16)} not present on ${this.f.name} at pc 0x${(St[S.CURPC]! >>> 0).toString(16)}; mode kept`);
    }
    this.updateAttn();
  }

  /** User-mode view of r8..r14 (LDM/STM with ^). */
  private userReg(n: number): number {
    const m = this.S[S.MODE]!;
    if (n === 13 || n === 14) return MODE_BANK[m] === 0 ? this.R[n]! : this.bank[n === 13 ? 0 : 8]!;
    if (n >= 8 && n <= 12 && m === Mode.FIQ) return this.bank[32 + n - 8]!;
    return this.R[n]!;
  }

  private setUserReg(n: number, v: number): void {
    const m = this.S[S.MODE]!;
    if (n === 13 || n === 14) { if (MODE_BANK[m] === 0) this.R[n] = v; else this.bank[n === 13 ? 0 : 8] = v; return; }
    if (n >= 8 && n <= 12 && m === Mode.FIQ) { this.bank[32 + n - 8] = v; return; }
    this.R[n] = v;
  }

  // --------------------------------------------------------------- exceptions

  private vectorBase(): number {
    const sctlr = this.C[C.SCTLR]!;
    if (sctlr & K.SCTLR_V) return 0xffff0000 | 0;
    return this.f.hasVbar ? this.C[C.VBAR]! & ~31 : 0;
  }

  /** Enters mode with the given vector offset and return address; cpsr is the value for SPSR. */
  private enterException(mode: number, vec: number, lr: number, cpsr: number): void {
    const St = this.S, f = this.f;
    this.switchMode(mode);
    this.bank[16 + MODE_BANK[mode]!] = cpsr;
    this.R[14] = lr;
    St[S.I] = 1;
    if (mode === Mode.FIQ) St[S.F] = 1;
    if (f.arch >= ArchVersion.V6 && (vec === Vec.DAbort || vec === Vec.PAbort || vec === Vec.Irq || vec === Vec.Fiq)) St[S.A] = 1;
    St[S.IT] = 0;
    St[S.T] = f.arch >= ArchVersion.V7 && (this.C[C.SCTLR]! & K.SCTLR_TE) ? 1 : 0;
    if (f.arch >= ArchVersion.V6) St[S.E] = this.C[C.SCTLR]! & K.SCTLR_EE ? 1 : 0;
    St[S.PC] = (this.vectorBase() + vec) | 0;
    this.updateAttn();
  }

  /** The CPSR to save for a synchronous exception of the current instruction (its own ITSTATE). */
  private cpsrForSync(): number {
    const St = this.S, save = St[S.IT]!;
    St[S.IT] = St[S.CURIT]!;
    const v = this.readCpsr();
    St[S.IT] = save;
    return v;
  }

  takeUndef(): void {
    const St = this.S, pc = St[S.CURPC]!;
    this.enterException(Mode.UND, Vec.Undef, (pc + (St[S.T] ? 2 : 4)) | 0, this.cpsrForSync());
  }

  private takeSvc(): void {
    this.enterException(Mode.SVC, Vec.Svc, this.S[S.PC]! | 0, this.readCpsr());
  }

  takePrefetchAbort(va: number, ifsr: number): void {
    const St = this.S, pc = St[S.CURPC]!;
    this.C[C.IFSR] = ifsr;
    if (this.f.arch >= ArchVersion.V6) this.C[C.IFAR] = va;
    const vecAddr = (this.vectorBase() + Vec.PAbort) | 0;
    if (pc === vecAddr && (St[S.MODE] === Mode.ABT)) {
      this.halt = `prefetch abort loop at the prefetch abort vector 0x${(vecAddr >>> 0).toString(16)} (IFSR 0x${(ifsr >>> 0).toString(16)})`;
    }
    this.enterException(Mode.ABT, Vec.PAbort, (pc + 4) | 0, this.cpsrForSync());
  }

  takeDataAbort(va: number, dfsr: number): void {
    const pc = this.S[S.CURPC]!;
    this.C[C.DFSR] = dfsr;
    this.C[C.DFAR] = va;
    this.enterException(Mode.ABT, Vec.DAbort, (pc + 8) | 0, this.cpsrForSync());
  }

  private takeIrq(): void {
    this.enterException(Mode.IRQ, Vec.Irq, (this.S[S.PC]! + 4) | 0, this.readCpsr());
  }

  private takeFiq(): void {
    this.enterException(Mode.FIQ, Vec.Fiq, (this.S[S.PC]! + 4) | 0, this.readCpsr());
  }

  // -------------------------------------------------------------- PC writes

  private bxWritePc(v: number): void {
    const St = this.S;
    if (v & 1) { St[S.T] = 1; St[S.PC] = v & ~1; }
    else { St[S.T] = 0; St[S.PC] = v & ~3; }
  }

  private branchWritePc(v: number): void {
    const St = this.S;
    St[S.PC] = St[S.T] ? v & ~1 : v & ~3;
  }

  private loadWritePc(v: number): void {
    if (this.f.arch >= ArchVersion.V5) this.bxWritePc(v); else this.branchWritePc(v);
  }

  private aluWritePc(v: number): void {
    if (this.f.arch >= ArchVersion.V7 && this.S[S.T] === 0) this.bxWritePc(v); else this.branchWritePc(v);
  }

  /** SUBS PC, LR / MOVS PC / LDM ^ with PC: restore CPSR from SPSR, then branch. */
  private exceptionReturn(target: number): void {
    const St = this.S, b = MODE_BANK[St[S.MODE]!]!;
    if (b <= 0) { this.aluWritePc(target); return; } // user/system: no SPSR (UNPREDICTABLE), plain branch
    this.writeCpsr(this.bank[16 + b]!, 15, true);
    St[S.PC] = St[S.T] ? target & ~1 : target & ~3;
  }

  // ------------------------------------------------------------------ memory

  private accessFault(va: number, write: boolean, fsr: number): void {
    const St = this.S;
    St[S.FAULT] = 1;
    // DFSR.WnR exists from ARMv6 on (ARMv5 handlers decode the instruction instead).
    this.takeDataAbort(va, fsr | (write && this.f.arch >= ArchVersion.V6 ? 1 << 11 : 0));
  }

  private alignmentFault(va: number, write: boolean): void {
    this.accessFault(va, write, this.mmu.longFormat() ? (1 << 9) | 0x21 : Fs.Alignment);
  }

  private externalAbort(va: number, pa: number, write: boolean, size: number): void {
    this.env.log('guest', `vcpu${this.vcpu}: ${write ? 'write' : 'read'} of ${size} bytes at pa 0x${pa.toString(16)} (va 0x${(va >>> 0).toString(16)}, pc 0x${(this.S[S.CURPC]! >>> 0).toString(16)}): no region (synchronous external abort)`);
    this.accessFault(va, write, this.mmu.longFormat() ? (1 << 9) | 0x10 : Fs.SyncExternal);
  }

  private unalignedAllowed(): boolean {
    const f = this.f;
    return f.arch >= ArchVersion.V7 || (f.arch === ArchVersion.V6 && (this.C[C.SCTLR]! & K.SCTLR_U) !== 0);
  }

  /** Translates and fills the TLB; returns the physical address or -1 after raising the abort. */
  private translateData(va: number, write: boolean, tb: number): number {
    const mmu = this.mmu;
    const user = tb === 0;
    if (!mmu.translate(va, write ? Access.Write : Access.Read, user)) {
      if (this.f.arch >= ArchVersion.V7 || this.f.v5Mmu) { /* domain bits kept as recorded */ }
      this.accessFault(va, write, mmu.fsr);
      return -1;
    }
    const pa = mmu.pa;
    if (mmu.noFill === 0 && pa < 4294967296 && this.bus.ramLookup(pa)) {
      const i = ((va >>> 12) & TLB_MASK) | tb, vp = (va >>> 12) | VALID;
      this.tlbView[i] = this.bus.hitView;
      this.tlbOff[i] = this.bus.hitOffset;
      this.tlbPage[i] = pa / 4096;
      const p = mmu.perm;
      this.tagR[i] = p & K.PERM_R ? vp : 0;
      this.tagW[i] = p & K.PERM_W && this.bus.hitWritable ? vp : 0;
      this.tagX[i] = p & K.PERM_X ? vp : 0;
    }
    return pa;
  }

  private physRead(va: number, pa: number, size: 1 | 2 | 4): number {
    const bus = this.bus;
    if (pa < 4294967296 && bus.ramLookup(pa)) {
      const off = bus.hitOffset + (pa & 0xfff), v = bus.hitView;
      return size === 4 ? v.getInt32(off, true) : size === 2 ? v.getUint16(off, true) : v.getUint8(off);
    }
    const r = bus.mmioRead(pa, size, this.vcpu);
    if (bus.fault !== 0) { this.externalAbort(va, pa, false, size); return 0; }
    return size === 4 ? r | 0 : size === 2 ? r & 0xffff : r & 0xff;
  }

  private physWrite(va: number, pa: number, size: 1 | 2 | 4, v: number): void {
    const bus = this.bus;
    if (pa < 4294967296 && bus.ramLookup(pa) && bus.hitWritable) {
      const off = bus.hitOffset + (pa & 0xfff), dv = bus.hitView;
      if (size === 4) dv.setInt32(off, v, true); else if (size === 2) dv.setUint16(off, v & 0xffff, true); else dv.setUint8(off, v & 0xff);
    } else {
      bus.mmioWrite(pa, size, size === 4 ? v >>> 0 : size === 2 ? v & 0xffff : v & 0xff, 0, this.vcpu);
      if (bus.fault !== 0) { this.externalAbort(va, pa, true, size); return; }
    }
    if (this.mon.active) this.mon.noteStore(this.vcpu, pa, size);
  }

  /** Slow load: alignment, translation, MMIO. strict: the access must be aligned (LDM, LDRD, LDREX...). */
  private loadSlow(va: number, size: 1 | 2 | 4, tb: number, strict: boolean): number {
    if ((va & (size - 1)) !== 0) {
      const sctlr = this.C[C.SCTLR]!;
      if ((sctlr & K.SCTLR_A) !== 0 || (strict && this.unalignedAllowed())) { this.alignmentFault(va, false); return 0; }
      if (strict || !this.unalignedAllowed()) {
        // ARMv5 / legacy v6: the aligned word, rotated for LDR; LDM-class ignores the low bits.
        const aligned = va & ~(size - 1);
        const w = this.loadSlow(aligned, size, tb, false);
        if (size === 4 && !strict) { const r = (va & 3) * 8; return ((w >>> r) | (w << (32 - r))) | 0; }
        return w;
      }
      let v = 0;
      for (let i = 0; i < size; i++) {
        const b = this.load8(va + i, tb);
        if (this.S[S.FAULT]) return 0;
        v |= b << (8 * i);
      }
      if (this.S[S.E]) v = size === 4 ? bswap32(v) : ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
      return size === 4 ? v | 0 : v;
    }
    const pa = this.translateData(va, false, tb);
    if (pa < 0) return 0;
    let v = this.physRead(va, pa, size);
    if (this.S[S.E] && size > 1) v = size === 4 ? bswap32(v) : ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
    return v;
  }

  private storeSlow(va: number, size: 1 | 2 | 4, v: number, tb: number, strict: boolean): void {
    if ((va & (size - 1)) !== 0) {
      const sctlr = this.C[C.SCTLR]!;
      if ((sctlr & K.SCTLR_A) !== 0 || (strict && this.unalignedAllowed())) { this.alignmentFault(va, true); return; }
      if (strict || !this.unalignedAllowed()) { this.storeSlow(va & ~(size - 1), size, v, tb, false); return; }
      let x = v;
      if (this.S[S.E]) x = size === 4 ? bswap32(v) : ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
      // Check every byte's translation before writing any of them.
      for (let i = 0; i < size; i++) {
        if (this.translateData(va + i, true, tb) < 0) return;
      }
      for (let i = 0; i < size; i++) this.store8(va + i, x >>> (8 * i), tb);
      return;
    }
    const pa = this.translateData(va, true, tb);
    if (pa < 0) return;
    if (this.S[S.E] && size > 1) v = size === 4 ? bswap32(v) : ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
    this.physWrite(va, pa, size, v);
  }

  load32(va: number, tb: number): number {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagR[i] === ((va >>> 12) | VALID) && (va & 3) === 0) {
      const v = this.tlbView[i]!.getInt32(this.tlbOff[i]! + (va & 0xfff), true);
      return this.S[S.E] ? bswap32(v) : v;
    }
    return this.loadSlow(va, 4, tb, false);
  }

  /** Word load that must be aligned (LDM, LDRD, LDREX, SWP, RFE). */
  load32a(va: number, tb: number): number {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagR[i] === ((va >>> 12) | VALID) && (va & 3) === 0) {
      const v = this.tlbView[i]!.getInt32(this.tlbOff[i]! + (va & 0xfff), true);
      return this.S[S.E] ? bswap32(v) : v;
    }
    return this.loadSlow(va, 4, tb, true);
  }

  load16(va: number, tb: number): number {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagR[i] === ((va >>> 12) | VALID) && (va & 1) === 0) {
      const v = this.tlbView[i]!.getUint16(this.tlbOff[i]! + (va & 0xfff), true);
      return this.S[S.E] ? ((v & 0xff) << 8) | (v >>> 8) : v;
    }
    return this.loadSlow(va, 2, tb, false);
  }

  load8(va: number, tb: number): number {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagR[i] === ((va >>> 12) | VALID)) return this.tlbView[i]!.getUint8(this.tlbOff[i]! + (va & 0xfff));
    return this.loadSlow(va, 1, tb, false);
  }

  private noteStore(i: number, va: number, size: number): void {
    this.mon.noteStore(this.vcpu, this.tlbPage[i]! * 4096 + (va & 0xfff), size);
  }

  store32(va: number, v: number, tb: number): void {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagW[i] === ((va >>> 12) | VALID) && (va & 3) === 0) {
      this.tlbView[i]!.setInt32(this.tlbOff[i]! + (va & 0xfff), this.S[S.E] ? bswap32(v) : v, true);
      if (this.mon.active) this.noteStore(i, va, 4);
      return;
    }
    this.storeSlow(va, 4, v, tb, false);
  }

  store32a(va: number, v: number, tb: number): void {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagW[i] === ((va >>> 12) | VALID) && (va & 3) === 0) {
      this.tlbView[i]!.setInt32(this.tlbOff[i]! + (va & 0xfff), this.S[S.E] ? bswap32(v) : v, true);
      if (this.mon.active) this.noteStore(i, va, 4);
      return;
    }
    this.storeSlow(va, 4, v, tb, true);
  }

  store16(va: number, v: number, tb: number): void {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagW[i] === ((va >>> 12) | VALID) && (va & 1) === 0) {
      this.tlbView[i]!.setUint16(this.tlbOff[i]! + (va & 0xfff), this.S[S.E] ? ((v & 0xff) << 8) | ((v >>> 8) & 0xff) : v & 0xffff, true);
      if (this.mon.active) this.noteStore(i, va, 2);
      return;
    }
    this.storeSlow(va, 2, v, tb, false);
  }

  store8(va: number, v: number, tb: number): void {
    const i = ((va >>> 12) & TLB_MASK) | tb;
    if (this.tagW[i] === ((va >>> 12) | VALID)) {
      this.tlbView[i]!.setUint8(this.tlbOff[i]! + (va & 0xfff), v & 0xff);
      if (this.mon.active) this.noteStore(i, va, 1);
      return;
    }
    this.storeSlow(va, 1, v, tb, false);
  }

  /** Physical address for an exclusive access (after its permission check), or -1 after an abort. */
  private exclusivePa(va: number, size: number, write: boolean): number {
    if ((va & (size - 1)) !== 0) { this.alignmentFault(va, write); return -1; }
    const tb = this.S[S.TLBBASE]!, i = ((va >>> 12) & TLB_MASK) | tb, vp = (va >>> 12) | VALID;
    if ((write ? this.tagW[i] : this.tagR[i]) === vp) return this.tlbPage[i]! * 4096 + (va & 0xfff);
    return this.translateData(va, write, tb);
  }

  // ------------------------------------------------------------------- fetch

  /** Fetches the halfword or word at va for execution; on failure raises the prefetch abort and returns 0 with FAULT set. */
  private fetchSlow(va: number, size: 2 | 4): number {
    const St = this.S, mmu = this.mmu, tb = St[S.TLBBASE]!;
    if (!mmu.translate(va, Access.Exec, tb === 0)) {
      St[S.FAULT] = 1;
      this.takePrefetchAbort(va, mmu.long ? mmu.fsr : mmu.fsr & ~0xf0);
      return 0;
    }
    const pa = mmu.pa, bus = this.bus;
    if (pa < 4294967296 && bus.ramLookup(pa)) {
      if (mmu.noFill === 0) {
        const i = ((va >>> 12) & TLB_MASK) | tb, vp = (va >>> 12) | VALID;
        this.tlbView[i] = bus.hitView; this.tlbOff[i] = bus.hitOffset; this.tlbPage[i] = pa / 4096;
        const p = mmu.perm;
        this.tagR[i] = p & K.PERM_R ? vp : 0;
        this.tagW[i] = p & K.PERM_W && bus.hitWritable ? vp : 0;
        this.tagX[i] = p & K.PERM_X ? vp : 0;
      }
      const off = bus.hitOffset + (pa & 0xfff);
      return size === 4 ? bus.hitView.getInt32(off, true) : bus.hitView.getUint16(off, true);
    }
    const v = bus.mmioRead(pa, size, this.vcpu);
    if (bus.fault !== 0) {
      this.env.log('guest', `vcpu${this.vcpu}: instruction fetch at pa 0x${pa.toString(16)} (va 0x${(va >>> 0).toString(16)}): no region (external abort)`);
      St[S.FAULT] = 1;
      this.takePrefetchAbort(va, mmu.longFormat() ? (1 << 9) | 0x10 : Fs.SyncExternal);
      return 0;
    }
    return size === 4 ? v | 0 : v & 0xffff;
  }

  private fetch16(va: number): number {
    const i = ((va >>> 12) & TLB_MASK) | this.S[S.TLBBASE]!;
    if (this.tagX[i] === ((va >>> 12) | VALID)) return this.tlbView[i]!.getUint16(this.tlbOff[i]! + (va & 0xfff), true);
    return this.fetchSlow(va, 2);
  }

  // --------------------------------------------------------------------- run

  run(budget: number): StopReason {
    const St = this.S;
    if (this.halt !== '') return StopReason.Halted;
    this.runBudget = budget;
    St[S.LEFT] = budget;
    let reason: StopReason = StopReason.Budget;
    const R = this.R, decA = this.decA, tagA = this.tagA, tagX = this.tagX, views = this.tlbView, offs = this.tlbOff;
    while (St[S.LEFT]! > 0) {
      if (St[S.ATTN] !== 0) {
        if (St[S.STOPREQ] !== 0) { St[S.STOPREQ] = 0; this.updateAttn(); break; }
        if (St[S.FIQ] !== 0 && St[S.F] === 0) this.takeFiq();
        else if (St[S.IRQ] !== 0 && St[S.I] === 0) this.takeIrq();
        this.updateAttn();
      }
      St[S.LEFT]--;
      const pc = St[S.PC]!;
      St[S.CURPC] = pc;
      St[S.FAULT] = 0;
      if (St[S.T] === 0) {
        const ti = ((pc >>> 12) & TLB_MASK) | St[S.TLBBASE]!;
        let w: number;
        if (tagX[ti] === ((pc >>> 12) | VALID)) w = views[ti]!.getInt32(offs[ti]! + (pc & 0xfff), true);
        else { w = this.fetchSlow(pc, 4); if (St[S.FAULT] !== 0) continue; }
        const slot = (pc >>> 2) & DC_MASK, o = slot * K.DEC_STRIDE;
        if (tagA[slot] !== w) { decodeA32(w, this.f, decA, o); tagA[slot] = w; }
        St[S.PC] = pc + 4;
        const cond = decA[o + K.F_COND]!;
        if (cond < 14 && COND_TABLE[(St[S.NZCV]! << 4) | cond] === 0) continue;
        R[15] = pc + 8;
        const r = this.execute(decA, o);
        if (r !== 0) { reason = r - 1; break; }
      } else {
        const r = this.stepThumb(pc);
        if (r !== 0) { reason = r - 1; break; }
      }
    }
    this.retired += budget - St[S.LEFT]!;
    this.runBudget = 0;
    St[S.LEFT] = 0;
    if (this.halt !== '') return StopReason.Halted;
    return reason;
  }

  private stepThumb(pc: number): number {
    const St = this.S, R = this.R, decT = this.decT, tagT = this.tagT;
    const ti = ((pc >>> 12) & TLB_MASK) | St[S.TLBBASE]!;
    let hw1: number, off = -1;
    if (this.tagX[ti] === ((pc >>> 12) | VALID)) { off = this.tlbOff[ti]! + (pc & 0xfff); hw1 = this.tlbView[ti]!.getUint16(off, true); }
    else { hw1 = this.fetchSlow(pc, 2); if (St[S.FAULT] !== 0) return 0; }
    let w = hw1;
    const wide = this.f.thumb2 && isT32Wide(hw1);
    if (wide) {
      // The second halfword is on the same page unless the first ends it.
      const hw2 = off >= 0 && (pc & 0xfff) !== 0xffe ? this.tlbView[ti]!.getUint16(off + 2, true) : this.fetch16(pc + 2);
      if (St[S.FAULT] !== 0) return 0;
      w = hw1 | (hw2 << 16);
    }
    const slot = (pc >>> 1) & DC_MASK, o = slot * K.DEC_STRIDE;
    if (tagT[slot] !== w) {
      if (wide) decodeT32(hw1, w >>> 16, this.f, decT, o); else decodeT16(hw1, this.f, decT, o);
      tagT[slot] = w;
    }
    const it = St[S.IT]!;
    St[S.CURIT] = it;
    St[S.PC] = pc + decT[o + K.F_LEN]!;
    let cond = decT[o + K.F_COND]! & 15;
    if (it !== 0) {
      cond = it >>> 4;
      St[S.IT] = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
    }
    if (cond < 14 && COND_TABLE[(St[S.NZCV]! << 4) | cond] === 0) return 0;
    R[15] = pc + 4;
    R[16] = (pc + 4) & ~3;
    return this.execute(decT, o);
  }

  // ---------------------------------------------------------------- execute

  /** Shifter result of the last shift() (ARM DDI 0406C.d A8.4.3). */
  private sc = 0;

  private shift(v: number, type: number, amt: number): number {
    switch (type) {
      case 0:
        if (amt === 0) { this.sc = (this.S[S.NZCV]! >>> 1) & 1; return v; }
        if (amt < 32) { this.sc = (v >>> (32 - amt)) & 1; return v << amt; }
        this.sc = amt === 32 ? v & 1 : 0; return 0;
      case 1:
        if (amt === 0) { this.sc = (this.S[S.NZCV]! >>> 1) & 1; return v; }
        if (amt < 32) { this.sc = (v >>> (amt - 1)) & 1; return v >>> amt; }
        this.sc = amt === 32 ? v >>> 31 : 0; return 0;
      case 2:
        if (amt === 0) { this.sc = (this.S[S.NZCV]! >>> 1) & 1; return v; }
        if (amt < 32) { this.sc = (v >> (amt - 1)) & 1; return v >> amt; }
        this.sc = v >>> 31; return v >> 31;
      case 3: {
        if (amt === 0) { this.sc = (this.S[S.NZCV]! >>> 1) & 1; return v; }
        const a = amt & 31;
        if (a === 0) { this.sc = v >>> 31; return v; }
        const r = (v >>> a) | (v << (32 - a));
        this.sc = r >>> 31; return r;
      }
      default: { // RRX
        const c = (this.S[S.NZCV]! >>> 1) & 1;
        this.sc = v & 1;
        return (v >>> 1) | (c << 31);
      }
    }
  }

  /** Returns 0 to go on, or StopReason + 1. */
  private execute(D: Int32Array, o: number): number {
    const R = this.R, St = this.S;
    const op = D[o + K.F_OP]!;
    switch (op) {
      case Op.DpImm: case Op.DpReg: case Op.DpRegReg: {
        const m = D[o + K.F_M]!;
        let b: number, sc: number;
        if (op === Op.DpImm) {
          b = D[o + K.F_D]!;
          sc = m & K.DP_CVALID ? (m >>> 7) & 1 : (St[S.NZCV]! >>> 1) & 1;
        } else if (op === Op.DpReg) {
          const t = (m >>> K.SH_TYPE_SHIFT) & 7, amt = (m >>> K.SH_AMT_SHIFT) & 63;
          b = this.shift(R[D[o + K.F_C]!]!, t, amt); sc = this.sc;
        } else {
          b = this.shift(R[D[o + K.F_C]!]!, (m >>> K.SH_TYPE_SHIFT) & 7, R[D[o + K.F_D]!]! & 255); sc = this.sc;
        }
        const a = R[D[o + K.F_B]!]!;
        let res: number, arith = 0, c = 0, v = 0;
        switch (m & 31) {
          case 0: case 8: res = a & b; break;
          case 1: case 9: res = a ^ b; break;
          case 2: case 10: res = (a - b) | 0; arith = 1; c = (a >>> 0) >= (b >>> 0) ? 1 : 0; v = ((a ^ b) & (a ^ res)) >>> 31; break;
          case 3: res = (b - a) | 0; arith = 1; c = (b >>> 0) >= (a >>> 0) ? 1 : 0; v = ((b ^ a) & (b ^ res)) >>> 31; break;
          case 4: case 11: res = (a + b) | 0; arith = 1; c = (res >>> 0) < (a >>> 0) ? 1 : 0; v = (~(a ^ b) & (a ^ res)) >>> 31; break;
          case 5: { const cin = (St[S.NZCV]! >>> 1) & 1; const s = (a >>> 0) + (b >>> 0) + cin; res = s | 0; arith = 1; c = s > 0xffffffff ? 1 : 0; v = (~(a ^ b) & (a ^ res)) >>> 31; break; }
          case 6: { const cin = (St[S.NZCV]! >>> 1) & 1; const s = (a >>> 0) + (~b >>> 0) + cin; res = s | 0; arith = 1; c = s > 0xffffffff ? 1 : 0; v = ((a ^ b) & (a ^ res)) >>> 31; break; }
          case 7: { const cin = (St[S.NZCV]! >>> 1) & 1; const s = (b >>> 0) + (~a >>> 0) + cin; res = s | 0; arith = 1; c = s > 0xffffffff ? 1 : 0; v = ((b ^ a) & (b ^ res)) >>> 31; break; }
          case 12: res = a | b; break;
          case 13: res = b; break;
          case 14: res = a & ~b; break;
          case 15: res = ~b; break;
          default: res = a | ~b; break; // ORN
        }
        const opc = m & 31;
        const setFlags = (m & K.DP_S) !== 0 || ((m & K.DP_SNOTIT) !== 0 && St[S.CURIT] === 0);
        if (opc >= 8 && opc <= 11) {
          St[S.NZCV] = arith ? ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (c << 1) | v
            : ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (sc << 1) | (St[S.NZCV]! & 1);
          return 0;
        }
        const rd = D[o + K.F_A]!;
        if (rd === 15) {
          if ((m & K.DP_S) !== 0) this.exceptionReturn(res);
          else this.aluWritePc(res);
          return 0;
        }
        R[rd] = res;
        if (setFlags) {
          St[S.NZCV] = arith ? ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (c << 1) | v
            : ((res >>> 28) & 8) | (res === 0 ? 4 : 0) | (sc << 1) | (St[S.NZCV]! & 1);
        }
        return 0;
      }
      case Op.LdStWB: {
        const m = D[o + K.F_M]!, rn = D[o + K.F_B]!, rt = D[o + K.F_A]!;
        const off = m & K.WB_REG ? this.shift(R[D[o + K.F_C]!]!, (m >>> K.SH_TYPE_SHIFT) & 7, (m >>> K.SH_AMT_SHIFT) & 63) : D[o + K.F_D]!;
        const base = R[rn]!;
        const upd = (m & K.WB_U ? base + off : base - off) | 0;
        const addr = m & K.WB_P ? upd : base;
        const tb = m & K.WB_T ? 0 : St[S.TLBBASE]!;
        if (m & K.WB_L) {
          const v = m & K.WB_B ? this.load8(addr, tb) : this.load32(addr, tb);
          if (St[S.FAULT] !== 0) return 0;
          if (m & K.WB_W) R[rn] = upd;
          if (rt === 15) this.loadWritePc(v); else R[rt] = v;
        } else {
          const v = R[rt]!;
          if (m & K.WB_B) this.store8(addr, v, tb); else this.store32(addr, v, tb);
          if (St[S.FAULT] !== 0) return 0;
          if (m & K.WB_W) R[rn] = upd;
        }
        return 0;
      }
      case Op.LdStHS: return this.execLdStHS(D, o);
      case Op.LdStM: return this.execLdStM(D, o);
      case Op.Branch: {
        const m = D[o + K.F_M]!, d = D[o + K.F_D]!;
        const thumb = St[S.T]!;
        if (m & 1) R[14] = thumb ? St[S.PC]! | 1 : St[S.PC]!;
        if (m & 2) { St[S.T] = 1; St[S.PC] = (R[15]! + d) & ~1; }
        else if (m & 4) { St[S.T] = 0; St[S.PC] = (R[16]! + d) & ~3; }
        else St[S.PC] = (R[15]! + d) | 0;
        return 0;
      }
      case Op.BxReg: {
        const v = R[D[o + K.F_C]!]!;
        if (D[o + K.F_M]! & 1) R[14] = St[S.T] ? St[S.PC]! | 1 : St[S.PC]!;
        this.bxWritePc(v);
        return 0;
      }
      case Op.Cbz: {
        const z = R[D[o + K.F_C]!] === 0;
        if (z !== (D[o + K.F_M] === 1)) St[S.PC] = (R[15]! + D[o + K.F_D]!) | 0;
        return 0;
      }
      case Op.It: St[S.IT] = D[o + K.F_D]!; return 0;
      case Op.Nop: case Op.Isb: return 0;
      default: return this.executeRare(D, o, op);
    }
  }

  private execLdStHS(D: Int32Array, o: number): number {
    const R = this.R, St = this.S;
    const m = D[o + K.F_M]!, rn = D[o + K.F_B]!, rt = D[o + K.F_A]!;
    const d = D[o + K.F_D]!;
    const off = m & K.HS_REG ? R[D[o + K.F_C]!]! << (d >>> 16) : d;
    const base = R[rn]!;
    const upd = (m & K.HS_U ? base + off : base - off) | 0;
    const addr = m & K.HS_P ? upd : base;
    const tb = m & K.HS_T ? 0 : St[S.TLBBASE]!;
    const kind = (m >>> K.HS_KIND_SHIFT) & 3;
    if (kind === HsKind.D) {
      const rt2 = (m >>> K.HS_RT2_SHIFT) & 15;
      if (m & K.HS_L) {
        const lo = this.load32a(addr, tb);
        if (St[S.FAULT] !== 0) return 0;
        const hi = this.load32a(addr + 4, tb);
        if (St[S.FAULT] !== 0) return 0;
        if (m & K.HS_W) R[rn] = upd;
        R[rt] = lo;
        if (rt2 === 15) this.loadWritePc(hi); else R[rt2] = hi;
      } else {
        const lo = R[rt]!, hi = R[rt2]!;
        // Check both words' translations before storing (no partial STRD on a fault).
        if (this.translateData(addr + 4, true, tb) < 0) return 0;
        this.store32a(addr, lo, tb);
        if (St[S.FAULT] !== 0) return 0;
        this.store32a(addr + 4, hi, tb);
        if (St[S.FAULT] !== 0) return 0;
        if (m & K.HS_W) R[rn] = upd;
      }
      return 0;
    }
    if (m & K.HS_L) {
      let v: number;
      if (kind === HsKind.H) v = this.load16(addr, tb);
      else if (kind === HsKind.SB) v = (this.load8(addr, tb) << 24) >> 24;
      else v = (this.load16(addr, tb) << 16) >> 16;
      if (St[S.FAULT] !== 0) return 0;
      if (m & K.HS_W) R[rn] = upd;
      if (rt === 15) this.loadWritePc(v); else R[rt] = v;
    } else {
      this.store16(addr, R[rt]!, tb);
      if (St[S.FAULT] !== 0) return 0;
      if (m & K.HS_W) R[rn] = upd;
    }
    return 0;
  }

  private execLdStM(D: Int32Array, o: number): number {
    const R = this.R, St = this.S, buf = this.ldmBuf;
    const m = D[o + K.F_M]!, rn = D[o + K.F_B]!, list = D[o + K.F_D]!;
    let n = 0;
    for (let l = list; l !== 0; l &= l - 1) n++;
    const base = R[rn]!;
    let addr: number;
    if (m & K.LM_U) addr = m & K.LM_P ? base + 4 : base;
    else addr = m & K.LM_P ? base - 4 * n : base - 4 * n + 4;
    const wb = (m & K.LM_U ? base + 4 * n : base - 4 * n) | 0;
    const tb = St[S.TLBBASE]!;
    const userBank = (m & K.LM_S) !== 0 && !((m & K.LM_L) && (list & 0x8000));
    if (m & K.LM_L) {
      let a = addr, k = 0;
      for (let r = 0; r < 16; r++) {
        if (list & (1 << r)) {
          buf[k++] = this.load32a(a, tb);
          if (St[S.FAULT] !== 0) return 0;
          a = (a + 4) | 0;
        }
      }
      if ((m & K.LM_W) && !(list & (1 << rn))) R[rn] = wb;
      k = 0;
      for (let r = 0; r < 15; r++) {
        if (list & (1 << r)) { if (userBank) this.setUserReg(r, buf[k++]!); else R[r] = buf[k++]!; }
      }
      if (list & 0x8000) {
        if (m & K.LM_S) this.exceptionReturn(buf[k]!);
        else this.loadWritePc(buf[k]!);
      }
    } else {
      let a = addr;
      for (let r = 0; r < 16; r++) {
        if (list & (1 << r)) {
          this.store32a(a, userBank ? this.userReg(r) : R[r]!, tb);
          if (St[S.FAULT] !== 0) return 0;
          a = (a + 4) | 0;
        }
      }
      if (m & K.LM_W) R[rn] = wb;
    }
    return 0;
  }

  private privileged(): boolean { return this.S[S.MODE] !== Mode.USR; }

  private executeRare(D: Int32Array, o: number, op: number): number {
    const R = this.R, St = this.S, f = this.f;
    const a = D[o + K.F_A]!, b = D[o + K.F_B]!, c = D[o + K.F_C]!, d = D[o + K.F_D]!, m = D[o + K.F_M]!;
    switch (op) {
      case Op.Undef: this.takeUndef(); return 0;
      case Op.Mul: {
        let r = Math.imul(R[c]!, R[d]!);
        if (m & 1) r = m & 2 ? (R[b]! - r) | 0 : (R[b]! + r) | 0;
        R[a] = r;
        if ((m & K.DP_S) || ((m & K.DP_SNOTIT) && St[S.CURIT] === 0)) St[S.NZCV] = ((r >>> 28) & 8) | (r === 0 ? 4 : 0) | (St[S.NZCV]! & 3);
        return 0;
      }
      case Op.MulLong: {
        let lo: number, hi: number;
        if (m & 4) { // UMAAL
          lo = umul64(R[c]!, R[d]!, R[a]!, 0); hi = out.hi;
          const l = (lo >>> 0) + (R[b]! >>> 0);
          hi = (hi + (l > 0xffffffff ? 1 : 0)) | 0; lo = l | 0;
        } else {
          const addLo = m & 2 ? R[a]! : 0, addHi = m & 2 ? R[b]! : 0;
          lo = m & 1 ? smul64(R[c]!, R[d]!, addLo, addHi) : umul64(R[c]!, R[d]!, addLo, addHi);
          hi = out.hi;
        }
        R[a] = lo; R[b] = hi;
        if (m & K.DP_S) St[S.NZCV] = ((hi >>> 28) & 8) | ((lo | hi) === 0 ? 4 : 0) | (St[S.NZCV]! & 3);
        return 0;
      }
      case Op.SmlaXY: {
        const x = m & 1 ? R[c]! >> 16 : (R[c]! << 16) >> 16;
        const y = m & 2 ? R[d]! >> 16 : (R[d]! << 16) >> 16;
        let r = x * y;
        if (m & 4) { r += R[b]!; if (r !== (r | 0)) St[S.Q] = 1; }
        R[a] = r | 0;
        return 0;
      }
      case Op.SmlaWY: {
        const y = m & 2 ? R[d]! >> 16 : (R[d]! << 16) >> 16;
        let r = Math.floor((R[c]! * y) / 65536);
        if (m & 4) { r += R[b]!; if (r !== (r | 0)) St[S.Q] = 1; }
        R[a] = r | 0;
        return 0;
      }
      case Op.SmlalXY: {
        const x = m & 1 ? R[c]! >> 16 : (R[c]! << 16) >> 16;
        const y = m & 2 ? R[d]! >> 16 : (R[d]! << 16) >> 16;
        this.add64(a, b, x * y);
        return 0;
      }
      case Op.QAddSub: {
        out.q = 0;
        let y = R[b]!;
        if (m & 2) y = signedSat(y * 2, 32);
        const r = signedSat(m & 1 ? R[c]! - y : R[c]! + y, 32);
        if (out.q) St[S.Q] = 1;
        R[a] = r;
        return 0;
      }
      case Op.Clz: R[a] = Math.clz32(R[c]!); return 0;
      case Op.Mrs:
        if (m & 1) R[a] = this.privileged() ? this.spsr : 0;
        else R[a] = this.readCpsr() & ~0x0700fc20;
        return 0;
      case Op.Msr: {
        const v = m & 2 ? d : R[c]!;
        const mask = (m >>> 4) & 15;
        if (m & 1) {
          if (!this.privileged()) return 0;
          let sp = this.spsr;
          for (let i = 0; i < 4; i++) if (mask & (1 << i)) sp = (sp & ~(0xff << (8 * i))) | (v & (0xff << (8 * i)));
          this.spsr = sp;
        } else this.writeCpsr(v, mask, false);
        return 0;
      }
      case Op.Svc: this.takeSvc(); return 0;
      case Op.Bkpt: this.takePrefetchAbort(St[S.CURPC]!, 0x2); return 0;
      case Op.Smc:
        if (!this.privileged() || !this.traps.smc) { this.takeUndef(); return 0; }
        return StopReason.Smc + 1;
      case Op.Hvc:
        if (!this.privileged()) { this.takeUndef(); return 0; }
        return StopReason.Hvc + 1;
      case Op.Wfi:
        if (!this.traps.wfi || this.wakeupPending()) return 0;
        return StopReason.Wfi + 1;
      case Op.Wfe:
        if (St[S.EVENT]) { St[S.EVENT] = 0; return 0; }
        if (!this.traps.wfe || this.wakeupPending()) return 0;
        return StopReason.Wfe + 1;
      case Op.Sev: St[S.EVENT] = 1; return 0;
      case Op.Clrex: this.mon.clear(this.vcpu); return 0;
      case Op.Mcr: return this.execMcr(a, d, m);
      case Op.Mcrr: return this.execMcrr(a, b, d, m);
      case Op.CpOther: this.takeUndef(); return 0;
      case Op.Swp: {
        if (f.mpExt && (this.C[C.SCTLR]! & K.SCTLR_SW) === 0) { this.takeUndef(); return 0; }
        const addr = R[b]!, tb = St[S.TLBBASE]!;
        const v = m & 1 ? this.load8(addr, tb) : this.load32(addr, tb);
        if (St[S.FAULT]) return 0;
        if (m & 1) this.store8(addr, R[c]!, tb); else this.store32(addr, R[c]!, tb);
        if (St[S.FAULT]) return 0;
        R[a] = v;
        return 0;
      }
      case Op.Ldrex: {
        const size = 1 << (m & 3), addr = (R[b]! + d) | 0;
        const pa = this.exclusivePa(addr, size === 8 ? 4 : size, false);
        if (pa < 0) return 0;
        const tb = St[S.TLBBASE]!;
        if (size === 8) {
          const lo = this.load32a(addr, tb); if (St[S.FAULT]) return 0;
          const hi = this.load32a(addr + 4, tb); if (St[S.FAULT]) return 0;
          R[a] = lo; R[c] = hi;
        } else {
          const v = size === 4 ? this.load32a(addr, tb) : size === 2 ? this.load16(addr, tb) : this.load8(addr, tb);
          if (St[S.FAULT]) return 0;
          R[a] = v;
        }
        this.mon.mark(this.vcpu, pa, size);
        return 0;
      }
      case Op.Strex: {
        const size = 1 << (m & 3), addr = (R[b]! + (m >> 8)) | 0;
        const pa = this.exclusivePa(addr, size === 8 ? 4 : size, true);
        if (pa < 0) return 0;
        if (size === 8 && this.translateData(addr + 4, true, St[S.TLBBASE]!) < 0) return 0;
        if (!this.mon.checkAndClear(this.vcpu, pa, size)) { R[a] = 1; return 0; }
        const tb = St[S.TLBBASE]!;
        if (size === 8) { this.store32a(addr, R[c]!, tb); if (!St[S.FAULT]) this.store32a(addr + 4, R[d]!, tb); }
        else if (size === 4) this.store32a(addr, R[c]!, tb);
        else if (size === 2) this.store16(addr, R[c]!, tb);
        else this.store8(addr, R[c]!, tb);
        if (St[S.FAULT]) return 0;
        R[a] = 0;
        return 0;
      }
      case Op.Cps: {
        if (!this.privileged()) return 0;
        const imod = m & 3, aif = (m >>> 3) & 7;
        if (imod >= 2) {
          const v = imod === 3 ? 1 : 0;
          if (aif & 4) St[S.A] = v;
          if (aif & 2) St[S.I] = v;
          if (aif & 1) St[S.F] = v;
        }
        if (m & 4) {
          const mode = (m >>> 6) & 31;
          if (this.validMode(mode)) this.switchMode(mode);
        }
        this.updateAttn();
        return 0;
      }
      case Op.Srs: {
        if (!this.privileged() || St[S.MODE] === Mode.SYS) { this.takeUndef(); return 0; }
        const bk = MODE_BANK[b & 31]!;
        if (bk < 0) { this.takeUndef(); return 0; }
        const cur = MODE_BANK[St[S.MODE]!]!;
        const sp = bk === cur ? R[13]! : this.bank[bk]!;
        const P = m & 1, U = (m >>> 1) & 1;
        const addr = U ? (P ? sp + 4 : sp) : (P ? sp - 8 : sp - 4);
        const tb = St[S.TLBBASE]!;
        this.store32a(addr, R[14]!, tb); if (St[S.FAULT]) return 0;
        this.store32a(addr + 4, this.spsr, tb); if (St[S.FAULT]) return 0;
        if (m & 4) { const nv = (U ? sp + 8 : sp - 8) | 0; if (bk === cur) R[13] = nv; else this.bank[bk] = nv; }
        return 0;
      }
      case Op.Rfe: {
        if (!this.privileged()) { this.takeUndef(); return 0; }
        const base = R[b]!, P = m & 1, U = (m >>> 1) & 1;
        const addr = U ? (P ? base + 4 : base) : (P ? base - 8 : base - 4);
        const tb = St[S.TLBBASE]!;
        const pc = this.load32a(addr, tb); if (St[S.FAULT]) return 0;
        const psr = this.load32a(addr + 4, tb); if (St[S.FAULT]) return 0;
        if (m & 4) R[b] = (U ? base + 8 : base - 8) | 0;
        this.writeCpsr(psr, 15, true);
        St[S.PC] = St[S.T] ? pc & ~1 : pc & ~3;
        return 0;
      }
      case Op.Setend: St[S.E] = m & 1; return 0;
      case Op.Parallel: {
        const r = parallel(m & 7, (m >>> 4) & 7, R[b]!, R[c]!);
        if (out.ge >= 0) St[S.GE] = out.ge;
        R[a] = r;
        return 0;
      }
      case Op.Sat: {
        out.q = 0;
        const t = (m >>> K.SH_TYPE_SHIFT) & 7, amt = (m >>> K.SH_AMT_SHIFT) & 63;
        const v = this.shift(R[c]!, t, amt);
        R[a] = m & 1 ? unsignedSat(v, d) : signedSat(v, d);
        if (out.q) St[S.Q] = 1;
        return 0;
      }
      case Op.Sat16: {
        out.q = 0;
        const v = R[c]!;
        const lo = (v << 16) >> 16, hi = v >> 16;
        const rl = m & 1 ? unsignedSat(lo, d) : signedSat(lo, d);
        const rh = m & 1 ? unsignedSat(hi, d) : signedSat(hi, d);
        R[a] = (rl & 0xffff) | (rh << 16);
        if (out.q) St[S.Q] = 1;
        return 0;
      }
      case Op.Pkh: {
        const amt = (m >>> K.SH_AMT_SHIFT) & 63;
        if (m & 1) { const sh = amt >= 32 ? R[c]! >> 31 : R[c]! >> amt; R[a] = (R[b]! & 0xffff0000) | (sh & 0xffff); }
        else R[a] = (R[b]! & 0xffff) | ((R[c]! << amt) & 0xffff0000);
        return 0;
      }
      case Op.Rev: {
        const v = R[c]!;
        switch (m) {
          case 0: R[a] = bswap32(v); break;
          case 1: R[a] = ((v >>> 8) & 0x00ff00ff) | ((v << 8) & 0xff00ff00); break;
          case 2: R[a] = ((v << 24) >> 16) | ((v >>> 8) & 0xff); break;
          default: R[a] = rbit(v); break;
        }
        return 0;
      }
      case Op.Extend: {
        const rot = ((m >>> 4) & 3) * 8;
        const v = rot ? (R[c]! >>> rot) | (R[c]! << (32 - rot)) : R[c]!;
        const uns = m & 1, kind = (m >>> 1) & 3;
        const add = b === 15 ? 0 : R[b]!;
        if (kind === 0) {
          const lo = uns ? v & 0xff : (v << 24) >> 24, hi = uns ? (v >>> 16) & 0xff : (v << 8) >> 24;
          R[a] = ((add + lo) & 0xffff) | (((add >>> 16) + hi) << 16);
        } else if (kind === 2) R[a] = (add + (uns ? v & 0xff : (v << 24) >> 24)) | 0;
        else R[a] = (add + (uns ? v & 0xffff : (v << 16) >> 16)) | 0;
        return 0;
      }
      case Op.Sel: {
        const ge = St[S.GE]!;
        let r = 0;
        for (let i = 0; i < 4; i++) r |= ((ge >>> i) & 1 ? R[b]! : R[c]!) & (0xff << (8 * i));
        R[a] = r;
        return 0;
      }
      case Op.Usad8: {
        let s = b === 15 ? 0 : R[b]!;
        const x = R[c]!, y = R[d]!;
        for (let i = 0; i < 32; i += 8) s += Math.abs(((x >>> i) & 0xff) - ((y >>> i) & 0xff));
        R[a] = s | 0;
        return 0;
      }
      case Op.Smlad: {
        const x = R[c]!; let y = R[d]!;
        if (m & 1) y = (y >>> 16) | (y << 16);
        const p1 = ((x << 16) >> 16) * ((y << 16) >> 16), p2 = (x >> 16) * (y >> 16);
        let s = m & 2 ? p1 - p2 : p1 + p2;
        if (b !== 15) s += R[b]!;
        if (s !== (s | 0)) St[S.Q] = 1;
        R[a] = s | 0;
        return 0;
      }
      case Op.Smlald: {
        const x = R[c]!; let y = R[d]!;
        if (m & 1) y = (y >>> 16) | (y << 16);
        const p1 = ((x << 16) >> 16) * ((y << 16) >> 16), p2 = (x >> 16) * (y >> 16);
        this.add64(a, b, m & 2 ? p1 - p2 : p1 + p2);
        return 0;
      }
      case Op.Smmul: {
        let lo = smul64(R[c]!, R[d]!, 0, 0), hi = out.hi;
        if (m & 2) { lo = ~lo + 1 | 0; hi = (~hi + (lo === 0 ? 1 : 0)) | 0; } // negate the product
        if (b !== 15) hi = (hi + R[b]!) | 0;
        if (m & 1) { const l = (lo >>> 0) + 0x80000000; hi = (hi + (l > 0xffffffff ? 1 : 0)) | 0; }
        R[a] = hi;
        return 0;
      }
      case Op.MovWT: R[a] = m & 1 ? (R[a]! & 0xffff) | (d << 16) : d; return 0;
      case Op.Bfi: {
        const lsb = d & 31, msb = (d >>> 8) & 31, w = msb - lsb + 1;
        const mask = (w === 32 ? -1 : ((1 << w) - 1)) << lsb;
        const src = c === 15 ? 0 : R[c]! << lsb;
        R[a] = (R[a]! & ~mask) | (src & mask);
        return 0;
      }
      case Op.Bfx: {
        const lsb = d & 31, w = ((d >>> 8) & 31) + 1;
        if (lsb + w > 32) { this.takeUndef(); return 0; }
        const v = R[c]! << (32 - lsb - w);
        R[a] = m & 1 ? (w === 32 ? v : v >>> (32 - w)) : v >> (32 - w);
        return 0;
      }
      case Op.Div: {
        const n = R[c]!, q = R[d]!;
        if (q === 0) R[a] = 0;
        else R[a] = m & 1 ? Math.trunc((n >>> 0) / (q >>> 0)) | 0 : Math.trunc(n / q) | 0;
        return 0;
      }
      case Op.ThumbBlHalf: {
        if (m === 0) { R[14] = (R[15]! + d) | 0; return 0; }
        const target = (R[14]! + d) | 0;
        R[14] = St[S.PC]! | 1;
        if (m === 2) { St[S.T] = 0; St[S.PC] = target & ~3; } else St[S.PC] = target & ~1;
        return 0;
      }
      case Op.Tbb: {
        const base = R[b]!, idx = R[c]!, tb = St[S.TLBBASE]!;
        const v = m & 1 ? this.load16((base + idx * 2) | 0, tb) : this.load8((base + idx) | 0, tb);
        if (St[S.FAULT]) return 0;
        St[S.PC] = (R[15]! + v * 2) | 0;
        return 0;
      }
    }
    this.takeUndef();
    return 0;
  }

  /** Adds a signed value (|v| < 2^53) to the 64-bit register pair lo:hi. */
  private add64(lo: number, hi: number, v: number): void {
    const R = this.R;
    const vlo = v | 0, vhi = v < 0 ? Math.floor(v / 4294967296) | 0 : Math.floor(v / 4294967296) | 0;
    const l = (R[lo]! >>> 0) + (vlo >>> 0);
    R[hi] = (R[hi]! + vhi + (l > 0xffffffff ? 1 : 0)) | 0;
    R[lo] = l | 0;
  }

  private execMcr(rt: number, d: number, m: number): number {
    const cp = d >>> 16, opc1 = (d >>> 12) & 7, crn = (d >>> 8) & 15, crm = (d >>> 4) & 15, opc2 = d & 7;
    const St = this.S, R = this.R;
    St[S.UNDEF] = 0;
    const read = (m & 1) !== 0;
    let v = 0;
    if (cp === 15) {
      if (read) v = cp15Read(this, crn, opc1, crm, opc2);
      else cp15Write(this, crn, opc1, crm, opc2, R[rt]!);
    } else if (cp === 14) {
      if (read) v = cp14Read(this, crn, opc1, crm, opc2);
      else if (!this.privileged()) St[S.UNDEF] = 1;
    } else if (cp === 10 || cp === 11) {
      v = cpVfpAccess(this, read, crn, opc1, crm, opc2, R[rt]!);
    } else St[S.UNDEF] = 1;
    if (St[S.UNDEF] !== 0) { this.takeUndef(); return 0; }
    if (St[S.FAULT] !== 0) return 0;
    if (read) {
      if (rt === 15) St[S.NZCV] = v >>> 28;
      else R[rt] = v;
    }
    return this.pendingStop();
  }

  /** A CP15 operation that must end the run (WFI through c7) leaves its reason here. */
  cpStop = 0;
  private pendingStop(): number {
    const r = this.cpStop;
    this.cpStop = 0;
    return r;
  }

  private execMcrr(rt: number, rt2: number, d: number, m: number): number {
    const cp = d >>> 16, opc1 = (d >>> 4) & 15, crm = d & 15;
    const St = this.S, R = this.R;
    St[S.UNDEF] = 0;
    if (cp !== 15) { this.takeUndef(); return 0; }
    if (m & 1) {
      const lo = cp15Read64(this, opc1, crm);
      if (St[S.UNDEF]) { this.takeUndef(); return 0; }
      R[rt] = lo; R[rt2] = out.hi;
    } else {
      cp15Write64(this, opc1, crm, R[rt]!, R[rt2]!);
      if (St[S.UNDEF]) { this.takeUndef(); return 0; }
    }
    return 0;
  }

  // ---------------------------------------------------------- gdb, dumps, state

  readonly gdbRegisterCount = 26;

  readGdbRegister(n: number): [number, number] {
    if (n < 15) return [this.R[n]! >>> 0, 0];
    if (n === 15) return [this.S[S.PC]! >>> 0, 0];
    if (n === 25) return [this.readCpsr() >>> 0, 0];
    return [0, 0]; // f0-f7 and fps of the old FPA layout: absent
  }

  writeGdbRegister(n: number, lo: number, hi: number): void {
    void hi;
    if (n < 15) this.R[n] = lo | 0;
    else if (n === 15) this.S[S.PC] = lo & ~1;
    else if (n === 25) { this.writeCpsr(lo | 0, 15, true); }
  }

  dumpRegisters(): string {
    const R = this.R, St = this.S;
    const hex = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
    const lines: string[] = [];
    for (let i = 0; i < 16; i += 4) {
      lines.push([0, 1, 2, 3].map((k) => {
        const r = i + k;
        const name = r === 13 ? 'sp' : r === 14 ? 'lr' : r === 15 ? 'pc' : `r${r}`;
        return `${name.padStart(3)}=${hex(r === 15 ? St[S.PC]! : R[r]!)}`;
      }).join(' '));
    }
    const cpsr = this.readCpsr();
    const fl = ['N', 'Z', 'C', 'V'].map((c, i) => ((St[S.NZCV]! >>> (3 - i)) & 1 ? c : '-')).join('');
    lines.push(`cpsr=${hex(cpsr)} [${fl} ${St[S.T] ? 'T' : 'A'} ${MODE_NAMES[St[S.MODE]!] ?? '?'}${St[S.I] ? ' I' : ''}${St[S.F] ? ' F' : ''}] spsr=${hex(this.spsr)}`);
    lines.push(`sctlr=${hex(this.C[C.SCTLR]!)} ttbr0=${hex(this.C[C.TTBR0]!)} ttbcr=${hex(this.C[C.TTBCR]!)} dacr=${hex(this.C[C.DACR]!)}`);
    lines.push(`dfsr=${hex(this.C[C.DFSR]!)} dfar=${hex(this.C[C.DFAR]!)} ifsr=${hex(this.C[C.IFSR]!)} ifar=${hex(this.C[C.IFAR]!)}`);
    return lines.join('\n');
  }

  save(): { version: number; [k: string]: unknown } {
    return {
      version: 1, model: this.f.name,
      R: Array.from(this.R), S: Array.from(this.S), C: Array.from(this.C), bank: Array.from(this.bank),
      retired: this.instructionsRetired, timer: this.timer?.save() ?? null,
      pmu: [this.pmu.ccntBase, this.pmu.ccntFrozen],
    };
  }

  restore(state: { version: number; [k: string]: unknown }): void {
    if (state.version !== 1) throw new Error(`${this.f.name}: saved CPU state version ${state.version} is not 1`);
    if (state.model !== this.f.name) throw new Error(`${this.f.name}: saved CPU state is for model ${String(state.model)}`);
    const arr = (k: string, len: number): number[] => {
      const v = state[k];
      if (!Array.isArray(v) || v.length !== len || !v.every((x) => typeof x === 'number')) throw new Error(`${this.f.name}: saved CPU state field ${k} must be ${len} numbers`);
      return v as number[];
    };
    const R = arr('R', this.R.length), St = arr('S', this.S.length), Cr = arr('C', this.C.length), B = arr('bank', this.bank.length);
    if (typeof state.retired !== 'number') throw new Error(`${this.f.name}: saved CPU state field retired must be a number`);
    if (MODE_BANK[St[S.MODE]! & 31]! < 0) throw new Error(`${this.f.name}: saved CPU state has invalid mode ${St[S.MODE]}`);
    const pmu = arr('pmu', 2);
    this.R.set(R); this.S.set(St); this.C.set(Cr); this.bank.set(B);
    this.pmu.ccntBase = pmu[0]!; this.pmu.ccntFrozen = pmu[1]!;
    this.retired = state.retired; this.runBudget = 0; this.S[S.LEFT] = 0;
    if (this.timer && state.timer) this.timer.restore(state.timer as Record<string, unknown>);
    this.flushCaches();
    this.updateAttn();
  }
}
