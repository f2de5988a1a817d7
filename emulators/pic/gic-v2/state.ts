// The state and behaviour of one guest's GICv2: distributor and the per-CPU
// interfaces, per the ARM GIC Architecture Specification v2.0 (IHI 0048B.b)
// chapters 3 (interrupt handling and prioritization) and 4 (programmers'
// model). Both MMIO regions of a guest (distributor, CPU interface) share
// one instance (see device.ts), and the guest's interrupt lines end here
// through setInput().
//
// Models a GIC without the Security Extensions as a non-secure guest uses it:
// groups 0 and 1 (group 0 signalled as FIQ when GICC_CTLR.FIQEn), 5 priority
// bits, binary point preemption, EOImode split (EOIR priority drop, DIR
// deactivate), SGIs with per-source pending state, banked SGI/PPI state per
// CPU, SPI targets. AckCtl is treated as set (IAR acknowledges both groups);
// the aliased group 1 registers (AIAR/AEOIR/AHPPIR) act as IAR/EOIR/HPPIR.

import type { EmuState, IrqLine } from '../../../core/devemu/emulator.ts';
import { EmuStateError } from '../../../core/devemu/emulator.ts';
import { checkVersion, stateU32, stateU32Array } from '../../common/state.ts';
import {
  CTLR_CBPR, CTLR_EOIMODE_NS, CTLR_EOIMODE_S, CTLR_FIQ_EN, MIN_BPR, SPURIOUS,
} from './regs.ts';

/** The outputs one CPU interface drives. */
export interface GicCpuOutputs {
  readonly irq: IrqLine;
  readonly fiq: IrqLine;
}

const STATE_VERSION = 1;
const MAX_ACTIVE = 33; // one per preemption level plus the idle level

export class GicV2 {
  readonly numIrq: number;
  readonly ncpu: number;
  distCtlr = 0;
  // Per interrupt state, banked for IDs < 32: index = idx(cpu, irq).
  readonly enabled: Uint8Array;
  readonly pendingLatch: Uint8Array;
  readonly active: Uint8Array;
  readonly level: Uint8Array;
  readonly priority: Uint8Array;
  readonly group: Uint8Array;
  /** Edge (1) or level (0) per interrupt ID (GICD_ICFGR Int_config[1]). */
  readonly edge: Uint8Array;
  /** CPU target mask per ID (SPIs). */
  readonly targets: Uint8Array;
  /** SGI pending sources: [cpu * 16 + sgi] = bit mask of source CPUs. */
  readonly sgiPending: Uint8Array;
  // CPU interfaces.
  readonly cpuCtlr: Uint32Array;
  readonly pmr: Uint32Array;
  readonly bpr: Uint32Array;
  readonly abpr: Uint32Array;
  /** Stack of acknowledged priorities per CPU (for running priority and drops). */
  readonly prioStack: Int32Array;
  readonly prioDepth: Int32Array;
  /** Current output levels per CPU, to drive lines only on change. */
  private readonly outIrq: Int8Array;
  private readonly outFiq: Int8Array;

  constructor(numIrq: number, ncpu: number, private readonly outputs: readonly GicCpuOutputs[]) {
    if (numIrq < 32 || numIrq > 1020) throw new RangeError(`GIC num_irq ${numIrq} outside 32..1020`);
    if (ncpu < 1 || ncpu > 8) throw new RangeError(`GICv2 serves 1..8 CPUs, not ${ncpu}`);
    this.numIrq = Math.ceil(numIrq / 32) * 32 > 1020 ? 1020 : Math.ceil(numIrq / 32) * 32;
    this.ncpu = ncpu;
    const n = ncpu * 32 + (this.numIrq - 32);
    this.enabled = new Uint8Array(n);
    this.pendingLatch = new Uint8Array(n);
    this.active = new Uint8Array(n);
    this.level = new Uint8Array(n);
    this.priority = new Uint8Array(n);
    this.group = new Uint8Array(n);
    this.edge = new Uint8Array(this.numIrq);
    this.targets = new Uint8Array(this.numIrq);
    this.sgiPending = new Uint8Array(ncpu * 16);
    this.cpuCtlr = new Uint32Array(ncpu);
    this.pmr = new Uint32Array(ncpu);
    this.bpr = new Uint32Array(ncpu);
    this.abpr = new Uint32Array(ncpu);
    this.prioStack = new Int32Array(ncpu * MAX_ACTIVE);
    this.prioDepth = new Int32Array(ncpu);
    this.outIrq = new Int8Array(ncpu).fill(-1);
    this.outFiq = new Int8Array(ncpu).fill(-1);
    this.reset();
  }

  idx(cpu: number, irq: number): number {
    return irq < 32 ? cpu * 32 + irq : this.ncpu * 32 + irq - 32;
  }

