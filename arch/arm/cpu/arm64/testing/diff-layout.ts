// Shared layout of the differential test streams (generator, Unicorn runner,
// vitest replay): where code and data live, how the data region is filled
// (xorshift32 from the stream's seed, mirrored in run-unicorn.py), and the
// fixture format.

export const CODE_BASE = 0x100000;
export const DATA_BASE = 0x200000;
export const DATA_SIZE = 0x10000;

export interface DiffStream {
  name: string;
  /** Assembly source (for reading failures). */
  asm: string[];
  /** Machine code, hex. */
  code: string;
  seed: number;
  /** x0..x30, sp as 16-digit hex. */
  regs: string[];
  nzcv: number;
}

export interface DiffResult {
  regs: string[];
  nzcv: number;
  /** Bytes of the data region that differ from the initial fill: [offset, value]. */
  mem: [number, number][];
}

export interface DiffFixture {
  group: string;
  generator: string;
  streams: (DiffStream & { expect: DiffResult })[];
}

export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

/** The initial data region of a stream. */
export function dataFill(seed: number): Uint8Array {
  const r = xorshift32(seed ^ 0x5bd1e995);
  const out = new Uint8Array(DATA_SIZE);
  for (let i = 0; i < DATA_SIZE; i += 4) {
    const v = r();
    out[i] = v & 0xff; out[i + 1] = (v >>> 8) & 0xff; out[i + 2] = (v >>> 16) & 0xff; out[i + 3] = v >>> 24;
  }
  return out;
}
