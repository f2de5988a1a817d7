// ARM generic timer, the CPU side (ARM ARM DDI 0487, D11 "The Generic Timer
// in AArch64 state"): the physical and virtual counters, CNTVOFF, and the
// EL1 physical (CNTP_*) and virtual (CNTV_*) timers. The counter follows the
// core's virtual time exactly: count = floor(ns * Hz / 1e9), computed from a
// reduced fraction so that it never drifts. Each timer is a one-shot event on
// the core's timer queue; its output is a level on the PPI lines the core
// wires to the GIC (30 physical, 27 virtual).

import type { EmuTimer, IrqLine } from '../../../../core/devemu/emulator.ts';
import type { CpuEnv } from '../common/cpu-backend.ts';

const TWO32 = 4294967296;

function gcd(a: number, b: number): number {
  while (b) { const t = a % b; a = b; b = t; }
  return a;
}

export const enum TimerId { PHYS = 0, VIRT = 1 }

export class GenericTimer {
  readonly hz: number;
  private readonly num: number;
  private readonly den: number;
  private readonly exact: boolean;
  readonly ctl = new Int32Array(2);
  readonly cvalLo = new Int32Array(2);
  readonly cvalHi = new Int32Array(2);
  cntvoffLo = 0;
  cntvoffHi = 0;
  private readonly level = new Int32Array(2);
  private readonly events: EmuTimer[];
  private readonly lines: IrqLine[];

  constructor(private readonly env: CpuEnv) {
    const hz = Math.round(env.counterHz);
    if (!(hz > 0 && hz <= 1e10)) throw new Error(`arm64 generic timer: invalid counter frequency ${env.counterHz} Hz`);
    this.hz = hz;
    const g = gcd(hz, 1e9);
    this.num = hz / g;
    this.den = 1e9 / g;
    this.exact = this.num * this.den < 2 ** 53;
    this.lines = [env.timerIrq.phys, env.timerIrq.virt];
    this.events = [
      env.clock.createTimer(`vcpu${env.vcpuIndex}/cntp`, () => this.update(TimerId.PHYS)),
      env.clock.createTimer(`vcpu${env.vcpuIndex}/cntv`, () => this.update(TimerId.VIRT)),
    ];
  }

  /** Physical count at virtual time ns (a JS number, exact below 2^53). */
  countAt(ns: number): number {
    ns = Math.floor(ns);
    if (this.exact) return Math.floor(ns / this.den) * this.num + Math.floor(((ns % this.den) * this.num) / this.den);
    return Number((BigInt(ns) * BigInt(this.num)) / BigInt(this.den));
  }

  /** Earliest virtual time at which the physical count reaches `count`. */
  nsFor(count: number): number {
    if (count <= 0) return 0;
    if (this.exact) {
      const q = Math.floor(count / this.num), r = count % this.num;
      return q * this.den + Math.ceil((r * this.den) / this.num);
    }
    const n = BigInt(Math.ceil(count)) * BigInt(this.den);
    const d = BigInt(this.num);
    return Number((n + d - 1n) / d);
  }

  physCount(): number {
    return this.countAt(this.env.clock.nowNs());
  }

  private offset(id: number): number {
    return id === TimerId.VIRT ? (this.cntvoffHi >>> 0) * TWO32 + (this.cntvoffLo >>> 0) : 0;
  }

  /** Counter of timer id (virtual = physical - CNTVOFF), as a number. */
  count(id: number): number {
    const c = this.physCount() - this.offset(id);
    return c < 0 ? c + 2 ** 64 : c;
  }

  private cval(id: number): number {
    return (this.cvalHi[id]! >>> 0) * TWO32 + (this.cvalLo[id]! >>> 0);
  }

  /** CNTx_CTL with ISTATUS computed now. */
  readCtl(id: number): number {
    const c = this.ctl[id]! & 3;
    return (c & 1) && this.count(id) >= this.cval(id) ? c | 4 : c;
  }

  writeCtl(id: number, v: number): void {
    this.ctl[id] = v & 3;
    this.update(id);
  }

  writeCval(id: number, lo: number, hi: number): void {
    this.cvalLo[id] = lo;
    this.cvalHi[id] = hi;
    this.update(id);
  }

  /** TVAL: the low 32 bits of CVAL - count, signed. */
  readTval(id: number): number {
    const c = this.count(id);
    const cl = Number(BigInt.asIntN(32, BigInt(Math.floor(c))));
    return (this.cvalLo[id]! - cl) | 0;
  }

  writeTval(id: number, v: number): void {
    const c = BigInt(Math.floor(this.count(id))) + BigInt(v | 0);
    const u = BigInt.asUintN(64, c);
    this.cvalLo[id] = Number(u & 0xffffffffn) | 0;
    this.cvalHi[id] = Number(u >> 32n) | 0;
    this.update(id);
  }

  setCntvoff(lo: number, hi: number): void {
    this.cntvoffLo = lo;
    this.cntvoffHi = hi;
    this.update(TimerId.VIRT);
  }

  /** Recomputes the output level and the next expiry of timer id. */
  update(id: number): void {
    const ctl = this.ctl[id]!;
    const ev = this.events[id]!;
    let level = 0;
    if (ctl & 1) {
      const cv = this.cval(id);
      if (this.count(id) >= cv) {
        ev.stop();
        level = ctl & 2 ? 0 : 1;
      } else {
        const target = cv + this.offset(id);
        if (target < 2 ** 62) ev.startAt(this.nsFor(target));
        else ev.stop();
      }
    } else {
      ev.stop();
    }
    if (level !== this.level[id]) {
      this.level[id] = level;
      this.lines[id]!.set(level);
    }
  }

  reset(): void {
    this.ctl.fill(0);
    this.cvalLo.fill(0);
    this.cvalHi.fill(0);
    this.cntvoffLo = 0;
    this.cntvoffHi = 0;
    this.update(TimerId.PHYS);
    this.update(TimerId.VIRT);
  }

  save(): { ctl: number[]; cvalLo: number[]; cvalHi: number[]; cntvoff: [number, number] } {
    return { ctl: [...this.ctl], cvalLo: [...this.cvalLo], cvalHi: [...this.cvalHi], cntvoff: [this.cntvoffLo, this.cntvoffHi] };
  }

  restore(s: { ctl: number[]; cvalLo: number[]; cvalHi: number[]; cntvoff: [number, number] }): void {
    for (let i = 0; i < 2; i++) {
      this.ctl[i] = s.ctl[i]! & 3;
      this.cvalLo[i] = s.cvalLo[i]!;
      this.cvalHi[i] = s.cvalHi[i]!;
    }
    this.cntvoffLo = s.cntvoff[0];
    this.cntvoffHi = s.cntvoff[1];
    this.update(TimerId.PHYS);
    this.update(TimerId.VIRT);
  }
}
