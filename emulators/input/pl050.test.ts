import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { pl050Emulator, Pl050, Reg, CR_KMIEN, CR_RXINTREN, STAT_RXFULL, STAT_TXEMPTY } from './pl050.ts';

function setup(kind: 'keyboard' | 'mouse' = 'keyboard') {
  const ctx = new FakeContext({ nodeName: 'kmi0', interrupts: [44] });
  const dev = probeWith(pl050Emulator, `primecell,arm,pl050,${kind}`, ctx) as Pl050;
  const drain = () => {
    const out: number[] = [];
    while (dev.read(Reg.KMISTAT, 4) & STAT_RXFULL) out.push(dev.read(Reg.KMIDATA, 4));
    return out;
  };
  return { ctx, dev, drain };
}

describe('PL050 KMI', () => {
  it('has its IDs; Linux ambakmi open: enable, reset the keyboard, read ACK and self-test', () => {
    const { ctx, dev, drain } = setup();
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => dev.read(o, 4))).toEqual([0x50, 0x10, 0x04, 0x00]);
    dev.write(Reg.KMICLKDIV, 4, 2);
    dev.write(Reg.KMICR, 4, CR_KMIEN | CR_RXINTREN);
    expect(dev.read(Reg.KMISTAT, 4) & STAT_TXEMPTY).toBe(STAT_TXEMPTY);
    dev.write(Reg.KMIDATA, 4, 0xff);
    expect(ctx.level(44)).toBe(1);
    expect(drain()).toEqual([0xfa, 0xaa]);
    expect(ctx.level(44)).toBe(0);
    dev.write(Reg.KMIDATA, 4, 0xf2);
    expect(drain()).toEqual([0xfa, 0xab, 0x83]);
    dev.write(Reg.KMIDATA, 4, 0xed);
    dev.write(Reg.KMIDATA, 4, 0x02);
    expect(drain()).toEqual([0xfa, 0xfa]);
  });

  it('a mouse identifies as 0x00 and passes host packets', () => {
    const { dev, drain } = setup('mouse');
    dev.write(Reg.KMICR, 4, CR_KMIEN);
    dev.write(Reg.KMIDATA, 4, 0xff);
    expect(drain()).toEqual([0xfa, 0xaa, 0x00]);
    expect(dev.sendScancodes([0x08, 0x01, 0x02])).toBe(true);
    expect(drain()).toEqual([0x08, 0x01, 0x02]);
  });

  it('logs writes while disabled and reserved offsets; save/restore keeps queued bytes', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.KMIDATA, 4, 0xff);
    dev.read(0x20, 4);
    expect(ctx.log.guestErrors().length).toBe(2);
    dev.write(Reg.KMICR, 4, CR_KMIEN | CR_RXINTREN);
    dev.sendScancodes([0x1c, 0xf0, 0x1c]);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.dev.restore(st);
    expect(b.ctx.level(44)).toBe(1);
    expect(b.drain()).toEqual([0x1c, 0xf0, 0x1c]);
    expect(dev.sendScancodes(new Array(300).fill(0))).toBe(false);
  });
});
