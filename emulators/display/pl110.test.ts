import { describe, it, expect } from 'vitest';
import { EmuStateError } from '../../core/devemu/emulator.ts';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { pl110Emulator, Pl110, Reg, CrsrReg, CTRL_LCDEN, CTRL_LCDPWR, INT_LNBU, INT_VCOMP, CRSR_ON, CRSR_INT } from './pl110.ts';

function setup() {
  const ctx = new FakeContext({ nodeName: 'clcd', interrupts: [46], ramBase: 0x40000000, ramSize: 0x200000 });
  return { ctx, dev: probeWith(pl110Emulator, 'primecell,pl110', ctx) as Pl110 };
}

describe('PL110 CLCD', () => {
  it('has its IDs; a 640x480 16 bpp mode shows the frame buffer from guest RAM', () => {
    const { ctx, dev } = setup();
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => dev.read(o, 4))).toEqual([0x10, 0x11, 0x04, 0x00]);
    dev.write(Reg.LCDTiming0, 4, (640 / 16 - 1) << 2);
    dev.write(Reg.LCDTiming1, 4, 480 - 1);
    dev.write(Reg.LCDUPBASE, 4, 0x40100000);
    ctx.dma.write(0x40100000, new Uint8Array([0x1f, 0xf8]));
    expect(dev.snapshot()).toBeUndefined();
    dev.write(Reg.LCDControl, 4, CTRL_LCDEN | (4 << 1) | CTRL_LCDPWR);
    expect([dev.width, dev.height, dev.bitsPerPixel]).toEqual([640, 480, 16]);
    const f = dev.snapshot()!;
    expect(f.length).toBe(640 * 480 * 2);
    expect([f[0], f[1]]).toEqual([0x1f, 0xf8]);
  });

  it('raises vertical compare and base update at frame start only when unmasked', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.LCDControl, 4, CTRL_LCDEN | (4 << 1));
    expect(ctx.clock.pendingTimers()).toBe(0);
    dev.write(Reg.LCDIMSC, 4, INT_VCOMP | INT_LNBU);
    dev.write(Reg.LCDUPBASE, 4, 0x40000000);
    ctx.clock.advance(17_000_000);
    expect(ctx.level(46)).toBe(1);
    expect(dev.read(Reg.LCDMIS, 4)).toBe(INT_VCOMP | INT_LNBU);
    dev.write(Reg.LCDICR, 4, INT_VCOMP | INT_LNBU);
    expect(ctx.level(46)).toBe(0);
    ctx.clock.advance(17_000_000);
    expect(dev.read(Reg.LCDRIS, 4)).toBe(INT_VCOMP);
    dev.write(Reg.LCDIMSC, 4, 0);
    expect(ctx.clock.pendingTimers()).toBe(0);
  });

  it('logs reserved accesses; save/restore round-trips', () => {
    const { ctx, dev } = setup();
    dev.read(Reg.LCDICR, 4);
    dev.write(Reg.LCDRIS, 4, 1);
    expect(ctx.log.guestErrors().length).toBe(2);
    dev.write(Reg.LCDPalette + 8, 4, 0x12345678);
    dev.write(Reg.LCDControl, 4, CTRL_LCDEN);
    dev.write(Reg.LCDIMSC, 4, INT_VCOMP);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.dev.restore(st);
    expect(b.dev.save()).toEqual(st);
    expect(b.dev.read(Reg.LCDPalette + 8, 4)).toBe(0x12345678);
  });
});

// PL111 offsets (DDI 0293 table 3-1): control and mask swapped relative to the PL110.
const CONTROL = 0x018;
const IMSC = 0x01c;

function setup111(compat = 'arm,pl111', interrupts = [46, 48]) {
  const ctx = new FakeContext({ nodeName: 'clcd', base: 0x1c1f0000, interrupts, ramBase: 0x80000000, ramSize: 0x200000 });
  return { ctx, dev: probeWith(pl110Emulator, compat, ctx) as Pl110 };
}

