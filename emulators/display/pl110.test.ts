import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { pl110Emulator, Pl110, Reg, CTRL_LCDEN, CTRL_LCDPWR, INT_LNBU, INT_VCOMP } from './pl110.ts';

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
