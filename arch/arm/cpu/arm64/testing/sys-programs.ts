// The arm64 system test programs (testdata/sys/*.S): building them with
// Debian's aarch64 binutils, running them on QEMU's virt board and on the
// backend's test machine, each giving the bytes printed on the UART.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestMachine } from './test-machine.ts';
import { loadElf } from './elf.ts';

export const SYS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'testdata', 'sys');

export interface SysProgram {
  /** Output name (testdata/sys/<name>.elf, <name>.qemu.txt). */
  name: string;
  source: string;
  defines?: Record<string, number>;
  vcpus?: number;
  maxInsns?: number;
  /** QEMU -cpu (cortex-a57 has no 16K granule; max has). */
  qemuCpu?: string;
  /**
   * Output fields that depend on the host's speed when QEMU runs (its timers
   * follow wall time): masked when QEMU's output is compared again.
   */
  hostTimed?: RegExp;
}

/** Replaces host-timed fields by '?' for comparisons with a fresh QEMU run. */
export function maskHostTimed(p: SysProgram, text: string): string {
  return p.hostTimed ? text.replace(p.hostTimed, (m) => m.replace(/=[0-9a-f]+/, '=?')) : text;
}

export const SYS_PROGRAMS: SysProgram[] = [
  { name: 'exceptions', source: 'exceptions.S' },
  { name: 'mmu-4k', source: 'mmu.S', defines: { GRANULE: 4 } },
  { name: 'mmu-16k', source: 'mmu.S', defines: { GRANULE: 16 }, qemuCpu: 'max' },
  { name: 'mmu-64k', source: 'mmu.S', defines: { GRANULE: 64 } },
  { name: 'mmu-4k-va48', source: 'mmu.S', defines: { GRANULE: 4, VA48: 1 } },
  { name: 'mmu-64k-va48', source: 'mmu.S', defines: { GRANULE: 64, VA48: 1 } },
  { name: 'endian', source: 'endian.S' },
  { name: 'timer', source: 'timer.S', hostTimed: /(elapsed_ok|prompt)=[0-9a-f]+/g },
  { name: 'smp-exclusive', source: 'smp-exclusive.S', vcpus: 2, maxInsns: 20_000_000 },
];

/** Assembles and links one program; returns the ELF bytes. */
export function buildSys(p: SysProgram): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'sys-'));
  try {
    const defs = Object.entries(p.defines ?? {}).flatMap(([k, v]) => ['--defsym', `${k}=${v}`]);
    // Relative names, so the ELF does not depend on where the tree is checked out.
    execFileSync('aarch64-linux-gnu-as', ['-I', '.', ...defs, '-o', join(dir, 'p.o'), p.source], { stdio: 'pipe', cwd: SYS_DIR });
    execFileSync('aarch64-linux-gnu-ld', ['--no-warn-rwx-segments', '--build-id=none', '-T', 'link.ld', '-o', join(dir, 'p.elf'), join(dir, 'p.o')], { stdio: 'pipe', cwd: SYS_DIR });
    return new Uint8Array(readFileSync(join(dir, 'p.elf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs an ELF on QEMU's virt board (GICv2, Cortex-A57, EL1 entry) and returns its UART output. */
export function runOnQemu(elfPath: string, vcpus = 1, cpu = 'cortex-a57'): string {
  const out = execFileSync('timeout', ['20', 'qemu-system-aarch64', '-M', 'virt,gic-version=2', '-cpu', cpu, '-smp', String(vcpus),
    '-m', '128M', '-nographic', '-monitor', 'none', '-serial', 'stdio', '-kernel', elfPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  return out.toString('latin1');
}

/** Runs an ELF on the test machine (RAM at 0x40000000, PL011 data register, minimal GICv2). */
export function runOnBackend(elf: Uint8Array, vcpus = 1, maxInsns = 5_000_000): { text: string; stop: string; machine: TestMachine } {
  const m = new TestMachine({ vcpus, gic: true, counterHz: 62_500_000 });
  m.bus.addRam(0x40000000, 128 * 1024 * 1024);
  m.bus.addUart(0x09000000);
  const entry = loadElf(m.bus, elf);
  m.start(entry);
  const stop = m.run(maxInsns);
  return { text: m.bus.uartText(), stop, machine: m };
}
