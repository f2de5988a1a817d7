import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { vexpressSysregEmulator, Reg, CfgFunc, CFGCTRL_START, CFGCTRL_WRITE, CFGSTAT_COMPLETE, CFGSTAT_ERROR } from './vexpress-sysreg.ts';

function setup(compat = 'vexpress,a15') {
  const ctx = new FakeContext({ nodeName: 'sysreg' });
  return { ctx, dev: probeWith(vexpressSysregEmulator, compat, ctx) };
}

function cfg(dev: ReturnType<typeof setup>['dev'], func: number, write: boolean, site: number, dev_: number, data = 0) {
  dev.write(Reg.SYS_CFGSTAT, 4, 0);
  dev.write(Reg.SYS_CFGDATA, 4, data);
  dev.write(Reg.SYS_CFGCTRL, 4, CFGCTRL_START | (write ? CFGCTRL_WRITE : 0) | (func << 20) | (site << 16) | dev_);
  return dev.read(Reg.SYS_CFGSTAT, 4);
}

describe('vexpress system registers', () => {
  it('identifies the board and the daughterboard', () => {
    expect(setup().dev.read(Reg.SYS_ID, 4)).toBe(0x1190f500);
    expect(setup('vexpress,a9').dev.read(Reg.SYS_PROCID0, 4)).toBe(0x0c000191);
    expect(setup('vexpress,a15').dev.read(Reg.SYS_PROCID0, 4)).toBe(0x14000237);
  });

  it('counts SYS_24MHZ and SYS_100HZ from virtual time', () => {
    const { ctx, dev } = setup();
    ctx.clock.advance(1_000_000_000);
    expect(dev.read(Reg.SYS_24MHZ, 4)).toBe(24_000_000);
    expect(dev.read(Reg.SYS_100HZ, 4)).toBe(100);
  });

  it('keeps LEDs and set/clear flags; NVFLAGS survive reset', () => {
    const { dev } = setup();
    dev.write(Reg.SYS_LED, 4, 0x1a5);
    expect(dev.read(Reg.SYS_LED, 4)).toBe(0xa5);
    dev.write(Reg.SYS_FLAGS, 4, 0x80008000);
    dev.write(Reg.SYS_FLAGSCLR, 4, 0x8000);
    expect(dev.read(Reg.SYS_FLAGS, 4)).toBe(0x80000000);
    dev.write(Reg.SYS_NVFLAGS, 4, 5);
    dev.reset();
    expect(dev.read(Reg.SYS_FLAGS, 4)).toBe(0);
    expect(dev.read(Reg.SYS_NVFLAGS, 4)).toBe(5);
  });

  it('poweroff and reboot through SYS_CFGCTRL reach the guest', () => {
    const { ctx, dev } = setup();
    expect(cfg(dev, CfgFunc.SHUTDOWN, true, 0, 0)).toBe(CFGSTAT_COMPLETE);
    expect(ctx.powerOffs).toBe(1);
    expect(cfg(dev, CfgFunc.REBOOT, true, 0, 0)).toBe(CFGSTAT_COMPLETE);
    expect(ctx.resets).toBe(1);
  });

  it('reads and sets oscillators; an unknown function reports an error', () => {
    const { ctx, dev } = setup();
    expect(cfg(dev, CfgFunc.OSC, false, 0, 1)).toBe(CFGSTAT_COMPLETE);
    expect(dev.read(Reg.SYS_CFGDATA, 4)).toBe(23_750_000);
    cfg(dev, CfgFunc.OSC, true, 0, 1, 25_000_000);
    cfg(dev, CfgFunc.OSC, false, 0, 1);
    expect(dev.read(Reg.SYS_CFGDATA, 4)).toBe(25_000_000);
    expect(cfg(dev, 0x3f, true, 0, 0)).toBe(CFGSTAT_COMPLETE | CFGSTAT_ERROR);
    expect(ctx.log.guestErrors()[0]).toMatch(/function 63/);
    dev.read(0x200, 4);
    expect(ctx.log.guestErrors().length).toBe(2);
  });

  it('save/restore round-trips', () => {
    const { dev } = setup();
    dev.write(Reg.SYS_LED, 4, 3);
    cfg(dev, CfgFunc.OSC, true, 1, 0, 12345);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.dev.restore(st);
    expect(b.dev.save()).toEqual(st);
    expect(() => b.dev.restore({ ...st, osc: [1] })).toThrow(/osc/);
  });
});
