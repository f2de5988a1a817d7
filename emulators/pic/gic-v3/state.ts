// One guest's GICv3 with affinity routing and a single security state, per
// ARM IHI 0069H chapters 2 (distribution and routing), 4 (physical
// interrupt handling and prioritization) and 12 (programmers' model):
// SGIs/PPIs banked in each CPU's redistributor, SPIs routed by
// GICD_IROUTER (a PE's affinity, or 1-of-N), groups 0 (FIQ) and 1 (IRQ)
// enabled per CPU by ICC_IGRPEN0/1_EL1, priority mask, binary points,
// running priority with preemption, EOImode split (ICC_DIR_EL1), SGIs by
// ICC_SGI1R_EL1/ICC_SGI0R_EL1 with target lists and range selectors.
// vcpu n has MPIDR affinity Aff0 = n & 0xff, Aff1 = n >> 8 (as the CPUs
// report it). Not modelled: LPIs and ITS, GICv4 vLPIs, legacy
// (non-affinity-routed) operation, the Security Extensions.

import type { EmuState, IrqLine } from '../../../core/devemu/emulator.ts';
import { EmuStateError } from '../../../core/devemu/emulator.ts';
import { checkVersion, stateU32, stateU32Array } from '../../common/state.ts';
import { GICD_CTLR_ENABLE_GRP0, GICD_CTLR_ENABLE_GRP1, ICC_CTLR_CBPR, ICC_CTLR_EOIMODE, MIN_BPR0, MIN_BPR1, SPURIOUS } from './regs.ts';

export interface Gic3CpuOutputs {
  readonly irq: IrqLine;
  readonly fiq: IrqLine;
}

const MAX_ACTIVE = 33;
const STATE_VERSION = 1;
const IRM = 0x80000000;

export class GicV3 {
  readonly numIrq: number;
  readonly ncpu: number;
  distCtlr = 0;
  readonly enabled: Uint8Array;
  readonly pending: Uint8Array;
  readonly active: Uint8Array;
  readonly level: Uint8Array;
  readonly priority: Uint8Array;
  readonly group: Uint8Array;
  /** Edge (1) / level (0) per index (banked: SGI/PPI config lives in each redistributor). */
  readonly edge: Uint8Array;
  /** GICD_IROUTER per SPI: low word = Aff2.Aff1.Aff0 | IRM bit 31, high word = Aff3. */
  readonly routeLo: Uint32Array;
  readonly routeHi: Uint32Array;
  readonly waker: Uint32Array;
  readonly iccCtlr: Uint32Array;
  readonly pmr: Uint32Array;
  readonly bpr0: Uint32Array;
  readonly bpr1: Uint32Array;
  readonly igrpen0: Uint8Array;
  readonly igrpen1: Uint8Array;
  readonly prioStack: Int32Array;
  readonly prioDepth: Int32Array;
  private readonly outIrq: Int8Array;
  private readonly outFiq: Int8Array;
  hppiPrio = 0x100;

  constructor(numIrq: number, ncpu: number, private readonly outputs: readonly Gic3CpuOutputs[]) {
    if (numIrq < 32 || numIrq > 1020) throw new RangeError(`GICv3 num_irq ${numIrq} outside 32..1020`);
    if (ncpu < 1 || ncpu > 512) throw new RangeError(`GICv3 serves 1..512 CPUs here, not ${ncpu}`);
    this.numIrq = Math.min(1020, Math.ceil(numIrq / 32) * 32);
    this.ncpu = ncpu;
    const n = ncpu * 32 + this.numIrq - 32;
    this.enabled = new Uint8Array(n);
    this.pending = new Uint8Array(n);
    this.active = new Uint8Array(n);
    this.level = new Uint8Array(n);
    this.priority = new Uint8Array(n);
    this.group = new Uint8Array(n);
    this.edge = new Uint8Array(n);
    this.routeLo = new Uint32Array(this.numIrq);
    this.routeHi = new Uint32Array(this.numIrq);
    this.waker = new Uint32Array(ncpu);
    this.iccCtlr = new Uint32Array(ncpu);
    this.pmr = new Uint32Array(ncpu);
    this.bpr0 = new Uint32Array(ncpu);
    this.bpr1 = new Uint32Array(ncpu);
    this.igrpen0 = new Uint8Array(ncpu);
    this.igrpen1 = new Uint8Array(ncpu);
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
    for (const a of [this.enabled, this.pending, this.active, this.priority, this.group, this.edge]) a.fill(0);
    for (let c = 0; c < this.ncpu; c++) for (let i = 0; i < 16; i++) this.edge[c * 32 + i] = 1;
    this.routeLo.fill(0);
    this.routeHi.fill(0);
    this.waker.fill(6);
    this.iccCtlr.fill(0);
    this.pmr.fill(0);
    this.bpr0.fill(MIN_BPR0);
    this.bpr1.fill(MIN_BPR1);
    this.igrpen0.fill(0);
    this.igrpen1.fill(0);
    this.prioDepth.fill(0);
    this.updateAll();
  }

