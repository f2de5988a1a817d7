// The GICv2 virtualization extensions: the virtual interface control
// registers (GICH, banked per CPU) and the virtual CPU interface (GICV),
// per the ARM GIC Architecture Specification v2.0 (IHI 0048B.b) chapter 5
// "GIC Support for Virtualization": list registers (5.3.6, GICH_LRn),
// GICH_HCR/VTR/VMCR/MISR/EISR/ELRSR/APR (table 5-1), GICV = the GICC layout
// acting on the list registers (5.4), maintenance interrupt PPI 25.
// For a guest that is itself a hypervisor (HYP mode on arm32ve): GICV
// signals the vcpu's virtual IRQ/FIQ inputs. Four list registers, five
// priority bits. A hardware (HW = 1) list entry deactivates its physical
// interrupt in this guest's distributor when the virtual one is deactivated.

import type { EmuState, IrqLine } from '../../../core/devemu/emulator.ts';
import { checkVersion, stateU32Array } from '../../common/state.ts';
import type { GicV2 } from './state.ts';

export const enum Gich {
  HCR = 0x00,
  VTR = 0x04,
  VMCR = 0x08,
  MISR = 0x10,
  EISR0 = 0x20,
  EISR1 = 0x24,
  ELRSR0 = 0x30,
  ELRSR1 = 0x34,
  APR = 0xf0,
  LR0 = 0x100,
}

export const NUM_LR = 4;
export const MAINTENANCE_PPI = 25;
/** GICH_VTR: PRIbits = 4, PREbits = 4 (5 bits each), ListRegs = NUM_LR - 1. */
export const VTR_VALUE = ((4 << 29) | (4 << 26) | (NUM_LR - 1)) >>> 0;

const LR_HW = 1 << 31;
const LR_GRP1 = 1 << 30;
const LR_STATE_SHIFT = 28;
const LR_PENDING = 1;
const LR_ACTIVE = 2;
const LR_EOI = 1 << 19;
const HCR_EN = 1 << 0;
const HCR_UIE = 1 << 1;
const HCR_LRENPIE = 1 << 2;
const HCR_NPIE = 1 << 3;
const MISR_EOI = 1 << 0;
const MISR_U = 1 << 1;
const MISR_LRENP = 1 << 2;
const MISR_NP = 1 << 3;
const SPURIOUS = 1023;
const MAX_ACTIVE = 33;

interface VirtOutputs {
  readonly virq: IrqLine;
  readonly vfiq: IrqLine;
}

export class GicVirtIf {
  readonly hcr: Uint32Array;
  readonly vmcr: Uint32Array;
  readonly lr: Uint32Array;
  readonly eisr: Uint32Array;
  readonly prioStack: Int32Array;
  readonly prioDepth: Int32Array;
  private readonly outV: Int8Array;
  private readonly outF: Int8Array;
  private readonly outM: Int8Array;

  constructor(private readonly gic: GicV2, private readonly outputs: readonly VirtOutputs[]) {
    const n = gic.ncpu;
    this.hcr = new Uint32Array(n);
    this.vmcr = new Uint32Array(n);
    this.lr = new Uint32Array(n * NUM_LR);
    this.eisr = new Uint32Array(n);
    this.prioStack = new Int32Array(n * MAX_ACTIVE);
    this.prioDepth = new Int32Array(n);
    this.outV = new Int8Array(n).fill(-1);
    this.outF = new Int8Array(n).fill(-1);
    this.outM = new Int8Array(n).fill(-1);
  }

  reset(): void {
    this.hcr.fill(0);
    this.vmcr.fill(0);
    this.lr.fill(0);
    this.eisr.fill(0);
    this.prioDepth.fill(0);
    for (let c = 0; c < this.gic.ncpu; c++) this.update(c);
  }

  private state(v: number): number {
    return (v >>> LR_STATE_SHIFT) & 3;
  }

  private vpmr(c: number): number {
    return (this.vmcr[c]! >>> 27) << 3;
  }

  private vbpr(c: number, grp: number): number {
    const v = this.vmcr[c]!;
    const bp = (v >>> 21) & 7;
    // Group 1 uses the aliased binary point unless VCBPR.
    return grp === 1 && !(v & (1 << 4)) ? Math.max(0, ((v >>> 18) & 7) - 1) : bp;
  }

  private groupPrio(c: number, p: number, grp: number): number {
    return p & ((0xff << (this.vbpr(c, grp) + 1)) & 0xff);
  }

  runningPriority(c: number): number {
    const d = this.prioDepth[c]!;
    return d === 0 ? 0xff : this.prioStack[c * MAX_ACTIVE + d - 1]!;
  }

