// A tiny machine for running AArch64 test programs on the backend without
// the real core: one TestBus, N vcpus, a virtual clock driven by retired
// instructions (1 ns per instruction), a timer event list, a minimal
// interrupt wiring (timer PPI levels OR-ed straight into each vcpu's IRQ
// input), and PSCI over HVC/SMC for SYSTEM_OFF / CPU_ON / PSCI_VERSION.
// Round-robin between vcpus in fixed quanta, so runs are deterministic.

import type { EmuClock, EmuTimer } from '../../../../../core/devemu/emulator.ts';
import { StopReason } from '../../common/cpu-backend.ts';
import type { CpuEnv } from '../../common/cpu-backend.ts';
import { Arm64Cpu, DEFAULT_TRAPS } from '../cpu.ts';
import type { Arm64TrapConfig } from '../cpu.ts';
import { CORTEX_A53 } from '../model-info.ts';
import { TestBus } from './test-bus.ts';

class TestTimer implements EmuTimer {
  pending = false;
  expiry = 0;
  constructor(private readonly m: TestMachine, readonly handler: () => void) {}
  startAt(ns: number): void { this.pending = true; this.expiry = ns; this.m.timersChanged(); }
  startIn(deltaNs: number): void { this.startAt(this.m.nowNs() + deltaNs); }
  stop(): void { this.pending = false; }
}

export const PSCI_VERSION = 0x84000000;
export const PSCI_SYSTEM_OFF = 0x84000008;
export const PSCI_CPU_ON64 = 0xc4000003;

export interface MachineOptions {
  vcpus?: number;
  /** Route timer PPIs through a minimal GICv2 at 0x08000000 (else straight into IRQ). */
  gic?: boolean;
  counterHz?: number;
  traps?: Arm64TrapConfig;
  quantum?: number;
}

export class TestMachine {
  readonly bus = new TestBus();
  readonly cpus: Arm64Cpu[] = [];
  readonly timers: TestTimer[] = [];
  readonly log: string[] = [];
  readonly timerLevels: number[][] = [];
  /** Virtual ns of time spent idle (WFI with nothing pending), added to every vcpu's clock. */
  idleNs = 0;
  poweredOff = false;
  private timeBase = 0;
  private sliceBase = 0;
  private current = 0;
  private readonly online: boolean[] = [];
  private readonly quantum: number;
  private readonly useGic: boolean;
  /** Minimal GICv2 state per vcpu: enabled PPI mask, active id, CPU interface on. */
  private readonly gicEnabled: number[] = [];
  private readonly gicActive: number[] = [];
  private readonly gicCpuOn: boolean[] = [];
  private gicDistOn = false;

  constructor(opts: MachineOptions = {}) {
    const n = opts.vcpus ?? 1;
    this.quantum = opts.quantum ?? 10000;
    this.useGic = opts.gic ?? false;
    for (let i = 0; i < n; i++) {
      const levels = [0, 0];
      this.timerLevels.push(levels);
      const self = this;
      const clock: EmuClock = {
        nowNs: () => self.nowNs(),
        createTimer: (_name: string, handler: () => void) => { const t = new TestTimer(self, handler); self.timers.push(t); return t; },
      };
      const env: CpuEnv = {
        bus: this.bus, vcpuIndex: i, vcpuCount: n, clock, counterHz: opts.counterHz ?? 62_500_000,
        timerIrq: {
          phys: { set: (l: number) => { levels[0] = l; this.updateIrq(i); } },
          virt: { set: (l: number) => { levels[1] = l; this.updateIrq(i); } },
        },
        log: (kind, message) => { this.log.push(`${kind}: ${message}`); },
      };
      this.cpus.push(new Arm64Cpu(env, CORTEX_A53, opts.traps ?? DEFAULT_TRAPS));
      this.online.push(i === 0);
      this.gicEnabled.push(0);
      this.gicActive.push(1023);
      this.gicCpuOn.push(false);
    }
    if (this.useGic) this.addGic();
  }

  /** GICD at 0x08000000 (CTLR, ISENABLER0) and GICC at 0x08010000 (CTLR, PMR, IAR, EOIR), PPIs 27 and 30 only. */
  private addGic(): void {
    this.bus.mmio.push({
      base: 0x08000000, size: 0x10000,
      read: () => 0,
      write: (off, _s, v, vcpu) => {
        if (off === 0) this.gicDistOn = (v & 1) === 1;
        else if (off === 0x100) this.gicEnabled[vcpu] = this.gicEnabled[vcpu]! | v;
        else if (off === 0x180) this.gicEnabled[vcpu] = this.gicEnabled[vcpu]! & ~v;
        this.updateIrq(vcpu);
      },
    });
    this.bus.mmio.push({
      base: 0x08010000, size: 0x10000,
      read: (off, _s, vcpu) => {
        if (off !== 0x0c) return 0;
        const id = this.pendingId(vcpu);
        if (id !== 1023) { this.gicActive[vcpu] = id; this.updateIrq(vcpu); }
        return id;
      },
      write: (off, _s, v, vcpu) => {
        if (off === 0) this.gicCpuOn[vcpu] = (v & 1) === 1;
        else if (off === 0x10 && (v & 0x3ff) === this.gicActive[vcpu]) this.gicActive[vcpu] = 1023;
        this.updateIrq(vcpu);
      },
    });
  }

