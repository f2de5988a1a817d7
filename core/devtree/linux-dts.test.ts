// The real board trees of the boards we model, from Debian's linux-source
// package (apt: linux-source-6.1 -> /usr/src/linux-source-6.1.tar.xz),
// compiled by us (built-in preprocessor, include paths) and by
// `cpp | dtc`, compared byte for byte. The few files needed are extracted
// once into a cache keyed by the tarball's mtime; nothing of Linux is kept
// in the repository. Skipped when the tarball, cpp or dtc is absent.

import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, execSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compileDtsFile } from './compile.ts';
import { writeFdt } from './fdt-write.ts';
import { readFdt } from './fdt-read.ts';
import { printDts } from './dts-print.ts';
import { compileDtsText } from './compile.ts';

const TARBALL = '/usr/src/linux-source-6.1.tar.xz';
const TOP = 'linux-source-6.1';
const BOARDS = [
  'vexpress-v2p-ca9.dts',
  'vexpress-v2p-ca15-tc1.dts',
  'vexpress-v2p-ca15_a7.dts',
  'versatile-pb.dts',
  'versatile-ab.dts',
  'arm-realview-eb-11mp.dts',
  'arm-realview-eb-a9mp.dts',
  'arm-realview-pb1176.dts',
  'arm-realview-pbx-a9.dts',
];
const have = existsSync(TARBALL) && existsSync('/usr/bin/dtc') && existsSync('/usr/bin/cpp');

function extract(): string {
  const mtime = Math.floor(statSync(TARBALL).mtimeMs);
  const cache = join(tmpdir(), `xvisor-ts-linux-dts-${mtime}`);
  const done = join(cache, '.complete');
  if (existsSync(done)) return join(cache, TOP);
  mkdirSync(cache, { recursive: true });
  execFileSync('tar', ['-xJf', TARBALL, '-C', cache, '--wildcards', `${TOP}/arch/arm/boot/dts/*`, `${TOP}/include/dt-bindings/*`]);
  writeFileSync(done, '');
  return join(cache, TOP);
}

const reader = { readFile: (p: string) => (existsSync(p) && statSync(p).isFile() ? new Uint8Array(readFileSync(p)) : undefined) };

describe.skipIf(!have)('Linux board trees against cpp | dtc', () => {
  const files = BOARDS;
  for (const board of files) {
    it(board, () => {
      const src = extract();
      const dts = join(src, 'arch/arm/boot/dts');
      const inc = join(src, 'include');
      const path = join(dts, board);
      const ref = execSync(
        `cpp -nostdinc -undef -x assembler-with-cpp -I ${dts} -I ${inc} ${path} | dtc -q -I dts -O dtb -i ${dts} -`,
        { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const ours = writeFdt(compileDtsFile(path, reader, { includeDirs: [dts, inc] }));
      expect(ours.length).toBe(ref.length);
      expect(Buffer.from(ours).equals(ref)).toBe(true);
      const again = writeFdt(compileDtsText(printDts(readFdt(ours)), board, undefined));
      expect(Buffer.from(again).equals(ref)).toBe(true);
    });
  }
});
