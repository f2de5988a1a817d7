import { describe, expect, it } from 'vitest';
import { CpuSysregSlot } from './sysreg-slot.ts';

describe('CpuSysregSlot', () => {
  it('refuses every access until a handler is attached, then forwards', () => {
    const slot = new CpuSysregSlot();
    expect(slot.read(3, 0, 12, 12, 0)).toBe(false);
    expect(slot.write(3, 0, 12, 12, 0, 1, 0)).toBe(false);
    const seen: number[] = [];
    slot.attach({
      lo: 0x3ff,
      hi: 0,
      read: (_a, _b, crn) => crn === 12,
      write: (_a, _b, _c, _d, _e, lo) => (seen.push(lo), true),
    });
    expect(slot.read(3, 0, 12, 12, 0)).toBe(true);
    expect(slot.lo).toBe(0x3ff);
    expect(slot.read(3, 0, 4, 6, 0)).toBe(false);
    expect(slot.write(3, 0, 12, 12, 1, 7, 0)).toBe(true);
    expect(seen).toEqual([7]);
  });
});
