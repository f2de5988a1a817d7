// A stand-in for the core's EmulatorContext in emulator unit tests: a manual
// virtual clock with an ordered timer queue, recorded interrupt levels, a
// character port that captures bytes, DMA over a Uint8Array, a log that
// keeps every kind, and a per-guest shared map.

import type {
  CharPort,
  DmaMemory,
  EmuClock,
  EmuLog,
  EmuTimer,
  Emulator,
  EmuDevice,
  EmulatorContext,
  InterruptSink,
  IrqLine,
  VcpuIrqInputs,
} from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';

class FakeTimer implements EmuTimer {
  pending = false;
  expiry = 0;
  seq = 0;
  constructor(private readonly clock: FakeClock, readonly name: string, readonly handler: () => void) {}
  startAt(ns: number): void {
    this.pending = true;
    this.expiry = Math.max(ns, this.clock.now);
    this.seq = this.clock.nextSeq++;
  }
  startIn(deltaNs: number): void {
    this.startAt(this.clock.now + Math.max(0, deltaNs));
  }
  stop(): void {
    this.pending = false;
  }
}

export class FakeClock implements EmuClock {
  now = 0;
  nextSeq = 0;
  readonly timers: FakeTimer[] = [];
  nowNs(): number {
    return this.now;
  }
  createTimer(name: string, handler: () => void): EmuTimer {
    const t = new FakeTimer(this, name, handler);
    this.timers.push(t);
    return t;
  }
  /** Runs due events in (deadline, sequence) order up to now + ns. */
  advance(ns: number): void {
    const end = this.now + ns;
    for (;;) {
      let best: FakeTimer | undefined;
      for (const t of this.timers) {
        if (!t.pending || t.expiry > end) continue;
        if (!best || t.expiry < best.expiry || (t.expiry === best.expiry && t.seq < best.seq)) best = t;
      }
      if (!best) break;
      this.now = best.expiry;
      best.pending = false;
      best.handler();
    }
    this.now = end;
  }
  pendingTimers(): number {
    return this.timers.filter((t) => t.pending).length;
  }
}

export class RecordedLine implements IrqLine {
  level = 0;
  /** Count of 0->1 transitions. */
  rises = 0;
  constructor(readonly name: string) {}
  set(level: number): void {
    const l = level ? 1 : 0;
    if (l && !this.level) this.rises++;
    this.level = l;
  }
}

export class FakeCharPort implements CharPort {
  readonly sent: number[] = [];
  receiver: ((byte: number) => boolean) | undefined;
  roomNotices = 0;
  /** Bytes queued by the host side that the UART refused so far. */
  readonly backlog: number[] = [];
  send(byte: number): void {
    this.sent.push(byte);
  }
  setReceiver(rx: (byte: number) => boolean): void {
    this.receiver = rx;
  }
  notifyRoom(): void {
    this.roomNotices++;
    this.pump();
  }
  /** Host types bytes: delivered until the UART refuses; the rest wait for notifyRoom. */
  type(bytes: string | number[]): void {
    const arr = typeof bytes === 'string' ? [...bytes].map((c) => c.charCodeAt(0)) : bytes;
    this.backlog.push(...arr);
    this.pump();
  }
  private pump(): void {
    while (this.backlog.length && this.receiver && this.receiver(this.backlog[0]!)) this.backlog.shift();
  }
  text(): string {
    return String.fromCharCode(...this.sent);
  }
}

export class FakeDma implements DmaMemory {
  constructor(readonly base: number, readonly ram: Uint8Array) {}
  private inside(gpa: number, len: number): boolean {
    return gpa >= this.base && gpa + len <= this.base + this.ram.length;
  }
  read(gpa: number, dst: Uint8Array): boolean {
    if (!this.inside(gpa, dst.length)) return false;
    dst.set(this.ram.subarray(gpa - this.base, gpa - this.base + dst.length));
    return true;
  }
  write(gpa: number, src: Uint8Array): boolean {
    if (!this.inside(gpa, src.length)) return false;
    this.ram.set(src, gpa - this.base);
    return true;
  }
  view(): DataView {
    return new DataView(this.ram.buffer, this.ram.byteOffset, this.ram.byteLength);
  }
}

export class FakeLog implements EmuLog {
  readonly entries: { kind: LogKind; message: string }[] = [];
  log(kind: LogKind, message: string): void {
    this.entries.push({ kind, message });
  }
  count(kind: LogKind): number {
    return this.entries.filter((e) => e.kind === kind).length;
  }
  guestErrors(): string[] {
    return this.entries.filter((e) => e.kind === LogKind.GuestError).map((e) => e.message);
  }
}

