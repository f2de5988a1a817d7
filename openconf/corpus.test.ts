// Differential test: every case in testdata/corpus must give exactly the
// .config and minimal config that Kconfiglib (the reference implementation)
// writes. Kconfiglib's outputs are recorded next to each case
// (testdata/record-corpus.sh); where python3-kconfiglib is installed the
// test also runs it live (testdata/kconfiglib-ref.py) and compares again.

import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { Kconfig } from './index.ts';

const CORPUS = join(import.meta.dirname, 'testdata', 'corpus');
const REF = join(import.meta.dirname, 'testdata', 'kconfiglib-ref.py');

const haveKconfiglib =
  existsSync('/usr/bin/python3') &&
  spawnSync('/usr/bin/python3', ['-c', 'import kconfiglib'], { encoding: 'utf8' }).status === 0;

function caseEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  const f = join(dir, 'env');
  if (!existsSync(f)) return env;
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  return env;
}

function ours(dir: string, input: string | undefined): Kconfig {
  const k = Kconfig.load('Kconfig', { srcTree: dir, env: { srctree: dir, ...caseEnv(dir) } });
  if (input) k.loadConfig(input);
  return k;
}

function kconfiglib(dir: string, input: string | undefined): { config: string; min: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'openconf-ref-'));
  try {
    const args = [REF, 'Kconfig', join(tmp, 'c'), join(tmp, 'm')];
    if (input) args.push(input);
    const r = spawnSync('/usr/bin/python3', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', srctree: '.', ...caseEnv(dir) },
    });
    if (r.status !== 0) throw new Error(`kconfiglib failed on ${dir}: ${r.stderr}`);
    return { config: readFileSync(join(tmp, 'c'), 'utf8'), min: readFileSync(join(tmp, 'm'), 'utf8') };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const cases = readdirSync(CORPUS).filter((c) => existsSync(join(CORPUS, c, 'Kconfig'))).sort();

describe('Kconfiglib differential corpus', () => {
  it('has a good number of cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const c of cases) {
    const dir = join(CORPUS, c);
    const inputPath = join(dir, 'input.config');
    const input = existsSync(inputPath) ? inputPath : undefined;

    it(`${c}: matches the recorded Kconfiglib output`, () => {
      const k = ours(dir, input);
      expect(k.configText()).toBe(readFileSync(join(dir, 'expected.config'), 'utf8'));
      expect(k.minConfigText()).toBe(readFileSync(join(dir, 'expected.min'), 'utf8'));
    });

    it.skipIf(!haveKconfiglib)(`${c}: matches Kconfiglib run now`, () => {
      const k = ours(dir, input);
      const ref = kconfiglib(dir, input);
      expect(k.configText()).toBe(ref.config);
      expect(k.minConfigText()).toBe(ref.min);
    });

    it(`${c}: the minimal config loads back to the same .config`, () => {
      const k = ours(dir, input);
      const full = k.configText();
      const again = ours(dir, undefined);
      again.loadConfigText(k.minConfigText(), 'min.config');
      expect(again.configText()).toBe(full);
    });
  }
});
