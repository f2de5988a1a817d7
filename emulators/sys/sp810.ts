// ARM PrimeXsys System Controller (SP810), per the PrimeXsys System
// Controller (SP810) Technical Reference Manual, ARM DDI 0254B, chapter 3
// "Programmer's Model" (register summary table 3-1, SCCTRL table 3-3).
//
// Connects: one MMIO window (0x1000). The timer clock selects
// SCCTRL.TimerEnNSel (bit 15 + 2n: 0 = REFCLK 32.768 kHz, 1 = TIMCLK) are
// published in the guest's shared map under "sp810" so that an SP804 whose
// node names `sp810_timer_index` follows them. Mode control is a plain
// register (the mode status follows the requested mode at once); the PLL,
// crystal and peripheral clock enables are kept as written.

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { guestLocal } from '../common/guest-local.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, stateU32 } from '../common/state.ts';

export const enum Reg {
  SCCTRL = 0x000,
  SCSYSSTAT = 0x004,
  SCIMCTRL = 0x008,
  SCIMSTAT = 0x00c,
  SCXTALCTRL = 0x010,
  SCPLLCTRL = 0x014,
  SCPLLFCTRL = 0x018,
  SCPERCTRL0 = 0x01c,
  SCPERCTRL1 = 0x020,
  SCPEREN = 0x024,
  SCPERDIS = 0x028,
  SCPERCLKEN = 0x02c,
  SCPERSTAT = 0x030,
  SCSYSID0 = 0xee0,
  SCITCR = 0xf00,
}

export const timerEnSel = (n: number): number => 1 << (15 + 2 * n);
const PERIPH_ID = [0x10, 0x18, 0x04, 0x00];
const STATE_VERSION = 1;
export const SP810_LOCAL_KEY = 'sp810';
const REFCLK_HZ = 32_768;
const TIMCLK_HZ = 1_000_000;

/** What the SP804s of the guest read from the system controller. */
export class Sp810Clocks {
  scctrl = 0;
  /** Hz that timer n (0..3) counts at under the current SCCTRL. */
  timerHz(n: number): number {
    return this.scctrl & timerEnSel(n) ? TIMCLK_HZ : REFCLK_HZ;
  }
}

export class Sp810 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  private readonly clocks: Sp810Clocks;
  private readonly regs = new Uint32Array(13);

  constructor(private readonly ctx: EmulatorContext) {
    this.clocks = guestLocal(ctx, SP810_LOCAL_KEY, () => new Sp810Clocks());
    this.reset();
  }

  read(offset: number, _size: AccessSize): number {
    if (offset === Reg.SCCTRL) {
      // ModeStatus (bits 6:3) reports the requested mode as reached at once:
      // SLEEP 0000, DOZE 0001, SLOW 0010, NORMAL 0100 (TRM table 3-4).
      const mode = this.clocks.scctrl & 7;
      const status = mode === 0 || mode === 1 || mode === 2 ? mode : 4;
      return ((this.clocks.scctrl & ~0x78) | (status << 3)) >>> 0;
    }
    if (offset === Reg.SCPEREN || offset === Reg.SCPERDIS) {
      this.guestError(`read of write-only offset 0x${offset.toString(16)}`);
      return 0;
    }
    if (offset === Reg.SCPERSTAT) return this.regs[Reg.SCPERCLKEN >> 2]!;
    if (offset < 0x34) return this.regs[offset >> 2]!;
    if (offset >= Reg.SCSYSID0 && offset < Reg.SCSYSID0 + 16) return 0;
    if (offset >= Reg.SCITCR && offset < Reg.SCITCR + 0x10) return 0;
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, PERIPH_ID);
    this.guestError(`read of reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value >>> 0;
    switch (offset) {
      case Reg.SCCTRL:
        this.clocks.scctrl = (v & ~0x78) >>> 0;
        return;
      case Reg.SCPEREN:
        this.regs[Reg.SCPERCLKEN >> 2] = (this.regs[Reg.SCPERCLKEN >> 2]! | v) >>> 0;
        return;
      case Reg.SCPERDIS:
        this.regs[Reg.SCPERCLKEN >> 2] = (this.regs[Reg.SCPERCLKEN >> 2]! & ~v) >>> 0;
        return;
      case Reg.SCSYSSTAT:
      case Reg.SCIMCTRL:
      case Reg.SCIMSTAT:
      case Reg.SCXTALCTRL:
      case Reg.SCPLLCTRL:
      case Reg.SCPLLFCTRL:
      case Reg.SCPERCTRL0:
      case Reg.SCPERCTRL1:
        this.regs[offset >> 2] = v;
        return;
    }
    this.guestError(`write 0x${v.toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  reset(): void {
    this.regs.fill(0);
    this.clocks.scctrl = 0;
  }

  save(): EmuState {
    return { version: STATE_VERSION, scctrl: this.clocks.scctrl, regs: [...this.regs] };
  }

  restore(s: EmuState): void {
    checkVersion(s, 'sp810', STATE_VERSION);
    const scctrl = stateU32(s, 'sp810', 'scctrl');
    const regs = s.regs;
    if (!Array.isArray(regs) || regs.length !== this.regs.length) throw new Error('sp810: bad regs in state');
    this.regs.set(regs as number[]);
    this.clocks.scctrl = scctrl;
  }
}

export const sp810Emulator: Emulator = {
  name: 'sp810',
  deviceType: 'sys',
  compatible: [{ compatible: 'primecell,sp810' }, { compatible: 'arm,sp810' }],
  configSymbol: 'CONFIG_EMU_SYS_SP810',
  probe(ctx: EmulatorContext): EmuDevice {
    return new Sp810(ctx);
  },
};
