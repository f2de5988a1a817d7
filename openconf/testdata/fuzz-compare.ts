// Runs generated cases (fuzz-gen.ts) through openconf and Kconfiglib and
// reports the seeds where they disagree. Used by fuzz.test.ts and by hand:
//   npx tsx openconf/testdata/fuzz-compare.ts <first seed> <count> [ops]

import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { generateCase, rng } from './fuzz-gen.ts';
import { Kconfig } from '../kconfig.ts';
import { KconfigError } from '../kconfig-error.ts';

export interface Mismatch {
  seed: number;
  what: string;
  dir: string;
}

/**
 * Random user assignments, chosen among what openconf says is assignable
 * at each step: Kconfiglib must end with the same configuration and the
 * same assignable sets.
 */
function randomOps(k: Kconfig, seed: number): { ops: string[]; assignable: string } {
  const r = rng(seed ^ 0x5eed);
  const syms = [...k.symbols.values()];
  const ops: string[] = [];
  for (let n = 0; n < 12 && syms.length; n++) {
    const s = syms[Math.floor(r() * syms.length)]!;
    if (s.origType === 'bool' || s.origType === 'tristate') {
      const a = s.assignable;
      if (!a.length) continue;
      const v = a[Math.floor(r() * a.length)]!;
      if (!s.setValue(v)) throw new Error(`setValue(${v}) refused for ${s.name} although assignable`);
      ops.push(`${s.name} ${'nmy'[v]}`);
    } else if (s.visibility) {
      const v = s.origType === 'string' ? ['', 'q', 'a b'][Math.floor(r() * 3)]! : s.origType === 'int' ? String(Math.floor(r() * 40) - 5) : `0x${Math.floor(r() * 0x300).toString(16)}`;
      if (s.setValue(v)) ops.push(`${s.name} ${v}`);
    }
  }
  const lines = syms.map((s) => `${s.name} ${s.assignable.join(',')}`);
  k.choices.forEach((c, i) => lines.push(`<choice${i}> ${c.assignable.join(',')}`));
  return { ops, assignable: lines.join('\n') + '\n' };
}

export function compareSeeds(first: number, count: number, keep = false, withOps = false): { mismatches: Mismatch[]; errors: number; crashes: number; loopsOnlyOurs: number } {
  const root = mkdtempSync(join(tmpdir(), 'openconf-fuzz-'));
  const dirs: string[] = [];
  for (let s = first; s < first + count; s++) {
    const d = join(root, String(s));
    mkdirSync(d);
    const c = generateCase(s);
    writeFileSync(join(d, 'Kconfig'), c.kconfig);
    writeFileSync(join(d, 'input.config'), c.config);
    if (withOps) {
      // Decide the operations with openconf first; a tree it rejects gets none.
      try {
        const k = Kconfig.load(join(d, 'Kconfig'), { srcTree: d, env: { srctree: d } });
        k.loadConfig(join(d, 'input.config'));
        const { ops, assignable } = randomOps(k, s);
        writeFileSync(join(d, 'ops.txt'), ops.join('\n') + (ops.length ? '\n' : ''));
        writeFileSync(join(d, 'ours-assignable.txt'), assignable);
        writeFileSync(join(d, 'ours.config'), k.configText());
        writeFileSync(join(d, 'ours.min'), k.minConfigText());
      } catch (e) {
        if (!(e instanceof KconfigError)) throw e;
      }
    }
    dirs.push(d);
  }
  writeFileSync(join(root, 'list'), dirs.join('\n'));
  const r = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'kconfiglib-ref.py'), '--batch', join(root, 'list')], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', srctree: '' },
  });
  if (r.status !== 0) throw new Error(`kconfiglib batch failed: ${r.stderr}`);
  const mismatches: Mismatch[] = [];
  let errors = 0;
  let crashes = 0;
  let loopsOnlyOurs = 0;
  for (const d of dirs) {
    const seed = Number(d.slice(root.length + 1));
    if (existsSync(join(d, 'crash.txt'))) {
      crashes++;
      continue;
    }
    const refError = existsSync(join(d, 'error.txt'));
    let k: Kconfig | undefined;
    let ourError: string | undefined;
    try {
      k = Kconfig.load(join(d, 'Kconfig'), { srcTree: d, env: { srctree: d } });
      k.loadConfig(join(d, 'input.config'));
    } catch (e) {
      if (!(e instanceof KconfigError)) {
        mismatches.push({ seed, dir: d, what: `ours threw ${(e as Error).message}` });
        continue;
      }
      ourError = e.message;
    }
    if (refError || ourError) {
      errors++;
      if (!refError && ourError?.includes('dependency loop')) {
        // Kconfiglib's loop search depends on set iteration order and
        // misses some loops through choices; openconf finds them.
        loopsOnlyOurs++;
      } else if (!refError || !ourError) {
        mismatches.push({ seed, dir: d, what: refError ? `Kconfiglib: ${readFileSync(join(d, 'error.txt'), 'utf8')}` : `ours: ${ourError}` });
      }
      continue;
    }
    if (withOps && existsSync(join(d, 'ours.config'))) {
      if (readFileSync(join(d, 'ours.config'), 'utf8') !== readFileSync(join(d, 'expected.config'), 'utf8')) mismatches.push({ seed, dir: d, what: '.config after assignments differs' });
      else if (readFileSync(join(d, 'ours.min'), 'utf8') !== readFileSync(join(d, 'expected.min'), 'utf8')) mismatches.push({ seed, dir: d, what: 'min config after assignments differs' });
      else if (readFileSync(join(d, 'ours-assignable.txt'), 'utf8') !== readFileSync(join(d, 'assignable.txt'), 'utf8')) mismatches.push({ seed, dir: d, what: 'assignable sets differ' });
      continue;
    }
    if (k!.configText() !== readFileSync(join(d, 'expected.config'), 'utf8')) mismatches.push({ seed, dir: d, what: '.config differs' });
    else if (k!.minConfigText() !== readFileSync(join(d, 'expected.min'), 'utf8')) mismatches.push({ seed, dir: d, what: 'min config differs' });
  }
  if (!keep) rmSync(root, { recursive: true, force: true });
  return { mismatches, errors, crashes, loopsOnlyOurs };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const first = Number(process.argv[2] ?? 1);
  const count = Number(process.argv[3] ?? 200);
  const { mismatches, errors, crashes, loopsOnlyOurs } = compareSeeds(first, count, true, process.argv[4] === 'ops');
  for (const m of mismatches) console.log(`seed ${m.seed}: ${m.what.split('\n').slice(0, 3).join(' | ')}  (${m.dir})`);
  console.log(`${count} cases, ${errors} rejected as errors, ${crashes} crashed Kconfiglib, ${loopsOnlyOurs} loops only openconf found, ${mismatches.length} mismatches`);
}