  /** Index of the highest priority pending list register, or -1. */
  private best(c: number): number {
    let best = -1;
    let bestPrio = 0x100;
    for (let k = 0; k < NUM_LR; k++) {
      const v = this.lr[c * NUM_LR + k]!;
      if (!(this.state(v) & LR_PENDING) || this.state(v) & LR_ACTIVE) continue;
      const grp = v & LR_GRP1 ? 1 : 0;
      if (!(this.vmcr[c]! & (1 << grp))) continue;
      const p = ((v >>> 23) & 0x1f) << 3;
      if (p < bestPrio) {
        best = k;
        bestPrio = p;
      }
    }
    return best;
  }

  private signalable(c: number, k: number): boolean {
    const v = this.lr[c * NUM_LR + k]!;
    const p = ((v >>> 23) & 0x1f) << 3;
    const grp = v & LR_GRP1 ? 1 : 0;
    if (p >= this.vpmr(c)) return false;
    if (this.prioDepth[c] === 0) return true;
    return this.groupPrio(c, p, grp) < this.groupPrio(c, this.runningPriority(c), grp);
  }

  misr(c: number): number {
    const h = this.hcr[c]!;
    let m = 0;
    if (this.eisr[c]) m |= MISR_EOI;
    let valid = 0;
    let pending = 0;
    for (let k = 0; k < NUM_LR; k++) {
      const s = this.state(this.lr[c * NUM_LR + k]!);
      if (s) valid++;
      if (s & LR_PENDING) pending++;
    }
    if (h & HCR_UIE && valid <= 1) m |= MISR_U;
    if (h & HCR_LRENPIE && h >>> 27) m |= MISR_LRENP;
    if (h & HCR_NPIE && pending === 0) m |= MISR_NP;
    return m;
  }

  elrsr(c: number): number {
    let e = 0;
    for (let k = 0; k < NUM_LR; k++) {
      const v = this.lr[c * NUM_LR + k]!;
      if (this.state(v) === 0 && (v & LR_HW || !(v & LR_EOI))) e |= 1 << k;
    }
    return e;
  }

  update(c: number): void {
    const en = (this.hcr[c]! & HCR_EN) !== 0;
    let virq = 0;
    let vfiq = 0;
    if (en) {
      const k = this.best(c);
      if (k >= 0 && this.signalable(c, k)) {
        const grp = this.lr[c * NUM_LR + k]! & LR_GRP1 ? 1 : 0;
        if (grp === 0 && this.vmcr[c]! & (1 << 3)) vfiq = 1;
        else virq = 1;
      }
    }
    const maint = en && this.misr(c) ? 1 : 0;
    const o = this.outputs[c];
    if (this.outV[c] !== virq) {
      this.outV[c] = virq;
      o?.virq.set(virq);
    }
    if (this.outF[c] !== vfiq) {
      this.outF[c] = vfiq;
      o?.vfiq.set(vfiq);
    }
    if (this.outM[c] !== maint) {
      this.outM[c] = maint;
      this.gic.setInput(MAINTENANCE_PPI, maint, c);
    }
  }

  // ---- GICH ----

  hypRead(off: number, c: number): number {
    switch (off) {
      case Gich.HCR: return this.hcr[c]!;
      case Gich.VTR: return VTR_VALUE;
      case Gich.VMCR: return this.vmcr[c]!;
      case Gich.MISR: return this.misr(c);
      case Gich.EISR0: return this.eisr[c]!;
      case Gich.EISR1: return 0;
      case Gich.ELRSR0: return this.elrsr(c);
      case Gich.ELRSR1: return 0;
      case Gich.APR: {
        let apr = 0;
        for (let d = 0; d < this.prioDepth[c]!; d++) apr |= 1 << (this.prioStack[c * MAX_ACTIVE + d]! >>> 3);
        return apr >>> 0;
      }
    }
    if (off >= Gich.LR0 && off < Gich.LR0 + 4 * NUM_LR) return this.lr[c * NUM_LR + ((off - Gich.LR0) >> 2)]!;
    return -1;
  }

  hypWrite(off: number, v: number, c: number): boolean {
    switch (off) {
      case Gich.HCR: this.hcr[c] = v & 0xf80000ff; break;
      case Gich.VMCR: this.vmcr[c] = v & 0xf8fc021f; break;
      case Gich.APR: {
        // Rebuild the active priority stack from the bits, lowest priority first.
        let d = 0;
        for (let b = 31; b >= 0 && d < MAX_ACTIVE; b--) if (v & (1 << b)) this.prioStack[c * MAX_ACTIVE + d++] = b << 3;
        this.prioDepth[c] = d;
        break;
      }
      default:
        if (off >= Gich.LR0 && off < Gich.LR0 + 4 * NUM_LR) {
          const k = (off - Gich.LR0) >> 2;
          this.lr[c * NUM_LR + k] = v >>> 0;
          this.eisr[c]! &= ~(1 << k);
          break;
        }
        return false;
    }
    this.update(c);
    return true;
  }

