// Versatile Express motherboard system registers, per the Motherboard
// Express µATX (V2M-P1) Technical Reference Manual, ARM DUI 0447J, 4.3
// "System register block" (table 4-1) and 4.7 "Configuration registers
// SYS_CFGDATA, SYS_CFGCTRL, SYS_CFGSTAT" (table 4-20 function numbers).
//
// Connects: one MMIO window (0x1000), ctx.requestGuestPowerOff/Reset for the
// SHUTDOWN and REBOOT configuration functions (what Linux's `poweroff` and
// `reboot` use through vexpress-syscfg), the clock for SYS_24MHZ and
// SYS_100HZ. Variant data selects SYS_PROCID0 (vexpress,a9 / vexpress,a15).
// Oscillator (OSC) functions keep what the guest sets, with the board's
// defaults; voltage, current, temperature, power and energy read zero.
// Not modelled: SYS_LOCK (writes land always), the MCI/flash/DVI muxing.

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32 } from '../common/state.ts';

export const enum Reg {
  SYS_ID = 0x00,
  SYS_SW = 0x04,
  SYS_LED = 0x08,
  SYS_100HZ = 0x24,
  SYS_FLAGS = 0x30, // SYS_FLAGSSET on write
  SYS_FLAGSCLR = 0x34,
  SYS_NVFLAGS = 0x38, // SYS_NVFLAGSSET on write
  SYS_NVFLAGSCLR = 0x3c,
  SYS_MCI = 0x48,
  SYS_FLASH = 0x4c,
  SYS_CFGSW = 0x58,
  SYS_24MHZ = 0x5c,
  SYS_MISC = 0x60,
  SYS_DMA = 0x64,
  SYS_PROCID0 = 0x84,
  SYS_PROCID1 = 0x88,
  SYS_CFGDATA = 0xa0,
  SYS_CFGCTRL = 0xa4,
  SYS_CFGSTAT = 0xa8,
}

export const enum CfgFunc {
  OSC = 1,
  VOLT = 2,
  AMP = 3,
  TEMP = 4,
  RESET = 5,
  SCC = 6,
  MUXFPGA = 7,
  SHUTDOWN = 8,
  REBOOT = 9,
  DVIMODE = 11,
  POWER = 12,
  ENERGY = 13,
}

export const CFGCTRL_START = 1 << 31;
export const CFGCTRL_WRITE = 1 << 30;
export const CFGSTAT_COMPLETE = 1 << 0;
export const CFGSTAT_ERROR = 1 << 1;

/** HBI-0190 motherboard, as QEMU's vexpress reports it. */
const SYS_ID_VALUE = 0x1190f500;
const STATE_VERSION = 1;

/** Default motherboard oscillators (site 0): OSC0..OSC4 in Hz (DUI 0447J table 2-5). */
const MB_OSC = [50_000_000, 23_750_000, 24_000_000, 24_000_000, 24_000_000];

interface Variant {
  procId0: number;
}

