import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { armSysctlEmulator, Reg, LOCK_VALUE } from './arm-sysctl.ts';

function setup(compat = 'versatilepb,arm926') {
  const ctx = new FakeContext({ nodeName: 'sysctl' });
  return { ctx, dev: probeWith(armSysctlEmulator, compat, ctx) };
}

describe('RealView/Versatile system controller', () => {
  it('reports the board IDs', () => {
    expect(setup().dev.read(Reg.SYS_ID, 4)).toBe(0x41007004);
    expect(setup('realview,eb-mpcore').dev.read(Reg.SYS_ID, 4)).toBe(0xc1400400);
  });

  it('resets the guest through SYS_RESETCTL only when unlocked (Linux versatile_restart)', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.SYS_RESETCTL, 4, 0x105);
    expect(ctx.resets).toBe(0);
    expect(dev.read(Reg.SYS_LOCK, 4)).toBe(1 << 16);
    dev.write(Reg.SYS_LOCK, 4, LOCK_VALUE);
    expect(dev.read(Reg.SYS_LOCK, 4)).toBe(LOCK_VALUE);
    dev.write(Reg.SYS_RESETCTL, 4, dev.read(Reg.SYS_RESETCTL, 4) | 0x105);
    expect(ctx.resets).toBe(1);
    expect(ctx.log.guestErrors()[0]).toMatch(/locked/);
  });

  it('EB restart writes 0x8', () => {
    const { ctx, dev } = setup('realview,eb-mpcore');
    dev.write(Reg.SYS_LOCK, 4, LOCK_VALUE);
    dev.write(Reg.SYS_RESETCTL, 4, 0x8);
    expect(ctx.resets).toBe(1);
  });

  it('counts 24 MHz and keeps OSC only when unlocked', () => {
    const { ctx, dev } = setup();
    ctx.clock.advance(1000);
    expect(dev.read(Reg.SYS_24MHZ, 4)).toBe(24);
    dev.write(Reg.SYS_OSC0 + 4, 4, 7);
    expect(dev.read(Reg.SYS_OSC0 + 4, 4)).toBe(0);
    dev.write(Reg.SYS_LOCK, 4, LOCK_VALUE);
    dev.write(Reg.SYS_OSC0 + 4, 4, 7);
    expect(dev.read(Reg.SYS_OSC0 + 4, 4)).toBe(7);
    dev.read(0x400, 4);
    expect(ctx.log.guestErrors().length).toBe(2);
  });

  it('save/restore round-trips', () => {
    const { dev } = setup();
    dev.write(Reg.SYS_LED, 4, 9);
    dev.write(Reg.SYS_FLAGS, 4, 0x40);
    dev.write(Reg.SYS_CLCD, 4, 0x1234);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.dev.restore(st);
    expect(b.dev.read(Reg.SYS_CLCD, 4)).toBe(0x1234);
    expect(b.dev.save()).toEqual(st);
    expect(() => b.dev.restore({ ...st, osc: [1] })).toThrow(/osc/);
  });
});
