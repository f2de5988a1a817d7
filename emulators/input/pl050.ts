// ARM PrimeCell PS2 Keyboard/Mouse Interface (PL050), per the PrimeCell
// PS2 Keyboard/Mouse Interface (PL050) Technical Reference Manual, ARM DDI
// 0143C, chapter 3 "Programmer's Model" (table 3-1), with a PS/2 keyboard or
// mouse behind it answering the basic PS/2 command set (IBM PS/2 Technical
// Reference: reset 0xFF, identify 0xF2, enable/disable 0xF4/0xF5, set
// defaults 0xF6, echo 0xEE, and command arguments with an ACK 0xFA).
//
// Connects: one MMIO window (0x1000), KMIINTR on ctx.interrupts[0].
// Variant: `primecell,arm,pl050,keyboard` or `primecell,arm,pl050,mouse`.
// Host input reaches the device through sendScancodes() (keyboard scan codes
// set 2 or mouse packets), queued while the guest has not read earlier
// bytes. Transmission to the device is instantaneous (TXEMPTY stays set).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, stateU32, stateU32Array } from '../common/state.ts';

export const enum Reg {
  KMICR = 0x00,
  KMISTAT = 0x04,
  KMIDATA = 0x08,
  KMICLKDIV = 0x0c,
  KMIIR = 0x10,
}

export const CR_KMIEN = 1 << 2;
export const CR_TXINTREN = 1 << 3;
export const CR_RXINTREN = 1 << 4;
export const STAT_RXFULL = 1 << 4;
export const STAT_TXEMPTY = 1 << 6;
export const IR_RX = 1 << 0;
export const IR_TX = 1 << 1;

const PERIPH_ID = [0x50, 0x10, 0x04, 0x00];
const ACK = 0xfa;
const MAX_QUEUE = 256;

type Kind = 'keyboard' | 'mouse';

export class Pl050 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  private cr = 0;
  private clkdiv = 0;
  private readonly rx: number[] = [];
  /** A command waiting for its argument byte (0 = none). */
  private pendingCmd = 0;
  private level = -1;

  constructor(private readonly ctx: EmulatorContext, readonly kind: Kind, private readonly line: IrqLine | undefined) {
    this.updateIrq();
  }

  /** Host input: bytes the device sends (scan codes, mouse packets); false when dropped. */
  sendScancodes(bytes: readonly number[]): boolean {
    if (this.rx.length + bytes.length > MAX_QUEUE) return false;
    for (const b of bytes) this.rx.push(b & 0xff);
    this.updateIrq();
    return true;
  }

  /** The PS/2 device's answer to a byte from the host. */
  private command(b: number): void {
    if (this.pendingCmd) {
      this.pendingCmd = 0;
      this.rx.push(ACK);
      return;
    }
    switch (b) {
      case 0xff: // reset: ACK, self-test passed (mouse adds its ID)
        this.rx.length = 0;
        this.rx.push(ACK, 0xaa);
        if (this.kind === 'mouse') this.rx.push(0x00);
        return;
      case 0xf2: // identify
        this.rx.push(ACK, ...(this.kind === 'keyboard' ? [0xab, 0x83] : [0x00]));
        return;
      case 0xee: // echo (keyboard)
        this.rx.push(0xee);
        return;
      case 0xed: // keyboard LEDs
      case 0xf0: // keyboard scan code set
      case 0xf3: // typematic rate / mouse sample rate
      case 0xe8: // mouse resolution
        this.rx.push(ACK);
        this.pendingCmd = b;
        return;
      case 0xe9: // mouse status request
        this.rx.push(ACK, 0x00, 0x02, 0x64);
        return;
      default: // enable, disable, defaults, scaling and the rest: acknowledged
        this.rx.push(ACK);
    }
  }

  private updateIrq(): void {
    let ir = 0;
    if (this.rx.length && this.cr & CR_RXINTREN) ir |= IR_RX;
    if (this.cr & CR_TXINTREN) ir |= IR_TX;
    const l = this.cr & CR_KMIEN && ir ? 1 : 0;
    if (l !== this.level) {
      this.level = l;
      this.line?.set(l);
    }
  }

  read(offset: number, _size: AccessSize): number {
    switch (offset) {
      case Reg.KMICR:
        return this.cr;
      case Reg.KMISTAT:
        // Clock and data lines idle high; the transmitter is always empty.
        return 0x3 | STAT_TXEMPTY | (this.rx.length ? STAT_RXFULL : 0);
      case Reg.KMIDATA: {
        const v = this.rx.length ? this.rx.shift()! : 0;
        this.updateIrq();
        return v;
      }
      case Reg.KMICLKDIV:
        return this.clkdiv;
      case Reg.KMIIR:
        return (this.rx.length && this.cr & CR_RXINTREN ? IR_RX : 0) | (this.cr & CR_TXINTREN ? IR_TX : 0);
    }
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, PERIPH_ID);
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: read of reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset) {
      case Reg.KMICR:
        this.cr = value & 0x3f;
        this.updateIrq();
        return;
      case Reg.KMIDATA:
        if (!(this.cr & CR_KMIEN)) {
          this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: KMIDATA written while KmiEn is clear`);
          return;
        }
        this.command(value & 0xff);
        this.updateIrq();
        return;
      case Reg.KMICLKDIV:
        this.clkdiv = value & 0xf;
        return;
    }
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: write 0x${(value >>> 0).toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  reset(): void {
    this.cr = 0;
    this.clkdiv = 0;
    this.rx.length = 0;
    this.pendingCmd = 0;
    this.updateIrq();
  }

  save(): EmuState {
    return { version: 1, cr: this.cr, clkdiv: this.clkdiv, rx: [...this.rx], pendingCmd: this.pendingCmd };
  }

  restore(s: EmuState): void {
    const d = 'pl050';
    checkVersion(s, d, 1);
    const cr = stateU32(s, d, 'cr');
    const clk = stateU32(s, d, 'clkdiv');
    const rx = stateU32Array(s, d, 'rx');
    const pc = stateU32(s, d, 'pendingCmd');
    if (rx.length > MAX_QUEUE) throw new Error(`${d}: receive queue of ${rx.length} in state`);
    this.cr = cr & 0x3f;
    this.clkdiv = clk & 0xf;
    this.rx.length = 0;
    this.rx.push(...rx.map((b) => b & 0xff));
    this.pendingCmd = pc & 0xff;
    this.updateIrq();
  }
}

export const pl050Emulator: Emulator = {
  name: 'pl050',
  deviceType: 'input',
  compatible: [
    { compatible: 'primecell,arm,pl050,keyboard', data: 'keyboard' },
    { compatible: 'primecell,arm,pl050,mouse', data: 'mouse' },
  ],
  configSymbol: 'CONFIG_EMU_INPUT_PL050',
  probe(ctx: EmulatorContext, data: unknown): EmuDevice {
    const n = ctx.interrupts[0];
    return new Pl050(ctx, data as Kind, n === undefined ? undefined : ctx.irq(n));
  },
};
