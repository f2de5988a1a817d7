import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { simplefbEmulator, Simplefb } from './simplefb.ts';

describe('simplefb', () => {
  it('describes a framebuffer in guest RAM and shows what the guest drew', () => {
    const ctx = new FakeContext({ nodeName: 'fb', ramBase: 0x40000000, ramSize: 0x100000, attrs: { width: 64, height: 32, base: 0x40080000, mode: 'r5g6b5' } });
    const fb = probeWith(simplefbEmulator, 'simplefb-0.1', ctx) as Simplefb;
    expect(fb.read(0, 4)).toBe(0xa4a297a6);
    let mode = '';
    for (let o = 0x10; o < 0x50; o += 4) if (fb.read(o, 4)) mode += String.fromCharCode(fb.read(o, 4));
    expect(mode).toBe('r5g6b5');
    expect([0x50, 0x54, 0x58, 0x5c, 0x60].map((o) => fb.read(o, 4))).toEqual([64, 32, 128, 0, 0x40080000]);
    ctx.dma.write(0x40080000 + 130, new Uint8Array([0xff, 0x07]));
    const snap = fb.snapshot()!;
    expect(snap.length).toBe(32 * 128);
    expect(snap[130]).toBe(0xff);
  });

  it('has no framebuffer when base is outside RAM, rejects bad modes and strides', () => {
    const ctx = new FakeContext({ nodeName: 'fb', attrs: { base: 0x10 } });
    const fb = probeWith(simplefbEmulator, 'simplefb-0.1', ctx) as Simplefb;
    expect(fb.read(0x60, 4)).toBe(0);
    expect(fb.snapshot()).toBeUndefined();
    fb.write(0x50, 4, 1);
    expect(fb.read(0x50, 4)).toBe(1600);
    expect(ctx.log.guestErrors().length).toBe(1);
    expect(() => probeWith(simplefbEmulator, 'simplefb-0.1', new FakeContext({ nodeName: 'fb', attrs: { mode: 'rgb' } }))).toThrow(/fb: unknown simplefb mode "rgb"/);
    expect(() => probeWith(simplefbEmulator, 'simplefb-0.1', new FakeContext({ nodeName: 'fb', attrs: { width: 10, stride: 8 } }))).toThrow(/stride 8/);
    expect(fb.save()).toEqual({ version: 1 });
  });
});