  /** The CPU index with affinity (aff3, aff2, aff1, aff0), or -1. */
  cpuByAffinity(aff3: number, aff2: number, aff1: number, aff0: number): number {
    if (aff3 !== 0 || aff2 !== 0) return -1;
    const c = aff1 * 256 + aff0;
    return c < this.ncpu ? c : -1;
  }

  /** Which CPU an SPI is delivered to now, or -1. */
  spiTarget(irq: number): number {
    const lo = this.routeLo[irq]!;
    if (lo & IRM) {
      const g = this.group[this.idx(0, irq)]!;
      for (let c = 0; c < this.ncpu; c++) if (g ? this.igrpen1[c] : this.igrpen0[c]) return c;
      return 0;
    }
    return this.cpuByAffinity(this.routeHi[irq]! & 0xff, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff);
  }

  setInput(irq: number, level: number, cpu = 0): void {
    if (irq < 16 || irq >= this.numIrq || cpu < 0 || cpu >= this.ncpu) return;
    const i = this.idx(cpu, irq);
    const l = level ? 1 : 0;
    if (this.level[i] === l) return;
    this.level[i] = l;
    if (l && this.edge[i]) this.pending[i] = 1;
    this.updateFor(cpu, irq);
  }

  isPending(cpu: number, irq: number): boolean {
    const i = this.idx(cpu, irq);
    return this.pending[i] !== 0 || (!this.edge[i] && this.level[i] !== 0);
  }

  /** Highest priority pending interrupt of `group` (or either group when -1) for cpu. */
  highestPending(cpu: number, group = -1): number {
    let best = SPURIOUS;
    let bestPrio = 0x100;
    for (let irq = 0; irq < this.numIrq; irq++) {
      const i = this.idx(cpu, irq);
      if (!(this.pending[i]! | this.level[i]!)) continue; // idle: the common case
      if (!this.enabled[i] || this.active[i] || !this.isPending(cpu, irq)) continue;
      const g = this.group[i]!;
      if (group >= 0 && g !== group) continue;
      if (!(this.distCtlr & (g ? GICD_CTLR_ENABLE_GRP1 : GICD_CTLR_ENABLE_GRP0))) continue;
      if (!(g ? this.igrpen1[cpu] : this.igrpen0[cpu])) continue;
      const p = this.priority[i]!;
      if (p >= bestPrio) continue;
      if (irq >= 32 && this.spiTarget(irq) !== cpu) continue;
      best = irq;
      bestPrio = p;
    }
    this.hppiPrio = bestPrio;
    return best;
  }

  groupPriority(cpu: number, prio: number, grp: number): number {
    const b = grp === 0 || this.iccCtlr[cpu]! & ICC_CTLR_CBPR ? this.bpr0[cpu]! : this.bpr1[cpu]! - 1;
    return prio & ((0xff << (b + 1)) & 0xff);
  }

  runningPriority(cpu: number): number {
    const d = this.prioDepth[cpu]!;
    return d === 0 ? 0xff : this.prioStack[cpu * MAX_ACTIVE + d - 1]!;
  }

  private canSignal(cpu: number, p: number, grp: number): boolean {
    if (p >= this.pmr[cpu]!) return false;
    if (this.prioDepth[cpu] === 0) return true;
    return this.groupPriority(cpu, p, grp) < this.groupPriority(cpu, this.runningPriority(cpu), grp);
  }

