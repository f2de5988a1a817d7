import { describe, it, expect } from 'vitest';
import { HostMonotonicClock, Pacer, type MonotonicClock } from './wall-clock.ts';

class ManualClock implements MonotonicClock {
  t = 0;
  nowNs() {
    return this.t;
  }
}

describe('Pacer', () => {
  it('asks to wait exactly as long as virtual time ran ahead beyond the slack', () => {
    const wall = new ManualClock();
    const p = new Pacer(wall, 5_000, 1, 1_000_000);
    expect(p.aheadNs(5_000 + 500_000)).toBe(0);
    expect(p.aheadNs(5_000 + 10_000_000)).toBe(10_000_000);
    wall.t = 4_000_000;
    expect(p.aheadNs(5_000 + 10_000_000)).toBe(6_000_000);
    const fast = new Pacer(wall, 0, 2, 0);
    wall.t += 1_000_000;
    expect(fast.aheadNs(4_000_000)).toBe(1_000_000);
    p.rebase(20_000_000);
    expect(p.aheadNs(20_000_000)).toBe(0);
    expect(() => new Pacer(wall, 0, 0)).toThrow(/rate 0/);
  });

  it('the host clock is monotonic', () => {
    const c = new HostMonotonicClock();
    const a = c.nowNs();
    expect(c.nowNs()).toBeGreaterThanOrEqual(a);
  });
});
