// ARM PrimeCell Color LCD Controller (PL110), per the PrimeCell Color LCD
// Controller (PL110) Technical Reference Manual, ARM DDI 0161E, chapter 3
// "Programmer's Model" (register summary table 3-1; note the PL110 order:
// LCDIMSC at 0x018, LCDControl at 0x01C, swapped on the later PL111).
//
// Connects: one MMIO window (0x1000), CLCDINTR on ctx.interrupts[0]; the
// frame buffer is read from guest RAM by DMA at LCDUPBASE (snapshot()).
// While the controller is enabled and an interrupt is unmasked, one timer
// event per frame (60 Hz) raises the vertical compare and base-update
// interrupts; with nothing unmasked no event runs. Not modelled: dual-panel
// STN modes, the lower panel, the hardware cursor, AHB errors.

import type { AccessSize, EmuDevice, EmuState, EmuTimer, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, restoreTimer, saveTimer, stateNum, stateU32, stateU32Array } from '../common/state.ts';

export const enum Reg {
  LCDTiming0 = 0x000,
  LCDTiming1 = 0x004,
  LCDTiming2 = 0x008,
  LCDTiming3 = 0x00c,
  LCDUPBASE = 0x010,
  LCDLPBASE = 0x014,
  LCDIMSC = 0x018,
  LCDControl = 0x01c,
  LCDRIS = 0x020,
  LCDMIS = 0x024,
  LCDICR = 0x028,
  LCDUPCURR = 0x02c,
  LCDLPCURR = 0x030,
  LCDPalette = 0x200,
}

export const CTRL_LCDEN = 1 << 0;
export const CTRL_LCDPWR = 1 << 11;
export const INT_LNBU = 1 << 2;
export const INT_VCOMP = 1 << 3;
const PERIPH_ID = [0x10, 0x11, 0x04, 0x00];
const FRAME_NS = Math.round(1e9 / 60);
/** Bits per pixel for LCDControl.LcdBpp (bits 3:1). */
const BPP = [1, 2, 4, 8, 16, 24, 16, 12];

export class Pl110 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  private readonly timing = new Uint32Array(4);
  private upbase = 0;
  private lpbase = 0;
  private imsc = 0;
  private control = 0;
  private ris = 0;
  private readonly palette = new Uint32Array(128);
  private level = -1;
  private baseUpdatePending = false;
  private readonly frame: EmuTimer;

  constructor(private readonly ctx: EmulatorContext, private readonly line: IrqLine | undefined) {
    this.frame = ctx.clock.createTimer(`${ctx.nodeName}.frame`, () => this.frameStart());
  }

  get width(): number {
    return (((this.timing[0]! >>> 2) & 0x3f) + 1) * 16;
  }

  get height(): number {
    return (this.timing[1]! & 0x3ff) + 1;
  }

  get bitsPerPixel(): number {
    return BPP[(this.control >>> 1) & 7]!;
  }

  /** The displayed frame (height rows of width pixels at LCDUPBASE), or undefined when off or outside RAM. */
  snapshot(): Uint8Array | undefined {
    if (!(this.control & CTRL_LCDEN)) return undefined;
    const buf = new Uint8Array((this.width * this.height * this.bitsPerPixel) / 8);
    return this.ctx.dma.read(this.upbase, buf) ? buf : undefined;
  }

  private frameStart(): void {
    this.ris |= INT_VCOMP;
    if (this.baseUpdatePending) {
      this.ris |= INT_LNBU;
      this.baseUpdatePending = false;
    }
    this.updateIrq();
    this.schedule();
  }

  /** A frame event runs only while it can raise an unmasked interrupt. */
  private schedule(): void {
    if (this.control & CTRL_LCDEN && this.imsc & (INT_VCOMP | INT_LNBU)) {
      if (!this.frame.pending) this.frame.startIn(FRAME_NS);
    } else {
      this.frame.stop();
    }
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
    if (offset < 0x10) return this.timing[offset >> 2]!;
    switch (offset) {
      case Reg.LCDUPBASE:
      case Reg.LCDUPCURR:
        return this.upbase;
      case Reg.LCDLPBASE:
      case Reg.LCDLPCURR:
        return this.lpbase;
      case Reg.LCDIMSC:
        return this.imsc;
      case Reg.LCDControl:
        return this.control;
      case Reg.LCDRIS:
        return this.ris;
      case Reg.LCDMIS:
        return this.ris & this.imsc;
    }
    if (offset >= Reg.LCDPalette && offset < Reg.LCDPalette + 0x200) return this.palette[(offset - Reg.LCDPalette) >> 2]!;
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, PERIPH_ID);
    this.guestError(`read of write-only or reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value >>> 0;
    if (offset < 0x10) {
      this.timing[offset >> 2] = v;
      return;
    }
    switch (offset) {
      case Reg.LCDUPBASE:
        this.upbase = (v & ~7) >>> 0;
        this.baseUpdatePending = true;
        return;
      case Reg.LCDLPBASE:
        this.lpbase = (v & ~7) >>> 0;
        return;
      case Reg.LCDIMSC:
        this.imsc = v & 0x1e;
        this.updateIrq();
        this.schedule();
        return;
      case Reg.LCDControl:
        this.control = v & 0x1ffff;
        this.schedule();
        return;
      case Reg.LCDICR:
        this.ris &= ~(v & 0x1e);
        this.updateIrq();
        return;
    }
    if (offset >= Reg.LCDPalette && offset < Reg.LCDPalette + 0x200) {
      this.palette[(offset - Reg.LCDPalette) >> 2] = v;
      return;
    }
    this.guestError(`write 0x${v.toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  reset(): void {
    this.timing.fill(0);
    this.upbase = 0;
    this.lpbase = 0;
    this.imsc = 0;
    this.control = 0;
    this.ris = 0;
    this.palette.fill(0);
    this.baseUpdatePending = false;
    this.frame.stop();
    this.updateIrq();
  }

  save(): EmuState {
    return {
      version: 1, timing: [...this.timing], upbase: this.upbase, lpbase: this.lpbase, imsc: this.imsc, control: this.control,
      ris: this.ris, palette: [...this.palette], baseUpdatePending: this.baseUpdatePending ? 1 : 0, frame: saveTimer(this.frame),
    };
  }

  restore(s: EmuState): void {
    const d = 'pl110';
    checkVersion(s, d, 1);
    const timing = stateU32Array(s, d, 'timing', 4);
    const palette = stateU32Array(s, d, 'palette', 128);
    const [upbase, lpbase, imsc, control, ris, bup] = ['upbase', 'lpbase', 'imsc', 'control', 'ris', 'baseUpdatePending'].map((k) => stateU32(s, d, k)) as [
      number, number, number, number, number, number,
    ];
    const frame = stateNum(s, d, 'frame');
    this.timing.set(timing);
    this.palette.set(palette);
    this.upbase = upbase;
    this.lpbase = lpbase;
    this.imsc = imsc;
    this.control = control;
    this.ris = ris;
    this.baseUpdatePending = bup !== 0;
    restoreTimer(this.frame, frame);
    this.updateIrq();
  }
}

export const pl110Emulator: Emulator = {
  name: 'pl110',
  deviceType: 'display',
  compatible: [{ compatible: 'primecell,pl110' }, { compatible: 'arm,pl110' }],
  configSymbol: 'CONFIG_EMU_DISPLAY_PL110',
  probe(ctx: EmulatorContext): EmuDevice {
    const n = ctx.interrupts[0];
    return new Pl110(ctx, n === undefined ? undefined : ctx.irq(n));
  },
};
