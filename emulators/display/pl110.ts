// ARM PrimeCell Color LCD Controller, PL110 and PL111 variants.
// PL110: PrimeCell Color LCD Controller (PL110) Technical Reference Manual,
// ARM DDI 0161E, chapter 3 "Programmer's Model" (register summary table
// 3-1): LCDIMSC at 0x018, LCDControl at 0x01C, PeriphID 0x10 0x11 0x04 0x00.
// PL111: PrimeCell Color LCD Controller (PL111) Technical Reference Manual,
// ARM DDI 0293, chapter 3: the two are swapped (LCDControl at 0x018,
// LCDIMSC at 0x01C), the hardware cursor is added (image RAM 0x800-0xBFF,
// ClcdCrsrCtrl..ClcdCrsrMIS at 0xC00-0xC2C), PeriphID 0x11 0x11 0x24 0x00.
// The compatible string picks the variant ("primecell,pl110" / "arm,pl110"
// vs "primecell,pl111" / "arm,pl111").
//
// Connects: one MMIO window (0x1000), CLCDINTR on ctx.interrupts[0]; on the
// PL111 the cursor interrupt CLCDCRSRINTR (a separate output in the TRM)
// goes to ctx.interrupts[1] when the node lists one. The frame buffer is
// read from guest RAM by DMA at LCDUPBASE (snapshot()). While the
// controller is enabled and an interrupt is unmasked, one timer event per
// frame (60 Hz) raises the vertical compare and base-update interrupts and,
// with the cursor on, the cursor interrupt (the cursor image has been read
// for the frame); with nothing unmasked no event runs. Not modelled:
// dual-panel STN modes, the lower panel, drawing the cursor into
// snapshot(), AHB errors.

import type { AccessSize, EmuDevice, EmuState, EmuTimer, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, restoreTimer, saveTimer, stateNum, stateU32, stateU32Array } from '../common/state.ts';

/** Offsets shared by both variants; LCDIMSC/LCDControl are per variant (ClcdVariant). */
export const enum Reg {
  LCDTiming0 = 0x000,
  LCDTiming1 = 0x004,
  LCDTiming2 = 0x008,
  LCDTiming3 = 0x00c,
  LCDUPBASE = 0x010,
  LCDLPBASE = 0x014,
  /** PL110 order; on the PL111 this offset is LCDControl. */
  LCDIMSC = 0x018,
  /** PL110 order; on the PL111 this offset is LCDIMSC. */
  LCDControl = 0x01c,
  LCDRIS = 0x020,
  LCDMIS = 0x024,
  LCDICR = 0x028,
  LCDUPCURR = 0x02c,
  LCDLPCURR = 0x030,
  LCDPalette = 0x200,
}

/** PL111 hardware cursor (DDI 0293, 3.2). */
export const enum CrsrReg {
  Image = 0x800,
  Ctrl = 0xc00,
  Config = 0xc04,
  Palette0 = 0xc08,
  Palette1 = 0xc0c,
  XY = 0xc10,
  Clip = 0xc14,
  IMSC = 0xc20,
  ICR = 0xc24,
  RIS = 0xc28,
  MIS = 0xc2c,
}

export const CTRL_LCDEN = 1 << 0;
export const CTRL_LCDPWR = 1 << 11;
export const INT_LNBU = 1 << 2;
export const INT_VCOMP = 1 << 3;
export const CRSR_ON = 1 << 0;
export const CRSR_INT = 1 << 0;
const FRAME_NS = Math.round(1e9 / 60);
/** Bits per pixel for LCDControl.LcdBpp (bits 3:1). */
const BPP = [1, 2, 4, 8, 16, 24, 16, 12];
/** Cursor image RAM: 256 words (a 64x64 2 bpp image or four 32x32 ones). */
const CURSOR_WORDS = 256;

export interface ClcdVariant {
  readonly name: 'pl110' | 'pl111';
  readonly imscOffset: number;
  readonly controlOffset: number;
  readonly periphId: readonly number[];
  readonly cursor: boolean;
}

