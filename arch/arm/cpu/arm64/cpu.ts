// AArch64 interpreter for ARMv8.0-A at EL0/EL1 (ARM ARM DDI 0487: C3-C6 the
// A64 instruction set, D1 exception model, D5 VMSAv8-64, D11 generic timer).
// The hypervisor plays EL2: HVC, SMC (when routed), and WFI/WFE stop run()
// and return to the core. Shape per shared/design/HOTPATH.md: registers as
// lo/hi Int32Array halves, PC and PSTATE in Int32Array slots, one switch over
// instructions pre-decoded per guest physical page and shared by the
// guest's vcpus (validated by comparing the cached instruction word on
// fetch, which also catches DMA, loader and other vcpus' stores, so IC
// IVAU/IALLU need no action), a 256-entry direct-mapped TLB in typed arrays with a
// DataView fast path, and a budget counter in a state slot (so that
// instructionsRetired is exact whenever the CPU calls out). Guest exceptions raised
// deep in a helper unwind to run() by throwing one preallocated sentinel.
// Big-endian data (SCTLR_EL1.EE/E0E) takes the slow path. Not modelled:
// AArch32 at EL0, FP/AdvSIMD arithmetic (next issue; ID_AA64PFR0 says
// FP and AdvSIMD are absent, loads/stores of V registers work), hardware
// breakpoints and watchpoints, PMU event counting (cycles count instructions).

import type { GuestBus } from '../../../../core/aspace/guest-bus.ts';
import type { CpuBackend, CpuEnv } from '../common/cpu-backend.ts';
import { StopReason } from '../common/cpu-backend.ts';
import {
  T, COND_OK, addc32, addc64, shift32, shift64, mul64, mulh64, div64, mulhu32, clz64, rbit32, rev32, rev16x2, ones64, crc32,
} from './alu.ts';
import { decodeA64, DECODE_STRIDE } from './decode.ts';
import { walkStage1, flatTranslate, Walk, Perm, Fsc } from './mmu.ts';
import type { MmuRegs } from './mmu.ts';
import { GenericTimer } from './generic-timer.ts';
import { R, EC, Vec, R_NAMES } from './state.ts';
import { sysRead, sysWrite, sysInstruction, resetSysRegs } from './sysregs.ts';
import type { Arm64ModelInfo } from './model-info.ts';

// The enums the interpreter switches on are declared here, in the file of
// the switch: esbuild (tsx, vitest) inlines const enums only within one
// file, and a property load per case would turn the switch into a chain of
// compares.

/** Slots of the Int32Array state (PSTATE, PC, budget, fetch tag, TLB masks). */
export const enum S {
  PC_LO = 0, PC_HI, NZCV, EL, SPSEL, DAIF, REM, FTAG_LO, RMASK, WMASK, EVENT, SA, IRQ, FIQ,
  SIZE,
}

/** Register indices of the decoded fields: 31 reads as zero, 32 is SP, 33 the write sink. */
export const REG_SP = 32;

/** Decoded operations (field 1 of a decoded slot). */
export const enum Op {
  NONE = 0, UNDEF, FPUNDEF,
  // data processing, immediate
  ADR, ADRP, ADDI_W, ADDI_X, ADDSI_W, ADDSI_X, SUBSI_W, SUBSI_X,
  ANDI, ORRI, EORI, ANDSI_W, ANDSI_X, MOVC, MOVK_W, MOVK_X,
  UBFM_W, UBFM_X, SBFM_W, SBFM_X, BFM_W, BFM_X, LSLI_W, LSLI_X, LSRI_W, LSRI_X, ASRI_W, ASRI_X,
  EXTR_W, EXTR_X,
  // branches and system
  B, BL, BCOND, CBZ_W, CBNZ_W, CBZ_X, CBNZ_X, TBZ, TBNZ, BR, BLR, RET, ERET,
  SVC, HVC, SMC, BRK, NOP, WFE, WFI, SEV, SEVL, CLREX, BARRIER, MSRI, SYS, MSR, MRS,
  // loads and stores
  LDR_X_U, LDR_W_U, STR_X_U, STR_W_U, LDRB_U, STRB_U,
  LS_IMM, LS_REG, LS_LIT, LSP, LSX,
  // data processing, register
  MOV_W, MOV_X, LOG_W, LOG_X, ADDSR_W, ADDSR_X, SUBSR_W, SUBSR_X, ADDSSR_W, ADDSSR_X, SUBSSR_W, SUBSSR_X,
  ADDEXT_W, ADDEXT_X, ADC_W, ADC_X, CCMP_W, CCMP_X, CSEL_W, CSEL_X,
  MADD_W, MADD_X, MULL, MULH, DIV_W, DIV_X, SHV_W, SHV_X, CRC,
  RBIT_W, RBIT_X, REV16_W, REV16_X, REV32_X, REV_W, REV_X, CLZ_W, CLZ_X, CLS_W, CLS_X,
}

