import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { zeroEmulator } from './zero.ts';

describe('zero', () => {
  it('reads zero at every width, ignores writes, restores only its own state', () => {
    const ctx = new FakeContext();
    const z = probeWith(zeroEmulator, 'zero', ctx);
    z.write(0x10, 4, 0xffffffff);
    expect([1, 2, 4, 8].map((s) => z.read(0x10, s as 1))).toEqual([0, 0, 0, 0]);
    expect(ctx.log.entries.length).toBe(0);
    z.restore(z.save());
    expect(() => z.restore({ version: 3 })).toThrow(/zero/);
  });
});
