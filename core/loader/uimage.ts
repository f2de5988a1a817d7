// U-Boot legacy images (U-Boot include/image.h's documented 64-byte header,
// all fields big-endian): magic 0x27051956, header CRC over the header with
// ih_hcrc zeroed, data size, load address, entry point, data CRC, OS, CPU
// architecture, image type, compression, 32-byte name.

import { crc32 } from './crc32.ts';
import { LoaderError, hex } from './loader-error.ts';

export const UIMAGE_MAGIC = 0x27051956;
const IH_ARCH_ARM = 2;
const IH_ARCH_ARM64 = 22;
const IH_COMP_NONE = 0;

export interface UImage {
  readonly name: string;
  readonly load: number;
  readonly entry: number;
  readonly type: number;
  readonly data: Uint8Array;
}

export function isUImage(b: Uint8Array): boolean {
  return b.length >= 4 && ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0 === UIMAGE_MAGIC;
}

export function parseUImage(file: string, b: Uint8Array, arch: 'arm32' | 'arm64'): UImage {
  if (b.length < 64) throw new LoaderError(`${file}: truncated uImage header (${b.length} of 64 bytes)`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(0) !== UIMAGE_MAGIC) throw new LoaderError(`${file}: no uImage magic`);
  const hcrc = dv.getUint32(4);
  const hdr = b.slice(0, 64);
  hdr.fill(0, 4, 8);
  if (crc32(hdr) !== hcrc) throw new LoaderError(`${file}: uImage header CRC mismatch (header says ${hex(hcrc)}, computed ${hex(crc32(hdr))})`);
  const size = dv.getUint32(12);
  if (64 + size > b.length) throw new LoaderError(`${file}: uImage data of ${size} bytes runs past the end of the file (${b.length - 64} present)`);
  const data = b.subarray(64, 64 + size);
  const dcrc = dv.getUint32(24);
  if (crc32(data) !== dcrc) throw new LoaderError(`${file}: uImage data CRC mismatch`);
  const ihArch = b[29];
  const want = arch === 'arm64' ? IH_ARCH_ARM64 : IH_ARCH_ARM;
  if (ihArch !== want) throw new LoaderError(`${file}: uImage architecture ${ihArch} does not match the guest's ${arch} CPU (needs ${want})`);
  if (b[31] !== IH_COMP_NONE) throw new LoaderError(`${file}: compressed uImage (compression ${b[31]}) is not supported; decompress it first`);
  const nameBytes = b.subarray(32, 64);
  const z = nameBytes.indexOf(0);
  return {
    name: new TextDecoder().decode(z < 0 ? nameBytes : nameBytes.subarray(0, z)),
    load: dv.getUint32(16),
    entry: dv.getUint32(20),
    type: b[30],
    data,
  };
}

/** Builds a uImage (tests and tools): the inverse of parseUImage. */
export function makeUImage(data: Uint8Array, opts: { load: number; entry: number; arch: 'arm32' | 'arm64'; name?: string; type?: number }): Uint8Array {
  const out = new Uint8Array(64 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, UIMAGE_MAGIC);
  dv.setUint32(12, data.length);
  dv.setUint32(16, opts.load);
  dv.setUint32(20, opts.entry);
  dv.setUint32(24, crc32(data));
  out[28] = 5;
  out[29] = opts.arch === 'arm64' ? IH_ARCH_ARM64 : IH_ARCH_ARM;
  out[30] = opts.type ?? 2;
  out[31] = IH_COMP_NONE;
  out.set(new TextEncoder().encode((opts.name ?? '').slice(0, 31)), 32);
  out.set(data, 64);
  dv.setUint32(4, crc32(out, 0, 64));
  return out;
}