describe('PL111 CLCD', () => {
  it('serves primecell,pl111 and arm,pl111 with the PL111 PeriphID and the PrimeCell ID', () => {
    for (const c of ['primecell,pl111', 'arm,pl111']) {
      const { dev } = setup111(c);
      expect(dev.variant.name).toBe('pl111');
      expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => dev.read(o, 4))).toEqual([0x11, 0x11, 0x24, 0x00]);
      expect([0xff0, 0xff4, 0xff8, 0xffc].map((o) => dev.read(o, 4))).toEqual([0x0d, 0xf0, 0x05, 0xb1]);
    }
    expect(setup111('primecell,pl110').dev.read(0xfe0, 4)).toBe(0x10);
  });

  it('has LCDControl at 0x018 and LCDIMSC at 0x01C (the PL110 keeps the opposite order)', () => {
    const { dev } = setup111();
    dev.write(CONTROL, 4, CTRL_LCDEN | (4 << 1));
    dev.write(IMSC, 4, INT_VCOMP);
    expect(dev.bitsPerPixel).toBe(16);
    expect([dev.read(CONTROL, 4), dev.read(IMSC, 4)]).toEqual([CTRL_LCDEN | (4 << 1), INT_VCOMP]);
    const old = setup111('primecell,pl110').dev;
    old.write(Reg.LCDControl, 4, CTRL_LCDEN | (4 << 1));
    expect(old.read(0x01c, 4)).toBe(CTRL_LCDEN | (4 << 1));
    expect(old.read(0x018, 4)).toBe(0);
  });

  it('raises VCOMP on CLCDINTR at frame start with the swapped mask offset', () => {
    const { ctx, dev } = setup111();
    dev.write(CONTROL, 4, CTRL_LCDEN);
    dev.write(IMSC, 4, INT_VCOMP);
    ctx.clock.advance(17_000_000);
    expect(ctx.level(46)).toBe(1);
    expect(dev.read(Reg.LCDMIS, 4)).toBe(INT_VCOMP);
    dev.write(Reg.LCDICR, 4, INT_VCOMP);
    expect(ctx.level(46)).toBe(0);
  });

  it('cursor registers keep their defined bits and the image RAM reads back', () => {
    const { ctx, dev } = setup111();
    const writes: [number, number, number][] = [
      [CrsrReg.Ctrl, 0xffffffff, 0x31],
      [CrsrReg.Config, 0xffffffff, 0x3],
      [CrsrReg.Palette0, 0xff123456, 0x123456],
      [CrsrReg.Palette1, 0xffabcdef, 0xabcdef],
      [CrsrReg.XY, 0xffffffff, 0x0fff0fff],
      [CrsrReg.Clip, 0xffffffff, 0x3f3f],
      [CrsrReg.IMSC, 0xffffffff, 0x1],
    ];
    for (const [o, w, r] of writes) {
      dev.write(o, 4, w);
      expect(dev.read(o, 4)).toBe(r);
    }
    dev.write(CrsrReg.Image, 4, 0xdeadbeef);
    dev.write(CrsrReg.Image + 0x3fc, 4, 0x01234567);
    expect([dev.read(CrsrReg.Image, 4), dev.read(CrsrReg.Image + 0x3fc, 4)]).toEqual([0xdeadbeef, 0x01234567]);
    expect(ctx.log.guestErrors()).toEqual([]);
    // The PL110 has no cursor: the same offsets are reserved.
    const old = setup111('primecell,pl110');
    old.dev.write(CrsrReg.Ctrl, 4, 1);
    expect(old.dev.read(CrsrReg.Image, 4)).toBe(0);
    expect(old.ctx.log.guestErrors().length).toBe(2);
  });

  it('raises the cursor interrupt on its own line each frame while the cursor is on; ICR clears it', () => {
    const { ctx, dev } = setup111();
    dev.write(CONTROL, 4, CTRL_LCDEN);
    dev.write(CrsrReg.IMSC, 4, CRSR_INT);
    expect(ctx.clock.pendingTimers()).toBe(0); // cursor off: nothing to raise
    dev.write(CrsrReg.Ctrl, 4, CRSR_ON);
    ctx.clock.advance(17_000_000);
    expect(ctx.level(48)).toBe(1);
    expect(ctx.level(46)).toBe(0);
    expect([dev.read(CrsrReg.RIS, 4), dev.read(CrsrReg.MIS, 4)]).toEqual([1, 1]);
    dev.write(CrsrReg.ICR, 4, CRSR_INT);
    expect(ctx.level(48)).toBe(0);
    expect(dev.read(CrsrReg.RIS, 4)).toBe(0);
    dev.write(CrsrReg.IMSC, 4, 0);
    ctx.clock.advance(17_000_000);
    expect([dev.read(CrsrReg.RIS, 4), dev.read(CrsrReg.MIS, 4)]).toEqual([0, 0]);
    expect(ctx.level(48)).toBe(0);
    // Write-only ICR reads as a reserved offset.
    dev.read(CrsrReg.ICR, 4);
    expect(ctx.log.guestErrors().length).toBe(1);
  });

  it('save/restore round-trips the cursor; a state without cursor fields is refused intact', () => {
    const { dev } = setup111();
    dev.write(CONTROL, 4, CTRL_LCDEN);
    dev.write(CrsrReg.Ctrl, 4, CRSR_ON);
    dev.write(CrsrReg.XY, 4, 0x00200010);
    dev.write(CrsrReg.Image + 0x10, 4, 0x5a5a5a5a);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup111();
    b.dev.restore(st);
    expect(b.dev.save()).toEqual(st);
    expect([b.dev.read(CrsrReg.XY, 4), b.dev.read(CrsrReg.Image + 0x10, 4), b.dev.read(CONTROL, 4)]).toEqual([0x00200010, 0x5a5a5a5a, CTRL_LCDEN]);
    const pl110State = setup111('primecell,pl110').dev.save();
    expect(() => b.dev.restore(pl110State)).toThrow(EmuStateError);
    expect(b.dev.read(CrsrReg.XY, 4)).toBe(0x00200010);
  });
});
