// Cross-check of the ELF loader against real toolchains and readelf: a tiny
// bare-metal program linked at a RAM address must load where readelf says,
// with the entry readelf reports. Skips when the tools are absent.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseElf } from './elf.ts';

function have(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const SRC = 'int counter = 5; int table[64]; void _start(void) { for (;;) counter++; }\n';

function build(gcc: string, flags: string[]): { elf: Uint8Array; headers: string } {
  const dir = mkdtempSync(join(tmpdir(), 'xvts-elf-'));
  writeFileSync(join(dir, 'p.c'), SRC);
  const out = join(dir, 'p.elf');
  execFileSync(gcc, [...flags, '-nostdlib', '-ffreestanding', '-O1', '-static', '-Wl,-Ttext=0x40080000', '-Wl,--build-id=none', '-o', out, join(dir, 'p.c')]);
  return { elf: new Uint8Array(readFileSync(out)), headers: execFileSync('readelf', ['-lhW', out]).toString() };
}

function expectMatches(headers: string, elf: Uint8Array, arch: 'arm32' | 'arm64') {
  const img = parseElf('p.elf', elf, arch);
  const entry = Number(/Entry point address:\s+(0x[0-9a-f]+)/.exec(headers)![1]);
  expect(img.entry).toBe(entry);
  const loads = [...headers.matchAll(/^\s*LOAD\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)/gm)];
  expect(img.segments.map((s) => [s.paddr, s.data.length, s.memsz])).toEqual(loads.map((m) => [Number(m[3]), Number(m[4]), Number(m[5])]));
  expect(img.segments[0].paddr).toBeLessThanOrEqual(0x40080000);
}

describe('ELF loader against real toolchains', () => {
  it.skipIf(!have('aarch64-linux-gnu-gcc') || !have('readelf'))('loads an aarch64-linux-gnu-gcc ELF64 as readelf describes it', () => {
    const { elf, headers } = build('aarch64-linux-gnu-gcc', []);
    expectMatches(headers, elf, 'arm64');
    expect(() => parseElf('p.elf', elf, 'arm32')).toThrow(/ELF machine 183/);
  });
  it.skipIf(!have('arm-none-eabi-gcc') || !have('readelf'))('loads an arm-none-eabi-gcc ELF32 as readelf describes it', () => {
    const { elf, headers } = build('arm-none-eabi-gcc', ['-marm']);
    expectMatches(headers, elf, 'arm32');
    expect(() => parseElf('p.elf', elf, 'arm64')).toThrow(/ELF machine 40/);
  });
});
