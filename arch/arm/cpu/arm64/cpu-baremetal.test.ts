// A bare-metal C program for QEMU's virt board (testdata/baremetal: PL011
// output, PSCI SYSTEM_OFF) loaded from its ELF the way QEMU's -kernel does,
// run on the backend, and compared byte for byte with QEMU's transcript.
// When the tools exist the ELF is rebuilt from source and QEMU rerun.

import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runOnBackend, runOnQemu } from './testing/sys-programs.ts';
import { haveTool } from './testing/asm.ts';
import { loadElf, ElfError } from './testing/elf.ts';
import { TestBus } from './testing/test-bus.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'baremetal');
const elfPath = join(dir, 'prog.elf');
const elf = new Uint8Array(readFileSync(elfPath));
const expected = readFileSync(join(dir, 'prog.qemu.txt'), 'latin1');

function buildBaremetal(): Uint8Array {
  const out = mkdtempSync(join(tmpdir(), 'bm-'));
  try {
    execFileSync('aarch64-linux-gnu-gcc', ['-O2', '-ffreestanding', '-nostdlib', '-mgeneral-regs-only', '-fno-pie', '-no-pie',
      '-s', '-Wl,--build-id=none', '-Wl,--no-warn-rwx-segments', '-T', 'link.ld', '-o', join(out, 'prog.elf'),
      'start.S', 'prog.c'], { stdio: 'pipe', cwd: dir });
    return new Uint8Array(readFileSync(join(out, 'prog.elf')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('arm64 bare-metal C program (QEMU virt)', () => {
  it('prints what QEMU prints and powers off', () => {
    const r = runOnBackend(elf, 1, 20_000_000);
    expect(r.text).toBe(expected);
    expect(r.stop).toBe('system off');
    expect(r.text).toContain('checksum ');
  });

  it.skipIf(!haveTool('aarch64-linux-gnu-gcc'))('committed ELF matches its sources', () => {
    expect(Buffer.from(buildBaremetal()).equals(Buffer.from(elf))).toBe(true);
  });

  it.skipIf(!haveTool('qemu-system-aarch64'))('QEMU still prints the recorded transcript', () => {
    expect(runOnQemu(elfPath)).toBe(expected);
  });

  it('rejects bad ELF files with the offset at fault', () => {
    const bus = new TestBus();
    bus.addRam(0x40000000, 0x100000);
    expect(() => loadElf(bus, new Uint8Array(16), 'x.elf')).toThrow(/x.elf: not an ELF file/);
    const wrongMachine = elf.slice();
    wrongMachine[18] = 40;
    expect(() => loadElf(bus, wrongMachine, 'arm.elf')).toThrow(ElfError);
    expect(() => loadElf(bus, wrongMachine, 'arm.elf')).toThrow(/e_machine 40 at offset 18/);
    const truncated = elf.slice(0, 200);
    expect(() => loadElf(bus, truncated, 't.elf')).toThrow(/past the end of the file/);
    const small = new TestBus();
    small.addRam(0x50000000, 0x1000);
    expect(() => loadElf(small, elf, 'p.elf')).toThrow(/outside guest RAM/);
  });
});
