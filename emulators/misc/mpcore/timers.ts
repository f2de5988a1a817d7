// The per-CPU private timer and watchdog and the global timer of the ARM
// MPCore private memory region, per the Cortex-A9 MPCore TRM, ARM DDI 0407G,
// chapter 4 "Global timer, private timers, and watchdog registers" (tables
// 4-1, 4-2, 4-6) and the ARM11 MPCore Processor TRM, ARM DDI 0360F, 9.2
// (the same private timer/watchdog block). They count PERIPHCLK / (prescaler
// + 1); each arms one timer event at its next zero (or comparator match).

import type { EmuClock, EmuTimer, IrqLine } from '../../../core/devemu/emulator.ts';

export const enum TwdReg {
  TimerLoad = 0x00,
  TimerCounter = 0x04,
  TimerControl = 0x08,
  TimerIntStatus = 0x0c,
  WdogLoad = 0x20,
  WdogCounter = 0x24,
  WdogControl = 0x28,
  WdogIntStatus = 0x2c,
  WdogResetStatus = 0x30,
  WdogDisable = 0x34,
}

export const CTRL_ENABLE = 1 << 0;
export const CTRL_AUTO_RELOAD = 1 << 1;
export const CTRL_IT_ENABLE = 1 << 2;
export const CTRL_WD_MODE = 1 << 3;

/** A 32-bit down-counter with reload (private timer, or the watchdog). */
export class DownCounter {
  load = 0;
  control = 0;
  status = 0;
  baseCount = 0;
  baseNs = 0;
  private level = -1;
  readonly event: EmuTimer;

  constructor(
    clock: EmuClock,
    name: string,
    private readonly periphHz: number,
    private readonly line: IrqLine,
    private readonly onZero: (c: DownCounter) => void,
  ) {
    this.event = clock.createTimer(name, () => this.expire());
  }

  tickNs(): number {
    return (1e9 * (((this.control >>> 8) & 0xff) + 1)) / this.periphHz;
  }

  counter(now: number): number {
    if (!(this.control & CTRL_ENABLE)) return this.baseCount;
    const t = Math.floor((now - this.baseNs) / this.tickNs() + 1e-6);
    return Math.max(0, this.baseCount - t);
  }

  setCounter(now: number, value: number): void {
    this.baseNs = now;
    this.baseCount = value >>> 0;
    this.schedule();
  }

  schedule(): void {
    if (!(this.control & CTRL_ENABLE) || this.baseCount === 0) this.event.stop();
    else this.event.startAt(this.baseNs + this.baseCount * this.tickNs());
  }

  writeControl(now: number, value: number, mask: number): void {
    const current = this.counter(now);
    this.control = (this.control & ~mask) | (value & mask);
    this.setCounter(now, current);
    this.updateIrq();
  }

  private expire(): void {
    const at = this.event.expiry;
    this.status = 1;
    if (this.control & CTRL_AUTO_RELOAD && this.load > 0) this.setCounter(at, this.load);
    else this.setCounter(at, 0);
    this.onZero(this);
    this.updateIrq();
  }

  updateIrq(): void {
    const l = this.status && this.control & CTRL_IT_ENABLE && !(this.control & CTRL_WD_MODE) ? 1 : 0;
    if (l !== this.level) {
      this.level = l;
      this.line.set(l);
    }
  }

  reset(): void {
    this.load = 0;
    this.control = 0;
    this.status = 0;
    this.baseCount = 0;
    this.event.stop();
    this.updateIrq();
  }

  save(): number[] {
    return [this.load, this.control, this.status, this.baseCount, this.baseNs, this.event.pending ? this.event.expiry : -1];
  }

  restore(v: readonly number[]): void {
    [this.load, this.control, this.status, this.baseCount, this.baseNs] = v as [number, number, number, number, number];
    if (v[5]! >= 0) this.event.startAt(v[5]!);
    else this.event.stop();
    this.updateIrq();
  }
}

export const enum GtReg {
  CounterLo = 0x00,
  CounterHi = 0x04,
  Control = 0x08,
  IntStatus = 0x0c,
  CompLo = 0x10,
  CompHi = 0x14,
  AutoInc = 0x18,
}

const GT_ENABLE = 1 << 0;
const GT_COMP_ENABLE = 1 << 1;
const GT_IRQ_ENABLE = 1 << 2;
const GT_AUTO_INC = 1 << 3;

/**
 * The Cortex-A9 global timer: one 64-bit up-counter shared by all CPUs, with
 * a banked comparator, comparator/IRQ/auto-increment enables and event flag
 * per CPU; the timer enable and prescaler are common (DDI 0407G 4.4).
 */
export class GlobalTimer {
  /** Banked bits 3:1 per CPU. */
  control: Uint32Array;
  /** The common timer enable (bit 0) and prescaler (15:8). */
  shared = 0;
  status: Uint8Array;
  comparator: Float64Array;
  autoInc: Uint32Array;
  /** Counter value at baseNs. */
  baseCount = 0;
  baseNs = 0;
  private readonly events: EmuTimer[];
  private readonly levels: Int8Array;

