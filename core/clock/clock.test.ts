import { describe, it, expect } from 'vitest';
import { ClockSourceRegistry, VirtualClockSource } from './clocksource.ts';
import { ClockChipRegistry, VirtualClockChip } from './clockchip.ts';

describe('clocksources and clockchips', () => {
  it('pick the best rating and refuse duplicates', () => {
    let t = 5;
    const r = new ClockSourceRegistry();
    r.register(new VirtualClockSource('slow', 100, () => 1));
    r.register(new VirtualClockSource('virt', 400, () => t));
    expect(r.best()!.name).toBe('virt');
    t = 9;
    expect(r.best()!.read()).toBe(9);
    expect(() => r.register(new VirtualClockSource('virt', 1, () => 0))).toThrow(/already/);
    r.unregister('virt');
    expect(r.best()!.name).toBe('slow');
  });
  it('choose a chip per cpu and count programming', () => {
    const r = new ClockChipRegistry();
    const c0 = new VirtualClockChip('vchip/0', 300, 0b01);
    const c1 = new VirtualClockChip('vchip/1', 300, 0b10);
    r.register(c0);
    r.register(c1);
    expect(r.bestFor(1)).toBe(c1);
    expect(r.bestFor(2)).toBeUndefined();
    c0.program(100);
    c0.program(100);
    c0.program(200);
    expect(c0.programs).toBe(2);
    expect(c0.nextEvent).toBe(200);
  });
});