export interface FakeOptions {
  guestName?: string;
  nodeName?: string;
  base?: number;
  size?: number;
  attrs?: Record<string, number | string>;
  interrupts?: number[];
  vcpuCount?: number;
  ramBase?: number;
  ramSize?: number;
  /** Shared with another FakeContext of the same guest (per-guest services, clock, irqs). */
  sibling?: FakeContext;
  services?: Record<string, unknown>;
}

export class FakeContext implements EmulatorContext {
  readonly guestName: string;
  readonly nodePath: string;
  readonly nodeName: string;
  readonly base: number;
  readonly size: number;
  readonly interrupts: readonly number[];
  readonly clock: FakeClock;
  readonly dma: FakeDma;
  readonly vcpuCount: number;
  readonly log: FakeLog;
  readonly port: FakeCharPort;
  readonly lines: Map<number, RecordedLine>;
  readonly vcpuIrq: (VcpuIrqInputs & { irq: RecordedLine; fiq: RecordedLine; virq: RecordedLine; vfiq: RecordedLine })[];
  readonly services: Map<string, unknown>;
  resets = 0;
  powerOffs = 0;
  /** The guest's interrupt sink, as the core's router would hold it. */
  sinkHolder: { sink: InterruptSink | undefined };
  private seed = 0x12345678;
  private readonly attrs: Record<string, number | string>;

  constructor(opts: FakeOptions = {}) {
    const sib = opts.sibling;
    this.guestName = opts.guestName ?? sib?.guestName ?? 'guest0';
    this.nodeName = opts.nodeName ?? 'dev0';
    this.nodePath = `/guests/${this.guestName}/aspace/${this.nodeName}`;
    this.base = opts.base ?? 0x10000000;
    this.size = opts.size ?? 0x1000;
    this.attrs = opts.attrs ?? {};
    this.interrupts = opts.interrupts ?? [];
    this.vcpuCount = opts.vcpuCount ?? sib?.vcpuCount ?? 1;
    this.clock = sib?.clock ?? new FakeClock();
    this.dma = sib?.dma ?? new FakeDma(opts.ramBase ?? 0x40000000, new Uint8Array(opts.ramSize ?? 0x100000));
    this.log = sib?.log ?? new FakeLog();
    this.port = new FakeCharPort();
    this.lines = sib?.lines ?? new Map();
    this.services = sib?.services ?? new Map<string, unknown>();
    for (const [k, v] of Object.entries(opts.services ?? {})) this.services.set(k, v);
    this.sinkHolder = sib?.sinkHolder ?? { sink: undefined };
    this.vcpuIrq =
      sib?.vcpuIrq ??
      Array.from({ length: this.vcpuCount }, (_, i) => ({
        irq: new RecordedLine(`vcpu${i}.irq`),
        fiq: new RecordedLine(`vcpu${i}.fiq`),
        virq: new RecordedLine(`vcpu${i}.virq`),
        vfiq: new RecordedLine(`vcpu${i}.vfiq`),
      }));
  }

  attrU32(name: string): number | undefined {
    const v = this.attrs[name];
    return typeof v === 'number' ? v >>> 0 : undefined;
  }
  attrString(name: string): string | undefined {
    const v = this.attrs[name];
    return typeof v === 'string' ? v : undefined;
  }
  irq(n: number): RecordedLine {
    let l = this.lines.get(n);
    if (!l) {
      l = new RecordedLine(`irq${n}`);
      this.lines.set(n, l);
    }
    return l;
  }
  level(n: number): number {
    return this.lines.get(n)?.level ?? 0;
  }
  charPort(): FakeCharPort {
    return this.port;
  }
  random(): number {
    // xorshift32: deterministic, like the simulation's seeded source.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 0x100000000;
  }
  requestGuestReset(): void {
    this.resets++;
  }
  requestGuestPowerOff(): void {
    this.powerOffs++;
  }
  /** Like the core's IrqRouter: one sink per guest. */
  setInterruptSink(sink: InterruptSink): void {
    if (this.sinkHolder.sink && this.sinkHolder.sink !== sink) throw new Error(`${this.guestName}: the guest already has an interrupt controller`);
    this.sinkHolder.sink = sink;
  }
  get sink(): InterruptSink | undefined {
    return this.sinkHolder.sink;
  }
  service<T>(kind: string, name: string): T | undefined {
    return this.services.get(`${kind}/${name}`) as T | undefined;
  }
}

/** Probes emulator e for the given compatible string with a fake context. */
export function probeWith(e: Emulator, compatible: string, ctx: FakeContext): EmuDevice {
  const entry = e.compatible.find((c) => c.compatible === compatible);
  if (!entry) throw new Error(`${e.name} does not serve ${compatible}`);
  return e.probe(ctx, entry.data);
}
