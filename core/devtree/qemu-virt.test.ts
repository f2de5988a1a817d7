// QEMU's own virt board tree (`-M virt,dumpdtb=`), written by libfdt with
// its own layout and string order: our reader must take it whole, the
// layout-preserving writer must give it back byte for byte, and the plain
// writer must agree with `dtc -I dtb -O dtb`. Skipped without QEMU.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readFdt, fdtLayoutOf } from './fdt-read.ts';
import { writeFdt } from './fdt-write.ts';
import { printDts } from './dts-print.ts';
import { compileDtsText } from './compile.ts';

const qemu = '/usr/bin/qemu-system-aarch64';
const dtc = '/usr/bin/dtc';

describe.skipIf(!existsSync(qemu))('QEMU virt dump', () => {
  for (const [cpu, smp, gic] of [['cortex-a53', '2', '2'], ['cortex-a57', '4', '3']]) {
    it(`round-trips virt,gic-version=${gic} with ${smp} cpus`, () => {
      const out = join(mkdtempSync(join(tmpdir(), 'xvt-virt-')), 'virt.dtb');
      execFileSync(qemu, ['-M', `virt,gic-version=${gic},dumpdtb=${out}`, '-cpu', cpu, '-smp', smp, '-m', '256', '-nographic'], { stdio: 'ignore' });
      const blob = new Uint8Array(readFileSync(out));
      const tree = readFdt(blob);
      expect(tree.getNode('/pl011@9000000')?.readStringList('compatible')).toEqual(['arm,pl011', 'arm,primecell']);
      const same = writeFdt(tree, { preserveLayout: fdtLayoutOf(tree) });
      expect(Buffer.from(same).equals(Buffer.from(blob))).toBe(true);
      const plain = writeFdt(tree);
      if (existsSync(dtc)) {
        const ref = execFileSync(dtc, ['-I', 'dtb', '-O', 'dtb', out], { stdio: ['ignore', 'pipe', 'ignore'] });
        expect(Buffer.from(plain).equals(ref)).toBe(true);
        const theirs = execFileSync(dtc, ['-I', 'dtb', '-O', 'dts', out], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
        expect(printDts(tree)).toBe(theirs);
      }
      expect(Buffer.from(writeFdt(compileDtsText(printDts(tree), 'virt.dts', undefined))).equals(Buffer.from(plain))).toBe(true);
    });
  }
});