  private pendingId(i: number): number {
    if (!this.gicDistOn || !this.gicCpuOn[i] || this.gicActive[i] !== 1023) return 1023;
    const lv = this.timerLevels[i]!, en = this.gicEnabled[i]!;
    if (lv[1] && (en & (1 << 27))) return 27;
    if (lv[0] && (en & (1 << 30))) return 30;
    return 1023;
  }

  private updateIrq(i: number): void {
    const c = this.cpus[i];
    if (!c) return;
    if (this.useGic) c.setIrq(this.pendingId(i) !== 1023 ? 1 : 0);
    else c.setIrq(this.timerLevels[i]![0]! | this.timerLevels[i]![1]!);
  }

  /** Virtual time: the running vcpu's retired instructions (1 ns each) plus idle time. */
  nowNs(): number {
    const c = this.cpus[this.current];
    return this.timeBase + (c ? c.instructionsRetired - this.sliceBase : 0) + this.idleNs;
  }

  timersChanged(): void { /* the run loop polls the list */ }

  private fireDue(): void {
    const now = this.nowNs();
    for (const t of this.timers) if (t.pending && t.expiry <= now) { t.pending = false; t.handler(); }
  }

  private nextExpiry(): number {
    let e = Infinity;
    for (const t of this.timers) if (t.pending && t.expiry < e) e = t.expiry;
    return e;
  }

  start(entry: number, bootRegs: number[] = []): void {
    this.cpus[0]!.reset(entry, bootRegs);
    this.cpus[0]!.updateMmu();
  }

  /**
   * Runs until PSCI SYSTEM_OFF, every vcpu halted, or maxInsns total.
   * Returns the stop description.
   */
  run(maxInsns: number): string {
    let total = 0;
    while (total < maxInsns && !this.poweredOff) {
      let anyRan = false, allWfi = true;
      for (let i = 0; i < this.cpus.length && !this.poweredOff; i++) {
        if (!this.online[i]) continue;
        this.current = i;
        const c = this.cpus[i]!;
        this.sliceBase = c.instructionsRetired;
        this.fireDue();
        const before = c.instructionsRetired;
        const r = this.runSlice(c, Math.min(this.quantum, maxInsns - total));
        total += c.instructionsRetired - before;
        anyRan = true;
        if (r === 'halted') return `halted: ${c.haltReason}`;
        if (r !== 'wfi') allWfi = false;
      }
      if (!anyRan) return 'no vcpu online';
      if (allWfi && !this.poweredOff) {
        const e = this.nextExpiry();
        if (e === Infinity) return 'all vcpus in WFI with no timer pending';
        const now = this.nowNs();
        if (e > now) this.idleNs += e - now;
        this.fireDue();
      }
    }
    return this.poweredOff ? 'system off' : 'budget';
  }

  private runSlice(c: Arm64Cpu, budget: number): string {
    let left = budget;
    while (left > 0) {
      const before = c.instructionsRetired;
      const next = this.nextExpiry();
      const now = this.nowNs();
      const chunk = Math.max(1, Math.min(left, next === Infinity ? left : Math.max(1, next - now)));
      this.sliceBase = before;
      const r = c.run(chunk);
      this.timeBase += c.instructionsRetired - before;
      this.sliceBase = c.instructionsRetired;
      left -= c.instructionsRetired - before;
      this.fireDue();
      switch (r) {
        case StopReason.Budget: if (c.instructionsRetired === before) left -= chunk; continue;
        case StopReason.Wfi: case StopReason.Wfe:
          if (c.interruptPending()) continue;
          return 'wfi';
        case StopReason.Hvc: case StopReason.Smc: this.psci(c); if (this.poweredOff) return 'off'; continue;
        case StopReason.Halted: return 'halted';
        default: return 'other';
      }
    }
    return 'budget';
  }

  private psci(c: Arm64Cpu): void {
    const fn = c.hypercallArg(0);
    switch (fn) {
      case PSCI_VERSION: c.completeHypercall([0x10001]); return;
      case PSCI_SYSTEM_OFF: this.poweredOff = true; c.completeHypercall([0]); return;
      case PSCI_CPU_ON64: {
        const target = c.hypercallArg(1) & 0xff;
        const entry = c.hypercallArgHi(2) * 4294967296 + c.hypercallArg(2);
        const ctx = c.hypercallArgHi(3) * 4294967296 + c.hypercallArg(3);
        const t = this.cpus[target];
        if (!t || this.online[target]) { c.completeHypercall([t ? -4 : -2]); return; }
        t.reset(entry, [ctx]);
        t.updateMmu();
        this.online[target] = true;
        c.completeHypercall([0]);
        return;
      }
      default: c.completeHypercall([-1]);
    }
  }
}
