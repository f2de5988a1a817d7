// Xvisor's simple framebuffer device (`simplefb-0.1`), per the register
// layout of Xvisor's simplefb emulator (its facts, in XVISOR.md's spirit):
// 0x00 MAGIC 0xa4a297a6, 0x04 VENDOR "XVSR", 0x08 VERSION 1, 0x0C reserved,
// 0x10-0x4C MODE (one character of the mode string per word, NUL padded),
// 0x50 WIDTH, 0x54 HEIGHT, 0x58 STRIDE, 0x5C FB_BASE_MS, 0x60 FB_BASE_LS.
// Read-only. The pixels live in guest RAM at the node's `base`; the host
// side reads them with snapshot() through guest DMA.
//
// Node attributes: width (1600), height (900), mode ("a8r8g8b8"; also
// r5g6b5, x1r5g5b5, a1r5g5b5, r8g8b8, x8r8g8b8, a8b8g8r8), stride (width ×
// bytes per pixel), base (framebuffer guest physical address).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion } from '../common/state.ts';

const MODES: Readonly<Record<string, number>> = {
  r5g6b5: 2, x1r5g5b5: 2, a1r5g5b5: 2, r8g8b8: 4, x8r8g8b8: 4, a8r8g8b8: 4, a8b8g8r8: 4,
};

export class Simplefb implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  readonly mode: string;
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly fbBase: number | undefined;
  private readonly words = new Uint32Array(0x64 / 4);

  constructor(private readonly ctx: EmulatorContext) {
    this.mode = ctx.attrString('mode') ?? 'a8r8g8b8';
    const bpp = MODES[this.mode];
    if (bpp === undefined) throw new Error(`${ctx.nodePath}: unknown simplefb mode "${this.mode}"`);
    this.width = ctx.attrU32('width') ?? 1600;
    this.height = ctx.attrU32('height') ?? 900;
    this.stride = ctx.attrU32('stride') ?? this.width * bpp;
    if (this.stride < this.width * bpp) throw new Error(`${ctx.nodePath}: stride ${this.stride} < width ${this.width} × ${bpp}`);
    const base = ctx.attrU32('base');
    // The framebuffer must lie wholly in guest RAM, as Xvisor checks at start.
    const probe = new Uint8Array(1);
    if (base !== undefined && ctx.dma.read(base, probe) && ctx.dma.read(base + this.height * this.stride - 1, probe)) {
      this.fbBase = base;
    } else {
      this.fbBase = undefined;
      ctx.log.log(LogKind.Info, `${ctx.nodePath}: framebuffer base ${base === undefined ? 'not given' : `0x${base.toString(16)} not in guest RAM`}`);
    }
    this.words[0] = 0xa4a297a6;
    this.words[1] = 0x52535658;
    this.words[2] = 1;
    for (let i = 0; i < Math.min(16, this.mode.length); i++) this.words[4 + i] = this.mode.charCodeAt(i);
    this.words[0x14] = this.width;
    this.words[0x15] = this.height;
    this.words[0x16] = this.stride;
    this.words[0x17] = this.fbBase === undefined ? 0 : Math.floor(this.fbBase / 2 ** 32);
    this.words[0x18] = this.fbBase === undefined ? 0 : this.fbBase >>> 0;
  }

  /** The current framebuffer contents (height × stride bytes), or undefined without one. */
  snapshot(): Uint8Array | undefined {
    if (this.fbBase === undefined) return undefined;
    const buf = new Uint8Array(this.height * this.stride);
    return this.ctx.dma.read(this.fbBase, buf) ? buf : undefined;
  }

  read(offset: number, _size: AccessSize): number {
    if (offset < 0x64 && (offset & 3) === 0) return this.words[offset >> 2]!;
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: read of reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: write 0x${(value >>> 0).toString(16)} to read-only simplefb at 0x${offset.toString(16)}`);
  }

  reset(): void {}

  save(): EmuState {
    return { version: 1 };
  }

  restore(s: EmuState): void {
    checkVersion(s, 'simplefb', 1);
  }
}

export const simplefbEmulator: Emulator = {
  name: 'simplefb',
  deviceType: 'display',
  compatible: [{ compatible: 'simplefb-0.1' }],
  configSymbol: 'CONFIG_EMU_DISPLAY_SIMPLEFB',
  probe(ctx: EmulatorContext): EmuDevice {
    return new Simplefb(ctx);
  },
};