  constructor(private readonly clock: EmuClock, private readonly periphHz: number, private readonly lines: readonly IrqLine[]) {
    const n = lines.length;
    this.control = new Uint32Array(n);
    this.status = new Uint8Array(n);
    this.comparator = new Float64Array(n);
    this.autoInc = new Uint32Array(n);
    this.levels = new Int8Array(n).fill(-1);
    this.events = lines.map((_, c) => clock.createTimer(`gtimer.cpu${c}`, () => this.match(c)));
  }

  private get running(): boolean {
    return (this.shared & GT_ENABLE) !== 0;
  }

  private tickNs(): number {
    return (1e9 * (((this.shared >>> 8) & 0xff) + 1)) / this.periphHz;
  }

  counter(now: number): number {
    if (!this.running) return this.baseCount;
    return this.baseCount + Math.floor((now - this.baseNs) / this.tickNs() + 1e-6);
  }

  private schedule(c: number): void {
    const ev = this.events[c]!;
    if (!this.running || !(this.control[c]! & GT_COMP_ENABLE)) {
      ev.stop();
      return;
    }
    const delta = this.comparator[c]! - this.baseCount;
    ev.startAt(this.baseNs + Math.max(0, delta) * this.tickNs());
  }

  private match(c: number): void {
    this.status[c] = 1;
    if (this.control[c]! & GT_AUTO_INC) {
      this.comparator[c] = this.comparator[c]! + this.autoInc[c]!;
      if (this.autoInc[c]! > 0) this.schedule(c);
    }
    this.updateIrq(c);
  }

  private updateIrq(c: number): void {
    const l = this.status[c] && this.control[c]! & GT_IRQ_ENABLE ? 1 : 0;
    if (l !== this.levels[c]) {
      this.levels[c] = l;
      this.lines[c]!.set(l);
    }
  }

  read(off: number, cpu: number): number {
    const now = this.clock.nowNs();
    switch (off) {
      case GtReg.CounterLo:
        return this.counter(now) % 2 ** 32;
      case GtReg.CounterHi:
        return Math.floor(this.counter(now) / 2 ** 32) >>> 0;
      case GtReg.Control:
        return this.shared | this.control[cpu]!;
      case GtReg.IntStatus:
        return this.status[cpu]!;
      case GtReg.CompLo:
        return this.comparator[cpu]! % 2 ** 32;
      case GtReg.CompHi:
        return Math.floor(this.comparator[cpu]! / 2 ** 32) >>> 0;
      case GtReg.AutoInc:
        return this.autoInc[cpu]!;
    }
    return -1;
  }

  write(off: number, value: number, cpu: number): boolean {
    const now = this.clock.nowNs();
    const v = value >>> 0;
    switch (off) {
      case GtReg.CounterLo:
      case GtReg.CounterHi: {
        // Writable only while the timer is disabled (DDI 0407G 4.4.1).
        if (this.running) return true;
        const cur = this.baseCount;
        this.baseCount = off === GtReg.CounterLo ? Math.floor(cur / 2 ** 32) * 2 ** 32 + v : v * 2 ** 32 + (cur % 2 ** 32);
        return true;
      }
      case GtReg.Control: {
        const current = this.counter(now);
        this.shared = v & 0xff01;
        this.control[cpu] = v & 0xe;
        this.baseCount = current;
        this.baseNs = now;
        for (let c = 0; c < this.lines.length; c++) this.schedule(c);
        this.updateIrq(cpu);
        return true;
      }
      case GtReg.IntStatus:
        if (v & 1) this.status[cpu] = 0;
        this.updateIrq(cpu);
        return true;
      case GtReg.CompLo:
      case GtReg.CompHi: {
        const cur = this.comparator[cpu]!;
        this.comparator[cpu] = off === GtReg.CompLo ? Math.floor(cur / 2 ** 32) * 2 ** 32 + v : v * 2 ** 32 + (cur % 2 ** 32);
        this.schedule(cpu);
        return true;
      }
      case GtReg.AutoInc:
        this.autoInc[cpu] = v;
        return true;
    }
    return false;
  }

  reset(): void {
    this.control.fill(0);
    this.shared = 0;
    this.status.fill(0);
    this.comparator.fill(0);
    this.autoInc.fill(0);
    this.baseCount = 0;
    for (const e of this.events) e.stop();
    for (let c = 0; c < this.lines.length; c++) this.updateIrq(c);
  }

  save(): unknown {
    return {
      control: [...this.control], shared: this.shared, status: [...this.status], comparator: [...this.comparator], autoInc: [...this.autoInc],
      baseCount: this.baseCount, baseNs: this.baseNs, events: this.events.map((e) => (e.pending ? e.expiry : -1)),
    };
  }

  restore(s: { control: number[]; shared: number; status: number[]; comparator: number[]; autoInc: number[]; baseCount: number; baseNs: number; events: number[] }): void {
    this.control.set(s.control);
    this.status.set(s.status);
    this.comparator.set(s.comparator);
    this.autoInc.set(s.autoInc);
    this.shared = s.shared;
    this.baseCount = s.baseCount;
    this.baseNs = s.baseNs;
    s.events.forEach((t, c) => (t >= 0 ? this.events[c]!.startAt(t) : this.events[c]!.stop()));
    for (let c = 0; c < this.lines.length; c++) this.updateIrq(c);
  }
}
