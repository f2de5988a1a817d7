// The executor keeps its own copies of the shared slot/op/field numbers (see
// the note in cpu.ts); they must agree with the definitions the decoders,
// the MMU and CP15 use.

import { describe, it, expect } from 'vitest';
import { executorLayout } from './cpu.ts';
import * as ops from './ops.ts';
import * as slots from './state-slots.ts';
import * as sys from './sysreg-slots.ts';

describe('executor layout', () => {
  it('matches ops.ts, state-slots.ts and sysreg-slots.ts', () => {
    const mine = executorLayout();
    // The shared const enums exist at run time as objects (files are transformed one by one).
    const ns = (m: unknown): Record<string, Record<string, unknown>> => m as Record<string, Record<string, unknown>>;
    const enums: Record<string, Record<string, unknown>> = {
      S: ns(slots).S!, Mode: ns(slots).Mode!, Op: ns(ops).Op!, HsKind: ns(ops).HsKind!, C: ns(sys).C!, Access: ns(sys).Access!,
    };
    const flat: Record<string, unknown> = { ...ops, ...sys };
    let checked = 0;
    for (const [k, v] of Object.entries(mine)) {
      const dot = k.indexOf('.');
      const want = dot > 0 ? enums[k.slice(0, dot)]![k.slice(dot + 1)] : flat[k];
      expect(v, k).toBe(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
    // Every member of the shared enums has a copy.
    for (const [name, e] of Object.entries(enums)) {
      for (const key of Object.keys(e)) if (Number.isNaN(Number(key))) expect(mine[`${name}.${key}`], `${name}.${key}`).toBe(e[key]);
    }
  });
});