  updateCpu(cpu: number): void {
    const id = this.highestPending(cpu);
    let irq = 0;
    let fiq = 0;
    if (id !== SPURIOUS) {
      const grp = this.group[this.idx(cpu, id)]!;
      if (this.canSignal(cpu, this.hppiPrio, grp)) {
        if (grp === 0) fiq = 1;
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

  /** ICC_IAR0/1_EL1. */
  acknowledge(cpu: number, group: number): number {
    const id = this.highestPending(cpu, group);
    if (id === SPURIOUS || !this.canSignal(cpu, this.hppiPrio, group)) return SPURIOUS;
    const i = this.idx(cpu, id);
    this.pending[i] = 0;
    this.active[i] = 1;
    const d = this.prioDepth[cpu]!;
    if (d < MAX_ACTIVE) {
      this.prioStack[cpu * MAX_ACTIVE + d] = this.priority[i]!;
      this.prioDepth[cpu] = d + 1;
    }
    this.updateFor(cpu, id);
    return id;
  }

  /** ICC_EOIR0/1_EL1: priority drop, deactivation unless EOImode. False for an inactive ID. */
  endOfInterrupt(cpu: number, value: number): boolean {
    const id = value & 0xffffff;
    if (id >= 1020 && id < 1024) return true;
    if (id >= this.numIrq) return false;
    if (this.prioDepth[cpu]! > 0) this.prioDepth[cpu]!--;
    if (!(this.iccCtlr[cpu]! & ICC_CTLR_EOIMODE)) return this.deactivate(cpu, id);
    this.updateCpu(cpu);
    return true;
  }

  deactivate(cpu: number, id: number): boolean {
    if (id >= this.numIrq) return false;
    const i = this.idx(cpu, id);
    const was = this.active[i] !== 0;
    this.active[i] = 0;
    this.updateFor(cpu, id);
    return was;
  }

  /** ICC_SGI0R/SGI1R_EL1 from CPU src (value in lo/hi words). */
  generateSgi(src: number, lo: number, hi: number): void {
    const intid = (lo >>> 24) & 0xf;
    if ((hi >>> 8) & 1) {
      for (let c = 0; c < this.ncpu; c++) if (c !== src) this.pending[this.idx(c, intid)] = 1;
    } else {
      const list = lo & 0xffff;
      const aff1 = (lo >>> 16) & 0xff;
      const aff2 = hi & 0xff;
      const aff3 = (hi >>> 16) & 0xff;
      const rs = (hi >>> 12) & 0xf;
      for (let b = 0; b < 16; b++) {
        if (!(list & (1 << b))) continue;
        const c = this.cpuByAffinity(aff3, aff2, aff1, rs * 16 + b);
        if (c >= 0) this.pending[this.idx(c, intid)] = 1;
      }
    }
    this.updateAll();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION, numIrq: this.numIrq, ncpu: this.ncpu, distCtlr: this.distCtlr,
      enabled: [...this.enabled], pending: [...this.pending], active: [...this.active], level: [...this.level],
      priority: [...this.priority], group: [...this.group], edge: [...this.edge], routeLo: [...this.routeLo],
      routeHi: [...this.routeHi], waker: [...this.waker], iccCtlr: [...this.iccCtlr], pmr: [...this.pmr],
      bpr0: [...this.bpr0], bpr1: [...this.bpr1], igrpen0: [...this.igrpen0], igrpen1: [...this.igrpen1],
      prioStack: [...this.prioStack], prioDepth: [...this.prioDepth],
    };
  }

  restore(s: EmuState): void {
    const d = 'gic-v3';
    checkVersion(s, d, STATE_VERSION);
    if (stateU32(s, d, 'numIrq') !== this.numIrq || stateU32(s, d, 'ncpu') !== this.ncpu) {
      throw new EmuStateError(`${d}: state is for ${String(s.numIrq)} IRQs / ${String(s.ncpu)} CPUs, this GIC has ${this.numIrq} / ${this.ncpu}`);
    }
    const arrays: [string, Uint8Array | Uint32Array | Int32Array][] = [
      ['enabled', this.enabled], ['pending', this.pending], ['active', this.active], ['level', this.level],
      ['priority', this.priority], ['group', this.group], ['edge', this.edge], ['routeLo', this.routeLo],
      ['routeHi', this.routeHi], ['waker', this.waker], ['iccCtlr', this.iccCtlr], ['pmr', this.pmr], ['bpr0', this.bpr0],
      ['bpr1', this.bpr1], ['igrpen0', this.igrpen0], ['igrpen1', this.igrpen1], ['prioStack', this.prioStack],
      ['prioDepth', this.prioDepth],
    ];
    const loaded = arrays.map(([name, a]) => stateU32Array(s, d, name, a.length));
    if (loaded[loaded.length - 1]!.some((x) => x > MAX_ACTIVE)) throw new EmuStateError(`${d}: prioDepth out of range`);
    const ctlr = stateU32(s, d, 'distCtlr');
    arrays.forEach(([, a], k) => a.set(loaded[k]!));
    this.distCtlr = ctlr;
    this.updateAll();
  }
}
