// System-level test programs (testdata/sys/*.S, built with arm-none-eabi-as
// and ld; the binaries are committed) run on every model they apply to.

import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSys } from './testing/sys-harness.ts';
import { ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC } from './feature-tables.ts';
import type { Arm32Features } from './features.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'sys');
const ALL = [ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC];
const V6V7 = [ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC];
const V7 = [CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC];
const VE = [CORTEX_A15, CORTEX_A7, ARMV7_GENERIC];

export const SYS_PROGRAMS: { name: string; models: Arm32Features[]; march: string }[] = [
  { name: 'modes', models: ALL, march: 'armv5te' },
  { name: 'mmu-v5', models: [ARM926EJS], march: 'armv5te' },
  { name: 'mmu-short', models: V6V7, march: 'armv6k' },
  { name: 'mmu-v6-legacy', models: [ARM11MPCORE], march: 'armv6k' },
  { name: 'mmu-lpae', models: VE, march: 'armv7ve' },
  { name: 'timer', models: VE, march: 'armv7ve' },
  { name: 'thumb2', models: V7, march: 'armv7-a' },
];

for (const p of SYS_PROGRAMS) {
  let image: Uint8Array | null = null;
  try { image = new Uint8Array(readFileSync(join(dir, `${p.name}.bin`))); } catch { image = null; }
  describe.skipIf(image === null)(`system program ${p.name}`, () => {
    for (const f of p.models) {
      it(`passes on ${f.name}`, () => {
        const r = runSys(f, image!);
        const why = r.exit === 0 ? '' : `exit 0x${(r.exit >>> 0).toString(16)} ${r.stop}\n${r.cpu.dumpRegisters()}\n${r.logs.slice(0, 5).join('\n')}`;
        expect(why).toBe('');
      });
    }
  });
}

// The committed binaries must be what the sources build to (when binutils is installed).
const hasBinutils = (() => {
  try { execFileSync('arm-none-eabi-as', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

describe.skipIf(!hasBinutils)('system program binaries', () => {
  it('rebuild identically from the sources', () => {
    const out = mkdtempSync(join(tmpdir(), 'a32sys-'));
    for (const p of SYS_PROGRAMS) {
      execFileSync('sh', [join(dir, 'build.sh'), p.name, p.march, out]);
      const fresh = readFileSync(join(out, `${p.name}.bin`));
      const committed = readFileSync(join(dir, `${p.name}.bin`));
      expect(Buffer.compare(fresh, committed), `${p.name}.bin differs from a rebuild of ${p.name}.S`).toBe(0);
    }
  });
});