export class VexpressSysreg implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  private sw = 0;
  private led = 0;
  private flags = 0;
  private nvflags = 0;
  private cfgdata = 0;
  private cfgctrl = 0;
  private cfgstat = 0;
  private misc = 0;
  /** Oscillator settings the guest wrote, keyed by site/position/device. */
  private readonly osc = new Map<number, number>();

  constructor(private readonly ctx: EmulatorContext, private readonly variant: Variant) {}

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(offset: number, _size: AccessSize): number {
    const now = this.ctx.clock.nowNs();
    switch (offset) {
      case Reg.SYS_ID:
        return SYS_ID_VALUE;
      case Reg.SYS_SW:
        return this.sw;
      case Reg.SYS_LED:
        return this.led;
      case Reg.SYS_100HZ:
        return Math.floor(now / 10_000_000) >>> 0;
      case Reg.SYS_FLAGS:
        return this.flags;
      case Reg.SYS_NVFLAGS:
        return this.nvflags;
      case Reg.SYS_MCI:
      case Reg.SYS_FLASH:
      case Reg.SYS_CFGSW:
      case Reg.SYS_DMA:
        return 0;
      case Reg.SYS_24MHZ:
        // 24 ticks a microsecond, counted from guest creation.
        return Math.floor((now * 24) / 1000) >>> 0;
      case Reg.SYS_MISC:
        return this.misc;
      case Reg.SYS_PROCID0:
        return this.variant.procId0;
      case Reg.SYS_PROCID1:
        return 0xff000000; // no second daughterboard
      case Reg.SYS_CFGDATA:
        return this.cfgdata;
      case Reg.SYS_CFGCTRL:
        return this.cfgctrl;
      case Reg.SYS_CFGSTAT:
        return this.cfgstat;
    }
    this.guestError(`read of ${offset === Reg.SYS_FLAGSCLR || offset === Reg.SYS_NVFLAGSCLR ? 'write-only' : 'reserved'} offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value >>> 0;
    switch (offset) {
      case Reg.SYS_SW:
        this.sw = v;
        return;
      case Reg.SYS_LED:
        this.led = v & 0xff;
        return;
      case Reg.SYS_FLAGS:
        this.flags = (this.flags | v) >>> 0;
        return;
      case Reg.SYS_FLAGSCLR:
        this.flags = (this.flags & ~v) >>> 0;
        return;
      case Reg.SYS_NVFLAGS:
        this.nvflags = (this.nvflags | v) >>> 0;
        return;
      case Reg.SYS_NVFLAGSCLR:
        this.nvflags = (this.nvflags & ~v) >>> 0;
        return;
      case Reg.SYS_MISC:
        this.misc = v;
        return;
      case Reg.SYS_CFGDATA:
        this.cfgdata = v;
        return;
      case Reg.SYS_CFGCTRL:
        this.cfgctrl = v & ~CFGCTRL_START;
        if (v & CFGCTRL_START) this.configTransfer(v);
        return;
      case Reg.SYS_CFGSTAT:
        this.cfgstat = v & 3;
        return;
    }
    this.guestError(`write 0x${v.toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  /** One SYS_CFGCTRL transaction; completes at once (CFGSTAT.COMPLETE). */
  private configTransfer(ctrl: number): void {
    const write = (ctrl & CFGCTRL_WRITE) !== 0;
    const func = (ctrl >>> 20) & 0x3f;
    const site = (ctrl >>> 16) & 3;
    const position = (ctrl >>> 12) & 0xf;
    const device = ctrl & 0xfff;
    const key = (site << 16) | (position << 12) | device;
    let ok = true;
    switch (func) {
      case CfgFunc.OSC:
        if (write) this.osc.set(key, this.cfgdata);
        else this.cfgdata = this.osc.get(key) ?? (site === 0 ? (MB_OSC[device] ?? 24_000_000) : 24_000_000);
        break;
      case CfgFunc.VOLT:
      case CfgFunc.AMP:
      case CfgFunc.TEMP:
      case CfgFunc.POWER:
      case CfgFunc.ENERGY:
        if (!write) this.cfgdata = 0;
        break;
      case CfgFunc.SHUTDOWN:
        if (write) this.ctx.requestGuestPowerOff();
        else ok = false;
        break;
      case CfgFunc.REBOOT:
      case CfgFunc.RESET:
        if (write) this.ctx.requestGuestReset();
        else ok = false;
        break;
      case CfgFunc.MUXFPGA:
      case CfgFunc.DVIMODE:
      case CfgFunc.SCC:
        break;
      default:
        ok = false;
    }
    if (!ok) this.guestError(`SYS_CFGCTRL function ${func} (${write ? 'write' : 'read'}) is not valid`);
    this.cfgstat = CFGSTAT_COMPLETE | (ok ? 0 : CFGSTAT_ERROR);
  }

  reset(): void {
    // SYS_NVFLAGS survives a reset; everything else returns to its reset value.
    this.sw = 0;
    this.led = 0;
    this.flags = 0;
    this.cfgdata = 0;
    this.cfgctrl = 0;
    this.cfgstat = 0;
    this.misc = 0;
    this.osc.clear();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION, sw: this.sw, led: this.led, flags: this.flags, nvflags: this.nvflags, cfgdata: this.cfgdata,
      cfgctrl: this.cfgctrl, cfgstat: this.cfgstat, misc: this.misc, osc: [...this.osc.entries()].flat(),
    };
  }

  restore(s: EmuState): void {
    const d = 'vexpress-sysreg';
    checkVersion(s, d, STATE_VERSION);
    const f = ['sw', 'led', 'flags', 'nvflags', 'cfgdata', 'cfgctrl', 'cfgstat', 'misc'].map((k) => stateU32(s, d, k));
    const osc = s.osc;
    if (!Array.isArray(osc) || osc.length % 2 !== 0 || osc.some((x) => typeof x !== 'number')) throw new Error(`${d}: bad osc state`);
    [this.sw, this.led, this.flags, this.nvflags, this.cfgdata, this.cfgctrl, this.cfgstat, this.misc] = f as [
      number, number, number, number, number, number, number, number,
    ];
    this.osc.clear();
    for (let i = 0; i < osc.length; i += 2) this.osc.set(osc[i] as number, osc[i + 1] as number);
  }
}

export const vexpressSysregEmulator: Emulator = {
  name: 'vexpress-sysreg',
  deviceType: 'sys',
  compatible: [
    { compatible: 'vexpress,a9', data: { procId0: 0x0c000191 } },
    { compatible: 'vexpress,a15', data: { procId0: 0x14000237 } },
  ],
  configSymbol: 'CONFIG_EMU_SYS_VEXPRESS',
  probe(ctx: EmulatorContext, data: unknown): EmuDevice {
    return new VexpressSysreg(ctx, data as Variant);
  },
};
