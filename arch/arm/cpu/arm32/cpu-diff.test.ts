// Replays the Unicorn-recorded instruction streams (testdata/diff-*.json,
// made by testing/gen-diff.ts) on every model each stream is valid for and
// compares registers, flags and memory.

import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiffFile } from './testing/diff-layout.ts';
import { CaseRunner } from './testing/run-case.ts';
import { ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC } from './feature-tables.ts';
import type { Arm32Features } from './features.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const MODELS: Record<string, Arm32Features> = Object.fromEntries(
  [ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC].map((f) => [f.name, f]));

const hex = (v: number): string => '0x' + (v >>> 0).toString(16);

for (const file of readdirSync(dir).filter((n) => n.startsWith('diff-') && n.endsWith('.json')).sort()) {
  const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as DiffFile;
  describe(`differential ${fx.group} (reference: Unicorn ${fx.refCpu})`, () => {
    it('has cases', () => expect(fx.cases.length).toBeGreaterThan(5));
    for (const name of fx.models) {
      it(`matches on ${name}`, () => {
        const runner = new CaseRunner(MODELS[name]!);
        const failures: string[] = [];
        for (const c of fx.cases) {
          const r = runner.run(c);
          const diffs: string[] = [];
          if (r.error) diffs.push(r.error);
          for (let i = 0; i < 15; i++) if (r.regs[i] !== c.outRegs[i]) diffs.push(`r${i}=${hex(r.regs[i]!)} want ${hex(c.outRegs[i]!)}`);
          if (r.flags !== c.outFlags) diffs.push(`flags=${hex(r.flags)} want ${hex(c.outFlags)}`);
          if (JSON.stringify(r.mem) !== JSON.stringify(c.outMem)) diffs.push(`memory differs (${r.mem.length} vs ${c.outMem.length} changed bytes)`);
          if (diffs.length) failures.push(`${c.name}: ${diffs.join(', ')}\n    ${c.asm.join('; ')}`);
        }
        expect(failures.slice(0, 5).join('\n')).toBe('');
      });
    }
  });
}