  reset(): void {
    this.distCtlr = 0;
    this.enabled.fill(0);
    this.pendingLatch.fill(0);
    this.active.fill(0);
    this.priority.fill(0);
    this.group.fill(0);
    this.edge.fill(0);
    for (let i = 0; i < 16; i++) this.edge[i] = 1; // SGIs are always edge
    this.targets.fill(0);
    this.sgiPending.fill(0);
    // SGIs are permanently enabled (GIC-400: ISENABLER0[15:0] RAO/WI).
    for (let c = 0; c < this.ncpu; c++) for (let i = 0; i < 16; i++) this.enabled[c * 32 + i] = 1;
    this.cpuCtlr.fill(0);
    this.pmr.fill(0);
    this.bpr.fill(MIN_BPR);
    this.abpr.fill(MIN_BPR + 1);
    this.prioDepth.fill(0);
    this.updateAll();
  }

  /** An input line changed: irq < 32 is a PPI of `cpu`, else an SPI. */
  setInput(irq: number, level: number, cpu = 0): void {
    if (irq < 16 || irq >= this.numIrq || cpu < 0 || cpu >= this.ncpu) return;
    const i = this.idx(cpu, irq);
    const l = level ? 1 : 0;
    if (l === this.level[i]) return;
    this.level[i] = l;
    if (l && this.edge[irq]) this.pendingLatch[i] = 1;
    this.updateFor(cpu, irq);
  }

  isPending(cpu: number, irq: number): boolean {
    if (irq < 16) return this.sgiPending[cpu * 16 + irq] !== 0;
    const i = this.idx(cpu, irq);
    return this.pendingLatch[i] !== 0 || (!this.edge[irq] && this.level[i] !== 0);
  }

  /** Targets as routing sees them: a uniprocessor GIC routes every SPI to CPU 0. */
  private targetsCpu(irq: number, cpu: number): boolean {
    return this.ncpu === 1 ? cpu === 0 : ((this.targets[irq]! >> cpu) & 1) !== 0;
  }

  /** Highest priority pending interrupt for cpu: id, or SPURIOUS; also sets hppiPrio/hppiSrc. */
  hppiPrio = 0x100;
  hppiSrc = 0;
  highestPending(cpu: number): number {
    let best = SPURIOUS;
    let bestPrio = 0x100;
    let bestSrc = 0;
    const dist = this.distCtlr;
    for (let irq = 0; irq < this.numIrq; irq++) {
      const i = this.idx(cpu, irq);
      // Most interrupts are idle: test for any pending state first (cheapest).
      if (irq >= 16 ? !(this.pendingLatch[i]! | this.level[i]!) : !this.sgiPending[cpu * 16 + irq]) continue;
      if (!this.enabled[i] || this.active[i]) continue;
      if (!(dist & (1 << this.group[i]!))) continue;
      const p = this.priority[i]!;
      if (p >= bestPrio) continue;
      if (irq < 16) {
        const src = this.sgiPending[cpu * 16 + irq]!;
        if (!src) continue;
        bestSrc = 31 - Math.clz32(src & -src);
      } else {
        if (!this.isPending(cpu, irq)) continue;
        if (irq >= 32 && !this.targetsCpu(irq, cpu)) continue;
        bestSrc = 0;
      }
      best = irq;
      bestPrio = p;
    }
    this.hppiPrio = bestPrio;
    this.hppiSrc = bestSrc;
    return best;
  }

  groupPriority(cpu: number, prio: number, grp: number): number {
    const useAbpr = grp === 1 && !(this.cpuCtlr[cpu]! & CTLR_CBPR);
    const b = useAbpr ? Math.max(0, this.abpr[cpu]! - 1) : this.bpr[cpu]!;
    return prio & ((0xff << (b + 1)) & 0xff);
  }

  runningPriority(cpu: number): number {
    const d = this.prioDepth[cpu]!;
    return d === 0 ? 0xff : this.prioStack[cpu * MAX_ACTIVE + d - 1]!;
  }

  /** True when irq (with priority p, group grp) may preempt what cpu runs now. */
  private canSignal(cpu: number, p: number, grp: number): boolean {
    if (!(this.cpuCtlr[cpu]! & (1 << grp))) return false;
    if (p >= this.pmr[cpu]!) return false;
    if (this.prioDepth[cpu] === 0) return true;
    const running = this.runningPriority(cpu);
    return this.groupPriority(cpu, p, grp) < this.groupPriority(cpu, running, grp);
  }

  updateCpu(cpu: number): void {
    const id = this.highestPending(cpu);
    let irq = 0;
    let fiq = 0;
    if (id !== SPURIOUS) {
      const grp = this.group[this.idx(cpu, id)]!;
      if (this.canSignal(cpu, this.hppiPrio, grp)) {
        if (grp === 0 && this.cpuCtlr[cpu]! & CTLR_FIQ_EN) fiq = 1;
        else irq = 1;
      }
    }
    const out = this.outputs[cpu];
    if (this.outIrq[cpu] !== irq) {
      this.outIrq[cpu] = irq;
      out?.irq.set(irq);
    }
    if (this.outFiq[cpu] !== fiq) {
      this.outFiq[cpu] = fiq;
      out?.fiq.set(fiq);
    }
  }

