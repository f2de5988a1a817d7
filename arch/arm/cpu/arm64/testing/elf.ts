// Loads the PT_LOAD segments of a little-endian AArch64 ELF64 executable the
// way QEMU's -kernel does for ELF images: each segment's file bytes at its
// physical address, the rest of p_memsz zeroed; returns the entry point.

import type { TestBus } from './test-bus.ts';

export class ElfError extends Error {
  override name = 'ElfError';
}

export function loadElf(bus: TestBus, image: Uint8Array, what = 'ELF image'): number {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (image.length < 64 || dv.getUint32(0) !== 0x7f454c46) throw new ElfError(`${what}: not an ELF file (bad magic at offset 0)`);
  if (image[4] !== 2) throw new ElfError(`${what}: not ELF64 (EI_CLASS=${image[4]} at offset 4)`);
  if (image[5] !== 1) throw new ElfError(`${what}: not little-endian (EI_DATA=${image[5]} at offset 5)`);
  const machine = dv.getUint16(18, true);
  if (machine !== 183) throw new ElfError(`${what}: e_machine ${machine} at offset 18 is not EM_AARCH64 (183)`);
  const entry = Number(dv.getBigUint64(24, true));
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true), phnum = dv.getUint16(56, true);
  if (phoff + phnum * phentsize > image.length || phentsize < 56) throw new ElfError(`${what}: program headers at 0x${phoff.toString(16)} (${phnum} x ${phentsize}) run past the end of the file`);
  let loaded = 0;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (dv.getUint32(o, true) !== 1) continue; // PT_LOAD
    const offset = Number(dv.getBigUint64(o + 8, true));
    const paddr = Number(dv.getBigUint64(o + 24, true));
    const filesz = Number(dv.getBigUint64(o + 32, true));
    const memsz = Number(dv.getBigUint64(o + 40, true));
    if (offset + filesz > image.length) throw new ElfError(`${what}: segment ${i} (file offset 0x${offset.toString(16)}, size 0x${filesz.toString(16)}) runs past the end of the file`);
    if (memsz < filesz) throw new ElfError(`${what}: segment ${i} has p_memsz < p_filesz`);
    const seg = new Uint8Array(memsz);
    seg.set(image.subarray(offset, offset + filesz));
    try {
      bus.load(paddr, seg);
    } catch (e) {
      throw new ElfError(`${what}: segment ${i} at PA 0x${paddr.toString(16)} (0x${memsz.toString(16)} bytes) is outside guest RAM`);
    }
    loaded++;
  }
  if (loaded === 0) throw new ElfError(`${what}: no PT_LOAD segment`);
  return entry;
}