/** Load/store kinds (field a of LS_* and the fast forms' implied kind). */
export const enum LK {
  STRB = 0, STRH, STRW, STRX, LDRB, LDRH, LDRW, LDRX, LDRSB_X, LDRSH_X, LDRSW, LDRSB_W, LDRSH_W, PRFM,
  VSTR_B, VSTR_H, VSTR_S, VSTR_D, VSTR_Q, VLDR_B, VLDR_H, VLDR_S, VLDR_D, VLDR_Q,
}
/** log2 of the access size of each LK. */
export const LK_SIZE = new Int8Array([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 0, 1, 3, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);

/** Pair kinds (field a of LSP). */
export const enum PK { STP_W = 0, STP_X, LDP_W, LDP_X, LDPSW, VSTP_S, VSTP_D, VSTP_Q, VLDP_S, VLDP_D, VLDP_Q }

/** Exclusive/ordered kinds (field a of LSX). */
export const enum XK { STXR = 0, STLXR, LDXR, LDAXR, STXP, STLXP, LDXP, LDAXP, STLR, LDAR }

/** Addressing modes (field e of LS_IMM, f of LSP). */
export const enum AM { OFFSET = 0, POST = 1, PRE = 2, UNPRIV = 3 }

/** HCR_EL2-style routing of WFI/WFE/SMC to the hypervisor. */
export interface Arm64TrapConfig {
  /** HCR_EL2.TWI: every EL0/EL1 WFI stops the run (else only when nothing is pending). */
  readonly twi: boolean;
  /** HCR_EL2.TWE: every WFE stops the run (else only when no event is pending). */
  readonly twe: boolean;
  /** HCR_EL2.TSC: SMC stops the run with StopReason.Smc (else SMC is UNDEFINED: no EL3). */
  readonly tsc: boolean;
}

export const DEFAULT_TRAPS: Arm64TrapConfig = { twi: false, twe: false, tsc: true };

/** Thrown (one preallocated object) when a helper has entered a guest exception. */
const GUEST_EXC = { guestException: true };

const TLB_SIZE = 256;
/** TLB fast-path flags (RAM, Normal memory, access allowed at that EL). */
const enum F { R0 = 1 << 8, W0 = 1 << 9, R1 = 1 << 10, W1 = 1 << 11, RAM = 1 << 12, ROM = 1 << 13, LEVEL_SHIFT = 14 }
const TWO32 = 4294967296;
/** Decoded pages kept per guest (32 KiB each); the whole set is dropped when full. */
const MAX_DECODED_PAGES = 2048;
/**
 * Decoded pages are shared by the vcpus of one guest (keyed by its bus):
 * decoding depends only on the instruction word, which every fetch checks.
 */
const DECODED_BY_BUS = new WeakMap<GuestBus, Map<number, Int32Array>>();
const SAVE_VERSION = 1;

export class Arm64Cpu implements CpuBackend {
  readonly model: string;
  readonly gdbRegisterCount = 34;
  /** X0..X30, XZR (31, always zero), current SP (32), write sink (33). */
  readonly lo = new Int32Array(34);
  readonly hi = new Int32Array(34);
  /** V0..V31, four 32-bit words each, least significant first. */
  readonly v = new Int32Array(128);
  readonly st = new Int32Array(S.SIZE);
  /** Banked stack pointers: SP_EL0 lo/hi, SP_EL1 lo/hi. */
  readonly spb = new Int32Array(4);
  /** System register storage, R.* slots. */
  readonly sr = new Int32Array(R.COUNT * 2);
  readonly timer: GenericTimer;
  readonly bus: GuestBus;
  readonly traps: Arm64TrapConfig;
  readonly info: Arm64ModelInfo;

  // software TLB
  private readonly tlbTagLo = new Int32Array(TLB_SIZE);
  private readonly tlbTagHi = new Int32Array(TLB_SIZE);
  private readonly tlbFlags = new Int32Array(TLB_SIZE);
  private readonly tlbOff = new Int32Array(TLB_SIZE);
  private readonly tlbPa = new Float64Array(TLB_SIZE);
  private readonly tlbView: DataView[] = [];
  private readonly walk = new Walk();
  private readonly mmuRegs: MmuRegs = { sctlrLo: 0, tcrLo: 0, tcrHi: 0, ttbr0Lo: 0, ttbr0Hi: 0, ttbr1Lo: 0, ttbr1Hi: 0, mairLo: 0, mairHi: 0 };

  // fetch cache
  private fView: DataView;
  private fOff = 0;
  private fDec: Int32Array;
  private readonly decoded: Map<number, Int32Array>;
  private lastVectorLo = -1;
  private lastVectorRetired = -1;

  // run accounting
  private retiredBase = 0;
  private sliceStart = 0;
  private budgetLeft = 0;
  private stopRequested = false;
  private halted = false;
  private haltMsg = '';
  /** EL used for permission checks of the access in progress (LDTR/STTR use 0). */
  private accessEl = 1;
  private readonly vcpu: number;

  constructor(readonly env: CpuEnv, info: Arm64ModelInfo, traps: Arm64TrapConfig = DEFAULT_TRAPS) {
    this.model = info.name;
    this.info = info;
    this.bus = env.bus;
    this.traps = traps;
    this.vcpu = env.vcpuIndex;
    this.timer = new GenericTimer(env);
    let shared = DECODED_BY_BUS.get(env.bus);
    if (!shared) { shared = new Map(); DECODED_BY_BUS.set(env.bus, shared); }
    this.decoded = shared;
    const empty = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < TLB_SIZE; i++) this.tlbView.push(empty);
    this.fView = empty;
    this.fDec = new Int32Array(DECODE_STRIDE * 1024);
    this.reset(0);
  }

  // ---------------------------------------------------------------- core face

  get instructionsRetired(): number {
    return this.retiredBase + this.sliceStart - this.st[S.REM]!;
  }

  get haltReason(): string {
    return this.haltMsg;
  }

  reset(entry: number, bootRegs?: readonly number[]): void {
    this.lo.fill(0); this.hi.fill(0); this.v.fill(0); this.st.fill(0); this.spb.fill(0); this.sr.fill(0);
    resetSysRegs(this);
    this.st[S.EL] = 1;
    this.st[S.SPSEL] = 1;
    this.st[S.DAIF] = 0xf;
    this.setPc(entry);
    if (bootRegs) for (let i = 0; i < bootRegs.length && i < 31; i++) { this.lo[i] = bootRegs[i]! | 0; this.hi[i] = Math.floor(bootRegs[i]! / TWO32) | 0; }
    this.halted = false;
    this.haltMsg = '';
    this.stopRequested = false;
    this.budgetLeft = 0;
    this.sliceStart = 0;
    this.retiredBase = 0;
    this.timer.reset();
    this.bus.monitor.clear(this.vcpu);
    this.flushCaches();
  }

  /** Sets the 64-bit PC from a JS number (or lo/hi). */
  setPc(lo: number, hi?: number): void {
    this.st[S.PC_LO] = lo | 0;
    this.st[S.PC_HI] = hi ?? (Math.floor(lo / TWO32) | 0);
    this.st[S.FTAG_LO] = 1;
  }

  requestStop(): void {
    this.stopRequested = true;
    this.forceCheck();
  }

  setIrq(level: number): void {
    this.st[S.IRQ] = level ? 1 : 0;
    if (level && (this.st[S.DAIF]! & 2) === 0) this.forceCheck();
  }

  setFiq(level: number): void {
    this.st[S.FIQ] = level ? 1 : 0;
    if (level && (this.st[S.DAIF]! & 1) === 0) this.forceCheck();
  }

  /**
   * True when an interrupt line is asserted. WFI completes on an asserted
   * interrupt even when PSTATE masks it (Linux idles with IRQs masked), so
   * this is the wake condition the core needs after StopReason.Wfi.
   */
  interruptPending(): boolean {
    return (this.st[S.IRQ]! | this.st[S.FIQ]!) !== 0;
  }

  hypercallArg(n: number): number {
    return this.lo[n]! >>> 0;
  }

  hypercallArgHi(n: number): number {
    return this.hi[n]! >>> 0;
  }

  completeHypercall(results: readonly number[]): void {
    for (let i = 0; i < results.length && i < 4; i++) {
      const r = results[i]!;
      this.lo[i] = r | 0;
      this.hi[i] = r < 0 ? -1 : Math.floor(r / TWO32) | 0;
    }
  }

  /** CNTVOFF_EL2, set by the hypervisor. */
  setCntvoff(lo: number, hi: number): void {
    this.timer.setCntvoff(lo, hi);
  }

  flushCaches(): void {
    this.tlbFlush();
    this.decoded.clear();
  }

  /** Drops every TLB entry and the fetch page. */
  tlbFlush(): void {
    this.tlbTagLo.fill(1);
    this.st[S.FTAG_LO] = 1;
  }

  /** Recomputes the cached MMU registers and per-EL masks after a sysreg write or EL change. */
  updateMmu(): void {
    const sr = this.sr, m = this.mmuRegs;
    m.sctlrLo = sr[R.SCTLR * 2]!;
    m.tcrLo = sr[R.TCR * 2]!; m.tcrHi = sr[R.TCR * 2 + 1]!;
    m.ttbr0Lo = sr[R.TTBR0 * 2]!; m.ttbr0Hi = sr[R.TTBR0 * 2 + 1]!;
    m.ttbr1Lo = sr[R.TTBR1 * 2]!; m.ttbr1Hi = sr[R.TTBR1 * 2 + 1]!;
    m.mairLo = sr[R.MAIR * 2]!; m.mairHi = sr[R.MAIR * 2 + 1]!;
    this.updateMasks();
  }

  updateMasks(): void {
    const el = this.st[S.EL]!;
    this.st[S.RMASK] = el === 0 ? F.R0 : F.R1;
    this.st[S.WMASK] = el === 0 ? F.W0 : F.W1;
    const sctlr = this.sr[R.SCTLR * 2]!;
    this.st[S.SA] = el === 0 ? (sctlr >>> 4) & 1 : (sctlr >>> 3) & 1;
    this.st[S.FTAG_LO] = 1;
  }

  /** Moves budget out of the current slice so that run() checks interrupts and stops. */
  forceCheck(): void {
    const r = this.st[S.REM]!;
    if (r > 0) {
      this.budgetLeft += r;
      this.sliceStart -= r;
      this.st[S.REM] = 0;
    }
  }

  run(budget: number): StopReason {
    if (this.halted) return StopReason.Halted;
    const st = this.st;
    this.stopRequested = false; // requestStop() concerns a run in progress only
    this.budgetLeft = Math.max(0, Math.floor(budget));
    this.sliceStart = 0;
    st[S.REM] = 0;
    for (;;) {
      if (st[S.REM]! <= 0) {
        this.retiredBase += this.sliceStart;
        this.sliceStart = 0;
        st[S.REM] = 0;
        if (this.stopRequested) { this.stopRequested = false; return StopReason.Budget; }
        if (this.halted) return StopReason.Halted;
        this.checkInterrupts();
        if (this.budgetLeft <= 0) return StopReason.Budget;
        const slice = Math.min(this.budgetLeft, 0x40000000);
        this.budgetLeft -= slice;
        this.sliceStart = slice;
        st[S.REM] = slice;
      }
      let r: number;
      try {
        r = this.exec();
      } catch (e) {
        if (e === GUEST_EXC) continue;
        this.halt(`internal error at pc=${this.pcString()}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        r = StopReason.Halted;
      }
      if (r >= 0) {
        this.retiredBase += this.sliceStart - st[S.REM]!;
        this.sliceStart = 0;
        st[S.REM] = 0;
        this.budgetLeft = 0;
        return r;
      }
    }
  }

  private halt(msg: string): void {
    this.halted = true;
    this.haltMsg = msg;
    this.env.log('info', `vcpu${this.vcpu} halted: ${msg}`);
  }

  pcString(): string {
    return '0x' + (this.st[S.PC_HI]! >>> 0).toString(16).padStart(8, '0') + (this.st[S.PC_LO]! >>> 0).toString(16).padStart(8, '0');
  }

  private checkInterrupts(): void {
    const st = this.st;
    if (st[S.FIQ] && (st[S.DAIF]! & 1) === 0) this.takeException(-1, 0, Vec.FIQ, st[S.PC_LO]!, st[S.PC_HI]!);
    else if (st[S.IRQ] && (st[S.DAIF]! & 2) === 0) this.takeException(-1, 0, Vec.IRQ, st[S.PC_LO]!, st[S.PC_HI]!);
  }

  // ----------------------------------------------------------- exceptions

  /** Bank the current SP out before an EL/SPSel change and the new one in after. */
  private spIndex(): number {
    return this.st[S.EL] === 0 || this.st[S.SPSEL] === 0 ? 0 : 2;
  }

  setPstateElSp(el: number, spsel: number): void {
    const o = this.spIndex();
    this.spb[o] = this.lo[REG_SP]!; this.spb[o + 1] = this.hi[REG_SP]!;
    this.st[S.EL] = el; this.st[S.SPSEL] = spsel;
    const n = this.spIndex();
    this.lo[REG_SP] = this.spb[n]!; this.hi[REG_SP] = this.spb[n + 1]!;
    this.updateMasks();
  }

  /** SP_EL0 or SP_EL1 as stored (reads the live SP when it is the current one). */
  bankedSp(which: number): void {
    if (this.spIndex() === which * 2) { T[0] = this.lo[REG_SP]!; T[1] = this.hi[REG_SP]!; }
    else { T[0] = this.spb[which * 2]!; T[1] = this.spb[which * 2 + 1]!; }
  }

  setBankedSp(which: number, lo: number, hi: number): void {
    if (this.spIndex() === which * 2) { this.lo[REG_SP] = lo; this.hi[REG_SP] = hi; }
    else { this.spb[which * 2] = lo; this.spb[which * 2 + 1] = hi; }
  }

  spsrValue(): number {
    const st = this.st;
    return (st[S.NZCV]! << 28) | (st[S.DAIF]! << 6) | (st[S.EL]! << 2) | st[S.SPSEL]!;
  }

  /**
   * Enters EL1. ec < 0 for interrupts (ESR untouched). (retLo, retHi) is the
   * preferred return address.
   */
  takeException(ec: number, iss: number, vec: number, retLo: number, retHi: number): void {
    const st = this.st, sr = this.sr;
    const from = st[S.EL]!;
    sr[R.SPSR * 2] = this.spsrValue();
    sr[R.SPSR * 2 + 1] = 0;
    sr[R.ELR * 2] = retLo;
    sr[R.ELR * 2 + 1] = retHi;
    if (ec >= 0) { sr[R.ESR * 2] = (ec << 26) | (1 << 25) | (iss & 0x1ffffff); sr[R.ESR * 2 + 1] = 0; }
    const off = (from === 0 ? 0x400 : st[S.SPSEL] ? 0x200 : 0) + vec;
    this.setPstateElSp(1, 1);
    st[S.DAIF] = 0xf;
    const vlo = (sr[R.VBAR * 2]! & ~0x7ff) + off;
    st[S.PC_LO] = vlo;
    st[S.PC_HI] = sr[R.VBAR * 2 + 1]!;
    st[S.FTAG_LO] = 1;
    this.lastVectorLo = vlo;
    this.lastVectorRetired = this.instructionsRetired;
  }

  /** Synchronous exception with ELR = the current instruction; unwinds to run(). */
  raise(ec: number, iss: number): never {
    this.takeException(ec, iss, Vec.SYNC, this.st[S.PC_LO]!, this.st[S.PC_HI]!);
    throw GUEST_EXC;
  }

  undefinedInstruction(): never {
    this.raise(EC.UNKNOWN, 0);
  }

  private setFar(lo: number, hi: number): void {
    this.sr[R.FAR * 2] = lo;
    this.sr[R.FAR * 2 + 1] = hi;
  }

  dataAbort(fsc: number, vaLo: number, vaHi: number, write: boolean, cm = false): never {
    this.setFar(vaLo, vaHi);
    const ec = this.st[S.EL] === 0 ? EC.DABT_LOW : EC.DABT_CUR;
    this.raise(ec, fsc | (write ? 1 << 6 : 0) | (cm ? 1 << 8 : 0));
  }

  /** CPACR_EL1.FPEN: raises the FP access trap unless FP/SIMD is enabled at this EL. */
  checkFp(): void {
    const fpen = (this.sr[R.CPACR * 2]! >>> 20) & 3;
    if (fpen === 3 || (fpen === 1 && this.st[S.EL] !== 0)) return;
    this.raise(EC.FP, 0x1e00000);
  }

  // ----------------------------------------------------------- translation

  /**
   * Makes the TLB entry for (vaLo, vaHi) valid (walking the tables when
   * needed) and returns its index; on a translation fault raises the abort
   * for access kind acc (0 read, 1 write, 2 fetch).
   */
  private tlbEntry(vaLo: number, vaHi: number, acc: number): number {
    const r = this.tlbLookup(vaLo, vaHi);
    if (r < 0) this.translationFault(-r - 1, vaLo, vaHi, acc);
    return r;
  }

  /** Index of the valid TLB entry for the VA, filling it by a walk; -(FSC + 1) on a fault. */
  private tlbLookup(vaLo: number, vaHi: number): number {
    const i = (vaLo >>> 12) & (TLB_SIZE - 1);
    const tag = vaLo & -4096;
    if (this.tlbTagLo[i] === tag && this.tlbTagHi[i] === vaHi) return i;
    const w = this.walk;
    if (this.sr[R.SCTLR * 2]! & 1) walkStage1(this.bus, this.mmuRegs, vaLo, vaHi, w);
    else flatTranslate(vaLo, vaHi, w);
    if (w.fsc >= 0) return -w.fsc - 1;
    let flags = w.perm | (w.level << F.LEVEL_SHIFT);
    const bus = this.bus;
    if (bus.ramLookup(w.pa)) {
      flags |= F.RAM;
      if (!bus.hitWritable) flags |= F.ROM;
      // Fast path only for little-endian data in Normal memory without alignment checking.
      const sctlr = this.sr[R.SCTLR * 2]!;
      if (!(flags & Perm.DEVICE) && (sctlr & 2) === 0) {
        const le0 = (sctlr & (1 << 24)) === 0, le1 = (sctlr & (1 << 25)) === 0;
        if ((flags & Perm.R0) && le0) flags |= F.R0;
        if ((flags & Perm.R1) && le1) flags |= F.R1;
        if (bus.hitWritable) {
          if ((flags & Perm.W0) && le0) flags |= F.W0;
          if ((flags & Perm.W1) && le1) flags |= F.W1;
        }
      }
      this.tlbView[i] = bus.hitView;
      this.tlbOff[i] = bus.hitOffset;
    }
    this.tlbTagLo[i] = tag;
    this.tlbTagHi[i] = vaHi;
    this.tlbFlags[i] = flags;
    this.tlbPa[i] = w.pa;
    return i;
  }

  private translationFault(fsc: number, vaLo: number, vaHi: number, acc: number): never {
    if (acc === 2) {
      this.setFar(vaLo, vaHi);
      this.raise(this.st[S.EL] === 0 ? EC.IABT_LOW : EC.IABT_CUR, fsc);
    }
    this.dataAbort(fsc, vaLo, vaHi, acc === 1);
  }

  /** Translates for a data access and checks permissions; returns the TLB index. */
  private dataEntry(vaLo: number, vaHi: number, write: boolean): number {
    const i = this.tlbEntry(vaLo, vaHi, write ? 1 : 0);
    const f = this.tlbFlags[i]!;
    const need = this.accessEl === 0 || this.st[S.EL] === 0
      ? (write ? Perm.W0 : Perm.R0) : (write ? Perm.W1 : Perm.R1);
    if ((f & need) === 0) this.dataAbort(Fsc.PERMISSION + ((f >>> F.LEVEL_SHIFT) & 3), vaLo, vaHi, write);
    return i;
  }

  /** Physical address of a data access (exclusives, AT), checking permissions. */
  dataPa(vaLo: number, vaHi: number, write: boolean): number {
    const i = this.dataEntry(vaLo, vaHi, write);
    return this.tlbPa[i]! + (vaLo & 0xfff);
  }

  /** DC/IC by VA: faults as the access would (CM = 1, WnR = 1), no data effect. */
  dataPaForMaintenance(vaLo: number, vaHi: number): void {
    const r = this.tlbLookup(vaLo, vaHi);
    if (r < 0) this.dataAbort(-r - 1, vaLo, vaHi, true, true);
    const need = this.st[S.EL] === 0 ? Perm.R0 : Perm.R1;
    const f = this.tlbFlags[r]!;
    if ((f & need) === 0) this.dataAbort(Fsc.PERMISSION + ((f >>> F.LEVEL_SHIFT) & 3), vaLo, vaHi, true, true);
  }

  /** AT S1E*: translation without side effects; result for PAR_EL1 in T[0..1]. */
  addressTranslate(vaLo: number, vaHi: number, el0: boolean, write: boolean): void {
    const w = this.walk;
    if (this.sr[R.SCTLR * 2]! & 1) walkStage1(this.bus, this.mmuRegs, vaLo, vaHi, w);
    else flatTranslate(vaLo, vaHi, w);
    let fsc = w.fsc;
    if (fsc < 0) {
      const need = el0 ? (write ? Perm.W0 : Perm.R0) : (write ? Perm.W1 : Perm.R1);
      if ((w.perm & need) === 0) fsc = Fsc.PERMISSION + w.level;
    }
    if (fsc >= 0) {
      T[0] = 1 | (fsc << 1) | (fsc >= 0x14 && fsc <= 0x17 ? 1 << 8 : 0);
      T[1] = 0;
      return;
    }
    const attr = w.perm & Perm.DEVICE ? 0x00 : 0xff;
    T[0] = ((w.pa % TWO32) & -4096) | 0x800 | (3 << 7);
    T[1] = (Math.floor(w.pa / TWO32) & 0xffff) | (attr << 24);
  }

  // ----------------------------------------------------------- memory access

  ld8(lo: number, hi: number): number {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.RMASK]!) !== 0) {
      return this.tlbView[i]!.getUint8(this.tlbOff[i]! + (lo & 0xfff));
    }
    return this.slowRead(lo, hi, 1);
  }

  ld16(lo: number, hi: number): number {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.RMASK]!) !== 0 && (lo & 0xfff) <= 0xffe) {
      return this.tlbView[i]!.getUint16(this.tlbOff[i]! + (lo & 0xfff), true);
    }
    return this.slowRead(lo, hi, 2);
  }

  ld32(lo: number, hi: number): number {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.RMASK]!) !== 0 && (lo & 0xfff) <= 0xffc) {
      return this.tlbView[i]!.getInt32(this.tlbOff[i]! + (lo & 0xfff), true);
    }
    return this.slowRead(lo, hi, 4);
  }

  /** 64-bit load into T[0..1]. */
  ld64(lo: number, hi: number): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.RMASK]!) !== 0 && (lo & 0xfff) <= 0xff8) {
      const v = this.tlbView[i]!, o = this.tlbOff[i]! + (lo & 0xfff);
      T[0] = v.getInt32(o, true);
      T[1] = v.getInt32(o + 4, true);
      return;
    }
    T[0] = this.slowRead(lo, hi, 8);
  }

  st8(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.WMASK]!) !== 0) {
      this.tlbView[i]!.setUint8(this.tlbOff[i]! + (lo & 0xfff), val);
      if (this.bus.monitor.active) this.bus.monitor.noteStore(this.vcpu, this.tlbPa[i]! + (lo & 0xfff), 1);
      return;
    }
    this.slowWrite(lo, hi, 1, val, 0);
  }

  st16(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.WMASK]!) !== 0 && (lo & 0xfff) <= 0xffe) {
      this.tlbView[i]!.setUint16(this.tlbOff[i]! + (lo & 0xfff), val, true);
      if (this.bus.monitor.active) this.bus.monitor.noteStore(this.vcpu, this.tlbPa[i]! + (lo & 0xfff), 2);
      return;
    }
    this.slowWrite(lo, hi, 2, val, 0);
  }

  st32(lo: number, hi: number, val: number): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.WMASK]!) !== 0 && (lo & 0xfff) <= 0xffc) {
      this.tlbView[i]!.setInt32(this.tlbOff[i]! + (lo & 0xfff), val, true);
      if (this.bus.monitor.active) this.bus.monitor.noteStore(this.vcpu, this.tlbPa[i]! + (lo & 0xfff), 4);
      return;
    }
    this.slowWrite(lo, hi, 4, val, 0);
  }

  st64(lo: number, hi: number, vlo: number, vhi: number): void {
    const i = (lo >>> 12) & (TLB_SIZE - 1);
    if (this.tlbTagLo[i] === (lo & -4096) && this.tlbTagHi[i] === hi && (this.tlbFlags[i]! & this.st[S.WMASK]!) !== 0 && (lo & 0xfff) <= 0xff8) {
      const v = this.tlbView[i]!, o = this.tlbOff[i]! + (lo & 0xfff);
      v.setInt32(o, vlo, true);
      v.setInt32(o + 4, vhi, true);
      if (this.bus.monitor.active) this.bus.monitor.noteStore(this.vcpu, this.tlbPa[i]! + (lo & 0xfff), 8);
      return;
    }
    this.slowWrite(lo, hi, 8, vlo, vhi);
  }

  /** SCTLR_EL1.E0E at EL0, SCTLR_EL1.EE at EL1: data accesses are big-endian. */
  private bigEndianData(): boolean {
    return (this.sr[R.SCTLR * 2]! & (this.st[S.EL] === 0 ? 1 << 24 : 1 << 25)) !== 0;
  }

  /** Slow read: page crossing, MMIO, alignment, faults, big-endian data. High half in T[1]. */
  private slowRead(lo: number, hi: number, size: number): number {
    const v = this.slowReadLE(lo, hi, size);
    if (!this.bigEndianData()) return v;
    switch (size) {
      case 1: return v;
      case 2: return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
      case 4: return rev32(v);
      default: { const h = T[1]!; T[1] = rev32(v); return rev32(h); }
    }
  }

  private slowReadLE(lo: number, hi: number, size: number): number {
    if ((this.sr[R.SCTLR * 2]! & 2) && (lo & (size - 1))) this.dataAbort(Fsc.ALIGNMENT, lo, hi, false);
    if ((lo & 0xfff) + size > 0x1000) return this.crossRead(lo, hi, size);
    const i = this.dataEntry(lo, hi, false);
    const f = this.tlbFlags[i]!;
    if ((f & Perm.DEVICE) && (lo & (size - 1))) this.dataAbort(Fsc.ALIGNMENT, lo, hi, false);
    if (f & F.RAM) {
      const v = this.tlbView[i]!, o = this.tlbOff[i]! + (lo & 0xfff);
      switch (size) {
        case 1: T[1] = 0; return v.getUint8(o);
        case 2: T[1] = 0; return v.getUint16(o, true);
        case 4: T[1] = 0; return v.getInt32(o, true);
        default: T[1] = v.getInt32(o + 4, true); return v.getInt32(o, true);
      }
    }
    const pa = this.tlbPa[i]! + (lo & 0xfff);
    if ((lo & (size - 1)) !== 0) this.dataAbort(Fsc.ALIGNMENT, lo, hi, false);
    const bus = this.bus;
    const val = bus.mmioRead(pa, size as 1 | 2 | 4 | 8, this.vcpu);
    if (bus.fault !== 0) {
      this.env.log('guest', `vcpu${this.vcpu}: read of ${size} bytes at PA 0x${pa.toString(16)} (VA ${this.hex64(lo, hi)}, pc ${this.pcString()}): external abort`);
      this.dataAbort(Fsc.EXTERNAL, lo, hi, false);
    }
    T[1] = size === 8 ? bus.dataHi | 0 : 0;
    return size === 4 || size === 8 ? val | 0 : val & (size === 1 ? 0xff : 0xffff);
  }

  private crossRead(lo: number, hi: number, size: number): number {
    let rlo = 0, rhi = 0;
    for (let b = 0; b < size; b++) {
      const a = (lo + b) | 0;
      const ah = ((lo >>> 0) + b > 0xffffffff) ? (hi + 1) | 0 : hi;
      const byte = this.slowReadByte(a, ah);
      if (b < 4) rlo |= byte << (b * 8); else rhi |= byte << ((b - 4) * 8);
    }
    T[1] = rhi;
    return rlo;
  }

  private slowReadByte(lo: number, hi: number): number {
    return this.ld8(lo, hi);
  }

  private slowWrite(lo: number, hi: number, size: number, vlo: number, vhi: number): void {
    if (this.bigEndianData()) {
      if (size === 2) vlo = ((vlo & 0xff) << 8) | ((vlo >>> 8) & 0xff);
      else if (size === 4) vlo = rev32(vlo);
      else if (size === 8) { const l = vlo; vlo = rev32(vhi); vhi = rev32(l); }
    }
    this.slowWriteLE(lo, hi, size, vlo, vhi);
  }

  private slowWriteLE(lo: number, hi: number, size: number, vlo: number, vhi: number): void {
    if ((this.sr[R.SCTLR * 2]! & 2) && (lo & (size - 1))) this.dataAbort(Fsc.ALIGNMENT, lo, hi, true);
    if ((lo & 0xfff) + size > 0x1000) {
      // Translate both pages first so that a fault leaves memory untouched.
      this.dataEntry(lo, hi, true);
      const l2 = (lo + size - 1) | 0, h2 = (lo >>> 0) + size - 1 > 0xffffffff ? (hi + 1) | 0 : hi;
      this.dataEntry(l2, h2, true);
      for (let b = 0; b < size; b++) {
        const a = (lo + b) | 0;
        const ah = ((lo >>> 0) + b > 0xffffffff) ? (hi + 1) | 0 : hi;
        this.st8(a, ah, b < 4 ? vlo >>> (b * 8) : vhi >>> ((b - 4) * 8));
      }
      return;
    }
    const i = this.dataEntry(lo, hi, true);
    const f = this.tlbFlags[i]!;
    if ((f & Perm.DEVICE) && (lo & (size - 1))) this.dataAbort(Fsc.ALIGNMENT, lo, hi, true);
    const pa = this.tlbPa[i]! + (lo & 0xfff);
    const bus = this.bus;
    if ((f & F.RAM) && !(f & F.ROM)) {
      const v = this.tlbView[i]!, o = this.tlbOff[i]! + (lo & 0xfff);
      switch (size) {
        case 1: v.setUint8(o, vlo); break;
        case 2: v.setUint16(o, vlo, true); break;
        case 4: v.setInt32(o, vlo, true); break;
        default: v.setInt32(o, vlo, true); v.setInt32(o + 4, vhi, true);
      }
    } else {
      if (!(f & F.RAM) && (lo & (size - 1)) !== 0) this.dataAbort(Fsc.ALIGNMENT, lo, hi, true);
      bus.mmioWrite(pa, size as 1 | 2 | 4 | 8, vlo, vhi, this.vcpu);
      if (bus.fault !== 0) {
        this.env.log('guest', `vcpu${this.vcpu}: write of ${size} bytes at PA 0x${pa.toString(16)} (VA ${this.hex64(lo, hi)}, pc ${this.pcString()}): external abort`);
        this.dataAbort(Fsc.EXTERNAL, lo, hi, true);
      }
    }
    if (bus.monitor.active) bus.monitor.noteStore(this.vcpu, pa, size);
  }

  hex64(lo: number, hi: number): string {
    return '0x' + (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  }

  // ----------------------------------------------------------- fetch

  /** Makes the fetch page valid for the PC: 0 ok, 1 exception taken, 2 halted. */
  private refillFetch(): number {
    const st = this.st;
    const pcLo = st[S.PC_LO]!, pcHi = st[S.PC_HI]!;
    if (pcLo & 3) {
      this.setFar(pcLo, pcHi);
      this.takeException(EC.PC_ALIGN, 0, Vec.SYNC, pcLo, pcHi);
      return 1;
    }
    const el = st[S.EL]!;
    let fsc = -1, pa = 0;
    const i = this.tlbLookup(pcLo, pcHi);
    if (i < 0) fsc = -i - 1;
    else {
      const f = this.tlbFlags[i]!;
      pa = this.tlbPa[i]!;
      if ((f & (el === 0 ? Perm.X0 : Perm.X1)) === 0) fsc = Fsc.PERMISSION + ((f >>> F.LEVEL_SHIFT) & 3);
      else if (!(f & F.RAM)) fsc = Fsc.EXTERNAL;
    }
    if (fsc >= 0) {
      if (pcLo === this.lastVectorLo && this.instructionsRetired <= this.lastVectorRetired + 1) {
        this.halt(`exception loop: instruction abort (FSC 0x${fsc.toString(16)}) fetching the exception vector at ${this.pcString()}`);
        return 2;
      }
      if (fsc === Fsc.EXTERNAL) this.env.log('guest', `vcpu${this.vcpu}: instruction fetch from ${this.pcString()} (PA 0x${pa.toString(16)}): not RAM/ROM, external abort`);
      this.setFar(pcLo, pcHi);
      this.takeException(el === 0 ? EC.IABT_LOW : EC.IABT_CUR, fsc, Vec.SYNC, pcLo, pcHi);
      return 1;
    }
    const pageNo = pa / 4096;
    let dec = this.decoded.get(pageNo);
    if (!dec) {
      if (this.decoded.size >= MAX_DECODED_PAGES) this.decoded.clear();
      dec = new Int32Array(DECODE_STRIDE * 1024);
      this.decoded.set(pageNo, dec);
    }
    this.fView = this.tlbView[i]!;
    this.fOff = this.tlbOff[i]!;
    this.fDec = dec;
    st[S.FTAG_LO] = pcLo & -4096;
    return 0;
  }

  // ----------------------------------------------------------- the interpreter

  private exec(): number {
    const lo = this.lo, hi = this.hi, st = this.st;
    const tagLo = this.tlbTagLo, tagHi = this.tlbTagHi, flags = this.tlbFlags, views = this.tlbView, offs = this.tlbOff;
    let view = this.fView, foff = this.fOff, dec = this.fDec;
    for (;;) {
      if (--st[S.REM]! < 0) { st[S.REM] = 0; return -1; }
      let pc = st[S.PC_LO]!;
      // Whatever changes PC[63:32] also invalidates FTAG_LO, so one compare suffices.
      if ((pc & -4096) !== st[S.FTAG_LO]) {
        const r = this.refillFetch();
        if (r !== 0) { if (r === 2) return StopReason.Halted; continue; }
        view = this.fView; foff = this.fOff; dec = this.fDec;
        pc = st[S.PC_LO]!;
      }
      const po = pc & 0xfff;
      const raw = view.getInt32(foff + po, true);
      const d = po << 1;
      if (dec[d] !== raw || dec[d + 1] === 0) decodeA64(raw, dec, d);
      switch (dec[d + 1]) {
        case Op.LDR_X_U: {
          const n = dec[d + 3]!, a = lo[n]!, s = (a >>> 0) + (dec[d + 4]! >>> 0);
          const al = s | 0, ah = s > 0xffffffff ? (hi[n]! + 1) | 0 : hi[n]!;
          const i = (al >>> 12) & (TLB_SIZE - 1);
          const t = dec[d + 2]!;
          if (tagLo[i] === (al & -4096) && tagHi[i] === ah && (flags[i]! & st[S.RMASK]!) !== 0 && (al & 0xfff) <= 0xff8) {
            const v = views[i]!, o = offs[i]! + (al & 0xfff);
            lo[t] = v.getInt32(o, true); hi[t] = v.getInt32(o + 4, true);
          } else {
            this.ld64(al, ah); lo[t] = T[0]!; hi[t] = T[1]!;
          }
          break;
        }
        case Op.STR_X_U: {
          const n = dec[d + 3]!, s = (lo[n]! >>> 0) + (dec[d + 4]! >>> 0);
          const al = s | 0, ah = s > 0xffffffff ? (hi[n]! + 1) | 0 : hi[n]!;
          const t = dec[d + 2]!;
          const i = (al >>> 12) & (TLB_SIZE - 1);
          if (tagLo[i] === (al & -4096) && tagHi[i] === ah && (flags[i]! & st[S.WMASK]!) !== 0 && (al & 0xfff) <= 0xff8 && !this.bus.monitor.active) {
            const v = views[i]!, o = offs[i]! + (al & 0xfff);
            v.setInt32(o, lo[t]!, true); v.setInt32(o + 4, hi[t]!, true);
          } else {
            this.st64(al, ah, lo[t]!, hi[t]!);
          }
          break;
        }
        case Op.ADDI_X: {
          const n = dec[d + 3]!, il = dec[d + 4]!;
          const a = lo[n]!, s = (a >>> 0) + (il >>> 0);
          const t = dec[d + 2]!;
          hi[t] = (hi[n]! + dec[d + 5]! + (s > 0xffffffff ? 1 : 0)) | 0;
          lo[t] = s | 0;
          break;
        }
        case Op.BCOND:
          if (COND_OK[(dec[d + 2]! << 4) | st[S.NZCV]!]) { this.branchRel(pc, dec[d + 3]!); continue; }
          break;
        case Op.LDR_W_U: {
          const n = dec[d + 3]!, s = (lo[n]! >>> 0) + (dec[d + 4]! >>> 0);
          const al = s | 0, ah = s > 0xffffffff ? (hi[n]! + 1) | 0 : hi[n]!;
          const t = dec[d + 2]!;
          lo[t] = this.ld32(al, ah); hi[t] = 0;
          break;
        }
        case Op.MOV_X: { const t = dec[d + 2]!, m = dec[d + 3]!; lo[t] = lo[m]!; hi[t] = hi[m]!; break; }
        case Op.ADDSI_X: case Op.SUBSI_X: {
          const imm = dec[d + 4]!, n = dec[d + 3]!;
          if (dec[d + 1] === Op.ADDSI_X) addc64(lo[n]!, hi[n]!, imm, 0, 0);
          else addc64(lo[n]!, hi[n]!, ~imm, -1, 1);
          st[S.NZCV] = T[2]!;
          const t = dec[d + 2]!; lo[t] = T[0]!; hi[t] = T[1]!;
          break;
        }
        case Op.B: this.branchRel(pc, dec[d + 2]!); continue;
        case Op.LSP: this.loadStorePair(d, dec); break;
        case Op.BL: {
          const n = (pc >>> 0) + 4;
          lo[30] = n | 0; hi[30] = (st[S.PC_HI]! + (n > 0xffffffff ? 1 : 0)) | 0;
          this.branchRel(pc, dec[d + 2]!);
          continue;
        }
        case Op.BR: case Op.BLR: case Op.RET: {
          const n = dec[d + 2]!;
          const tl = lo[n]!, th = hi[n]!;
          if (dec[d + 1] === Op.BLR) {
            const s = (pc >>> 0) + 4;
            lo[30] = s | 0; hi[30] = (st[S.PC_HI]! + (s > 0xffffffff ? 1 : 0)) | 0;
          }
          st[S.PC_LO] = tl;
          if (th !== st[S.PC_HI]) { st[S.PC_HI] = th; st[S.FTAG_LO] = 1; }
          if (tl & 3) st[S.FTAG_LO] = 1;
          continue;
        }
        case Op.BRK: this.raise(EC.BRK, dec[d + 2]!); break;
        case Op.CBZ_W: if (lo[dec[d + 2]!] === 0) { this.branchRel(pc, dec[d + 3]!); continue; } break;
        case Op.CBNZ_W: if (lo[dec[d + 2]!] !== 0) { this.branchRel(pc, dec[d + 3]!); continue; } break;
        case Op.CBZ_X: { const t = dec[d + 2]!; if ((lo[t]! | hi[t]!) === 0) { this.branchRel(pc, dec[d + 3]!); continue; } break; }
        case Op.CBNZ_X: { const t = dec[d + 2]!; if ((lo[t]! | hi[t]!) !== 0) { this.branchRel(pc, dec[d + 3]!); continue; } break; }
        case Op.ADDI_W: { const t = dec[d + 2]!; lo[t] = (lo[dec[d + 3]!]! + dec[d + 4]!) | 0; hi[t] = 0; break; }
        case Op.MOVC: { const t = dec[d + 2]!; lo[t] = dec[d + 4]!; hi[t] = dec[d + 5]!; break; }
        case Op.ADDSR_X: case Op.SUBSR_X: case Op.ADDSSR_X: case Op.SUBSSR_X: {
          const m = dec[d + 4]!, amt = dec[d + 6]!;
          let bl = lo[m]!, bh = hi[m]!;
          if (amt) { shift64(bl, bh, dec[d + 5]!, amt); bl = T[0]!; bh = T[1]!; }
          const n = dec[d + 3]!, op = dec[d + 1]!;
          const t = dec[d + 2]!;
          if (op === Op.ADDSR_X) {
            const s = (lo[n]! >>> 0) + (bl >>> 0);
            hi[t] = (hi[n]! + bh + (s > 0xffffffff ? 1 : 0)) | 0; lo[t] = s | 0;
          } else if (op === Op.SUBSR_X) {
            const s = (lo[n]! >>> 0) - (bl >>> 0);
            hi[t] = (hi[n]! - bh - (s < 0 ? 1 : 0)) | 0; lo[t] = s | 0;
          } else {
            if (op === Op.ADDSSR_X) addc64(lo[n]!, hi[n]!, bl, bh, 0);
            else addc64(lo[n]!, hi[n]!, ~bl, ~bh, 1);
            st[S.NZCV] = T[2]!;
            lo[t] = T[0]!; hi[t] = T[1]!;
          }
          break;
        }
        case Op.LOG_X: {
          const m = dec[d + 4]!, amt = dec[d + 6]!;
          let bl = lo[m]!, bh = hi[m]!;
          if (amt) { shift64(bl, bh, dec[d + 5]!, amt); bl = T[0]!; bh = T[1]!; }
          const opc = dec[d + 7]!;
          if (opc & 1) { bl = ~bl; bh = ~bh; }
          const n = dec[d + 3]!, al = lo[n]!, ah = hi[n]!;
          let rl: number, rh: number;
          switch (opc >> 1) {
            case 0: rl = al & bl; rh = ah & bh; break;
            case 1: rl = al | bl; rh = ah | bh; break;
            case 2: rl = al ^ bl; rh = ah ^ bh; break;
            default: rl = al & bl; rh = ah & bh; st[S.NZCV] = (rh < 0 ? 8 : 0) | ((rl | rh) === 0 ? 4 : 0);
          }
          const t = dec[d + 2]!; lo[t] = rl; hi[t] = rh;
          break;
        }
        case Op.STR_W_U: {
          const n = dec[d + 3]!, s = (lo[n]! >>> 0) + (dec[d + 4]! >>> 0);
          this.st32(s | 0, s > 0xffffffff ? (hi[n]! + 1) | 0 : hi[n]!, lo[dec[d + 2]!]!);
          break;
        }
        case Op.LDRB_U: {
          const n = dec[d + 3]!, s = (lo[n]! >>> 0) + (dec[d + 4]! >>> 0);
          const t = dec[d + 2]!;
          lo[t] = this.ld8(s | 0, s > 0xffffffff ? (hi[n]! + 1) | 0 : hi[n]!); hi[t] = 0;
          break;
        }
        case Op.STRB_U: {
          const n = dec[d + 3]!, s = (lo[n]! >>> 0) + (dec[d + 4]! >>> 0);
          this.st8(s | 0, s > 0xffffffff ? (hi[n]! + 1) | 0 : hi[n]!, lo[dec[d + 2]!]!);
          break;
        }
        case Op.LS_IMM: this.loadStoreImm(d, dec); break;
        case Op.LS_REG: this.loadStoreReg(d, dec); break;
        case Op.CSEL_W: case Op.CSEL_X: {
          const t = dec[d + 2]!;
          if (COND_OK[(dec[d + 5]! << 4) | st[S.NZCV]!]) {
            const n = dec[d + 3]!;
            lo[t] = lo[n]!; hi[t] = dec[d + 1] === Op.CSEL_X ? hi[n]! : 0;
            break;
          }
          const m = dec[d + 4]!;
          let rl = lo[m]!, rh = hi[m]!;
          switch (dec[d + 6]) {
            case 1: { const s = (rl >>> 0) + 1; rl = s | 0; rh = (rh + (s > 0xffffffff ? 1 : 0)) | 0; break; }
            case 2: rl = ~rl; rh = ~rh; break;
            case 3: { rl = ~rl; rh = ~rh; const s = (rl >>> 0) + 1; rl = s | 0; rh = (rh + (s > 0xffffffff ? 1 : 0)) | 0; break; }
            default: break;
          }
          lo[t] = rl; hi[t] = dec[d + 1] === Op.CSEL_X ? rh : 0;
          break;
        }
        case Op.ADR: case Op.ADRP: {
          let bl = pc, bh = st[S.PC_HI]!;
          if (dec[d + 1] === Op.ADRP) bl &= -4096;
          const s = (bl >>> 0) + (dec[d + 3]! >>> 0);
          const t = dec[d + 2]!;
          lo[t] = s | 0; hi[t] = (bh + dec[d + 4]! + (s > 0xffffffff ? 1 : 0)) | 0;
          break;
        }
        case Op.UBFM_W: case Op.SBFM_W: case Op.BFM_W: this.bitfield32(d, dec); break;
        case Op.LSLI_W: { const t = dec[d + 2]!; lo[t] = lo[dec[d + 3]!]! << dec[d + 4]!; hi[t] = 0; break; }
        case Op.TBZ: case Op.TBNZ: {
          const t = dec[d + 2]!, b = dec[d + 3]!;
          const bit = b < 32 ? (lo[t]! >>> b) & 1 : (hi[t]! >>> (b - 32)) & 1;
          if ((bit === 0) === (dec[d + 1] === Op.TBZ)) { this.branchRel(pc, dec[d + 4]!); continue; }
          break;
        }
        case Op.MOV_W: { const t = dec[d + 2]!; lo[t] = lo[dec[d + 3]!]!; hi[t] = 0; break; }
        case Op.LOG_W: {
          let b = lo[dec[d + 4]!]!;
          const amt = dec[d + 6]!;
          if (amt) b = shift32(b, dec[d + 5]!, amt);
          const opc = dec[d + 7]!;
          if (opc & 1) b = ~b;
          const a = lo[dec[d + 3]!]!;
          let r: number;
          switch (opc >> 1) {
            case 0: r = a & b; break;
            case 1: r = a | b; break;
            case 2: r = a ^ b; break;
            default: r = a & b; st[S.NZCV] = (r < 0 ? 8 : 0) | (r === 0 ? 4 : 0);
          }
          const t = dec[d + 2]!; lo[t] = r; hi[t] = 0;
          break;
        }
        case Op.ADDSR_W: case Op.SUBSR_W: case Op.ADDSSR_W: case Op.SUBSSR_W: {
          let b = lo[dec[d + 4]!]!;
          const amt = dec[d + 6]!;
          if (amt) b = shift32(b, dec[d + 5]!, amt);
          const a = lo[dec[d + 3]!]!, op = dec[d + 1]!;
          let r: number;
          if (op === Op.ADDSR_W) r = (a + b) | 0;
          else if (op === Op.SUBSR_W) r = (a - b) | 0;
          else { r = op === Op.ADDSSR_W ? addc32(a, b, 0) : addc32(a, ~b, 1); st[S.NZCV] = T[2]!; }
          const t = dec[d + 2]!; lo[t] = r; hi[t] = 0;
          break;
        }
        case Op.ANDI: case Op.ORRI: case Op.EORI: {
          const n = dec[d + 3]!, t = dec[d + 2]!, il = dec[d + 4]!, ih = dec[d + 5]!;
          const op = dec[d + 1];
          const rl = op === Op.ANDI ? lo[n]! & il : op === Op.ORRI ? lo[n]! | il : lo[n]! ^ il;
          const rh = dec[d + 6] ? (op === Op.ANDI ? hi[n]! & ih : op === Op.ORRI ? hi[n]! | ih : hi[n]! ^ ih) : 0;
          lo[t] = rl; hi[t] = rh;
          break;
        }
        case Op.ADDSI_W: case Op.SUBSI_W: {
          const imm = dec[d + 4]!, a = lo[dec[d + 3]!]!;
          const r = dec[d + 1] === Op.ADDSI_W ? addc32(a, imm, 0) : addc32(a, ~imm, 1);
          st[S.NZCV] = T[2]!;
          const t = dec[d + 2]!; lo[t] = r; hi[t] = 0;
          break;
        }
        case Op.ANDSI_W: {
          const r = lo[dec[d + 3]!]! & dec[d + 4]!;
          st[S.NZCV] = (r < 0 ? 8 : 0) | (r === 0 ? 4 : 0);
          const t = dec[d + 2]!; lo[t] = r; hi[t] = 0;
          break;
        }
        case Op.ANDSI_X: {
          const n = dec[d + 3]!;
          const rl = lo[n]! & dec[d + 4]!, rh = hi[n]! & dec[d + 5]!;
          st[S.NZCV] = (rh < 0 ? 8 : 0) | ((rl | rh) === 0 ? 4 : 0);
          const t = dec[d + 2]!; lo[t] = rl; hi[t] = rh;
          break;
        }
        case Op.MOVK_W: {
          const t = dec[d + 2]!, sh = dec[d + 3]!, imm = dec[d + 4]!;
          lo[t] = sh === 0 ? (lo[t]! & ~0xffff) | imm : (lo[t]! & 0xffff) | (imm << 16);
          hi[t] = 0;
          break;
        }
        case Op.MOVK_X: {
          const t = dec[d + 2]!, sh = dec[d + 3]!, imm = dec[d + 4]!;
          if (sh === 0) lo[t] = (lo[t]! & ~0xffff) | imm;
          else if (sh === 16) lo[t] = (lo[t]! & 0xffff) | (imm << 16);
          else if (sh === 32) hi[t] = (hi[t]! & ~0xffff) | imm;
          else hi[t] = (hi[t]! & 0xffff) | (imm << 16);
          break;
        }
        case Op.LSRI_W: { const t = dec[d + 2]!; lo[t] = lo[dec[d + 3]!]! >>> dec[d + 4]!; hi[t] = 0; break; }
        case Op.ASRI_W: { const t = dec[d + 2]!; lo[t] = lo[dec[d + 3]!]! >> dec[d + 4]!; hi[t] = 0; break; }
        case Op.LSLI_X: case Op.LSRI_X: case Op.ASRI_X: {
          const n = dec[d + 3]!, op = dec[d + 1]!;
          shift64(lo[n]!, hi[n]!, op === Op.LSLI_X ? 0 : op === Op.LSRI_X ? 1 : 2, dec[d + 4]!);
          const t = dec[d + 2]!; lo[t] = T[0]!; hi[t] = T[1]!;
          break;
        }
        case Op.UBFM_X: case Op.SBFM_X: case Op.BFM_X: this.bitfield64(d, dec); break;
        case Op.EXTR_W: {
          const l = dec[d + 5]!, t = dec[d + 2]!;
          lo[t] = l === 0 ? lo[dec[d + 4]!]! : (lo[dec[d + 4]!]! >>> l) | (lo[dec[d + 3]!]! << (32 - l));
          hi[t] = 0;
          break;
        }
        case Op.EXTR_X: {
          const n = dec[d + 3]!, m = dec[d + 4]!, l = dec[d + 5]!, t = dec[d + 2]!;
          if (l === 0) { lo[t] = lo[m]!; hi[t] = hi[m]!; break; }
          // (n:m) >> l, 128-bit concat, low 64 bits
          const ml = lo[m]!, mh = hi[m]!, nl = lo[n]!, nh = hi[n]!;
          let rl: number, rh: number;
          if (l < 32) { rl = (ml >>> l) | (mh << (32 - l)); rh = (mh >>> l) | (nl << (32 - l)); }
          else if (l === 32) { rl = mh; rh = nl; }
          else { const s = l - 32; rl = (mh >>> s) | (nl << (32 - s)); rh = (nl >>> s) | (nh << (32 - s)); }
          lo[t] = rl; hi[t] = rh;
          break;
        }
        case Op.ERET: this.eret(); continue;
        case Op.SVC: {
          const s = (pc >>> 0) + 4;
          this.takeException(EC.SVC, dec[d + 2]!, Vec.SYNC, s | 0, (st[S.PC_HI]! + (s > 0xffffffff ? 1 : 0)) | 0);
          continue;
        }
        case Op.HVC: {
          if (st[S.EL] === 0) this.undefinedInstruction();
          this.advance(pc);
          return StopReason.Hvc;
        }
        case Op.SMC: {
          if (st[S.EL] === 0 || !this.traps.tsc) this.undefinedInstruction();
          this.advance(pc);
          return StopReason.Smc;
        }
        case Op.NOP: case Op.BARRIER: break;
        case Op.WFI: {
          if (st[S.EL] === 0 && (this.sr[R.SCTLR * 2]! & (1 << 16)) === 0) this.raise(EC.WFX, 0x1e00000);
          if (this.traps.twi || (st[S.IRQ]! | st[S.FIQ]!) === 0) { this.advance(pc); return StopReason.Wfi; }
          break;
        }
        case Op.WFE: {
          if (st[S.EL] === 0 && (this.sr[R.SCTLR * 2]! & (1 << 18)) === 0) this.raise(EC.WFX, 0x1e00001);
          if (st[S.EVENT]) { st[S.EVENT] = 0; break; }
          if (this.traps.twe || (st[S.IRQ]! | st[S.FIQ]!) === 0) { this.advance(pc); return StopReason.Wfe; }
          break;
        }
        case Op.SEV: case Op.SEVL: st[S.EVENT] = 1; break;
        case Op.CLREX: this.bus.monitor.clear(this.vcpu); break;
        case Op.MSRI: this.msrImmediate(dec[d + 2]!, dec[d + 3]!); break;
        case Op.MRS: {
          sysRead(this, dec[d + 2]!, dec[d + 3]!);
          const t = dec[d + 3]!; lo[t] = T[0]!; hi[t] = T[1]!;
          break;
        }
        case Op.MSR: { const t = dec[d + 3]!; sysWrite(this, dec[d + 2]!, lo[t]!, hi[t]!, t); break; }
        case Op.SYS: sysInstruction(this, dec[d + 2]!, dec[d + 3]!, dec[d + 4]!, dec[d + 5]!, dec[d + 6]!); break;
        case Op.LS_LIT: {
          const sum = (pc >>> 0) + dec[d + 4]!, ph = st[S.PC_HI]!;
          this.accessKind(dec[d + 2]!, dec[d + 3]!, sum | 0, sum > 0xffffffff ? (ph + 1) | 0 : sum < 0 ? (ph - 1) | 0 : ph);
          break;
        }
        case Op.LSX: this.loadStoreExclusive(d, dec); break;
        case Op.ADDEXT_W: case Op.ADDEXT_X: this.addExtended(d, dec); break;
        case Op.ADC_W: {
          const a = lo[dec[d + 3]!]!, b0 = lo[dec[d + 4]!]!, f = dec[d + 7]!;
          const c = (st[S.NZCV]! >> 1) & 1;
          const r = addc32(a, f & 2 ? ~b0 : b0, c);
          if (f & 1) st[S.NZCV] = T[2]!;
          const t = dec[d + 2]!; lo[t] = r; hi[t] = 0;
          break;
        }
        case Op.ADC_X: {
          const n = dec[d + 3]!, m = dec[d + 4]!, f = dec[d + 7]!;
          const c = (st[S.NZCV]! >> 1) & 1;
          if (f & 2) addc64(lo[n]!, hi[n]!, ~lo[m]!, ~hi[m]!, c);
          else addc64(lo[n]!, hi[n]!, lo[m]!, hi[m]!, c);
          if (f & 1) st[S.NZCV] = T[2]!;
          const t = dec[d + 2]!; lo[t] = T[0]!; hi[t] = T[1]!;
          break;
        }
        case Op.CCMP_W: case Op.CCMP_X: {
          if (!COND_OK[(dec[d + 4]! << 4) | st[S.NZCV]!]) { st[S.NZCV] = dec[d + 5]!; break; }
          const n = dec[d + 2]!, isImm = dec[d + 6]!, m = dec[d + 3]!;
          const bl = isImm ? m : lo[m]!, bh = isImm ? 0 : hi[m]!;
          const cmn = dec[d + 7] === 0;
          if (dec[d + 1] === Op.CCMP_W) {
            if (cmn) addc32(lo[n]!, bl, 0); else addc32(lo[n]!, ~bl, 1);
          } else if (cmn) addc64(lo[n]!, hi[n]!, bl, bh, 0);
          else addc64(lo[n]!, hi[n]!, ~bl, ~bh, 1);
          st[S.NZCV] = T[2]!;
          break;
        }
        case Op.MADD_W: {
          const p = Math.imul(lo[dec[d + 3]!]!, lo[dec[d + 4]!]!);
          const a = lo[dec[d + 5]!]!;
          const t = dec[d + 2]!;
          lo[t] = dec[d + 6] ? (a - p) | 0 : (a + p) | 0; hi[t] = 0;
          break;
        }
        case Op.MADD_X: {
          const n = dec[d + 3]!, m = dec[d + 4]!, a = dec[d + 5]!;
          mul64(lo[n]!, hi[n]!, lo[m]!, hi[m]!);
          const pl = T[0]!, ph = T[1]!;
          const t = dec[d + 2]!;
          if (dec[d + 6]) { const s = (lo[a]! >>> 0) - (pl >>> 0); hi[t] = (hi[a]! - ph - (s < 0 ? 1 : 0)) | 0; lo[t] = s | 0; }
          else { const s = (lo[a]! >>> 0) + (pl >>> 0); hi[t] = (hi[a]! + ph + (s > 0xffffffff ? 1 : 0)) | 0; lo[t] = s | 0; }
          break;
        }
        case Op.MULL: {
          const x = lo[dec[d + 3]!]!, y = lo[dec[d + 4]!]!, a = dec[d + 5]!;
          const pl = Math.imul(x, y);
          let ph = mulhu32(x, y);
          if (dec[d + 7]) { if (x < 0) ph = (ph - y) | 0; if (y < 0) ph = (ph - x) | 0; }
          const t = dec[d + 2]!;
          if (dec[d + 6]) { const s = (lo[a]! >>> 0) - (pl >>> 0); hi[t] = (hi[a]! - ph - (s < 0 ? 1 : 0)) | 0; lo[t] = s | 0; }
          else { const s = (lo[a]! >>> 0) + (pl >>> 0); hi[t] = (hi[a]! + ph + (s > 0xffffffff ? 1 : 0)) | 0; lo[t] = s | 0; }
          break;
        }
        case Op.MULH: {
          const n = dec[d + 3]!, m = dec[d + 4]!;
          mulh64(lo[n]!, hi[n]!, lo[m]!, hi[m]!, dec[d + 5] === 1);
          const t = dec[d + 2]!; lo[t] = T[0]!; hi[t] = T[1]!;
          break;
        }
        case Op.DIV_W: {
          const a = lo[dec[d + 3]!]!, b = lo[dec[d + 4]!]!;
          let r: number;
          if (b === 0) r = 0;
          else if (dec[d + 5]) r = a === -0x80000000 && b === -1 ? a : Math.trunc(a / b) | 0;
          else r = Math.trunc((a >>> 0) / (b >>> 0)) | 0;
          const t = dec[d + 2]!; lo[t] = r; hi[t] = 0;
          break;
        }
        case Op.DIV_X: {
          const n = dec[d + 3]!, m = dec[d + 4]!;
          div64(lo[n]!, hi[n]!, lo[m]!, hi[m]!, dec[d + 5] === 1);
          const t = dec[d + 2]!; lo[t] = T[0]!; hi[t] = T[1]!;
          break;
        }
        case Op.SHV_W: {
          const t = dec[d + 2]!;
          lo[t] = shift32(lo[dec[d + 3]!]!, dec[d + 5]!, lo[dec[d + 4]!]! & 31); hi[t] = 0;
          break;
        }
        case Op.SHV_X: {
          const n = dec[d + 3]!;
          shift64(lo[n]!, hi[n]!, dec[d + 5]!, lo[dec[d + 4]!]! & 63);
          const t = dec[d + 2]!; lo[t] = T[0]!; hi[t] = T[1]!;
          break;
        }
        case Op.CRC: {
          const m = dec[d + 4]!;
          const t = dec[d + 2]!;
          lo[t] = crc32(lo[dec[d + 3]!]!, lo[m]!, hi[m]!, dec[d + 5]!, dec[d + 6] === 1); hi[t] = 0;
          break;
        }
        case Op.RBIT_W: { const t = dec[d + 2]!; lo[t] = rbit32(lo[dec[d + 3]!]!); hi[t] = 0; break; }
        case Op.RBIT_X: { const n = dec[d + 3]!, t = dec[d + 2]!; const a = lo[n]!, b = hi[n]!; lo[t] = rbit32(b); hi[t] = rbit32(a); break; }
        case Op.REV16_W: { const t = dec[d + 2]!; lo[t] = rev16x2(lo[dec[d + 3]!]!); hi[t] = 0; break; }
        case Op.REV16_X: { const n = dec[d + 3]!, t = dec[d + 2]!; const a = lo[n]!, b = hi[n]!; lo[t] = rev16x2(a); hi[t] = rev16x2(b); break; }
        case Op.REV32_X: { const n = dec[d + 3]!, t = dec[d + 2]!; const a = lo[n]!, b = hi[n]!; lo[t] = rev32(a); hi[t] = rev32(b); break; }
        case Op.REV_W: { const t = dec[d + 2]!; lo[t] = rev32(lo[dec[d + 3]!]!); hi[t] = 0; break; }
        case Op.REV_X: { const n = dec[d + 3]!, t = dec[d + 2]!; const a = lo[n]!, b = hi[n]!; lo[t] = rev32(b); hi[t] = rev32(a); break; }
        case Op.CLZ_W: { const t = dec[d + 2]!; lo[t] = Math.clz32(lo[dec[d + 3]!]!); hi[t] = 0; break; }
        case Op.CLZ_X: { const n = dec[d + 3]!, t = dec[d + 2]!; const r = clz64(lo[n]!, hi[n]!); lo[t] = r; hi[t] = 0; break; }
        case Op.CLS_W: { const a = lo[dec[d + 3]!]!; const t = dec[d + 2]!; lo[t] = Math.clz32(a ^ (a >> 31)) - 1; hi[t] = 0; break; }
        case Op.CLS_X: {
          const n = dec[d + 3]!, s = hi[n]! >> 31;
          const r = clz64(lo[n]! ^ s, hi[n]! ^ s) - 1;
          const t = dec[d + 2]!; lo[t] = r; hi[t] = 0;
          break;
        }
        case Op.FPUNDEF: this.checkFp(); this.undefinedInstruction(); break;
        default: this.undefinedInstruction();
      }
      pc = (pc + 4) | 0;
      st[S.PC_LO] = pc;
      if (pc === 0) { st[S.PC_HI] = (st[S.PC_HI]! + 1) | 0; st[S.FTAG_LO] = 1; }
    }
  }

  private advance(pc: number): void {
    const n = (pc + 4) | 0;
    this.st[S.PC_LO] = n;
    if (n === 0) { this.st[S.PC_HI] = (this.st[S.PC_HI]! + 1) | 0; this.st[S.FTAG_LO] = 1; }
  }

  private branchRel(pc: number, off: number): void {
    const st = this.st;
    const s = (pc >>> 0) + off;
    st[S.PC_LO] = s | 0;
    if (s > 0xffffffff) { st[S.PC_HI] = (st[S.PC_HI]! + 1) | 0; st[S.FTAG_LO] = 1; }
    else if (s < 0) { st[S.PC_HI] = (st[S.PC_HI]! - 1) | 0; st[S.FTAG_LO] = 1; }
  }

  private eret(): void {
    const st = this.st, sr = this.sr;
    if (st[S.EL] === 0) this.undefinedInstruction();
    const spsr = sr[R.SPSR * 2]!;
    const m = spsr & 0x1f;
    const el = (m >>> 2) & 3;
    this.bus.monitor.clear(this.vcpu);
    if ((m & 0x10) || el > 1 || (m & 2) || m === 1) {
      // Illegal exception return: stay at EL1, PSTATE.IL set -> Illegal Execution state exception.
      st[S.PC_LO] = sr[R.ELR * 2]!; st[S.PC_HI] = sr[R.ELR * 2 + 1]!;
      this.env.log('guest', `vcpu${this.vcpu}: illegal exception return, SPSR_EL1=0x${(spsr >>> 0).toString(16)}`);
      this.raise(EC.ILLEGAL, 0);
    }
    st[S.NZCV] = (spsr >>> 28) & 0xf;
    st[S.DAIF] = (spsr >>> 6) & 0xf;
    this.setPstateElSp(el, m & 1);
    st[S.PC_LO] = sr[R.ELR * 2]!;
    st[S.PC_HI] = sr[R.ELR * 2 + 1]!;
    st[S.FTAG_LO] = 1;
    if ((st[S.IRQ] && !(st[S.DAIF]! & 2)) || (st[S.FIQ] && !(st[S.DAIF]! & 1))) this.forceCheck();
  }

  private msrImmediate(field: number, crm: number): void {
    const st = this.st;
    switch (field) {
      case 0x05: // SPSel
        if (st[S.EL] === 0) this.undefinedInstruction();
        this.setPstateElSp(st[S.EL]!, crm & 1);
        return;
      case 0x1e: case 0x1f: // DAIFSet, DAIFClr
        if (st[S.EL] === 0 && (this.sr[R.SCTLR * 2]! & (1 << 9)) === 0) {
          this.raise(EC.SYS, (0 << 20) | ((field & 7) << 17) | (3 << 14) | (4 << 10) | (31 << 5) | (crm << 1));
        }
        if (field === 0x1e) st[S.DAIF] = st[S.DAIF]! | crm;
        else {
          st[S.DAIF] = st[S.DAIF]! & ~crm;
          if ((st[S.IRQ] && !(st[S.DAIF]! & 2)) || (st[S.FIQ] && !(st[S.DAIF]! & 1))) this.forceCheck();
        }
        return;
      default:
        this.undefinedInstruction();
    }
  }

  private bitfield32(d: number, dec: Int32Array): void {
    const lo = this.lo, hi = this.hi;
    const t = dec[d + 2]!, src = lo[dec[d + 3]!]!, r = dec[d + 4]!, s = dec[d + 5]!, op = dec[d + 1]!;
    let res: number;
    if (s >= r) {
      const width = s - r + 1;
      const field = src >>> r;
      if (op === Op.BFM_W) {
        const mask = width === 32 ? -1 : (1 << width) - 1;
        res = (lo[t]! & ~mask) | (field & mask);
      } else if (op === Op.SBFM_W) res = (field << (32 - width)) >> (32 - width);
      else res = width === 32 ? field : field & ((1 << width) - 1);
    } else {
      const width = s + 1, pos = 32 - r;
      const mask = width === 32 ? -1 : (1 << width) - 1;
      const fld = (src & mask) << pos;
      const fmask = mask << pos;
      if (op === Op.BFM_W) res = (lo[t]! & ~fmask) | fld;
      else if (op === Op.SBFM_W) {
        const top = pos + width;
        res = top >= 32 ? fld : (fld << (32 - top)) >> (32 - top);
      } else res = fld;
    }
    lo[t] = res;
    hi[t] = 0;
  }

  private bitfield64(d: number, dec: Int32Array): void {
    const lo = this.lo, hi = this.hi;
    const t = dec[d + 2]!, n = dec[d + 3]!, r = dec[d + 4]!, s = dec[d + 5]!, op = dec[d + 1]!;
    const sl = lo[n]!, sh = hi[n]!;
    let fl: number, fh: number, ml: number, mh: number, top: number;
    if (s >= r) {
      shift64(sl, sh, 1, r); fl = T[0]!; fh = T[1]!;
      const width = s - r + 1;
      ones64(width); ml = T[0]!; mh = T[1]!;
      top = width;
    } else {
      const width = s + 1, pos = 64 - r;
      ones64(width);
      const wl = T[0]!, wh = T[1]!;
      shift64(sl & wl, sh & wh, 0, pos); fl = T[0]!; fh = T[1]!;
      shift64(wl, wh, 0, pos); ml = T[0]!; mh = T[1]!;
      top = pos + width;
    }
    fl &= ml; fh &= mh;
    if (op === Op.BFM_X) { lo[t] = (lo[t]! & ~ml) | fl; hi[t] = (hi[t]! & ~mh) | fh; return; }
    if (op === Op.SBFM_X && top < 64) {
      const signBit = top - 1;
      const neg = signBit < 32 ? (fl >>> signBit) & 1 : (fh >>> (signBit - 32)) & 1;
      if (neg) { ones64(top); fl |= ~T[0]!; fh |= ~T[1]!; }
    }
    lo[t] = fl; hi[t] = fh;
  }

  private addExtended(d: number, dec: Int32Array): void {
    const lo = this.lo, hi = this.hi, st = this.st;
    const m = dec[d + 4]!, opt = dec[d + 5]!, sh = dec[d + 6]!, f = dec[d + 7]!;
    let bl = lo[m]!, bh = hi[m]!;
    switch (opt) {
      case 0: bl &= 0xff; bh = 0; break;
      case 1: bl &= 0xffff; bh = 0; break;
      case 2: bh = 0; break;
      case 3: break;
      case 4: bl = (bl << 24) >> 24; bh = bl >> 31; break;
      case 5: bl = (bl << 16) >> 16; bh = bl >> 31; break;
      case 6: bh = bl >> 31; break;
      default: break;
    }
    if (sh) { shift64(bl, bh, 0, sh); bl = T[0]!; bh = T[1]!; }
    const n = dec[d + 3]!, t = dec[d + 2]!;
    if (dec[d + 1] === Op.ADDEXT_W) {
      const r = f & 2 ? addc32(lo[n]!, ~bl, 1) : addc32(lo[n]!, bl, 0);
      if (f & 1) st[S.NZCV] = T[2]!;
      lo[t] = r; hi[t] = 0;
    } else {
      if (f & 2) addc64(lo[n]!, hi[n]!, ~bl, ~bh, 1); else addc64(lo[n]!, hi[n]!, bl, bh, 0);
      if (f & 1) st[S.NZCV] = T[2]!;
      lo[t] = T[0]!; hi[t] = T[1]!;
    }
  }

  private checkSp(n: number): void {
    if (n === REG_SP && this.st[S.SA] && (this.lo[REG_SP]! & 15) !== 0) this.raise(EC.SP_ALIGN, 0);
  }

  private loadStoreImm(d: number, dec: Int32Array): void {
    const lo = this.lo, hi = this.hi;
    const k = dec[d + 2]!, t = dec[d + 3]!, n = dec[d + 4]!, imm = dec[d + 5]!, mode = dec[d + 6]!;
    this.checkSp(n);
    const bl = lo[n]!, bh = hi[n]!;
    const s = (bl >>> 0) + imm;
    const al = s | 0, ah = s > 0xffffffff ? (bh + 1) | 0 : s < 0 ? (bh - 1) | 0 : bh;
    if (mode === AM.POST) {
      // The post-indexed X/W forms of compiled loops, without the kind switch.
      if (k === LK.LDRX) { this.ld64(bl, bh); lo[t] = T[0]!; hi[t] = T[1]!; }
      else if (k === LK.STRX) this.st64(bl, bh, lo[t]!, hi[t]!);
      else this.accessKind(k, t, bl, bh);
      lo[n] = al; hi[n] = ah;
    } else if (mode === AM.PRE) {
      this.accessKind(k, t, al, ah);
      lo[n] = al; hi[n] = ah;
    } else if (mode === AM.UNPRIV && this.st[S.EL] === 1) {
      this.accessEl = 0;
      const save = this.st[S.RMASK]!, savew = this.st[S.WMASK]!;
      this.st[S.RMASK] = F.R0; this.st[S.WMASK] = F.W0;
      try { this.accessKind(k, t, al, ah); } finally { this.st[S.RMASK] = save; this.st[S.WMASK] = savew; this.accessEl = 1; }
    } else {
      this.accessKind(k, t, al, ah);
    }
  }

  private loadStoreReg(d: number, dec: Int32Array): void {
    const lo = this.lo, hi = this.hi;
    const k = dec[d + 2]!, t = dec[d + 3]!, n = dec[d + 4]!, m = dec[d + 5]!, opt = dec[d + 6]!, sh = dec[d + 7]!;
    this.checkSp(n);
    let ol = lo[m]!, oh = hi[m]!;
    if (opt === 2) oh = 0; else if (opt === 6) oh = ol >> 31;
    if (sh) { shift64(ol, oh, 0, sh); ol = T[0]!; oh = T[1]!; }
    const s = (lo[n]! >>> 0) + (ol >>> 0);
    this.accessKind(k, t, s | 0, (hi[n]! + oh + (s > 0xffffffff ? 1 : 0)) | 0);
  }

  /** One load or store of kind k between register t and address (al, ah). */
  private accessKind(k: number, t: number, al: number, ah: number): void {
    const lo = this.lo, hi = this.hi;
    switch (k) {
      case LK.STRB: this.st8(al, ah, lo[t]!); return;
      case LK.STRH: this.st16(al, ah, lo[t]!); return;
      case LK.STRW: this.st32(al, ah, lo[t]!); return;
      case LK.STRX: this.st64(al, ah, lo[t]!, hi[t]!); return;
      case LK.LDRB: lo[t] = this.ld8(al, ah); hi[t] = 0; return;
      case LK.LDRH: lo[t] = this.ld16(al, ah); hi[t] = 0; return;
      case LK.LDRW: lo[t] = this.ld32(al, ah); hi[t] = 0; return;
      case LK.LDRX: this.ld64(al, ah); lo[t] = T[0]!; hi[t] = T[1]!; return;
      case LK.LDRSB_X: { const v = (this.ld8(al, ah) << 24) >> 24; lo[t] = v; hi[t] = v >> 31; return; }
      case LK.LDRSH_X: { const v = (this.ld16(al, ah) << 16) >> 16; lo[t] = v; hi[t] = v >> 31; return; }
      case LK.LDRSW: { const v = this.ld32(al, ah); lo[t] = v; hi[t] = v >> 31; return; }
      case LK.LDRSB_W: lo[t] = (this.ld8(al, ah) << 24) >> 24; hi[t] = 0; return;
      case LK.LDRSH_W: lo[t] = (this.ld16(al, ah) << 16) >> 16; hi[t] = 0; return;
      case LK.PRFM: return;
      default: this.accessVector(k, t, al, ah);
    }
  }

  private accessVector(k: number, t: number, al: number, ah: number): void {
    this.checkFp();
    const v = this.v, b = t * 4;
    const size = LK_SIZE[k]!;
    if (k >= LK.VLDR_B) {
      let w0 = 0, w1 = 0, w2 = 0, w3 = 0;
      if (size === 0) w0 = this.ld8(al, ah);
      else if (size === 1) w0 = this.ld16(al, ah);
      else if (size === 2) w0 = this.ld32(al, ah);
      else {
        this.ld64(al, ah); w0 = T[0]!; w1 = T[1]!;
        if (size === 4) {
          const s = (al >>> 0) + 8;
          this.ld64(s | 0, s > 0xffffffff ? (ah + 1) | 0 : ah); w2 = T[0]!; w3 = T[1]!;
          // Big-endian: the 128-bit value's most significant half is at the lower address.
          if (this.bigEndianData()) { const a = w0, b = w1; w0 = w2; w1 = w3; w2 = a; w3 = b; }
        }
      }
      v[b] = w0; v[b + 1] = w1; v[b + 2] = w2; v[b + 3] = w3;
    } else if (size === 0) this.st8(al, ah, v[b]!);
    else if (size === 1) this.st16(al, ah, v[b]!);
    else if (size === 2) this.st32(al, ah, v[b]!);
    else {
      if (size === 4) {
        // Check both halves are writable before storing either.
        const s = (al >>> 0) + 8;
        const h2 = s > 0xffffffff ? (ah + 1) | 0 : ah;
        this.dataEntry(s | 0, h2, true);
        const hiFirst = this.bigEndianData();
        this.st64(al, ah, v[b + (hiFirst ? 2 : 0)]!, v[b + (hiFirst ? 3 : 1)]!);
        this.st64(s | 0, h2, v[b + (hiFirst ? 0 : 2)]!, v[b + (hiFirst ? 1 : 3)]!);
      } else this.st64(al, ah, v[b]!, v[b + 1]!);
    }
  }

  private loadStorePair(d: number, dec: Int32Array): void {
    const lo = this.lo, hi = this.hi;
    const k = dec[d + 2]!, t1 = dec[d + 3]!, t2 = dec[d + 4]!, n = dec[d + 5]!, imm = dec[d + 6]!, mode = dec[d + 7]!;
    this.checkSp(n);
    const bl = lo[n]!, bh = hi[n]!;
    const s = (bl >>> 0) + imm;
    const wl = s | 0, wh = s > 0xffffffff ? (bh + 1) | 0 : s < 0 ? (bh - 1) | 0 : bh;
    const al = mode === AM.POST ? bl : wl, ah = mode === AM.POST ? bh : wh;
    const esize = k === PK.STP_W || k === PK.LDP_W || k === PK.LDPSW || k === PK.VSTP_S || k === PK.VLDP_S ? 4
      : k === PK.VSTP_Q || k === PK.VLDP_Q ? 16 : 8;
    const s2 = (al >>> 0) + esize;
    const a2l = s2 | 0, a2h = s2 > 0xffffffff ? (ah + 1) | 0 : ah;
    switch (k) {
      case PK.STP_W:
        // A pair that straddles pages: fault on the second page before storing the first.
        if (((al ^ a2l) & -4096) !== 0) this.dataEntry(a2l, a2h, true);
        this.st32(al, ah, lo[t1]!); this.st32(a2l, a2h, lo[t2]!); break;
      case PK.STP_X:
        if (((al ^ a2l) & -4096) !== 0) this.dataEntry(a2l, a2h, true);
        this.st64(al, ah, lo[t1]!, hi[t1]!); this.st64(a2l, a2h, lo[t2]!, hi[t2]!); break;
      case PK.LDP_W: {
        const x = this.ld32(al, ah), y = this.ld32(a2l, a2h);
        lo[t1] = x; hi[t1] = 0; lo[t2] = y; hi[t2] = 0; break;
      }
      case PK.LDPSW: {
        const x = this.ld32(al, ah), y = this.ld32(a2l, a2h);
        lo[t1] = x; hi[t1] = x >> 31; lo[t2] = y; hi[t2] = y >> 31; break;
      }
      case PK.LDP_X: {
        this.ld64(al, ah); const xl = T[0]!, xh = T[1]!;
        this.ld64(a2l, a2h);
        lo[t1] = xl; hi[t1] = xh; lo[t2] = T[0]!; hi[t2] = T[1]!; break;
      }
      default: {
        const isLoad = k >= PK.VLDP_S;
        const lk = isLoad ? LK.VLDR_S + (k - PK.VLDP_S) : LK.VSTR_S + (k - PK.VSTP_S);
        if (!isLoad) { this.checkFp(); if (((al ^ a2l) & -4096) !== 0) this.dataEntry(a2l, a2h, true); }
        this.accessVector(lk, t1, al, ah);
        this.accessVector(lk, t2, a2l, a2h);
      }
    }
    if (mode !== AM.OFFSET) { lo[n] = wl; hi[n] = wh; }
  }

  private loadStoreExclusive(d: number, dec: Int32Array): void {
    const lo = this.lo, hi = this.hi;
    const k = dec[d + 2]!, t = dec[d + 3]!, n = dec[d + 4]!, rs = dec[d + 5]!, t2 = dec[d + 6]!, size = dec[d + 7]!;
    this.checkSp(n);
    const al = lo[n]!, ah = hi[n]!;
    const pair = k >= XK.STXP && k <= XK.LDAXP;
    const bytes = pair ? 2 << size : 1 << size;
    const write = k === XK.STXR || k === XK.STLXR || k === XK.STXP || k === XK.STLXP || k === XK.STLR;
    if (al & (bytes - 1)) this.dataAbort(Fsc.ALIGNMENT, al, ah, write);
    const mon = this.bus.monitor;
    if (k === XK.LDAR || k === XK.STLR) {
      this.accessKind(write ? LK.STRB + size : LK.LDRB + size, t, al, ah);
      return;
    }
    const pa = this.dataPa(al, ah, write);
    if (!write) {
      if (pair) {
        if (size === 3) {
          this.ld64(al, ah); const xl = T[0]!, xh = T[1]!;
          this.ld64((al + 8) | 0, ah);
          lo[t] = xl; hi[t] = xh; lo[t2] = T[0]!; hi[t2] = T[1]!;
        } else {
          // Two words loaded as one doubleword: with big-endian data the first word is the high half.
          this.ld64(al, ah);
          const be = this.bigEndianData();
          lo[t] = be ? T[1]! : T[0]!; hi[t] = 0; lo[t2] = be ? T[0]! : T[1]!; hi[t2] = 0;
        }
      } else this.accessKind(LK.LDRB + size, t, al, ah);
      mon.mark(this.vcpu, pa, bytes);
      return;
    }
    if (!mon.checkAndClear(this.vcpu, pa, bytes)) { lo[rs] = 1; hi[rs] = 0; return; }
    if (pair) {
      if (size === 3) { this.st64(al, ah, lo[t]!, hi[t]!); this.st64((al + 8) | 0, ah, lo[t2]!, hi[t2]!); }
      else if (this.bigEndianData()) this.st64(al, ah, lo[t2]!, lo[t]!);
      else this.st64(al, ah, lo[t]!, lo[t2]!);
    } else this.accessKind(LK.STRB + size, t, al, ah);
    lo[rs] = 0; hi[rs] = 0;
  }

  // ----------------------------------------------------------- gdb, dumps, state

  readGdbRegister(n: number): [number, number] {
    if (n < 31) return [this.lo[n]! >>> 0, this.hi[n]! >>> 0];
    if (n === 31) return [this.lo[REG_SP]! >>> 0, this.hi[REG_SP]! >>> 0];
    if (n === 32) return [this.st[S.PC_LO]! >>> 0, this.st[S.PC_HI]! >>> 0];
    if (n === 33) return [this.spsrValue() >>> 0, 0];
    throw new RangeError(`arm64: no gdb register ${n} (0..33)`);
  }

  writeGdbRegister(n: number, lo: number, hi: number): void {
    if (n < 31) { this.lo[n] = lo; this.hi[n] = hi; return; }
    if (n === 31) { this.lo[REG_SP] = lo; this.hi[REG_SP] = hi; return; }
    if (n === 32) { this.setPc(lo, hi); return; }
    if (n === 33) {
      const st = this.st;
      st[S.NZCV] = (lo >>> 28) & 0xf;
      st[S.DAIF] = (lo >>> 6) & 0xf;
      const el = (lo >>> 2) & 3;
      this.setPstateElSp(el > 1 ? 1 : el, lo & 1);
      return;
    }
    throw new RangeError(`arm64: no gdb register ${n} (0..33)`);
  }

  dumpRegisters(): string {
    const lines: string[] = [];
    for (let i = 0; i < 31; i += 2) {
      const a = `X${i}`.padStart(3) + ': ' + this.hex64(this.lo[i]!, this.hi[i]!);
      const b = i + 1 < 31 ? `   X${i + 1}`.padStart(6) + ': ' + this.hex64(this.lo[i + 1]!, this.hi[i + 1]!) : '';
      lines.push(a + b);
    }
    const st = this.st;
    lines.push(` SP: ${this.hex64(this.lo[REG_SP]!, this.hi[REG_SP]!)}   PC: ${this.pcString()}`);
    const n = st[S.NZCV]!;
    lines.push(`PSTATE: ${(n & 8) ? 'N' : 'n'}${(n & 4) ? 'Z' : 'z'}${(n & 2) ? 'C' : 'c'}${(n & 1) ? 'V' : 'v'} EL${st[S.EL]}${st[S.SPSEL] ? 'h' : 't'} DAIF=${st[S.DAIF]!.toString(2).padStart(4, '0')}`);
    const sr = this.sr;
    for (const [name, slot] of [['ELR_EL1', R.ELR], ['SPSR_EL1', R.SPSR], ['ESR_EL1', R.ESR], ['FAR_EL1', R.FAR], ['VBAR_EL1', R.VBAR], ['SCTLR_EL1', R.SCTLR]] as const) {
      lines.push(`${name.padStart(9)}: ${this.hex64(sr[slot * 2]!, sr[slot * 2 + 1]!)}`);
    }
    lines.push(`retired: ${this.instructionsRetired}${this.halted ? `  halted: ${this.haltMsg}` : ''}`);
    return lines.join('\n');
  }

  save(): { version: number; [k: string]: unknown } {
    const sysregs: Record<string, [number, number]> = {};
    for (let i = 0; i < R.COUNT; i++) sysregs[R_NAMES[i]!] = [this.sr[i * 2]!, this.sr[i * 2 + 1]!];
    return {
      version: SAVE_VERSION,
      model: this.model,
      lo: [...this.lo], hi: [...this.hi], v: [...this.v], spb: [...this.spb],
      pc: [this.st[S.PC_LO]!, this.st[S.PC_HI]!],
      pstate: { nzcv: this.st[S.NZCV]!, el: this.st[S.EL]!, spsel: this.st[S.SPSEL]!, daif: this.st[S.DAIF]!, event: this.st[S.EVENT]! },
      irq: this.st[S.IRQ]!, fiq: this.st[S.FIQ]!,
      sysregs,
      timer: this.timer.save(),
      retired: this.instructionsRetired,
      halted: this.halted, haltReason: this.haltMsg,
    };
  }

  restore(state: { version: number; [k: string]: unknown }): void {
    if (state.version !== SAVE_VERSION) throw new Error(`arm64 cpu restore: state version ${state.version}, expected ${SAVE_VERSION}`);
    const arr = (name: string, len: number): number[] => {
      const a = state[name];
      if (!Array.isArray(a) || a.length !== len || !a.every((x) => typeof x === 'number')) {
        throw new Error(`arm64 cpu restore: field '${name}' must be an array of ${len} numbers`);
      }
      return a as number[];
    };
    const lo = arr('lo', 34), hi = arr('hi', 34), v = arr('v', 128), spb = arr('spb', 4), pc = arr('pc', 2);
    const ps = state.pstate as Record<string, unknown> | undefined;
    if (!ps || typeof ps !== 'object') throw new Error("arm64 cpu restore: field 'pstate' missing");
    for (const f of ['nzcv', 'el', 'spsel', 'daif', 'event']) {
      if (typeof ps[f] !== 'number') throw new Error(`arm64 cpu restore: pstate.${f} must be a number`);
    }
    const sysregs = state.sysregs as Record<string, unknown> | undefined;
    if (!sysregs || typeof sysregs !== 'object') throw new Error("arm64 cpu restore: field 'sysregs' missing");
    const timer = state.timer as Parameters<GenericTimer['restore']>[0];
    if (!timer || !Array.isArray(timer.ctl)) throw new Error("arm64 cpu restore: field 'timer' missing");
    if (typeof state.retired !== 'number') throw new Error("arm64 cpu restore: field 'retired' must be a number");
    this.lo.set(lo); this.hi.set(hi); this.v.set(v); this.spb.set(spb);
    this.lo[31] = 0; this.hi[31] = 0;
    for (let i = 0; i < R.COUNT; i++) {
      const p = sysregs[R_NAMES[i]!];
      if (!Array.isArray(p) || p.length !== 2) throw new Error(`arm64 cpu restore: sysreg ${R_NAMES[i]} must be [lo, hi]`);
      this.sr[i * 2] = p[0] as number; this.sr[i * 2 + 1] = p[1] as number;
    }
    const st = this.st;
    st[S.NZCV] = (ps.nzcv as number) & 0xf; st[S.EL] = (ps.el as number) & 1; st[S.SPSEL] = (ps.spsel as number) & 1;
    st[S.DAIF] = (ps.daif as number) & 0xf; st[S.EVENT] = (ps.event as number) & 1;
    st[S.IRQ] = state.irq ? 1 : 0; st[S.FIQ] = state.fiq ? 1 : 0;
    this.setPc(pc[0]!, pc[1]!);
    this.timer.restore(timer);
    this.retiredBase = state.retired;
    this.sliceStart = 0; st[S.REM] = 0;
    this.halted = state.halted === true;
    this.haltMsg = typeof state.haltReason === 'string' ? state.haltReason : '';
    this.updateMmu();
    this.flushCaches();
  }
}
