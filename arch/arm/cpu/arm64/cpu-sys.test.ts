// System-level tests: the programs of testdata/sys run on the backend's test
// machine and must print exactly what they print on QEMU's virt board (the
// recorded transcripts). When binutils / QEMU are installed the committed
// ELFs are rebuilt and compared, and QEMU is run again against the fixture.

import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SYS_DIR, SYS_PROGRAMS, buildSys, maskHostTimed, runOnBackend, runOnQemu } from './testing/sys-programs.ts';
import { haveTool } from './testing/asm.ts';

const haveBinutils = haveTool('aarch64-linux-gnu-as') && haveTool('aarch64-linux-gnu-ld');
const haveQemu = haveTool('qemu-system-aarch64');

describe('arm64 system test programs', () => {
  for (const p of SYS_PROGRAMS) {
    const elf = new Uint8Array(readFileSync(join(SYS_DIR, `${p.name}.elf`)));
    const expected = readFileSync(join(SYS_DIR, `${p.name}.qemu.txt`), 'latin1');

    it(`${p.name}: prints what QEMU prints`, () => {
      const r = runOnBackend(elf, p.vcpus ?? 1, p.maxInsns ?? 5_000_000);
      expect(r.text).toBe(expected);
      expect(r.stop).toBe('system off');
    });

    it.skipIf(!haveBinutils)(`${p.name}: committed ELF matches its source`, () => {
      expect(Buffer.from(buildSys(p)).equals(Buffer.from(elf))).toBe(true);
    });

    it.skipIf(!haveQemu)(`${p.name}: QEMU still prints the recorded transcript`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'sysq-'));
      try {
        const path = join(dir, 'p.elf');
        writeFileSync(path, elf);
        expect(maskHostTimed(p, runOnQemu(path, p.vcpus ?? 1, p.qemuCpu))).toBe(maskHostTimed(p, expected));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
