// Differential corpus: every testdata/*.dts compiled by us and by dtc(1)
// must give the same blob byte for byte. The blobs dtc gave are recorded in
// testdata/expected/ so the comparison still runs where dtc is absent; the
// blob -> DTS -> blob round trip must be the identity.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { execFileSync, execSync } from 'node:child_process';
import { join } from 'node:path';
import { compileDtsFile } from './compile.ts';
import { writeFdt } from './fdt-write.ts';
import { readFdt } from './fdt-read.ts';
import { printDts } from './dts-print.ts';
import { compileDtsText } from './compile.ts';
import type { FileReader } from './file-reader.ts';

const dir = join(import.meta.dirname, 'testdata');
const dtc = ['/usr/bin/dtc'].find((p) => existsSync(p));
const hasCpp = existsSync('/usr/bin/cpp');
const reader: FileReader = { readFile: (p) => (existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined) };

function argsOf(text: string): { symbols: boolean; bootCpu?: number; raw: string[] } {
  const m = /^\/\/ dtc-args: (.*)$/m.exec(text);
  const raw = m ? m[1].trim().split(/\s+/) : [];
  const b = raw.indexOf('-b');
  return { symbols: raw.includes('-@'), bootCpu: b >= 0 ? Number(raw[b + 1]) : undefined, raw };
}

function runDtc(file: string, text: string, raw: string[]): Buffer {
  if (/^\s*#\s*(include|define|if)/m.test(text)) {
    return execSync(
      `cpp -nostdinc -undef -x assembler-with-cpp -I ${dir}/inc ${file} | ${dtc} -q -I dts -O dtb -i ${dir} ${raw.join(' ')} -`,
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }
  return execFileSync(dtc!, ['-q', '-I', 'dts', '-O', 'dtb', ...raw, file], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const files = readdirSync(dir).filter((f) => f.endsWith('.dts')).sort();

describe('DTS corpus against dtc', () => {
  it('has at least 30 edge-case files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  for (const f of files) {
    it(f, () => {
      const path = join(dir, f);
      const text = readFileSync(path, 'utf8');
      const a = argsOf(text);
      const ours = writeFdt(compileDtsFile(path, reader, { includeDirs: [join(dir, 'inc'), dir], symbols: a.symbols, bootCpuid: a.bootCpu }));
      const expectedPath = join(dir, 'expected', f.replace(/\.dts$/, '.dtb'));
      if (dtc && (hasCpp || !/^\s*#\s*include/m.test(text))) {
        const ref = runDtc(path, text, a.raw);
        if (process.env.DEVTREE_RECORD) writeFileSync(expectedPath, ref);
        expect(Buffer.from(ours).equals(ref)).toBe(true);
      }
      expect(existsSync(expectedPath)).toBe(true);
      expect(Buffer.from(ours).equals(readFileSync(expectedPath))).toBe(true);
      // blob -> DTS -> blob is the identity.
      const dts = printDts(readFdt(ours));
      const again = writeFdt(compileDtsText(dts, `${f}.roundtrip`, undefined, { bootCpuid: a.bootCpu }));
      expect(Buffer.from(again).equals(Buffer.from(ours))).toBe(true);
      if (dtc) {
        const theirs = execFileSync(dtc, ['-q', '-I', 'dtb', '-O', 'dts', expectedPath]).toString();
        expect(dts).toBe(theirs);
      }
    });
  }
});
