// Linux kernel images: the arm64 Image header (Documentation/arch/arm64/
// booting.rst: magic "ARM\x64" at 0x38, text_offset at 0x08, image_size at
// 0x10, both little-endian 64-bit) and the arm32 zImage header
// (Documentation/arch/arm/booting.rst: magic 0x016f2818 at 0x24, start and
// end addresses at 0x28 and 0x2c).

import { LoaderError } from './loader-error.ts';

export const ARM64_IMAGE_MAGIC = 0x644d5241;
export const ZIMAGE_MAGIC = 0x016f2818;

export interface Arm64ImageHeader {
  readonly textOffset: number;
  /** Bytes to reserve from the load address, BSS included. */
  readonly imageSize: number;
  readonly flags: number;
}

export function isArm64Image(b: Uint8Array): boolean {
  return b.length >= 64 && new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0x38, true) === ARM64_IMAGE_MAGIC;
}

export function parseArm64Image(file: string, b: Uint8Array): Arm64ImageHeader {
  if (b.length < 64) throw new LoaderError(`${file}: truncated arm64 Image header (${b.length} of 64 bytes)`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(0x38, true) !== ARM64_IMAGE_MAGIC) throw new LoaderError(`${file}: no arm64 Image magic at 0x38`);
  const u64 = (o: number) => dv.getUint32(o + 4, true) * 0x100000000 + dv.getUint32(o, true);
  const imageSize = u64(0x10);
  // image_size 0 marks a kernel older than 3.17: text_offset is then 0x80000.
  if (imageSize === 0) return { textOffset: 0x80000, imageSize: b.length, flags: 0 };
  if (imageSize < b.length) throw new LoaderError(`${file}: image_size ${imageSize} is smaller than the file (${b.length} bytes)`);
  return { textOffset: u64(0x08), imageSize, flags: u64(0x18) };
}

export function isZImage(b: Uint8Array): boolean {
  return b.length >= 0x30 && new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0x24, true) === ZIMAGE_MAGIC;
}

export function parseZImage(file: string, b: Uint8Array): { start: number; end: number } {
  if (b.length < 0x30) throw new LoaderError(`${file}: truncated zImage header (${b.length} bytes)`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(0x24, true) !== ZIMAGE_MAGIC) throw new LoaderError(`${file}: no zImage magic at 0x24`);
  return { start: dv.getUint32(0x28, true), end: dv.getUint32(0x2c, true) };
}
