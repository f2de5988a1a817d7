import { describe, it, expect } from 'vitest';
import { runTickless } from './tickless-scenario.ts';

describe('tickless scenario', () => {
  it('costs one event per WFI timeout and nothing in between', () => {
    const r = runTickless({ guests: 20, seconds: 2 });
    // Each vcpu: a WFI at t=0, then one per 100 ms timeout; the 20th timeout
    // falls 2 ns after the 2 s mark. A wake-up costs two instructions (jump, wfi).
    expect(r.wfi).toBe(20 * 20);
    expect(r.instructions).toBe(20 * (1 + 19 * 2));
    const st = r.hv.timerStats();
    expect(st.expired).toBe(20 * 19);
    // Steps grow with events only (an expiry, a vcpu run, a switch to idle); a
    // 1 ms tick would add 2000 per host CPU.
    expect(r.steps).toBeLessThanOrEqual(st.expired + 2 * r.wfi + 4);
    expect(r.hv.nowNs()).toBe(2e9);
    const cpu = r.hv.hostCpuStats();
    expect(cpu[0].idleNs + cpu[1].idleNs).toBeGreaterThan(2 * 2e9 - 1e6);
  });
});
