import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { sp805Emulator, Reg, CTRL_INTEN, CTRL_RESEN, UNLOCK_KEY } from './sp805.ts';

function setup() {
  const ctx = new FakeContext({ nodeName: 'wdt', interrupts: [35] });
  return { ctx, dev: probeWith(sp805Emulator, 'primecell,sp805', ctx) };
}

describe('SP805', () => {
  it('resets per the TRM with its IDs', () => {
    const { dev } = setup();
    expect(dev.read(Reg.WdogLoad, 4)).toBe(0xffffffff);
    expect(dev.read(Reg.WdogValue, 4)).toBe(0xffffffff);
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => dev.read(o, 4))).toEqual([0x05, 0x18, 0x14, 0x00]);
  });

  it('interrupts at the first zero and resets the guest at the second (Linux sp805_wdt)', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.WdogLock, 4, UNLOCK_KEY);
    dev.write(Reg.WdogLoad, 4, 1000);
    dev.write(Reg.WdogControl, 4, CTRL_INTEN | CTRL_RESEN);
    dev.write(Reg.WdogLock, 4, 0);
    expect(dev.read(Reg.WdogLock, 4)).toBe(1);
    ctx.clock.advance(400_000);
    expect(dev.read(Reg.WdogValue, 4)).toBe(600);
    ctx.clock.advance(600_000);
    expect(ctx.level(35)).toBe(1);
    expect(ctx.resets).toBe(0);
    ctx.clock.advance(1_000_000);
    expect(ctx.resets).toBe(1);
  });

  it('a guest that pets the watchdog (IntClr) is never reset', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.WdogLoad, 4, 1000);
    dev.write(Reg.WdogControl, 4, CTRL_INTEN | CTRL_RESEN);
    for (let i = 0; i < 10; i++) {
      ctx.clock.advance(900_000);
      dev.write(Reg.WdogIntClr, 4, 1);
    }
    expect(ctx.resets).toBe(0);
    expect(ctx.level(35)).toBe(0);
  });

  it('ignores writes while locked, logs reserved offsets, round-trips state', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.WdogLock, 4, 1);
    dev.write(Reg.WdogLoad, 4, 5);
    expect(dev.read(Reg.WdogLoad, 4)).toBe(0xffffffff);
    dev.read(Reg.WdogIntClr, 4);
    expect(ctx.log.guestErrors().length).toBe(2);
    dev.write(Reg.WdogLock, 4, UNLOCK_KEY);
    dev.write(Reg.WdogLoad, 4, 100);
    dev.write(Reg.WdogControl, 4, CTRL_INTEN | CTRL_RESEN);
    ctx.clock.advance(150_000);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.ctx.clock.advance(150_000);
    b.dev.restore(st);
    expect(b.ctx.level(35)).toBe(1);
    b.ctx.clock.advance(60_000);
    expect(b.ctx.resets).toBe(1);
    expect(() => b.dev.restore({ version: 2 })).toThrow(/version/);
  });
});
