// The system registers of ARM's RealView Emulation Baseboard and Versatile/PB
// boards, per the RealView Emulation Baseboard User Guide, ARM DUI 0303E,
// 4.3 "Status and system control registers" (table 4-3), and the Versatile/PB
// User Guide, ARM DUI 0224I, 4.3 (table 4-1): the same register block on
// both boards.
//
// Connects: one MMIO window (0x1000); the clock for SYS_24MHz and SYS_100HZ;
// ctx.requestGuestReset() when SYS_RESETCTL is written while unlocked with
// the board's reset bits (those Linux's restart code sets: 0x100 on Versatile,
// 0x8 on the EB). SYS_LOCK guards SYS_OSCx and SYS_RESETCTL (unlock value
// 0xA05F). Variant data: SYS_ID, SYS_PROCID0, reset bits.
// Not modelled: the PCI, MCI, CLCD and boot-select hardware behind
// SYS_PCICTL/SYS_MCI/SYS_CLCD/SYS_BOOTCS (kept as plain registers).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32, stateU32Array } from '../common/state.ts';

export const enum Reg {
  SYS_ID = 0x00,
  SYS_SW = 0x04,
  SYS_LED = 0x08,
  SYS_OSC0 = 0x0c,
  SYS_LOCK = 0x20,
  SYS_100HZ = 0x24,
  SYS_CFGDATA1 = 0x28,
  SYS_CFGDATA2 = 0x2c,
  SYS_FLAGS = 0x30,
  SYS_FLAGSCLR = 0x34,
  SYS_NVFLAGS = 0x38,
  SYS_NVFLAGSCLR = 0x3c,
  SYS_RESETCTL = 0x40,
  SYS_PCICTL = 0x44,
  SYS_MCI = 0x48,
  SYS_FLASH = 0x4c,
  SYS_CLCD = 0x50,
  SYS_CLCDSER = 0x54,
  SYS_BOOTCS = 0x58,
  SYS_24MHZ = 0x5c,
  SYS_MISC = 0x60,
  SYS_DMAPSR0 = 0x64,
  SYS_PROCID0 = 0x84,
  SYS_PROCID1 = 0x88,
}

export const LOCK_VALUE = 0xa05f;
const LOCKED = 1 << 16;
const STATE_VERSION = 1;

interface Variant {
  sysId: number;
  procId0: number;
  resetBits: number;
  oscReset: readonly number[];
}

/** Plain read/write registers, kept as written (index = offset / 4). */
const PLAIN = new Set<number>([
  Reg.SYS_SW, Reg.SYS_CFGDATA1, Reg.SYS_CFGDATA2, Reg.SYS_PCICTL, Reg.SYS_FLASH, Reg.SYS_CLCD, Reg.SYS_CLCDSER,
  Reg.SYS_MISC, Reg.SYS_DMAPSR0, Reg.SYS_DMAPSR0 + 4, Reg.SYS_DMAPSR0 + 8,
]);

export class ArmSysctl implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  private readonly regs = new Uint32Array(0x40);
  private readonly osc = new Uint32Array(5);
  private led = 0;
  private lock = 0;
  private flags = 0;
  private nvflags = 0;
  private resetctl = 0;

  constructor(private readonly ctx: EmulatorContext, private readonly v: Variant) {
    this.reset();
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  private get unlocked(): boolean {
    return this.lock === LOCK_VALUE;
  }

  read(offset: number, _size: AccessSize): number {
    const now = this.ctx.clock.nowNs();
    if (offset >= Reg.SYS_OSC0 && offset < Reg.SYS_OSC0 + 20) return this.osc[(offset - Reg.SYS_OSC0) >> 2]!;
    if (PLAIN.has(offset)) return this.regs[offset >> 2]!;
    switch (offset) {
      case Reg.SYS_ID:
        return this.v.sysId;
      case Reg.SYS_LED:
        return this.led;
      case Reg.SYS_LOCK:
        return this.unlocked ? this.lock : this.lock | LOCKED;
      case Reg.SYS_100HZ:
        return Math.floor(now / 10_000_000) >>> 0;
      case Reg.SYS_FLAGS:
        return this.flags;
      case Reg.SYS_NVFLAGS:
        return this.nvflags;
      case Reg.SYS_RESETCTL:
        return this.resetctl;
      case Reg.SYS_MCI:
      case Reg.SYS_BOOTCS:
        return 0;
      case Reg.SYS_24MHZ:
        return Math.floor((now * 24) / 1000) >>> 0;
      case Reg.SYS_PROCID0:
        return this.v.procId0;
      case Reg.SYS_PROCID1:
        return 0xff000000;
    }
    this.guestError(`read of write-only or reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value >>> 0;
    if (offset >= Reg.SYS_OSC0 && offset < Reg.SYS_OSC0 + 20) {
      if (this.unlocked) this.osc[(offset - Reg.SYS_OSC0) >> 2] = v;
      else this.guestError(`SYS_OSC${(offset - Reg.SYS_OSC0) >> 2} written while SYS_LOCK is locked`);
      return;
    }
    if (PLAIN.has(offset)) {
      this.regs[offset >> 2] = v;
      return;
    }
    switch (offset) {
      case Reg.SYS_LED:
        this.led = v & 0xff;
        return;
      case Reg.SYS_LOCK:
        this.lock = v & 0xffff;
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
      case Reg.SYS_RESETCTL:
        if (!this.unlocked) {
          this.guestError('SYS_RESETCTL written while SYS_LOCK is locked');
          return;
        }
        this.resetctl = v;
        if (v & this.v.resetBits) this.ctx.requestGuestReset();
        return;
    }
    this.guestError(`write 0x${v.toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  reset(): void {
    this.regs.fill(0);
    this.osc.set(this.v.oscReset);
    this.led = 0;
    this.lock = 0;
    this.flags = 0;
    this.resetctl = 0;
  }

  save(): EmuState {
    return {
      version: STATE_VERSION, regs: [...this.regs], osc: [...this.osc], led: this.led, lock: this.lock,
      flags: this.flags, nvflags: this.nvflags, resetctl: this.resetctl,
    };
  }

  restore(s: EmuState): void {
    const d = 'arm-sysctl';
    checkVersion(s, d, STATE_VERSION);
    const regs = stateU32Array(s, d, 'regs', this.regs.length);
    const osc = stateU32Array(s, d, 'osc', 5);
    const [led, lock, flags, nv, rc] = ['led', 'lock', 'flags', 'nvflags', 'resetctl'].map((k) => stateU32(s, d, k)) as [
      number, number, number, number, number,
    ];
    this.regs.set(regs);
    this.osc.set(osc);
    this.led = led;
    this.lock = lock;
    this.flags = flags;
    this.nvflags = nv;
    this.resetctl = rc;
  }
}

export const armSysctlEmulator: Emulator = {
  name: 'arm-sysctl',
  deviceType: 'sys',
  compatible: [
    { compatible: 'realview,eb-mpcore', data: { sysId: 0xc1400400, procId0: 0x02000000, resetBits: 0x8, oscReset: [0, 0, 0, 0, 0x2c77] } },
    { compatible: 'versatilepb,arm926', data: { sysId: 0x41007004, procId0: 0x02000000, resetBits: 0x100, oscReset: [0, 0, 0, 0, 0x2c77] } },
  ],
  configSymbol: 'CONFIG_EMU_SYS_ARM_SYSCTL',
  probe(ctx: EmulatorContext, data: unknown): EmuDevice {
    return new ArmSysctl(ctx, data as Variant);
  },
};
