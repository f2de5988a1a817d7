// The Versatile secondary interrupt controller (SIC), per the Versatile/PB926EJ-S
// User Guide, ARM DUI 0224I, 4.9.2 "Secondary interrupt controller" (register
// table 4-44): a 32-input controller whose status output is cascaded into
// primary VIC input 31, with pass-through of selected sources (SIC_PICENABLE)
// straight to the primary controller.
//
// Connects: one MMIO window (0x1000); inputs are guest irqs base_irq ..
// base_irq+31 (base_irq 32 by default, Xvisor's numbering) through
// setInput(); the cascade output is ctx.interrupts[0] (VIC 31); a source n
// with SIC_PICENABLE bit n set also drives guest irq n (the VIC input of the
// same number, as on the PB926's IRQ 21-30).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32 } from '../common/state.ts';
import { registerSink, type IrqInputSink } from './interrupt-sink.ts';

export const enum Reg {
  SIC_STATUS = 0x00,
  SIC_RAWSTAT = 0x04,
  SIC_ENABLE = 0x08, // SIC_ENSET on write
  SIC_ENCLR = 0x0c,
  SIC_SOFTINTSET = 0x10,
  SIC_SOFTINTCLR = 0x14,
  SIC_PICENABLE = 0x20, // SIC_PICENSET on write
  SIC_PICENCLR = 0x24,
}

const STATE_VERSION = 1;

export class VersatileSic implements EmuDevice, IrqInputSink {
  readonly accessSizes: readonly AccessSize[] = [4];
  readonly baseIrq: number;
  private raw = 0;
  private soft = 0;
  private enable = 0;
  private picEnable = 0;
  private out = -1;
  private passOut = 0;

  constructor(private readonly ctx: EmulatorContext, private readonly cascade: IrqLine | undefined) {
    this.baseIrq = ctx.attrU32('base_irq') ?? 32;
    this.update();
  }

  owns(irq: number): boolean {
    return irq >= this.baseIrq && irq < this.baseIrq + 32;
  }

  setInput(irq: number, level: number): void {
    const n = irq - this.baseIrq;
    if (n < 0 || n > 31) return;
    if (level) this.raw |= 1 << n;
    else this.raw &= ~(1 << n);
    this.update();
  }

  private update(): void {
    const rawAll = this.raw | this.soft;
    const l = (rawAll & this.enable & ~this.picEnable) !== 0 ? 1 : 0;
    if (l !== this.out) {
      this.out = l;
      this.cascade?.set(l);
    }
    const pass = (rawAll & this.picEnable) >>> 0;
    const changed = (pass ^ this.passOut) >>> 0;
    if (changed) {
      for (let n = 0; n < 32; n++) if (changed & (1 << n)) this.ctx.irq(n).set((pass >>> n) & 1);
      this.passOut = pass;
    }
  }

  read(offset: number, _size: AccessSize): number {
    switch (offset) {
      case Reg.SIC_STATUS:
        return ((this.raw | this.soft) & this.enable) >>> 0;
      case Reg.SIC_RAWSTAT:
        return (this.raw | this.soft) >>> 0;
      case Reg.SIC_ENABLE:
        return this.enable >>> 0;
      case Reg.SIC_SOFTINTSET:
        return this.soft >>> 0;
      case Reg.SIC_PICENABLE:
        return this.picEnable >>> 0;
    }
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: read of write-only or reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset) {
      case Reg.SIC_ENABLE:
        this.enable |= value;
        break;
      case Reg.SIC_ENCLR:
        this.enable &= ~value;
        break;
      case Reg.SIC_SOFTINTSET:
        this.soft |= value;
        break;
      case Reg.SIC_SOFTINTCLR:
        this.soft &= ~value;
        break;
      case Reg.SIC_PICENABLE:
        this.picEnable |= value;
        break;
      case Reg.SIC_PICENCLR:
        this.picEnable &= ~value;
        break;
      default:
        this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: write 0x${(value >>> 0).toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
        return;
    }
    this.update();
  }

  reset(): void {
    this.soft = 0;
    this.enable = 0;
    this.picEnable = 0;
    this.update();
  }

  save(): EmuState {
    return { version: STATE_VERSION, raw: this.raw >>> 0, soft: this.soft >>> 0, enable: this.enable >>> 0, picEnable: this.picEnable >>> 0 };
  }

  restore(s: EmuState): void {
    const d = 'versatile-sic';
    checkVersion(s, d, STATE_VERSION);
    const [raw, soft, enable, pic] = ['raw', 'soft', 'enable', 'picEnable'].map((k) => stateU32(s, d, k)) as [number, number, number, number];
    this.raw = raw;
    this.soft = soft;
    this.enable = enable;
    this.picEnable = pic;
    this.update();
  }
}

export const versatileSicEmulator: Emulator = {
  name: 'versatile-sic',
  deviceType: 'pic',
  compatible: [{ compatible: 'versatilepb,sic' }, { compatible: 'arm,versatile-sic' }],
  configSymbol: 'CONFIG_EMU_PIC_VERSATILE_SIC',
  probe(ctx: EmulatorContext): EmuDevice {
    const n = ctx.interrupts[0];
    const sic = new VersatileSic(ctx, n === undefined ? undefined : ctx.irq(n));
    registerSink(ctx, sic);
    return sic;
  },
};