  updateAll(): void {
    for (let c = 0; c < this.ncpu; c++) this.updateCpu(c);
  }

  /** After a change to interrupt irq of cpu: banked ones concern that CPU alone. */
  updateFor(cpu: number, irq: number): void {
    if (irq < 32) this.updateCpu(cpu);
    else this.updateAll();
  }

  /** GICC_IAR: acknowledge the highest priority pending interrupt. */
  acknowledge(cpu: number): number {
    const id = this.highestPending(cpu);
    if (id === SPURIOUS) return SPURIOUS;
    const i = this.idx(cpu, id);
    const grp = this.group[i]!;
    if (!this.canSignal(cpu, this.hppiPrio, grp)) return SPURIOUS;
    let value = id;
    if (id < 16) {
      const src = this.hppiSrc;
      this.sgiPending[cpu * 16 + id]! &= ~(1 << src);
      value |= src << 10;
    } else {
      this.pendingLatch[i] = 0;
    }
    this.active[i] = 1;
    const d = this.prioDepth[cpu]!;
    if (d < MAX_ACTIVE) {
      this.prioStack[cpu * MAX_ACTIVE + d] = this.priority[i]!;
      this.prioDepth[cpu] = d + 1;
    }
    this.updateFor(cpu, id);
    return value;
  }

  /** GICC_EOIR: priority drop, and deactivation unless EOImode splits it. Returns false for a bad ID. */
  endOfInterrupt(cpu: number, value: number): boolean {
    const id = value & 0x3ff;
    if (id >= 1020) return true; // special IDs: no effect
    if (id >= this.numIrq) return false;
    const i = this.idx(cpu, id);
    if (this.prioDepth[cpu]! > 0) this.prioDepth[cpu]!--;
    const split = this.cpuCtlr[cpu]! & (this.group[i] ? CTLR_EOIMODE_NS : CTLR_EOIMODE_S);
    if (!split) return this.deactivate(cpu, id);
    this.updateCpu(cpu);
    return true;
  }

  /** GICC_DIR or EOIR without split: clear the active state. False when it was not active. */
  deactivate(cpu: number, id: number): boolean {
    if (id >= this.numIrq) return false;
    const i = this.idx(cpu, id);
    const was = this.active[i] !== 0;
    this.active[i] = 0;
    this.updateFor(cpu, id);
    return was;
  }

  /** GICD_SGIR write from CPU `src`. */
  sendSgi(src: number, value: number): void {
    const sgi = value & 0xf;
    const filter = (value >>> 24) & 3;
    let list = (value >>> 16) & 0xff;
    if (filter === 1) list = ((1 << this.ncpu) - 1) & ~(1 << src);
    else if (filter === 2) list = 1 << src;
    else if (filter === 3) return;
    for (let c = 0; c < this.ncpu; c++) if (list & (1 << c)) this.sgiPending[c * 16 + sgi]! |= 1 << src;
    this.updateAll();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION,
      numIrq: this.numIrq,
      ncpu: this.ncpu,
      distCtlr: this.distCtlr,
      enabled: [...this.enabled], pendingLatch: [...this.pendingLatch], active: [...this.active],
      level: [...this.level], priority: [...this.priority], group: [...this.group],
      edge: [...this.edge], targets: [...this.targets], sgiPending: [...this.sgiPending],
      cpuCtlr: [...this.cpuCtlr], pmr: [...this.pmr], bpr: [...this.bpr], abpr: [...this.abpr],
      prioStack: [...this.prioStack], prioDepth: [...this.prioDepth],
    };
  }

  restore(s: EmuState): void {
    const d = 'gic-v2';
    checkVersion(s, d, STATE_VERSION);
    if (stateU32(s, d, 'numIrq') !== this.numIrq || stateU32(s, d, 'ncpu') !== this.ncpu) {
      throw new EmuStateError(`${d}: state is for ${String(s.numIrq)} IRQs / ${String(s.ncpu)} CPUs, this GIC has ${this.numIrq} / ${this.ncpu}`);
    }
    const arrays: [string, Uint8Array | Uint32Array | Int32Array][] = [
      ['enabled', this.enabled], ['pendingLatch', this.pendingLatch], ['active', this.active], ['level', this.level],
      ['priority', this.priority], ['group', this.group], ['edge', this.edge], ['targets', this.targets],
      ['sgiPending', this.sgiPending], ['cpuCtlr', this.cpuCtlr], ['pmr', this.pmr], ['bpr', this.bpr],
      ['abpr', this.abpr], ['prioStack', this.prioStack], ['prioDepth', this.prioDepth],
    ];
    const loaded = arrays.map(([name, arr]) => stateU32Array(s, d, name, arr.length));
    const ctlr = stateU32(s, d, 'distCtlr');
    if (loaded[loaded.length - 1]!.some((depth) => depth > MAX_ACTIVE)) throw new EmuStateError(`${d}: prioDepth out of range`);
    arrays.forEach(([, arr], k) => arr.set(loaded[k]!));
    this.distCtlr = ctlr;
    this.updateAll();
  }
}
