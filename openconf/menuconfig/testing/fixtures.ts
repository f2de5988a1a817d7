// Loading the Kconfig fixtures in ../testdata for tests.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kconfig } from '../../index.ts';

export const TESTDATA = fileURLToPath(new URL('../testdata/', import.meta.url));

/** Loads testdata/<name>/openconf.cfg with that folder as srctree. */
export function loadFixture(name = 'basic'): Kconfig {
  return Kconfig.load('openconf.cfg', { srcTree: join(TESTDATA, name), env: {} });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'menuconfig-test-'));
}

/** 1-based line of the first line of a fixture file that matches `re`. */
export function fixtureLine(file: string, re: RegExp): number {
  const lines = readFileSync(join(TESTDATA, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`${file}: no line matches ${re}`);
  return i + 1;
}
