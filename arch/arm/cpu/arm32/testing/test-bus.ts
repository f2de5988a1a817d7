// A minimal GuestBus for the AArch32 tests: RAM regions backed by one
// ArrayBuffer each, a one-register output device (bytes written to it are
// collected), a word-sized "exit" register, and a global exclusive monitor.
// Everything else is unmapped (bus.fault = Unmapped).

import type { GuestBus, ExclusiveMonitor } from '../../../../../core/aspace/guest-bus.ts';
import type { CpuEnv } from '../../common/cpu-backend.ts';
import type { EmuClock, EmuTimer, IrqLine } from '../../../../../core/devemu/emulator.ts';

export class TestMonitor implements ExclusiveMonitor {
  private readonly addr = new Map<number, { pa: number; size: number }>();
  get active(): boolean { return this.addr.size > 0; }
  mark(vcpu: number, pa: number, size: number): void { this.addr.set(vcpu, { pa, size }); }
  checkAndClear(vcpu: number, pa: number, size: number): boolean {
    const m = this.addr.get(vcpu);
    this.addr.delete(vcpu);
    return m !== undefined && m.pa === pa && m.size === size;
  }
  clear(vcpu: number): void { this.addr.delete(vcpu); }
  noteStore(vcpu: number, pa: number, size: number): void {
    for (const [v, m] of this.addr) {
      if (v !== vcpu && pa < m.pa + m.size && m.pa < pa + size) this.addr.delete(v);
    }
  }
}

interface Ram { base: number; size: number; view: DataView; bytes: Uint8Array }

export class TestBus implements GuestBus {
  hitView: DataView = new DataView(new ArrayBuffer(8));
  hitOffset = 0;
  hitWritable = true;
  dataHi = 0;
  fault = 0;
  writeGeneration = 0;
  readonly monitor = new TestMonitor();
  readonly rams: Ram[] = [];
  /** Bytes written to the output register. */
  readonly output: number[] = [];
  /** Value written to the exit register, or -1. */
  exitCode = -1;
  readonly mmioLog: string[] = [];
  /** Extra device registers: return true when the write was handled. */
  extraWrite: ((pa: number, value: number) => boolean) | null = null;

  constructor(readonly outAddr = 0x1c090000, readonly exitAddr = 0x1c090004) {}

  addRam(base: number, size: number): Uint8Array {
    const buf = new ArrayBuffer(size);
    const r = { base, size, view: new DataView(buf), bytes: new Uint8Array(buf) };
    this.rams.push(r);
    return r.bytes;
  }

  load(addr: number, data: Uint8Array): void {
    for (const r of this.rams) {
      if (addr >= r.base && addr + data.length <= r.base + r.size) { r.bytes.set(data, addr - r.base); this.writeGeneration++; return; }
    }
    throw new Error(`TestBus.load: 0x${addr.toString(16)}+${data.length} is not inside one RAM region`);
  }

  read32(addr: number): number {
    for (const r of this.rams) if (addr >= r.base && addr + 4 <= r.base + r.size) return r.view.getUint32(addr - r.base, true);
    throw new Error(`TestBus.read32: 0x${addr.toString(16)} is not RAM`);
  }

  ramLookup(pa: number): boolean {
    for (let i = 0; i < this.rams.length; i++) {
      const r = this.rams[i]!;
      if (pa >= r.base && pa < r.base + r.size) {
        this.hitView = r.view;
        this.hitOffset = (pa - r.base) & ~0xfff;
        this.hitWritable = true;
        return true;
      }
    }
    return false;
  }

  mmioRead(pa: number, size: 1 | 2 | 4 | 8): number {
    this.fault = 0;
    if (pa === this.outAddr || pa === this.exitAddr) return 0;
    this.fault = 1;
    this.mmioLog.push(`read ${size} @0x${pa.toString(16)}`);
    return 0;
  }

  mmioWrite(pa: number, size: 1 | 2 | 4 | 8, value: number): void {
    this.fault = 0;
    if (pa === this.outAddr) { this.output.push(value & 0xff); return; }
    if (pa === this.exitAddr) { this.exitCode = value; return; }
    if (this.extraWrite && this.extraWrite(pa, value)) return;
    this.fault = 1;
    this.mmioLog.push(`write ${size} @0x${pa.toString(16)}`);
  }

  noteCodeWrite(): void { this.writeGeneration++; }

  text(): string { return String.fromCharCode(...this.output); }
}

/** A virtual clock driven by the CPU's retired instruction count (1 instruction = nsPerInsn ns). */
export class TestClock implements EmuClock {
  retired: () => number = () => 0;
  readonly timers: TestTimer[] = [];
  constructor(readonly nsPerInsn = 1) {}
  /** Time skipped while the CPU waited (WFI). */
  offset = 0;
  nowNs(): number { return this.retired() * this.nsPerInsn + this.offset; }
  createTimer(name: string, handler: () => void): EmuTimer {
    const t = new TestTimer(this, name, handler);
    this.timers.push(t);
    return t;
  }
  /** Fires every timer whose expiry has passed. */
  fireDue(): void {
    const now = this.nowNs();
    for (const t of this.timers) if (t.pending && t.expiry <= now) { t.pending = false; t.handler(); }
  }
  /** Earliest pending expiry, or Infinity. */
  nextExpiry(): number {
    let e = Infinity;
    for (const t of this.timers) if (t.pending && t.expiry < e) e = t.expiry;
    return e;
  }
}

export class TestTimer implements EmuTimer {
  pending = false;
  expiry = 0;
  constructor(private readonly clock: TestClock, readonly name: string, readonly handler: () => void) {}
  startAt(ns: number): void { this.pending = true; this.expiry = ns; }
  startIn(d: number): void { this.startAt(this.clock.nowNs() + d); }
  stop(): void { this.pending = false; }
}

export class TestLine implements IrqLine {
  level = 0;
  set(l: number): void { this.level = l; }
}

export interface TestEnv extends CpuEnv {
  readonly bus: TestBus;
  readonly clock: TestClock;
  readonly logs: string[];
  readonly physLine: TestLine;
  readonly virtLine: TestLine;
}

export function makeTestEnv(bus: TestBus, vcpuIndex = 0, counterHz = 62_500_000): TestEnv {
  const clock = new TestClock();
  const logs: string[] = [];
  const physLine = new TestLine(), virtLine = new TestLine();
  return {
    bus, vcpuIndex, vcpuCount: 1, clock, counterHz, logs, physLine, virtLine,
    timerIrq: { phys: physLine, virt: virtLine },
    log(kind: string, message: string): void { logs.push(`${kind}: ${message}`); },
  };
}
