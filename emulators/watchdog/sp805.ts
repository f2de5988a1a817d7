// ARM Watchdog Module (SP805), per the ARM Watchdog Module (SP805) Technical
// Reference Manual, ARM DDI 0270B, chapter 3 "Programmer's Model" (register
// summary table 3-1) and 2.2 "Functional operation".
//
// Connects: one MMIO window (0x1000); WDOGINT on ctx.interrupts[0];
// WDOGRES as ctx.requestGuestReset(). The counter runs at WDOGCLK
// (`clock_frequency`, 1 MHz by default) while INTEN is set, as one timer
// event at its next zero: the first zero raises the interrupt and reloads,
// a second zero with the interrupt still set asserts reset when RESEN is
// set. WdogLock (0x1ACCE551) guards every other register.
// Not modelled: the integration test registers (read zero).

import type { AccessSize, EmuDevice, EmuState, EmuTimer, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, restoreTimer, saveTimer, stateNum, stateU32 } from '../common/state.ts';

export const enum Reg {
  WdogLoad = 0x000,
  WdogValue = 0x004,
  WdogControl = 0x008,
  WdogIntClr = 0x00c,
  WdogRIS = 0x010,
  WdogMIS = 0x014,
  WdogLock = 0xc00,
  WdogITCR = 0xf00,
  WdogITOP = 0xf04,
}

export const CTRL_INTEN = 1 << 0;
export const CTRL_RESEN = 1 << 1;
export const UNLOCK_KEY = 0x1acce551;
const PERIPH_ID = [0x05, 0x18, 0x14, 0x00];
const STATE_VERSION = 1;

export class Sp805 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  private readonly hz: number;
  private load = 0xffffffff;
  private control = 0;
  private ris = 0;
  private locked = false;
  /** Counter value at baseNs (meaningful while counting). */
  private baseCount = 0xffffffff;
  private baseNs = 0;
  private level = -1;
  private readonly event: EmuTimer;

  constructor(private readonly ctx: EmulatorContext, private readonly line: IrqLine | undefined) {
    this.hz = ctx.attrU32('clock_frequency') ?? 1_000_000;
    if (this.hz === 0) throw new Error(`${ctx.nodePath}: clock_frequency must not be 0`);
    this.event = ctx.clock.createTimer(`${ctx.nodeName}.wdog`, () => this.expire());
  }

  private get tickNs(): number {
    return 1e9 / this.hz;
  }

  private value(now: number): number {
    if (!(this.control & CTRL_INTEN)) return this.baseCount;
    const t = Math.floor((now - this.baseNs) / this.tickNs + 1e-6);
    return Math.max(0, this.baseCount - t);
  }

  private reload(now: number): void {
    this.baseNs = now;
    this.baseCount = this.load;
    if (this.control & CTRL_INTEN) this.event.startAt(now + Math.max(1, this.load) * this.tickNs);
    else this.event.stop();
  }

  private expire(): void {
    const at = this.event.expiry;
    if (this.ris && this.control & CTRL_RESEN) {
      this.ctx.log.log(LogKind.Info, `${this.ctx.nodePath}: watchdog expired twice, resetting the guest`);
      this.ctx.requestGuestReset();
    }
    this.ris = 1;
    this.reload(at);
    this.updateIrq();
  }

  private updateIrq(): void {
    const l = this.ris && this.control & CTRL_INTEN ? 1 : 0;
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
      case Reg.WdogLoad:
        return this.load;
      case Reg.WdogValue:
        return this.value(this.ctx.clock.nowNs()) >>> 0;
      case Reg.WdogControl:
        return this.control;
      case Reg.WdogRIS:
        return this.ris;
      case Reg.WdogMIS:
        return this.ris & this.control & CTRL_INTEN;
      case Reg.WdogLock:
        return this.locked ? 1 : 0;
      case Reg.WdogITCR:
        return 0;
    }
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, PERIPH_ID);
    this.guestError(`read of write-only or reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value >>> 0;
    if (offset === Reg.WdogLock) {
      this.locked = v !== UNLOCK_KEY;
      return;
    }
    if (this.locked && offset < 0x1000) {
      this.guestError(`write to offset 0x${offset.toString(16)} while WdogLock is locked`);
      return;
    }
    const now = this.ctx.clock.nowNs();
    switch (offset) {
      case Reg.WdogLoad:
        this.load = v;
        this.reload(now);
        return;
      case Reg.WdogControl: {
        const enabling = !(this.control & CTRL_INTEN) && v & CTRL_INTEN;
        const current = this.value(now);
        this.control = v & 3;
        // Enabling the interrupt starts the count from the load value (TRM 2.2).
        if (enabling) this.reload(now);
        else if (!(this.control & CTRL_INTEN)) {
          this.baseCount = current;
          this.event.stop();
        }
        this.updateIrq();
        return;
      }
      case Reg.WdogIntClr:
        this.ris = 0;
        this.reload(now);
        this.updateIrq();
        return;
      case Reg.WdogITCR:
      case Reg.WdogITOP:
        this.ctx.log.log(LogKind.Unimplemented, `${this.ctx.nodePath}: integration test mode not modelled`);
        return;
    }
    this.guestError(`write 0x${v.toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  reset(): void {
    this.load = 0xffffffff;
    this.control = 0;
    this.ris = 0;
    this.locked = false;
    this.baseCount = 0xffffffff;
    this.event.stop();
    this.updateIrq();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION, load: this.load, control: this.control, ris: this.ris, locked: this.locked ? 1 : 0,
      baseCount: this.baseCount, baseNs: this.baseNs, expiry: saveTimer(this.event),
    };
  }

  restore(s: EmuState): void {
    const d = 'sp805';
    checkVersion(s, d, STATE_VERSION);
    const [load, control, ris, locked, baseCount] = ['load', 'control', 'ris', 'locked', 'baseCount'].map((k) => stateU32(s, d, k)) as [
      number, number, number, number, number,
    ];
    const baseNs = stateNum(s, d, 'baseNs');
    const expiry = stateNum(s, d, 'expiry');
    this.load = load;
    this.control = control & 3;
    this.ris = ris & 1;
    this.locked = locked !== 0;
    this.baseCount = baseCount;
    this.baseNs = baseNs;
    restoreTimer(this.event, expiry);
    this.updateIrq();
  }
}

export const sp805Emulator: Emulator = {
  name: 'sp805',
  deviceType: 'watchdog',
  compatible: [{ compatible: 'primecell,sp805' }, { compatible: 'arm,sp805' }],
  configSymbol: 'CONFIG_EMU_WATCHDOG_SP805',
  probe(ctx: EmulatorContext): EmuDevice {
    const n = ctx.interrupts[0];
    return new Sp805(ctx, n === undefined ? undefined : ctx.irq(n));
  },
};
