import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { sp810Emulator, Reg, timerEnSel } from './sp810.ts';
import { sp804Emulator, Reg as T, CTRL_EN, CTRL_PERIODIC, CTRL_32BIT, CTRL_INTEN } from '../timer/sp804.ts';

describe('SP810', () => {
  it('selects REFCLK or TIMCLK for a wired SP804 (Linux vexpress sets TIMCLK)', () => {
    const ctx = new FakeContext({ nodeName: 'sysctl' });
    const sc = probeWith(sp810Emulator, 'primecell,sp810', ctx);
    const tctx = new FakeContext({ nodeName: 'timer01', sibling: ctx, interrupts: [34], attrs: { sp810_timer_index: 0 } });
    const t = probeWith(sp804Emulator, 'arm,sp804', tctx);
    t.write(T.TimerLoad, 4, 32768);
    t.write(T.TimerControl, 4, CTRL_EN | CTRL_PERIODIC | CTRL_32BIT | CTRL_INTEN);
    tctx.clock.advance(500_000_000);
    expect(t.read(T.TimerValue, 4)).toBe(16384); // 32.768 kHz
    sc.write(Reg.SCCTRL, 4, sc.read(Reg.SCCTRL, 4) | timerEnSel(0) | timerEnSel(1));
    expect(sc.read(Reg.SCCTRL, 4) & timerEnSel(0)).not.toBe(0);
    t.write(T.TimerLoad, 4, 1000);
    tctx.clock.advance(500_000);
    expect(t.read(T.TimerValue, 4)).toBe(500); // 1 MHz
  });

  it('reports mode status, gates peripheral clocks, logs reserved offsets, round-trips state', () => {
    const ctx = new FakeContext({ nodeName: 'sysctl' });
    const sc = probeWith(sp810Emulator, 'arm,sp810', ctx);
    sc.write(Reg.SCCTRL, 4, 4); // NORMAL
    expect((sc.read(Reg.SCCTRL, 4) >> 3) & 0xf).toBe(4);
    sc.write(Reg.SCCTRL, 4, 1); // DOZE
    expect((sc.read(Reg.SCCTRL, 4) >> 3) & 0xf).toBe(1);
    sc.write(Reg.SCPEREN, 4, 0x5);
    sc.write(Reg.SCPERDIS, 4, 0x1);
    expect(sc.read(Reg.SCPERSTAT, 4)).toBe(4);
    sc.read(0x100, 4);
    expect(ctx.log.guestErrors().length).toBe(1);
    expect([0xfe0, 0xfe4].map((o) => sc.read(o, 4))).toEqual([0x10, 0x18]);
    const st = sc.save();
    sc.reset();
    sc.restore(st);
    expect(sc.save()).toEqual(st);
  });
});
