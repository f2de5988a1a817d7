// ARM PrimeCell UART (PL011), per the PrimeCell UART (PL011) Technical
// Reference Manual, ARM DDI 0183G, chapter 3 "Programmers Model" (register
// summary table 3-1, reset values, interrupt behaviour 2.9).
//
// Connects: one MMIO window (0x1000), one interrupt line (UARTINTR, the OR of
// all masked sources: ctx.interrupts[0]), and the guest's vserial through
// ctx.charPort(). Transmission is instantaneous (the TX FIFO drains as soon
// as it is written), reception is flow-controlled: the port holds bytes back
// while the RX FIFO is full, so nothing is overrun from the host side.
// Not modelled: IrDA, modem status lines (CTS/DSR/DCD read as asserted),
// break/parity/framing errors from the host, DMA requests (UARTDMACR is kept
// but raises nothing).

import type { AccessSize, CharPort, EmuDevice, EmuState, EmuTimer, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { ByteFifo } from '../common/byte-fifo.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, restoreTimer, saveTimer, stateU32, stateU32Array, stateNum } from '../common/state.ts';

export const enum Reg {
  UARTDR = 0x000,
  UARTRSR = 0x004, // UARTECR on write
  UARTFR = 0x018,
  UARTILPR = 0x020,
  UARTIBRD = 0x024,
  UARTFBRD = 0x028,
  UARTLCR_H = 0x02c,
  UARTCR = 0x030,
  UARTIFLS = 0x034,
  UARTIMSC = 0x038,
  UARTRIS = 0x03c,
  UARTMIS = 0x040,
  UARTICR = 0x044,
  UARTDMACR = 0x048,
}

export const REG_NAMES: Readonly<Record<number, string>> = {
  0x000: 'UARTDR', 0x004: 'UARTRSR/UARTECR', 0x018: 'UARTFR', 0x020: 'UARTILPR', 0x024: 'UARTIBRD',
  0x028: 'UARTFBRD', 0x02c: 'UARTLCR_H', 0x030: 'UARTCR', 0x034: 'UARTIFLS', 0x038: 'UARTIMSC',
  0x03c: 'UARTRIS', 0x040: 'UARTMIS', 0x044: 'UARTICR', 0x048: 'UARTDMACR',
};

// UARTFR bits (TRM table 3-5).
export const FR_CTS = 1 << 0;
export const FR_DSR = 1 << 1;
export const FR_DCD = 1 << 2;
export const FR_BUSY = 1 << 3;
export const FR_RXFE = 1 << 4;
export const FR_TXFF = 1 << 5;
export const FR_RXFF = 1 << 6;
export const FR_TXFE = 1 << 7;

// UARTLCR_H / UARTCR bits (tables 3-10, 3-11).
export const LCR_H_FEN = 1 << 4;
export const CR_UARTEN = 1 << 0;
export const CR_LBE = 1 << 7;
export const CR_TXE = 1 << 8;
export const CR_RXE = 1 << 9;

// Interrupt bits shared by IMSC/RIS/MIS/ICR (table 3-14).
export const INT_RX = 1 << 4;
export const INT_TX = 1 << 5;
export const INT_RT = 1 << 6;
export const INT_OE = 1 << 10;
const INT_ALL = 0x7ff;

/** PeriphID0..3 of r1p5 (GUESTS.md: 0x11 0x10 0x14 0x00). */
const PERIPH_ID = [0x11, 0x10, 0x14, 0x00];

/** Trigger level eighths for IFLS field values 0..4 (table 3-13). */
const IFLS_EIGHTHS = [1, 2, 4, 6, 7];

const RESET_CR = 0x300;
const RESET_IFLS = 0x12;
/** UARTCLK when the node gives none (QEMU virt's fixed 24 MHz apb clock). */
const DEFAULT_UARTCLK_HZ = 24_000_000;
const STATE_VERSION = 1;

export class Pl011 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  private readonly rx: ByteFifo;
  private readonly fifoSize: number;
  private readonly port: CharPort;
  private readonly rtTimer: EmuTimer;
  private readonly uartClkHz: number;
  private rsr = 0;
  private ilpr = 0;
  private ibrd = 0;
  private fbrd = 0;
  private lcrH = 0;
  private cr = RESET_CR;
  /** The disabled-transmit mistake was logged (once per enable). */
  private reportedDisabledTx = false;
  private ifls = RESET_IFLS;
  private imsc = 0;
  private ris = 0;
  private dmacr = 0;
  private level = -1;

  constructor(private readonly ctx: EmulatorContext, private readonly line: IrqLine | undefined) {
    const fifo = ctx.attrU32('fifo_size') ?? 16;
    if (fifo < 1 || fifo > 4096) throw new Error(`${ctx.nodePath}: fifo_size ${fifo} out of range 1..4096`);
    this.fifoSize = fifo;
    this.uartClkHz = ctx.attrU32('clock_frequency') ?? DEFAULT_UARTCLK_HZ;
    this.rx = new ByteFifo(fifo);
    this.rtTimer = ctx.clock.createTimer(`${ctx.nodeName}.rt`, () => this.receiveTimeout());
    this.port = ctx.charPort();
    this.port.setReceiver((b) => this.receive(b));
    this.updateIrq();
  }

  private get fifoEnabled(): boolean {
    return (this.lcrH & LCR_H_FEN) !== 0;
  }

  /** RX holding depth: the FIFO, or one character with FIFOs off. */
  private get rxDepth(): number {
    return this.fifoEnabled ? this.fifoSize : 1;
  }

  private rxTrigger(): number {
    const sel = (this.ifls >> 3) & 7;
    return Math.max(1, ((IFLS_EIGHTHS[sel] ?? 4) * this.fifoSize) >> 3);
  }

  /** One character time in ns: 10 bit periods at the programmed baud rate. */
  private bitNs(): number {
    const divisor = this.ibrd + this.fbrd / 64;
    const baud = divisor > 0 ? this.uartClkHz / (16 * divisor) : 115200;
    return 1e9 / baud;
  }

  private receive(byte: number): boolean {
    if (this.rx.length >= this.rxDepth) return false;
    this.rx.push(byte & 0xff);
    this.afterRx();
    return true;
  }

  private afterRx(): void {
    if (this.fifoEnabled ? this.rx.length >= this.rxTrigger() : true) this.ris |= INT_RX;
    // The timeout counts 32 bit periods of silence after the last character.
    this.rtTimer.startIn(Math.ceil(32 * this.bitNs()));
    this.updateIrq();
  }

  private receiveTimeout(): void {
    if (!this.rx.empty) {
      this.ris |= INT_RT;
      this.updateIrq();
    }
  }

  private readData(): number {
    const wasFull = this.rx.length >= this.rxDepth;
    const v = this.rx.pop();
    this.rsr = (v >> 8) & 0xf;
    if (this.fifoEnabled ? this.rx.length < this.rxTrigger() : this.rx.empty) this.ris &= ~INT_RX;
    if (this.rx.empty) {
      this.ris &= ~INT_RT;
      this.rtTimer.stop();
    } else {
      this.rtTimer.startIn(Math.ceil(32 * this.bitNs()));
    }
    this.updateIrq();
    if (wasFull) this.port.notifyRoom();
    return v;
  }

  private writeData(value: number): void {
    const byte = value & 0xff;
    if (!(this.cr & CR_UARTEN) || !(this.cr & CR_TXE)) {
      // Firmware written against QEMU often skips enabling; hardware would
      // hold the character. We send it and report the mistake, once until
      // the guest enables the UART, not once per byte.
      if (!this.reportedDisabledTx) {
        this.reportedDisabledTx = true;
        this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: UARTDR written while UARTCR.UARTEN/TXE clear (sent anyway, as QEMU does; reported once)`);
      }
    }
    if (this.cr & CR_LBE) {
      if (this.rx.length >= this.rxDepth) {
        this.ris |= INT_OE;
        this.rsr |= 8;
      } else {
        this.rx.push(byte);
        this.afterRx();
      }
    } else {
      this.port.send(byte);
    }
    // The FIFO drained at once, so it passed through the TX trigger level.
    this.ris |= INT_TX;
    this.updateIrq();
  }

  read(offset: number, _size: AccessSize): number {
    const off = offset & ~3;
    switch (off) {
      case Reg.UARTDR:
        return this.readData();
      case Reg.UARTRSR:
        return this.rsr;
      case Reg.UARTFR: {
        let fr = FR_CTS | FR_DSR | FR_DCD | FR_TXFE;
        if (this.rx.empty) fr |= FR_RXFE;
        if (this.rx.length >= this.rxDepth) fr |= FR_RXFF;
        return fr;
      }
      case Reg.UARTILPR:
        return this.ilpr;
      case Reg.UARTIBRD:
        return this.ibrd;
      case Reg.UARTFBRD:
        return this.fbrd;
      case Reg.UARTLCR_H:
        return this.lcrH;
      case Reg.UARTCR:
        return this.cr;
      case Reg.UARTIFLS:
        return this.ifls;
      case Reg.UARTIMSC:
        return this.imsc;
      case Reg.UARTRIS:
        return this.ris;
      case Reg.UARTMIS:
        return this.ris & this.imsc;
      case Reg.UARTICR:
        this.guestError(`read of write-only UARTICR`);
        return 0;
      case Reg.UARTDMACR:
        return this.dmacr;
    }
    if (isPrimeCellIdOffset(off)) return readPrimeCellId(off, PERIPH_ID);
    this.guestError(`read of reserved offset 0x${off.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const off = offset & ~3;
    switch (off) {
      case Reg.UARTDR:
        this.writeData(value);
        return;
      case Reg.UARTRSR:
        this.rsr = 0; // UARTECR: any write clears the error flags
        return;
      case Reg.UARTILPR:
        this.ilpr = value & 0xff;
        return;
      case Reg.UARTIBRD:
        this.ibrd = value & 0xffff;
        return;
      case Reg.UARTFBRD:
        this.fbrd = value & 0x3f;
        return;
      case Reg.UARTLCR_H: {
        const before = this.lcrH;
        this.lcrH = value & 0xff;
        // Switching the FIFOs off flushes them (TRM 3.3.7, FEN).
        if ((before & LCR_H_FEN) && !(this.lcrH & LCR_H_FEN)) this.flushRx();
        this.updateIrq();
        return;
      }
      case Reg.UARTCR:
        this.cr = value & 0xff87;
        if (this.cr & CR_UARTEN && this.cr & CR_TXE) this.reportedDisabledTx = false;
        return;
      case Reg.UARTIFLS:
        this.ifls = value & 0x3f;
        this.recomputeRxLevel();
        return;
      case Reg.UARTIMSC:
        this.imsc = value & INT_ALL;
        this.updateIrq();
        return;
      case Reg.UARTICR:
        this.ris &= ~(value & INT_ALL);
        this.updateIrq();
        return;
      case Reg.UARTDMACR:
        this.dmacr = value & 7;
        return;
      case Reg.UARTFR:
      case Reg.UARTRIS:
      case Reg.UARTMIS:
        this.guestError(`write 0x${(value >>> 0).toString(16)} to read-only ${REG_NAMES[off]}`);
        return;
    }
    if (isPrimeCellIdOffset(off)) this.guestError(`write to read-only ID register at 0x${off.toString(16)}`);
    else this.guestError(`write 0x${(value >>> 0).toString(16)} to reserved offset 0x${off.toString(16)}`);
  }

  private flushRx(): void {
    this.rx.clear();
    this.ris &= ~(INT_RX | INT_RT);
    this.rtTimer.stop();
    this.port.notifyRoom();
  }

  private recomputeRxLevel(): void {
    if (this.fifoEnabled && this.rx.length >= this.rxTrigger()) this.ris |= INT_RX;
    this.updateIrq();
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  private updateIrq(): void {
    const l = (this.ris & this.imsc) !== 0 ? 1 : 0;
    if (l !== this.level) {
      this.level = l;
      this.line?.set(l);
    }
  }

  reset(): void {
    this.reportedDisabledTx = false;
    this.rx.clear();
    this.rtTimer.stop();
    this.rsr = 0;
    this.ilpr = 0;
    this.ibrd = 0;
    this.fbrd = 0;
    this.lcrH = 0;
    this.cr = RESET_CR;
    this.ifls = RESET_IFLS;
    this.imsc = 0;
    this.ris = 0;
    this.dmacr = 0;
    this.updateIrq();
    this.port.notifyRoom();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION,
      rx: this.rx.toArray(),
      rsr: this.rsr, ilpr: this.ilpr, ibrd: this.ibrd, fbrd: this.fbrd, lcrH: this.lcrH,
      cr: this.cr, ifls: this.ifls, imsc: this.imsc, ris: this.ris, dmacr: this.dmacr,
      rtExpiry: saveTimer(this.rtTimer),
    };
  }

  restore(s: EmuState): void {
    const d = 'pl011';
    checkVersion(s, d, STATE_VERSION);
    const rx = stateU32Array(s, d, 'rx');
    const fields = ['rsr', 'ilpr', 'ibrd', 'fbrd', 'lcrH', 'cr', 'ifls', 'imsc', 'ris', 'dmacr'].map((f) => stateU32(s, d, f));
    const rt = stateNum(s, d, 'rtExpiry');
    this.rx.load(rx, d);
    [this.rsr, this.ilpr, this.ibrd, this.fbrd, this.lcrH, this.cr, this.ifls, this.imsc, this.ris, this.dmacr] = fields as [
      number, number, number, number, number, number, number, number, number, number,
    ];
    restoreTimer(this.rtTimer, rt);
    this.updateIrq();
  }
}

export const pl011Emulator: Emulator = {
  name: 'pl011',
  deviceType: 'serial',
  compatible: [{ compatible: 'primecell,arm,pl011' }, { compatible: 'arm,pl011' }],
  configSymbol: 'CONFIG_EMU_SERIAL_PL011',
  probe(ctx: EmulatorContext): EmuDevice {
    const n = ctx.interrupts[0];
    return new Pl011(ctx, n === undefined ? undefined : ctx.irq(n));
  },
};
