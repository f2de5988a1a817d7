// ARM PrimeCell Real Time Clock (PL031), per the PrimeCell RTC (PL031)
// Technical Reference Manual, ARM DDI 0224C, chapter 3 "Programmers Model"
// (register summary table 3-1).
//
// Connects: one MMIO window (0x1000), the interrupt RTCINTR on
// ctx.interrupts[0]. The 32-bit counter counts guest-visible seconds of
// virtual time from the node's `epoch` attribute (seconds since 1970, 0 by
// default) at guest creation, never the host's wall clock. A match raises
// RTCINTR through one timer event at the second the counter reaches RTCMR.
// As on QEMU's board the counter runs from reset; RTCCR's start bit is kept
// (and stays set once written) for drivers that check it.

import type { AccessSize, EmuDevice, EmuState, EmuTimer, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, restoreTimer, saveTimer, stateNum, stateU32 } from '../common/state.ts';

export const enum Reg {
  RTCDR = 0x00,
  RTCMR = 0x04,
  RTCLR = 0x08,
  RTCCR = 0x0c,
  RTCIMSC = 0x10,
  RTCRIS = 0x14,
  RTCMIS = 0x18,
  RTCICR = 0x1c,
}

const REG_NAMES = ['RTCDR', 'RTCMR', 'RTCLR', 'RTCCR', 'RTCIMSC', 'RTCRIS', 'RTCMIS', 'RTCICR'];
const PERIPH_ID = [0x31, 0x10, 0x14, 0x00];
const NS_PER_S = 1e9;
const STATE_VERSION = 1;

export class Pl031 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  private readonly epoch: number;
  /** Counter value at baseNs. */
  private base: number;
  private baseNs = 0;
  private match = 0;
  private cr = 0;
  private imsc = 0;
  private ris = 0;
  private level = -1;
  private readonly matchTimer: EmuTimer;

  constructor(private readonly ctx: EmulatorContext, private readonly line: IrqLine | undefined) {
    this.epoch = ctx.attrU32('epoch') ?? 0;
    this.base = this.epoch;
    this.baseNs = ctx.clock.nowNs();
    this.matchTimer = ctx.clock.createTimer(`${ctx.nodeName}.match`, () => this.matched());
    this.updateIrq();
  }

  private counter(now: number): number {
    return (this.base + Math.floor((now - this.baseNs) / NS_PER_S)) >>> 0;
  }

  /** Arms the event for the next second at which the counter equals RTCMR. */
  private scheduleMatch(): void {
    const now = this.ctx.clock.nowNs();
    const current = this.counter(now);
    let delta = (this.match - current) >>> 0;
    if (delta === 0) delta = 0x100000000; // the count just passed it: next wrap
    const secondsSinceBase = Math.floor((now - this.baseNs) / NS_PER_S);
    this.matchTimer.startAt(this.baseNs + (secondsSinceBase + delta) * NS_PER_S);
  }

  private matched(): void {
    this.ris = 1;
    this.updateIrq();
    this.scheduleMatch();
  }

  private updateIrq(): void {
    const l = this.ris & this.imsc ? 1 : 0;
    if (l !== this.level) {
      this.level = l;
      this.line?.set(l);
    }
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(offset: number, _size: AccessSize): number {
    switch (offset) {
      case Reg.RTCDR:
        return this.counter(this.ctx.clock.nowNs());
      case Reg.RTCMR:
        return this.match;
      case Reg.RTCLR:
        // The load register reads back the last value loaded (TRM 3.3.3).
        return this.base;
      case Reg.RTCCR:
        return this.cr;
      case Reg.RTCIMSC:
        return this.imsc;
      case Reg.RTCRIS:
        return this.ris;
      case Reg.RTCMIS:
        return this.ris & this.imsc;
    }
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, PERIPH_ID);
    this.guestError(`read of ${offset === Reg.RTCICR ? 'write-only RTCICR' : `reserved offset 0x${offset.toString(16)}`}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset) {
      case Reg.RTCMR:
        this.match = value >>> 0;
        this.scheduleMatch();
        return;
      case Reg.RTCLR:
        this.base = value >>> 0;
        this.baseNs = this.ctx.clock.nowNs();
        this.scheduleMatch();
        return;
      case Reg.RTCCR:
        this.cr |= value & 1;
        return;
      case Reg.RTCIMSC:
        this.imsc = value & 1;
        this.updateIrq();
        return;
      case Reg.RTCICR:
        if (value & 1) this.ris = 0;
        this.updateIrq();
        return;
    }
    const name = offset < 0x20 && (offset & 3) === 0 ? `read-only ${REG_NAMES[offset >> 2]}` : `reserved offset 0x${offset.toString(16)}`;
    this.guestError(`write 0x${(value >>> 0).toString(16)} to ${name}`);
  }

  reset(): void {
    // The counter keeps time across a guest reset, like the battery-backed part.
    this.match = 0;
    this.cr = 0;
    this.imsc = 0;
    this.ris = 0;
    this.scheduleMatch();
    this.updateIrq();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION, base: this.base, baseNs: this.baseNs, match: this.match, cr: this.cr,
      imsc: this.imsc, ris: this.ris, matchExpiry: saveTimer(this.matchTimer),
    };
  }

  restore(s: EmuState): void {
    const d = 'pl031';
    checkVersion(s, d, STATE_VERSION);
    const v = {
      base: stateU32(s, d, 'base'), baseNs: stateNum(s, d, 'baseNs'), match: stateU32(s, d, 'match'),
      cr: stateU32(s, d, 'cr'), imsc: stateU32(s, d, 'imsc'), ris: stateU32(s, d, 'ris'), exp: stateNum(s, d, 'matchExpiry'),
    };
    this.base = v.base;
    this.baseNs = v.baseNs;
    this.match = v.match;
    this.cr = v.cr & 1;
    this.imsc = v.imsc & 1;
    this.ris = v.ris & 1;
    restoreTimer(this.matchTimer, v.exp);
    this.updateIrq();
  }
}

export const pl031Emulator: Emulator = {
  name: 'pl031',
  deviceType: 'rtc',
  compatible: [{ compatible: 'primecell,pl031' }, { compatible: 'arm,pl031' }],
  configSymbol: 'CONFIG_EMU_RTC_PL031',
  probe(ctx: EmulatorContext): EmuDevice {
    const n = ctx.interrupts[0];
    return new Pl031(ctx, n === undefined ? undefined : ctx.irq(n));
  },
};
