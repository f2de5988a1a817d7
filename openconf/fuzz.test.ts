// Random Kconfig trees and .config files (testdata/fuzz-gen.ts, fixed seeds)
// through openconf and Kconfiglib: the .config and minimal config must be
// identical, and a tree one rejects the other must reject too. Needs
// /usr/bin/python3 with kconfiglib; skipped otherwise. More seeds by hand:
//   npx tsx openconf/testdata/fuzz-compare.ts <first seed> <count>

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { compareSeeds } from './testdata/fuzz-compare.ts';
import { generateCase } from './testdata/fuzz-gen.ts';

const haveKconfiglib =
  existsSync('/usr/bin/python3') &&
  spawnSync('/usr/bin/python3', ['-c', 'import kconfiglib'], { encoding: 'utf8' }).status === 0;

describe('random Kconfig trees against Kconfiglib', () => {
  it('generates the same case for the same seed', () => {
    expect(generateCase(42)).toEqual(generateCase(42));
    expect(generateCase(42).kconfig).not.toBe(generateCase(43).kconfig);
  });

  it.skipIf(!haveKconfiglib)('200 seeded cases give identical outputs', () => {
    const { mismatches, errors } = compareSeeds(1, 200);
    expect(mismatches.map((m) => `seed ${m.seed}: ${m.what}`)).toEqual([]);
    // Most generated trees are valid, so the comparison covers real output.
    expect(errors).toBeLessThan(100);
  });

  it.skipIf(!haveKconfiglib)('random user assignments end in the same configuration and assignable sets', () => {
    const { mismatches } = compareSeeds(5000, 150, false, true);
    expect(mismatches.map((m) => `seed ${m.seed}: ${m.what}`)).toEqual([]);
  });
});
