// Layout shared by the differential-test generator (gen-diff.ts), the
// Unicorn runner (unicorn-runner.py) and the replay test (cpu-diff.test.ts):
// each case's code sits at CODE_BASE and runs until CODE_BASE + length;
// DATA_SIZE bytes of seeded pseudo-random data sit at DATA_BASE, with the
// base registers of loads/stores pointing into its middle.

export const CODE_BASE = 0x10000;
export const DATA_BASE = 0x80000;
export const DATA_SIZE = 0x1000;
export const SLOT = 0x200;

/** xorshift32: the data area content of a case from its seed. */
export function dataBytes(seed: number): Uint8Array {
  const out = new Uint8Array(DATA_SIZE);
  let x = seed | 0 || 1;
  for (let i = 0; i < DATA_SIZE; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export interface DiffCase {
  name: string;
  thumb: boolean;
  /** Machine code, hex. */
  code: string;
  /** r0..r14 initial. */
  regs: number[];
  /** Initial CPSR (SVC mode, I/F masked, flags). */
  cpsr: number;
  memSeed: number;
  /** Final r0..r14 from the reference. */
  outRegs: number[];
  /** Final NZCVQ (bits 31:27) and GE (19:16) of CPSR. */
  outFlags: number;
  /** Changed data bytes: [offset, value] pairs. */
  outMem: [number, number][];
  asm: string[];
}

export interface DiffFile {
  group: string;
  /** Unicorn CPU model the fixture was recorded on. */
  refCpu: string;
  /** Models (Arm32Features names) the stream is valid on. */
  models: string[];
  cases: DiffCase[];
}