export const PL110: ClcdVariant = { name: 'pl110', imscOffset: 0x018, controlOffset: 0x01c, periphId: [0x10, 0x11, 0x04, 0x00], cursor: false };
export const PL111: ClcdVariant = { name: 'pl111', imscOffset: 0x01c, controlOffset: 0x018, periphId: [0x11, 0x11, 0x24, 0x00], cursor: true };

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
  // PL111 hardware cursor.
  private readonly cursorImage = new Uint32Array(CURSOR_WORDS);
  private crsrCtrl = 0;
  private crsrConfig = 0;
  private crsrPalette0 = 0;
  private crsrPalette1 = 0;
  private crsrXY = 0;
  private crsrClip = 0;
  private crsrImsc = 0;
  private crsrRis = 0;
  private crsrLevel = -1;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly line: IrqLine | undefined,
    readonly variant: ClcdVariant = PL110,
    private readonly cursorLine: IrqLine | undefined = undefined,
  ) {
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
    if (this.crsrCtrl & CRSR_ON) this.crsrRis |= CRSR_INT;
    this.updateIrq();
    this.schedule();
  }

  /** A frame event runs only while it can raise an unmasked interrupt. */
  private schedule(): void {
    const lcd = this.imsc & (INT_VCOMP | INT_LNBU);
    const crsr = this.crsrCtrl & CRSR_ON && this.crsrImsc & CRSR_INT;
    if (this.control & CTRL_LCDEN && (lcd || crsr)) {
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
    const c = this.crsrRis & this.crsrImsc ? 1 : 0;
    if (c !== this.crsrLevel) {
      this.crsrLevel = c;
      this.cursorLine?.set(c);
    }
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(offset: number, _size: AccessSize): number {
    if (offset < 0x10) return this.timing[offset >> 2]!;
    if (offset === this.variant.imscOffset) return this.imsc;
    if (offset === this.variant.controlOffset) return this.control;
    switch (offset) {
      case Reg.LCDUPBASE:
      case Reg.LCDUPCURR:
        return this.upbase;
      case Reg.LCDLPBASE:
      case Reg.LCDLPCURR:
        return this.lpbase;
      case Reg.LCDRIS:
        return this.ris;
      case Reg.LCDMIS:
        return this.ris & this.imsc;
    }
    if (offset >= Reg.LCDPalette && offset < Reg.LCDPalette + 0x200) return this.palette[(offset - Reg.LCDPalette) >> 2]!;
    if (this.variant.cursor) {
      if (offset >= CrsrReg.Image && offset < CrsrReg.Image + CURSOR_WORDS * 4) return this.cursorImage[(offset - CrsrReg.Image) >> 2]!;
      switch (offset) {
        case CrsrReg.Ctrl:
          return this.crsrCtrl;
        case CrsrReg.Config:
          return this.crsrConfig;
        case CrsrReg.Palette0:
          return this.crsrPalette0;
        case CrsrReg.Palette1:
          return this.crsrPalette1;
        case CrsrReg.XY:
          return this.crsrXY;
        case CrsrReg.Clip:
          return this.crsrClip;
        case CrsrReg.IMSC:
          return this.crsrImsc;
        case CrsrReg.RIS:
          return this.crsrRis;
        case CrsrReg.MIS:
          return this.crsrRis & this.crsrImsc;
      }
    }
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, this.variant.periphId);
    this.guestError(`read of write-only or reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value >>> 0;
    if (offset < 0x10) {
      this.timing[offset >> 2] = v;
      return;
    }
    if (offset === this.variant.imscOffset) {
      this.imsc = v & 0x1e;
      this.updateIrq();
      this.schedule();
      return;
    }
    if (offset === this.variant.controlOffset) {
      this.control = v & 0x1ffff;
      this.schedule();
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
      case Reg.LCDICR:
        this.ris &= ~(v & 0x1e);
        this.updateIrq();
        return;
    }
    if (offset >= Reg.LCDPalette && offset < Reg.LCDPalette + 0x200) {
      this.palette[(offset - Reg.LCDPalette) >> 2] = v;
      return;
    }
    if (this.variant.cursor && this.writeCursor(offset, v)) return;
    this.guestError(`write 0x${v.toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  /** PL111 cursor registers; field widths per DDI 0293 3.3.x. False when offset is not a writable cursor register. */
  private writeCursor(offset: number, v: number): boolean {
    if (offset >= CrsrReg.Image && offset < CrsrReg.Image + CURSOR_WORDS * 4) {
      this.cursorImage[(offset - CrsrReg.Image) >> 2] = v;
      return true;
    }
    switch (offset) {
      case CrsrReg.Ctrl:
        this.crsrCtrl = v & 0x31; // CrsrOn, CrsrNum[5:4]
        this.schedule();
        return true;
      case CrsrReg.Config:
        this.crsrConfig = v & 3; // CrsrSize, FrameSync
        return true;
      case CrsrReg.Palette0:
        this.crsrPalette0 = v & 0xffffff;
        return true;
      case CrsrReg.Palette1:
        this.crsrPalette1 = v & 0xffffff;
        return true;
      case CrsrReg.XY:
        this.crsrXY = v & 0x0fff0fff; // CrsrX[11:0], CrsrY[27:16]
        return true;
      case CrsrReg.Clip:
        this.crsrClip = v & 0x3f3f; // CrsrClipX[5:0], CrsrClipY[13:8]
        return true;
      case CrsrReg.IMSC:
        this.crsrImsc = v & CRSR_INT;
        this.updateIrq();
        this.schedule();
        return true;
      case CrsrReg.ICR:
        this.crsrRis &= ~(v & CRSR_INT);
        this.updateIrq();
        return true;
    }
    return false;
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
    this.cursorImage.fill(0);
    this.crsrCtrl = this.crsrConfig = this.crsrPalette0 = this.crsrPalette1 = 0;
    this.crsrXY = this.crsrClip = this.crsrImsc = this.crsrRis = 0;
    this.frame.stop();
    this.updateIrq();
  }

  save(): EmuState {
    const base = {
      version: 1, timing: [...this.timing], upbase: this.upbase, lpbase: this.lpbase, imsc: this.imsc, control: this.control,
      ris: this.ris, palette: [...this.palette], baseUpdatePending: this.baseUpdatePending ? 1 : 0, frame: saveTimer(this.frame),
    };
    if (!this.variant.cursor) return base;
    return {
      ...base, cursorImage: [...this.cursorImage], crsrCtrl: this.crsrCtrl, crsrConfig: this.crsrConfig, crsrPalette0: this.crsrPalette0,
      crsrPalette1: this.crsrPalette1, crsrXY: this.crsrXY, crsrClip: this.crsrClip, crsrImsc: this.crsrImsc, crsrRis: this.crsrRis,
    };
  }

  restore(s: EmuState): void {
    const d = this.variant.name;
    checkVersion(s, d, 1);
    const timing = stateU32Array(s, d, 'timing', 4);
    const palette = stateU32Array(s, d, 'palette', 128);
    const [upbase, lpbase, imsc, control, ris, bup] = ['upbase', 'lpbase', 'imsc', 'control', 'ris', 'baseUpdatePending'].map((k) => stateU32(s, d, k)) as [
      number, number, number, number, number, number,
    ];
    const frame = stateNum(s, d, 'frame');
    // Validate the cursor fields before changing anything, so a bad state leaves the device as it was.
    const cursorKeys = ['crsrCtrl', 'crsrConfig', 'crsrPalette0', 'crsrPalette1', 'crsrXY', 'crsrClip', 'crsrImsc', 'crsrRis'];
    const cursor = this.variant.cursor ? cursorKeys.map((k) => stateU32(s, d, k)) : [];
    const image = this.variant.cursor ? stateU32Array(s, d, 'cursorImage', CURSOR_WORDS) : [];
    this.timing.set(timing);
    this.palette.set(palette);
    this.upbase = upbase;
    this.lpbase = lpbase;
    this.imsc = imsc;
    this.control = control;
    this.ris = ris;
    this.baseUpdatePending = bup !== 0;
    if (this.variant.cursor) {
      this.cursorImage.set(image);
      [this.crsrCtrl, this.crsrConfig, this.crsrPalette0, this.crsrPalette1, this.crsrXY, this.crsrClip, this.crsrImsc, this.crsrRis] = cursor as [
        number, number, number, number, number, number, number, number,
      ];
    }
    restoreTimer(this.frame, frame);
    this.updateIrq();
  }
}

export const pl110Emulator: Emulator = {
  name: 'pl110',
  deviceType: 'display',
  compatible: [
    { compatible: 'primecell,pl110', data: PL110 },
    { compatible: 'arm,pl110', data: PL110 },
    { compatible: 'primecell,pl111', data: PL111 },
    { compatible: 'arm,pl111', data: PL111 },
  ],
  configSymbol: 'CONFIG_EMU_DISPLAY_PL110',
  probe(ctx: EmulatorContext, data: unknown): EmuDevice {
    const variant = data === PL111 ? PL111 : PL110;
    const n = ctx.interrupts[0];
    const c = variant.cursor ? ctx.interrupts[1] : undefined;
    return new Pl110(ctx, n === undefined ? undefined : ctx.irq(n), variant, c === undefined ? undefined : ctx.irq(c));
  },
};
