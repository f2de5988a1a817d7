// ELF32/ELF64 executables (System V ABI "ELF header" and "Program header";
// ARM ELF: EM_ARM 40, AArch64 ELF: EM_AARCH64 183). Only PT_LOAD segments
// are placed, at their physical addresses; the entry is e_entry.

import { LoaderError, hex } from './loader-error.ts';

export const EM_ARM = 40;
export const EM_AARCH64 = 183;
const PT_LOAD = 1;

export interface ElfSegment {
  readonly paddr: number;
  readonly data: Uint8Array;
  readonly memsz: number;
}

export interface ElfImage {
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
}

export function isElf(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** Parses an ELF file for a guest of the given arch; errors name the file. */
export function parseElf(file: string, b: Uint8Array, arch: 'arm32' | 'arm64'): ElfImage {
  if (!isElf(b)) throw new LoaderError(`${file}: not an ELF file`);
  if (b.length < 52) throw new LoaderError(`${file}: truncated ELF header (${b.length} bytes)`);
  const cls = b[4];
  if (cls !== 1 && cls !== 2) throw new LoaderError(`${file}: bad ELF class ${cls}`);
  if (b[5] !== 1) throw new LoaderError(`${file}: big-endian ELF is not supported (EI_DATA ${b[5]})`);
  const is64 = cls === 2;
  if (is64 && b.length < 64) throw new LoaderError(`${file}: truncated ELF64 header (${b.length} bytes)`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u64 = (o: number) => dv.getUint32(o + 4, true) * 0x100000000 + dv.getUint32(o, true);
  const machine = dv.getUint16(0x12, true);
  const wantClass = arch === 'arm64' ? 2 : 1;
  const wantMachine = arch === 'arm64' ? EM_AARCH64 : EM_ARM;
  if (machine !== wantMachine)
    throw new LoaderError(`${file}: ELF machine ${machine} does not match the guest's ${arch} CPU (needs ${arch === 'arm64' ? 'EM_AARCH64 183' : 'EM_ARM 40'})`);
  if (cls !== wantClass) throw new LoaderError(`${file}: ELF${is64 ? 64 : 32} does not match the guest's ${arch} CPU (needs ELF${wantClass === 2 ? 64 : 32})`);
  const entry = is64 ? u64(0x18) : dv.getUint32(0x18, true);
  const phoff = is64 ? u64(0x20) : dv.getUint32(0x1c, true);
  const phentsize = dv.getUint16(is64 ? 0x36 : 0x2a, true);
  const phnum = dv.getUint16(is64 ? 0x38 : 0x2c, true);
  if (phentsize < (is64 ? 56 : 32) && phnum > 0) throw new LoaderError(`${file}: e_phentsize ${phentsize} too small`);
  if (phoff + phnum * phentsize > b.length)
    throw new LoaderError(`${file}: program headers at ${hex(phoff)} (${phnum} x ${phentsize}) run past the end of the file (${b.length} bytes)`);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (dv.getUint32(p, true) !== PT_LOAD) continue;
    const off = is64 ? u64(p + 8) : dv.getUint32(p + 4, true);
    const paddr = is64 ? u64(p + 24) : dv.getUint32(p + 12, true);
    const filesz = is64 ? u64(p + 32) : dv.getUint32(p + 16, true);
    const memsz = is64 ? u64(p + 40) : dv.getUint32(p + 20, true);
    if (off + filesz > b.length) throw new LoaderError(`${file}: segment ${i} (offset ${hex(off)}, ${filesz} bytes) runs past the end of the file`);
    if (memsz < filesz) throw new LoaderError(`${file}: segment ${i} has p_memsz ${memsz} < p_filesz ${filesz}`);
    segments.push({ paddr, data: b.subarray(off, off + filesz), memsz });
  }
  if (segments.length === 0) throw new LoaderError(`${file}: no PT_LOAD segment`);
  return { entry, segments };
}
