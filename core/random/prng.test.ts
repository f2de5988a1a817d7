import { describe, it, expect } from 'vitest';
import { Prng } from './prng.ts';

describe('Prng', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = new Prng(42), b = new Prng(42), c = new Prng(43);
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    const sb = Array.from({ length: 8 }, () => b.nextU32());
    const sc = Array.from({ length: 8 }, () => c.nextU32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });
  it('stays in range and restores its state', () => {
    const p = new Prng(1);
    for (let i = 0; i < 1000; i++) {
      const f = p.nextFloat();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      expect(p.nextInt(6)).toBeLessThan(6);
    }
    const st = p.save();
    const x = p.nextU32();
    p.restore(st);
    expect(p.nextU32()).toBe(x);
    expect(() => p.restore([1])).toThrow(/4 words/);
  });
});
