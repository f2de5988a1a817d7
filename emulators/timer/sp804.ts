// ARM Dual-Timer Module (SP804), per the ARM Dual-Timer Module (SP804)
// Technical Reference Manual, ARM DDI 0271D, chapter 3 "Programmers Model"
// (register summary table 3-1, TimerXControl table 3-2).
//
// Connects: one MMIO window (0x1000) holding two timers at 0x00 and 0x20,
// interrupt lines TIMINT1/TIMINT2 as ctx.interrupts[0]/[1], or the combined
// TIMINTC on [0] when the node lists one interrupt (Xvisor's and most
// boards' wiring). Counting is computed from ctx.clock; each timer arms one
// timer event at its next zero, never polled. The timer clock is 1 MHz (the
// Versatile/vexpress TIMCLK) unless the node's `clock_frequency` says so.
// A node with `sp810_timer_index` = n follows the guest's SP810 timer clock
// selects for its timers n and n+1 (REFCLK 32.768 kHz or TIMCLK 1 MHz), as
// on the Versatile Express motherboard.
// A period is Load ticks (the counter reloads as it reaches zero).
// Not modelled: the integration test registers (TimerITCR/ITOP read zero).

import type { AccessSize, EmuDevice, EmuState, EmuTimer, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, restoreTimer, saveTimer, stateNum, stateU32 } from '../common/state.ts';
import { EmuStateError } from '../../core/devemu/emulator.ts';
import { peekGuestLocal } from '../common/guest-local.ts';
import { SP810_LOCAL_KEY, type Sp810Clocks } from '../sys/sp810.ts';

export const enum Reg {
  TimerLoad = 0x00,
  TimerValue = 0x04,
  TimerControl = 0x08,
  TimerIntClr = 0x0c,
  TimerRIS = 0x10,
  TimerMIS = 0x14,
  TimerBGLoad = 0x18,
  Timer2Base = 0x20,
  TimerITCR = 0xf00,
  TimerITOP = 0xf04,
}

const REG_NAMES = ['TimerXLoad', 'TimerXValue', 'TimerXControl', 'TimerXIntClr', 'TimerXRIS', 'TimerXMIS', 'TimerXBGLoad'];

// TimerXControl bits (table 3-2).
export const CTRL_ONESHOT = 1 << 0;
export const CTRL_32BIT = 1 << 1;
export const CTRL_PRE_SHIFT = 2;
export const CTRL_INTEN = 1 << 5;
export const CTRL_PERIODIC = 1 << 6;
export const CTRL_EN = 1 << 7;

const PERIPH_ID = [0x04, 0x18, 0x14, 0x00];
const PRESCALE = [1, 16, 256, 256]; // 0b11 is undefined; the TRM model treats it as 256
const STATE_VERSION = 1;

/** One of the two down-counters. */
class Sp804Timer {
  load = 0;
  control = CTRL_INTEN;
  ris = 0;
  /** Counter value at baseNs (may be mask + 1 right after a free-running wrap). */
  baseCount = 0xffffffff;
  baseNs = 0;
  readonly event: EmuTimer;

  constructor(private readonly dev: Sp804, private readonly index: number, name: string) {
    this.event = dev.ctx.clock.createTimer(name, () => this.expire());
  }

  get mask(): number {
    return this.control & CTRL_32BIT ? 0xffffffff : 0xffff;
  }

  get enabled(): boolean {
    return (this.control & CTRL_EN) !== 0;
  }

  tickNs(): number {
    return (1e9 * PRESCALE[(this.control >> CTRL_PRE_SHIFT) & 3]!) / this.dev.timerHz(this.index);
  }

  ticksSinceBase(now: number): number {
    return Math.floor((now - this.baseNs) / this.tickNs() + 1e-6);
  }

  value(now: number): number {
    if (!this.enabled) return this.baseCount >>> 0;
    const t = this.ticksSinceBase(now);
    return t >= this.baseCount ? 0 : (this.baseCount - t) & this.mask;
  }

  /** Restarts counting from count at now (or freezes it when disabled). */
  rebase(now: number, count: number): void {
    this.baseNs = now;
    this.baseCount = count;
    this.schedule();
  }

  schedule(): void {
    if (!this.enabled || (this.control & CTRL_ONESHOT && this.baseCount === 0)) {
      this.event.stop();
      return;
    }
    // A count of zero in periodic mode still takes one tick per interrupt.
    this.event.startAt(this.baseNs + Math.max(1, this.baseCount) * this.tickNs());
  }

  private expire(): void {
    this.ris = 1;
    const at = this.event.expiry;
    if (this.control & CTRL_ONESHOT) {
      this.baseNs = at;
      this.baseCount = 0;
    } else if (this.control & CTRL_PERIODIC) {
      this.rebase(at, this.load);
    } else {
      this.rebase(at, this.mask + 1);
    }
    this.dev.updateIrq();
  }

  reset(): void {
    this.load = 0;
    this.control = CTRL_INTEN;
    this.ris = 0;
    this.baseCount = 0xffffffff;
    this.baseNs = 0;
    this.event.stop();
  }

  read(reg: number, now: number): number {
    switch (reg) {
      case Reg.TimerLoad:
      case Reg.TimerBGLoad:
        return this.load;
      case Reg.TimerValue:
        return this.value(now) >>> 0;
      case Reg.TimerControl:
        return this.control;
      case Reg.TimerRIS:
        return this.ris;
      case Reg.TimerMIS:
        return this.ris & (this.control & CTRL_INTEN ? 1 : 0);
    }
    return -1;
  }

