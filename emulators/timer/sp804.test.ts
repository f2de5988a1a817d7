import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { sp804Emulator, Reg, CTRL_32BIT, CTRL_EN, CTRL_INTEN, CTRL_ONESHOT, CTRL_PERIODIC } from './sp804.ts';

function setup(interrupts = [34]) {
  const ctx = new FakeContext({ nodeName: 'timer0', interrupts });
  const dev = probeWith(sp804Emulator, 'arm,sp804', ctx);
  return { ctx, dev };
}

const PERIODIC32 = CTRL_EN | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT;

describe('SP804', () => {
  it('resets per the TRM and has its PrimeCell IDs', () => {
    const { dev } = setup();
    expect(dev.read(Reg.TimerControl, 4)).toBe(0x20);
    expect(dev.read(Reg.TimerValue, 4)).toBe(0xffffffff);
    expect(dev.read(Reg.Timer2Base + Reg.TimerValue, 4)).toBe(0xffffffff);
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => dev.read(o, 4))).toEqual([0x04, 0x18, 0x14, 0x00]);
  });

  it('periodic mode: Linux clockevent at 100 Hz interrupts every 10 ms', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.TimerLoad, 4, 10000);
    dev.write(Reg.TimerControl, 4, PERIODIC32);
    ctx.clock.advance(2_500_000);
    expect(dev.read(Reg.TimerValue, 4)).toBe(7500);
    ctx.clock.advance(7_499_000);
    expect(ctx.level(34)).toBe(0);
    ctx.clock.advance(1_000);
    expect(ctx.level(34)).toBe(1);
    expect(dev.read(Reg.TimerMIS, 4)).toBe(1);
    dev.write(Reg.TimerIntClr, 4, 1);
    expect(ctx.level(34)).toBe(0);
    expect(dev.read(Reg.TimerValue, 4)).toBe(10000);
    ctx.clock.advance(10_000_000);
    expect(ctx.level(34)).toBe(1);
    expect(ctx.clock.pendingTimers()).toBe(1);
  });

  it('one-shot mode stops at zero; free-running wraps to 0xFFFF in 16-bit mode', () => {
    const { ctx, dev } = setup([34, 35]);
    dev.write(Reg.TimerLoad, 4, 100);
    dev.write(Reg.TimerControl, 4, CTRL_EN | CTRL_ONESHOT | CTRL_INTEN | CTRL_32BIT);
    ctx.clock.advance(200_000);
    expect(dev.read(Reg.TimerValue, 4)).toBe(0);
    expect(ctx.level(34)).toBe(1);
    expect(ctx.clock.pendingTimers()).toBe(0);
    const t2 = Reg.Timer2Base;
    dev.write(t2 + Reg.TimerControl, 4, CTRL_EN | CTRL_INTEN); // free-running, 16-bit, from 0xffff
    expect(dev.read(t2 + Reg.TimerValue, 4)).toBe(0xffff);
    ctx.clock.advance(65_535_000);
    expect(ctx.level(35)).toBe(1);
    ctx.clock.advance(1_000);
    expect(dev.read(t2 + Reg.TimerValue, 4)).toBe(0xffff);
  });

  it('prescale /16 and /256 slow the count; BGLoad does not restart it', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.TimerLoad, 4, 1000);
    dev.write(Reg.TimerControl, 4, PERIODIC32 | (1 << 2));
    ctx.clock.advance(160_000);
    expect(dev.read(Reg.TimerValue, 4)).toBe(990);
    dev.write(Reg.TimerBGLoad, 4, 50);
    expect(dev.read(Reg.TimerValue, 4)).toBe(990);
    expect(dev.read(Reg.TimerLoad, 4)).toBe(50);
    dev.write(Reg.TimerControl, 4, PERIODIC32 | (2 << 2));
    ctx.clock.advance(256_000);
    expect(dev.read(Reg.TimerValue, 4)).toBe(989);
  });

  it('a disabled timer holds its value and masked interrupts stay low', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.TimerLoad, 4, 10);
    dev.write(Reg.TimerControl, 4, CTRL_EN | CTRL_PERIODIC | CTRL_32BIT);
    ctx.clock.advance(15_000);
    expect(dev.read(Reg.TimerRIS, 4)).toBe(1);
    expect(ctx.level(34)).toBe(0);
    dev.write(Reg.TimerControl, 4, CTRL_PERIODIC | CTRL_32BIT);
    const v = dev.read(Reg.TimerValue, 4);
    ctx.clock.advance(1_000_000);
    expect(dev.read(Reg.TimerValue, 4)).toBe(v);
    expect(ctx.clock.pendingTimers()).toBe(0);
  });

  it('logs reserved and write-only accesses', () => {
    const { ctx, dev } = setup();
    dev.read(Reg.TimerIntClr, 4);
    dev.write(Reg.TimerValue, 4, 5);
    dev.write(0x40, 4, 5);
    dev.read(0x800, 4);
    expect(ctx.log.guestErrors().length).toBe(4);
    expect(ctx.log.guestErrors()[0]).toMatch(/TimerXIntClr/);
  });

  it('save/restore continues the count and the pending event', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.TimerLoad, 4, 1000);
    dev.write(Reg.TimerControl, 4, PERIODIC32);
    ctx.clock.advance(300_000);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.ctx.clock.advance(300_000);
    b.dev.restore(st);
    expect(b.dev.read(Reg.TimerValue, 4)).toBe(700);
    b.ctx.clock.advance(700_000);
    expect(b.ctx.level(34)).toBe(1);
    expect(() => b.dev.restore({ version: 1, timers: [1] })).toThrow(/timers/);
  });
});
