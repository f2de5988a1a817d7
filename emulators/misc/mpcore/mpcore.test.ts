import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../../testing/fake-context.ts';
import { mpcoreEmulator, MpcorePrivate, ScuReg, PPI_PRIVATE_TIMER } from './device.ts';
import { TwdReg, CTRL_ENABLE, CTRL_AUTO_RELOAD, CTRL_IT_ENABLE, CTRL_WD_MODE, GtReg } from './timers.ts';

function setup(compat = 'arm,a9mpcore', vcpus = 2) {
  const ctx = new FakeContext({ nodeName: 'mpcore', vcpuCount: vcpus, size: 0x2000, attrs: { periph_clock: 1_000_000 } });
  const dev = probeWith(mpcoreEmulator, compat, ctx) as MpcorePrivate;
  // Distributor and CPU interfaces on, all PPIs enabled at priority 0x80.
  dev.write(0x1000, 4, 1);
  for (let c = 0; c < vcpus; c++) {
    dev.write(0x1100, 4, 0xffff0000, c);
    for (let i = 16; i < 32; i += 4) dev.write(0x1400 + i, 4, 0x80808080, c);
    dev.write(0x104, 4, 0xf0, c);
    dev.write(0x100, 4, 1, c);
  }
  return { ctx, dev };
}

describe('MPCore private region', () => {
  it('SCU reports the CPU count and SMP CPUs', () => {
    const { dev } = setup('arm,a9mpcore', 2);
    expect(dev.read(ScuReg.Config, 4) & 3).toBe(1);
    expect((dev.read(ScuReg.Config, 4) >> 4) & 0xf).toBe(3);
    dev.write(ScuReg.Control, 4, 1);
    expect(dev.read(ScuReg.Control, 4)).toBe(1);
  });

  it('private timer (Linux twd): periodic PPI 29 to its own CPU through the GIC', () => {
    const { ctx, dev } = setup();
    dev.write(0x600 + TwdReg.TimerLoad, 4, 1000, 1);
    dev.write(0x600 + TwdReg.TimerControl, 4, CTRL_ENABLE | CTRL_AUTO_RELOAD | CTRL_IT_ENABLE, 1);
    ctx.clock.advance(999_000);
    expect(ctx.vcpuIrq[1]!.irq.level).toBe(0);
    ctx.clock.advance(1_000);
    expect(ctx.vcpuIrq[1]!.irq.level).toBe(1);
    expect(ctx.vcpuIrq[0]!.irq.level).toBe(0);
    expect(dev.read(0x10c, 4, 1)).toBe(PPI_PRIVATE_TIMER);
    dev.write(0x600 + TwdReg.TimerIntStatus, 4, 1, 1);
    dev.write(0x110, 4, PPI_PRIVATE_TIMER, 1);
    expect(ctx.vcpuIrq[1]!.irq.level).toBe(0);
    expect(dev.read(0x600 + TwdReg.TimerCounter, 4, 1)).toBe(1000);
    ctx.clock.advance(1_000_000);
    expect(ctx.vcpuIrq[1]!.irq.level).toBe(1);
  });

  it('watchdog mode resets the guest; the disable sequence returns to timer mode', () => {
    const { ctx, dev } = setup();
    dev.write(0x600 + TwdReg.WdogLoad, 4, 500);
    dev.write(0x600 + TwdReg.WdogControl, 4, CTRL_ENABLE | CTRL_WD_MODE);
    ctx.clock.advance(500_000);
    expect(ctx.resets).toBe(1);
    expect(dev.read(0x600 + TwdReg.WdogResetStatus, 4)).toBe(1);
    dev.write(0x600 + TwdReg.WdogControl, 4, 0);
    expect(dev.read(0x600 + TwdReg.WdogControl, 4) & CTRL_WD_MODE).toBe(CTRL_WD_MODE);
    dev.write(0x600 + TwdReg.WdogDisable, 4, 0x12345678);
    dev.write(0x600 + TwdReg.WdogDisable, 4, 0x87654321);
    expect(dev.read(0x600 + TwdReg.WdogControl, 4) & CTRL_WD_MODE).toBe(0);
  });

  it('A9 global timer counts up and fires its comparator with auto-increment', () => {
    const { ctx, dev } = setup();
    dev.write(0x200 + GtReg.CompLo, 4, 2000, 0);
    dev.write(0x200 + GtReg.AutoInc, 4, 1000, 0);
    dev.write(0x200 + GtReg.Control, 4, 0xf, 0);
    ctx.clock.advance(1_500_000);
    expect(dev.read(0x200 + GtReg.CounterLo, 4)).toBe(1500);
    expect(ctx.vcpuIrq[0]!.irq.level).toBe(0);
    ctx.clock.advance(500_000);
    expect(ctx.vcpuIrq[0]!.irq.level).toBe(1);
    expect(dev.read(0x200 + GtReg.CompLo, 4)).toBe(3000);
    expect(dev.read(0x10c, 4, 0)).toBe(27);
  });

  it('ARM11 MPCore: per-CPU aliases of the CPU interface and timers', () => {
    const { ctx, dev } = setup('arm,arm11mpcore', 2);
    dev.write(0x700 + 0x100 + TwdReg.TimerLoad, 4, 10); // CPU 1's timer through its alias
    dev.write(0x700 + 0x100 + TwdReg.TimerControl, 4, CTRL_ENABLE | CTRL_IT_ENABLE);
    ctx.clock.advance(10_000);
    expect(ctx.vcpuIrq[1]!.irq.level).toBe(1);
    expect(dev.read(0x200 + 0x100 + 0x0c, 4)).toBe(PPI_PRIVATE_TIMER); // CPU 1's IAR via alias
    expect(dev.read(0x600 + TwdReg.TimerLoad, 4, 1)).toBe(10);
  });

  it('logs reserved offsets and wrong widths; save/restore round-trips', () => {
    const { ctx, dev } = setup();
    dev.read(0x900, 4);
    dev.write(0x600, 1, 1);
    expect(ctx.log.guestErrors().length).toBe(2);
    dev.write(0x600 + TwdReg.TimerLoad, 4, 100);
    dev.write(0x600 + TwdReg.TimerControl, 4, CTRL_ENABLE | CTRL_IT_ENABLE);
    ctx.clock.advance(40_000);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.ctx.clock.advance(40_000);
    b.dev.restore(st);
    expect(b.dev.read(0x600 + TwdReg.TimerCounter, 4)).toBe(60);
    b.ctx.clock.advance(60_000);
    expect(b.ctx.vcpuIrq[0]!.irq.level).toBe(1);
    expect(() => b.dev.restore({ ...st, timers: [1] })).toThrow(/timers/);
    expect(() => setup('arm,a9mpcore', 5)).toThrow(/at most 4 CPUs/);
  });
});