  write(reg: number, value: number, now: number): boolean {
    switch (reg) {
      case Reg.TimerLoad:
        this.load = value >>> 0;
        this.rebase(now, this.load & this.mask);
        return true;
      case Reg.TimerBGLoad:
        this.load = value >>> 0;
        return true;
      case Reg.TimerControl: {
        const current = this.value(now);
        this.control = value & 0xef;
        this.rebase(now, current & this.mask);
        return true;
      }
      case Reg.TimerIntClr:
        this.ris = 0;
        return true;
    }
    return false;
  }
}

export class Sp804 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  readonly clockHz: number;
  private readonly timers: [Sp804Timer, Sp804Timer];
  private readonly levels = new Int8Array([-1, -1]);

  constructor(readonly ctx: EmulatorContext, private readonly lines: readonly (IrqLine | undefined)[]) {
    const hz = ctx.attrU32('clock_frequency') ?? 1_000_000;
    if (hz === 0) throw new Error(`${ctx.nodePath}: clock_frequency must not be 0`);
    this.clockHz = hz;
    this.sp810Index = ctx.attrU32('sp810_timer_index');
    this.timers = [new Sp804Timer(this, 0, `${ctx.nodeName}.timer1`), new Sp804Timer(this, 1, `${ctx.nodeName}.timer2`)];
  }

  private readonly sp810Index: number | undefined;
  private sp810: Sp810Clocks | undefined;

  /** The counting clock of timer n (0/1): the SP810's select when wired to one. */
  timerHz(n: number): number {
    if (this.sp810Index === undefined) return this.clockHz;
    this.sp810 ??= peekGuestLocal<Sp810Clocks>(this.ctx, SP810_LOCAL_KEY);
    return this.sp810 ? this.sp810.timerHz(this.sp810Index + n) : this.clockHz;
  }

  updateIrq(): void {
    const m0 = this.timers[0].ris && this.timers[0].control & CTRL_INTEN ? 1 : 0;
    const m1 = this.timers[1].ris && this.timers[1].control & CTRL_INTEN ? 1 : 0;
    if (this.lines.length >= 2) {
      this.drive(0, m0);
      this.drive(1, m1);
    } else {
      this.drive(0, m0 | m1);
    }
  }

  private drive(n: number, level: number): void {
    if (this.levels[n] === level) return;
    this.levels[n] = level;
    this.lines[n]?.set(level);
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(offset: number, _size: AccessSize): number {
    if (offset < 0x40) {
      const v = this.timers[offset >> 5]!.read(offset & 0x1f, this.ctx.clock.nowNs());
      if (v >= 0) return v;
      this.guestError(`read of write-only or reserved ${REG_NAMES[(offset & 0x1f) >> 2] ?? 'offset'} at 0x${offset.toString(16)}`);
      return 0;
    }
    if (offset === Reg.TimerITCR || offset === Reg.TimerITOP) return 0;
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, PERIPH_ID);
    this.guestError(`read of reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    if (offset < 0x40) {
      if (this.timers[offset >> 5]!.write(offset & 0x1f, value, this.ctx.clock.nowNs())) {
        this.updateIrq();
        return;
      }
    } else if (offset === Reg.TimerITCR || offset === Reg.TimerITOP) {
      this.ctx.log.log(LogKind.Unimplemented, `${this.ctx.nodePath}: integration test mode not modelled`);
      return;
    }
    this.guestError(`write 0x${(value >>> 0).toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  reset(): void {
    for (const t of this.timers) t.reset();
    this.updateIrq();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION,
      timers: this.timers.map((t) => ({
        load: t.load, control: t.control, ris: t.ris, baseCount: t.baseCount, baseNs: t.baseNs, expiry: saveTimer(t.event),
      })),
    };
  }

  restore(s: EmuState): void {
    const d = 'sp804';
    checkVersion(s, d, STATE_VERSION);
    const ts = s.timers;
    if (!Array.isArray(ts) || ts.length !== 2) throw new EmuStateError(`${d}: state field timers is not an array of 2`);
    const parsed = ts.map((t: unknown) => {
      if (typeof t !== 'object' || t === null) throw new EmuStateError(`${d}: timer state is not an object`);
      const o = { version: STATE_VERSION, ...(t as object) } as EmuState;
      return {
        load: stateU32(o, d, 'load'), control: stateU32(o, d, 'control'), ris: stateU32(o, d, 'ris'),
        baseCount: stateNum(o, d, 'baseCount'), baseNs: stateNum(o, d, 'baseNs'), expiry: stateNum(o, d, 'expiry'),
      };
    });
    parsed.forEach((p, i) => {
      const t = this.timers[i]!;
      t.load = p.load;
      t.control = p.control;
      t.ris = p.ris ? 1 : 0;
      t.baseCount = p.baseCount;
      t.baseNs = p.baseNs;
      restoreTimer(t.event, p.expiry);
    });
    this.updateIrq();
  }
}

export const sp804Emulator: Emulator = {
  name: 'sp804',
  deviceType: 'timer',
  compatible: [{ compatible: 'primecell,sp804' }, { compatible: 'arm,sp804' }],
  configSymbol: 'CONFIG_EMU_TIMER_SP804',
  probe(ctx: EmulatorContext): EmuDevice {
    return new Sp804(ctx, ctx.interrupts.slice(0, 2).map((n) => ctx.irq(n)));
  },
};

