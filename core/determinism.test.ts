import { describe, it, expect } from 'vitest';
import { scenarioHypervisor, scenarioResult, uartGuest } from './testing/scenario.ts';

const MS = 1_000_000;

function run(seed: number) {
  const hv = scenarioHypervisor({ seed, hostCpuCount: 2 });
  for (let i = 0; i < 4; i++) hv.createGuest(uartGuest(`guest${i}`, 2)).kick();
  hv.runFor(150 * MS);
  hv.guest('guest1')!.pause();
  hv.vserials.get('guest2/uart0')!.input('typed');
  hv.runFor(100 * MS);
  return scenarioResult(hv);
}

describe('determinism', () => {
  it('the same seed gives identical console bytes, final time and vcpu counts', () => {
    const a = run(1234);
    const b = run(1234);
    expect(Object.keys(a.consoles)).toHaveLength(4);
    for (const c of Object.values(a.consoles)) expect(c.length).toBeGreaterThan(50);
    expect(a.consoles['guest2/uart0']).toContain('type');
    expect(b).toEqual(a);
    const c = run(4321);
    expect(c.consoles).not.toEqual(a.consoles);
  });
});
