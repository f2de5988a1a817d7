import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { pl031Emulator, Reg } from './pl031.ts';

function setup(attrs: Record<string, number> = {}) {
  const ctx = new FakeContext({ nodeName: 'rtc0', interrupts: [34], attrs });
  return { ctx, dev: probeWith(pl031Emulator, 'arm,pl031', ctx) };
}

describe('PL031', () => {
  it('counts virtual seconds from the epoch attribute and has its IDs', () => {
    const { ctx, dev } = setup({ epoch: 1_700_000_000 });
    expect(dev.read(Reg.RTCDR, 4)).toBe(1_700_000_000);
    ctx.clock.advance(2_500_000_000);
    expect(dev.read(Reg.RTCDR, 4)).toBe(1_700_000_002);
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xffc].map((o) => dev.read(o, 4))).toEqual([0x31, 0x10, 0x14, 0x00, 0x0d, 0xb1]);
  });

  it('Linux probe: starts the RTC, sets the time with RTCLR', () => {
    const { ctx, dev } = setup();
    expect(dev.read(Reg.RTCCR, 4)).toBe(0);
    dev.write(Reg.RTCCR, 4, 1);
    dev.write(Reg.RTCCR, 4, 0);
    expect(dev.read(Reg.RTCCR, 4)).toBe(1);
    ctx.clock.advance(400_000_000);
    dev.write(Reg.RTCLR, 4, 1000);
    ctx.clock.advance(999_000_000);
    expect(dev.read(Reg.RTCDR, 4)).toBe(1000);
    ctx.clock.advance(1_000_000);
    expect(dev.read(Reg.RTCDR, 4)).toBe(1001);
  });

  it('raises the match interrupt when the counter reaches RTCMR', () => {
    const { ctx, dev } = setup({ epoch: 100 });
    dev.write(Reg.RTCMR, 4, 103);
    dev.write(Reg.RTCIMSC, 4, 1);
    ctx.clock.advance(2_999_999_999);
    expect(ctx.level(34)).toBe(0);
    ctx.clock.advance(1);
    expect(ctx.level(34)).toBe(1);
    expect(dev.read(Reg.RTCMIS, 4)).toBe(1);
    dev.write(Reg.RTCICR, 4, 1);
    expect(ctx.level(34)).toBe(0);
    expect(dev.read(Reg.RTCRIS, 4)).toBe(0);
  });

  it('logs writes to RTCDR and reserved offsets', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.RTCDR, 4, 5);
    dev.read(0x20, 4);
    dev.read(Reg.RTCICR, 4);
    expect(ctx.log.guestErrors()).toEqual([
      expect.stringMatching(/read-only RTCDR/), expect.stringMatching(/reserved offset 0x20/), expect.stringMatching(/RTCICR/),
    ]);
    expect(dev.read(Reg.RTCDR, 4)).toBe(0);
  });

  it('save/restore keeps time and the match event', () => {
    const { ctx, dev } = setup({ epoch: 50 });
    dev.write(Reg.RTCMR, 4, 60);
    dev.write(Reg.RTCIMSC, 4, 1);
    ctx.clock.advance(5_000_000_000);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.ctx.clock.advance(5_000_000_000);
    b.dev.restore(st);
    expect(b.dev.read(Reg.RTCDR, 4)).toBe(55);
    b.ctx.clock.advance(5_000_000_000);
    expect(b.ctx.level(34)).toBe(1);
    expect(() => b.dev.restore({ ...st, base: 'x' })).toThrow(/base/);
  });
});