  // ---- GICV (the virtual CPU interface, GICC layout) ----

  ctlr(c: number): number {
    const v = this.vmcr[c]!;
    return (v & 0x1f) | (v & (1 << 9));
  }

  setCtlr(c: number, x: number): void {
    this.vmcr[c] = (this.vmcr[c]! & ~0x21f) | (x & 0x21f);
    this.update(c);
  }

  setPmr(c: number, x: number): void {
    this.vmcr[c] = ((this.vmcr[c]! & 0x07ffffff) | ((x >>> 3) << 27)) >>> 0;
    this.update(c);
  }

  pmr(c: number): number {
    return this.vpmr(c);
  }

  bpr(c: number, alias: boolean): number {
    return (this.vmcr[c]! >>> (alias ? 18 : 21)) & 7;
  }

  setBpr(c: number, alias: boolean, x: number): void {
    const sh = alias ? 18 : 21;
    this.vmcr[c] = ((this.vmcr[c]! & ~(7 << sh)) | ((x & 7) << sh)) >>> 0;
    this.update(c);
  }

  hppir(c: number): number {
    const k = this.best(c);
    if (k < 0) return SPURIOUS;
    const v = this.lr[c * NUM_LR + k]!;
    return v & LR_HW ? v & 0x3ff : v & 0x1fff;
  }

  acknowledge(c: number): number {
    const k = this.best(c);
    if (k < 0 || !this.signalable(c, k)) return SPURIOUS;
    const i = c * NUM_LR + k;
    const v = this.lr[i]!;
    this.lr[i] = ((v & ~(3 << LR_STATE_SHIFT)) | (LR_ACTIVE << LR_STATE_SHIFT)) >>> 0;
    const d = this.prioDepth[c]!;
    if (d < MAX_ACTIVE) {
      this.prioStack[c * MAX_ACTIVE + d] = ((v >>> 23) & 0x1f) << 3;
      this.prioDepth[c] = d + 1;
    }
    this.update(c);
    // VirtualID, with the source CPU for a software SGI entry.
    return v & LR_HW ? v & 0x3ff : v & 0x1fff;
  }

  endOfInterrupt(c: number, value: number): boolean {
    if (this.prioDepth[c]! > 0) this.prioDepth[c]!--;
    const ok = this.vmcr[c]! & (1 << 9) ? true : this.deactivate(c, value);
    this.update(c);
    return ok;
  }

  /** Clears the active state of the entry holding VirtualID; false when none is active. */
  deactivate(c: number, value: number): boolean {
    const id = value & 0x3ff;
    for (let k = 0; k < NUM_LR; k++) {
      const i = c * NUM_LR + k;
      const v = this.lr[i]!;
      if ((v & 0x3ff) !== id || !(this.state(v) & LR_ACTIVE)) continue;
      this.lr[i] = (v & ~(LR_ACTIVE << LR_STATE_SHIFT)) >>> 0;
      if (v & LR_HW) this.gic.deactivate(c, (v >>> 10) & 0x3ff);
      else if (v & LR_EOI && this.state(this.lr[i]!) === 0) this.eisr[c]! |= 1 << k;
      this.update(c);
      return true;
    }
    // No entry: counts for LRENP (GICH_HCR.EOICount).
    const h = this.hcr[c]!;
    this.hcr[c] = ((h & 0x07ffffff) | ((((h >>> 27) + 1) & 0x1f) << 27)) >>> 0;
    this.update(c);
    return false;
  }

  save(): unknown {
    return {
      version: 1, hcr: [...this.hcr], vmcr: [...this.vmcr], lr: [...this.lr], eisr: [...this.eisr],
      prioStack: [...this.prioStack], prioDepth: [...this.prioDepth],
    };
  }

  restore(s: EmuState): void {
    const d = 'gic-v2 virtual interface';
    checkVersion(s, d, 1);
    const arrays: [string, Uint32Array | Int32Array][] = [
      ['hcr', this.hcr], ['vmcr', this.vmcr], ['lr', this.lr], ['eisr', this.eisr], ['prioStack', this.prioStack], ['prioDepth', this.prioDepth],
    ];
    const loaded = arrays.map(([k, a]) => stateU32Array(s, d, k, a.length));
    if (loaded[5]!.some((x) => x > MAX_ACTIVE)) throw new Error(`${d}: prioDepth out of range`);
    arrays.forEach(([, a], k) => a.set(loaded[k]!));
    this.outV.fill(-1);
    this.outF.fill(-1);
    this.outM.fill(-1);
    for (let c = 0; c < this.gic.ncpu; c++) this.update(c);
  }
}
