// Generates the arm64 differential test fixtures: seeded random instruction
// streams for every A64 base encoding group, assembled with Debian's
// aarch64 binutils, run in Unicorn (run-unicorn.py, /usr/bin/python3 with
// python3-unicorn), and written with Unicorn's final state to
// arch/arm/cpu/arm64/testdata/diff-<group>.json. The vitest test replays them
// without Unicorn. Usage: npx tsx arch/arm/cpu/arm64/testing/gen-diff.ts [group [streams]]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from './asm.ts';
import { CODE_BASE, DATA_BASE, xorshift32 } from './diff-layout.ts';
import type { DiffFixture, DiffResult, DiffStream } from './diff-layout.ts';
import { decodeBitMask, T } from '../alu.ts';
import { decodeA64 } from '../decode.ts';
import { Op } from '../cpu.ts';

const here = dirname(fileURLToPath(import.meta.url));

class Rand {
  private readonly next: () => number;
  constructor(seed: number) { this.next = xorshift32(seed); }
  int(n: number): number { return this.next() % n; }
  range(a: number, b: number): number { return a + this.int(b - a + 1); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
  bool(): boolean { return (this.next() & 1) === 1; }
  u64(): bigint { return (BigInt(this.next()) << 32n) | BigInt(this.next()); }
}

const EDGE = [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x100000000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0xfffffffffffffffen, 0x123456789abcdef0n];

function value(r: Rand): bigint {
  const k = r.int(4);
  if (k === 0) return r.pick(EDGE);
  if (k === 1) return r.u64() & 0xffffffffn;
  if (k === 2) return BigInt(r.range(0, 64));
  return r.u64();
}

const COND = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'];
const x = (n: number): string => (n === 31 ? 'xzr' : `x${n}`);
const w = (n: number): string => (n === 31 ? 'wzr' : `w${n}`);
/** A data register (x0..x15, or zr sometimes). */
function dr(r: Rand, allowZr = true): number { return allowZr && r.int(10) === 0 ? 31 : r.int(16); }
function reg(r: Rand, sf: boolean, allowZr = true): string { const n = dr(r, allowZr); return sf ? x(n) : w(n); }
const hex = (v: number | bigint): string => '0x' + v.toString(16);

function logicalImm(r: Rand, sf: boolean): string {
  for (;;) {
    const n = sf ? r.int(2) : 0;
    if (decodeBitMask(n, r.int(64), r.int(64), sf)) {
      const v = (BigInt(T[1]! >>> 0) << 32n) | BigInt(T[0]! >>> 0);
      return hex(sf ? v : v & 0xffffffffn);
    }
  }
}

type Gen = (r: Rand) => string[];

const dpImm: Gen = (r) => {
  const sf = r.bool();
  const R = (z = true): string => reg(r, sf, z);
  switch (r.int(9)) {
    case 0: return [`${r.pick(['add', 'sub'])} ${R(false)}, ${R(false)}, #${r.int(4096)}${r.bool() ? ', lsl #12' : ''}`];
    case 1: return [`${r.pick(['adds', 'subs'])} ${R()}, ${R(false)}, #${r.int(4096)}${r.bool() ? ', lsl #12' : ''}`];
    case 2: return [`${r.pick(['cmp', 'cmn'])} ${R(false)}, #${r.pick([0, 1, 4095, r.int(4096)])}`];
    case 3: return [`${r.pick(['and', 'orr', 'eor'])} ${R(false)}, ${R()}, #${logicalImm(r, sf)}`];
    case 4: return [`${r.pick(['ands', 'ands', 'tst'])} ${r.bool() ? '' : ''}${R()}, ${R()}, #${logicalImm(r, sf)}`.replace(/^tst ([^,]+), /, 'tst ')];
    case 5: return [`${r.pick(['movz', 'movn', 'movk'])} ${R()}, #${r.int(65536)}, lsl #${sf ? r.pick([0, 16, 32, 48]) : r.pick([0, 16])}`];
    case 6: return [`adr ${x(dr(r))}, .+${r.range(-256, 256) * 4}`];
    case 7: return [`adrp ${x(dr(r))}, .+${r.range(-16, 16) * 4096}`];
    default: return [`mov ${R(false)}, #${logicalImm(r, sf)}`];
  }
};

const SHIFTS = ['lsl', 'lsr', 'asr'];
const dpShifted: Gen = (r) => {
  const sf = r.bool();
  const R = (): string => reg(r, sf);
  const amt = (): number => r.pick([0, 1, sf ? 63 : 31, sf ? 32 : 16, r.int(sf ? 64 : 32)]);
  switch (r.int(5)) {
    case 0: return [`${r.pick(['add', 'sub', 'adds', 'subs'])} ${R()}, ${R()}, ${R()}, ${r.pick(SHIFTS)} #${amt()}`];
    case 1: return [`${r.pick(['neg', 'negs', 'cmp', 'cmn'])} ${R()}, ${R()}, ${r.pick(SHIFTS)} #${amt()}`];
    case 2: return [`${r.pick(['and', 'bic', 'orr', 'orn', 'eor', 'eon', 'ands', 'bics'])} ${R()}, ${R()}, ${R()}, ${r.pick([...SHIFTS, 'ror'])} #${amt()}`];
    case 3: return [`${r.pick(['mvn', 'tst'])} ${R()}, ${R()}, ${r.pick([...SHIFTS, 'ror'])} #${amt()}`];
    default: return [`mov ${R()}, ${R()}`];
  }
};

const EXT = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];
const dpExtended: Gen = (r) => {
  const sf = r.bool();
  const ext = r.pick(EXT);
  const m = ext.endsWith('x') && sf ? x(dr(r)) : w(dr(r));
  const sh = r.int(5);
  const op = r.pick(['add', 'sub', 'adds', 'subs', 'cmp', 'cmn']);
  const plainOp = op === 'add' || op === 'sub';
  const dn = dr(r, !plainOp);
  const d = plainOp && r.int(4) === 0 ? 'sp' : sf ? x(dn) : w(dn);
  const n = sf ? (r.int(3) === 0 ? 'sp' : x(dr(r, false))) : (r.int(3) === 0 ? 'wsp' : w(dr(r, false)));
  const dd = !sf && d === 'sp' ? 'wsp' : d;
  if (op === 'cmp' || op === 'cmn') return [`${op} ${n}, ${m}, ${ext} #${sh}`];
  return [`${op} ${op.endsWith('s') && dd.endsWith('sp') ? (sf ? 'x9' : 'w9') : dd}, ${n}, ${m}, ${ext} #${sh}`];
};

const dpCarry: Gen = (r) => {
  const sf = r.bool();
  const R = (): string => reg(r, sf);
  const out = [];
  if (r.int(3) === 0) out.push(`msr nzcv, ${x(dr(r))}`);
  out.push(r.int(4) === 0 ? `${r.pick(['ngc', 'ngcs'])} ${R()}, ${R()}` : `${r.pick(['adc', 'adcs', 'sbc', 'sbcs'])} ${R()}, ${R()}, ${R()}`);
  return out;
};

const condGroup: Gen = (r) => {
  const sf = r.bool();
  const R = (): string => reg(r, sf);
  const c = r.pick(COND.slice(0, 14));
  switch (r.int(6)) {
    case 0: return [`${r.pick(['csel', 'csinc', 'csinv', 'csneg'])} ${R()}, ${R()}, ${R()}, ${r.pick(COND)}`];
    case 1: return [`${r.pick(['cset', 'csetm'])} ${R()}, ${c}`];
    case 2: return [`${r.pick(['cinc', 'cinv', 'cneg'])} ${R()}, ${R()}, ${c}`];
    case 3: return [`${r.pick(['ccmp', 'ccmn'])} ${R()}, #${r.int(32)}, #${r.int(16)}, ${r.pick(COND)}`];
    case 4: return [`${r.pick(['ccmp', 'ccmn'])} ${R()}, ${R()}, #${r.int(16)}, ${r.pick(COND)}`];
    default: return [`msr nzcv, ${x(dr(r))}`];
  }
};

const bitfield: Gen = (r) => {
  const sf = r.bool();
  const size = sf ? 64 : 32;
  const R = (): string => reg(r, sf);
  switch (r.int(8)) {
    case 0: return [`${r.pick(['ubfm', 'sbfm', 'bfm'])} ${R()}, ${R()}, #${r.int(size)}, #${r.int(size)}`];
    case 1: { const lsb = r.int(size); return [`${r.pick(['ubfx', 'sbfx', 'bfxil'])} ${R()}, ${R()}, #${lsb}, #${r.range(1, size - lsb)}`]; }
    case 2: { const lsb = r.int(size); return [`${r.pick(['ubfiz', 'sbfiz', 'bfi'])} ${R()}, ${R()}, #${lsb}, #${r.range(1, size - lsb)}`]; }
    case 3: return [`${r.pick(['lsl', 'lsr', 'asr', 'ror'])} ${R()}, ${R()}, #${r.pick([0, 1, size - 1, r.int(size)])}`];
    case 4: return [`extr ${R()}, ${R()}, ${R()}, #${r.pick([0, 1, size - 1, r.int(size)])}`];
    case 5: return [`${r.pick(['sxtb', 'sxth', 'uxtb', 'uxth'])} ${sf ? x(dr(r)) : w(dr(r))}, ${w(dr(r))}`.replace(/^uxt([bh]) x/, 'uxt$1 w')];
    case 6: return [`sxtw ${x(dr(r))}, ${w(dr(r))}`];
    default: return [`${r.pick(['sbfm', 'ubfm'])} ${R()}, ${R()}, #${r.int(size)}, #${size - 1}`];
  }
};

const mulDiv: Gen = (r) => {
  const sf = r.bool();
  const R = (): string => reg(r, sf);
  switch (r.int(7)) {
    case 0: return [`${r.pick(['madd', 'msub'])} ${R()}, ${R()}, ${R()}, ${R()}`];
    case 1: return [`${r.pick(['mul', 'mneg'])} ${R()}, ${R()}, ${R()}`];
    case 2: return [`${r.pick(['smaddl', 'umaddl', 'smsubl', 'umsubl'])} ${x(dr(r))}, ${w(dr(r))}, ${w(dr(r))}, ${x(dr(r))}`];
    case 3: return [`${r.pick(['smull', 'umull', 'smnegl', 'umnegl'])} ${x(dr(r))}, ${w(dr(r))}, ${w(dr(r))}`];
    case 4: return [`${r.pick(['smulh', 'umulh'])} ${x(dr(r))}, ${x(dr(r))}, ${x(dr(r))}`];
    default: return [`${r.pick(['udiv', 'sdiv'])} ${R()}, ${R()}, ${R()}`];
  }
};

const dpMisc: Gen = (r) => {
  const sf = r.bool();
  const R = (): string => reg(r, sf);
  switch (r.int(5)) {
    case 0: return [`${r.pick(['rbit', 'rev16', 'rev', 'clz', 'cls'])} ${R()}, ${R()}`];
    case 1: return [`rev32 ${x(dr(r))}, ${x(dr(r))}`];
    case 2: return [`${r.pick(['lslv', 'lsrv', 'asrv', 'rorv'])} ${R()}, ${R()}, ${R()}`];
    case 3: return [`${r.pick(['crc32b', 'crc32h', 'crc32w', 'crc32cb', 'crc32ch', 'crc32cw'])} ${w(dr(r))}, ${w(dr(r))}, ${w(dr(r))}`];
    default: return [`${r.pick(['crc32x', 'crc32cx'])} ${w(dr(r))}, ${w(dr(r))}, ${x(dr(r))}`];
  }
};

/** Base registers x20..x23 point into the data region; x24 small index, w25 small negative. */
const base = (r: Rand, allowSp = false): string => (allowSp && r.int(6) === 0 ? 'sp' : x(20 + r.int(4)));
const ldDst = (r: Rand, sf: boolean): string => (sf ? x(dr(r)) : w(dr(r)));

const loadStore: Gen = (r) => {
  const forms: [string, number, boolean][] = [
    ['ldrb', 0, false], ['ldrh', 1, false], ['ldr', 2, false], ['ldr', 3, true], ['ldrsb', 0, false], ['ldrsb', 0, true],
    ['ldrsh', 1, false], ['ldrsh', 1, true], ['ldrsw', 2, true], ['strb', 0, false], ['strh', 1, false], ['str', 2, false], ['str', 3, true],
  ];
  const [op, sz, sf] = r.pick(forms);
  const t = ldDst(r, sf);
  const b = base(r);
  const unscaled = op.replace(/^ldr/, 'ldur').replace(/^str/, 'stur');
  const unpriv = op.replace(/^ldr/, 'ldtr').replace(/^str/, 'sttr');
  switch (r.int(7)) {
    case 0: return [`${op} ${t}, [${r.bool() ? base(r, true) : b}, #${r.int(64) << sz}]`];
    case 1: return [`${unscaled} ${t}, [${b}, #${r.range(-256, 255)}]`];
    case 2: return [`${op} ${t}, [${b}, #${r.range(-256, 255)}]!`];
    case 3: return [`${op} ${t}, [${b}], #${r.range(-256, 255)}`];
    case 4: {
      const idx = r.pick(['x24', 'w24, uxtw', 'w25, sxtw', 'x24, lsl', 'x24, sxtx']);
      const amount = r.bool() ? ` #${sz}` : '';
      if (idx === 'x24') return [`${op} ${t}, [${b}, x24]`];
      if (idx === 'x24, lsl') return [`${op} ${t}, [${b}, x24, lsl #${sz}]`];
      return [`${op} ${t}, [${b}, ${idx}${amount}]`];
    }
    case 5: return [`${unpriv} ${t}, [${b}, #${r.range(-256, 255)}]`];
    default: return [`prfm ${r.pick(['pldl1keep', 'pstl2strm', 'plil1keep'])}, [${b}, #${r.int(64) * 8}]`];
  }
};

const loadStorePair: Gen = (r) => {
  const kind = r.int(5);
  const sf = kind !== 0 && kind !== 3;
  const sz = sf ? 3 : 2;
  const a = dr(r, false);
  let b2 = dr(r, false);
  if (b2 === a) b2 = (a + 1) % 16;
  const regs = sf ? `${x(a)}, ${x(b2)}` : `${w(a)}, ${w(b2)}`;
  const op = kind === 0 || kind === 1 ? r.pick(['ldp', 'stp', 'ldnp', 'stnp']) : kind === 2 ? r.pick(['ldp', 'stp']) : kind === 3 ? 'ldpsw' : r.pick(['ldp', 'stp']);
  const regs2 = op === 'ldpsw' ? `${x(a)}, ${x(b2)}` : regs;
  const b = base(r);
  const imm = r.range(-64, 63) << sz;
  if (op.endsWith('np')) return [`${op} ${regs2}, [${b}, #${imm}]`];
  if (r.int(5) === 0) return [`${op} ${regs2}, [sp, #${imm}]`];
  switch (r.int(3)) {
    case 0: return [`${op} ${regs2}, [${b}, #${imm}]`];
    case 1: return [`${op} ${regs2}, [${b}, #${imm}]!`];
    default: return [`${op} ${regs2}, [${b}], #${imm}`];
  }
};

const exclusive: Gen = (r) => {
  const b = x(20 + r.int(4));
  const sizes: [string, string, (n: number) => string][] = [['b', 'b', w], ['h', 'h', w], ['', '', w], ['', '', x]];
  const [suf, , R] = r.pick(sizes);
  const t = R(dr(r, false));
  const s = w(16 + r.int(3));
  const acq = r.bool() ? 'a' : '';
  const rel = r.bool() ? 'l' : '';
  switch (r.int(6)) {
    case 0: return [`ld${acq}xr${suf} ${t}, [${b}]`, `add ${t}, ${t}, #1`, `st${rel}xr${suf} ${s}, ${t}, [${b}]`];
    case 1: return ['clrex', `st${rel}xr${suf} ${s}, ${t}, [${b}]`];
    case 2: return [`ld${acq}xr${suf} ${t}, [${b}]`, `st${rel}xr${suf} ${s}, ${t}, [${b === 'x20' ? 'x21' : 'x20'}]`];
    case 3: {
      const p = r.bool();
      const a = dr(r, false), c = (a + 1 + r.int(14)) % 16;
      const rr = p ? `${x(a)}, ${x(c)}` : `${w(a)}, ${w(c)}`;
      return [`ld${acq}xp ${rr}, [${b}]`, `st${rel}xp ${s}, ${rr}, [${b}]`];
    }
    case 4: return [`ldar${suf} ${t}, [${b}]`];
    default: return [`stlr${suf} ${t}, [${b}]`];
  }
};

let labelNo = 0;
const branch: Gen = (r) => {
  const L = `L${labelNo++}`;
  const inc = `add ${x(dr(r, false))}, ${x(dr(r, false))}, #${r.range(1, 9)}`;
  switch (r.int(7)) {
    case 0: return [`cmp ${x(dr(r))}, ${x(dr(r))}`, `b.${r.pick(COND)} ${L}`, inc, `${L}:`];
    case 1: return [`${r.pick(['cbz', 'cbnz'])} ${reg(r, r.bool())}, ${L}`, inc, `${L}:`];
    case 2: return [`${r.pick(['tbz', 'tbnz'])} ${x(dr(r))}, #${r.int(64)}, ${L}`, inc, `${L}:`];
    case 3: return [`${r.pick(['tbz', 'tbnz'])} ${w(dr(r))}, #${r.int(32)}, ${L}`, inc, `${L}:`];
    case 4: return [`bl ${L}f`, `b ${L}e`, `${L}f:`, inc, 'ret', `${L}e:`];
    case 5: return [`adr x17, ${L}`, 'br x17', inc, `${L}:`];
    default: return [`adr x17, ${L}f`, 'blr x17', `b ${L}e`, `${L}f:`, inc, 'ret x30', `${L}e:`];
  }
};

/** Division and multiply-high edge cases: zero divisors, INT_MIN / -1, extreme operands. */
const divEdge: Gen = (r) => {
  const a = dr(r, false), b = dr(r, false), d = dr(r, false);
  const pick = (): bigint => r.pick([0n, 1n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn, 0xffffffffn, 0x80000000n, 0x7fffffffn, 2n]);
  const va = pick(), vb = pick();
  const sf = r.bool();
  const op = r.pick(['sdiv', 'udiv', 'smulh', 'umulh', 'madd', 'smaddl', 'umsubl']);
  const load = [`ldr ${x(a)}, =${hex(va)}`, `ldr ${x(b)}, =${hex(vb)}`];
  if (op === 'smulh' || op === 'umulh') return [...load, `${op} ${x(d)}, ${x(a)}, ${x(b)}`];
  if (op === 'madd') return [...load, `madd ${x(d)}, ${x(a)}, ${x(b)}, ${x(a)}`];
  if (op === 'smaddl' || op === 'umsubl') return [...load, `${op} ${x(d)}, ${w(a)}, ${w(b)}, ${x(b)}`];
  return [...load, `${op} ${sf ? x(d) : w(d)}, ${sf ? x(a) : w(a)}, ${sf ? x(b) : w(b)}`];
};

/** Unaligned accesses, including ones that straddle a 4 KiB page (bases near 0x...ff8). */
const unaligned: Gen = (r) => {
  const b = x(20 + r.int(4));
  const t = x(dr(r, false)), t2 = x((dr(r, false) + 1) % 16);
  switch (r.int(6)) {
    case 0: return [`ldr ${t}, [${b}, #${r.range(-9, 9)}]`.replace('ldr', 'ldur')];
    case 1: return [`stur ${t}, [${b}, #${r.range(-9, 9)}]`];
    case 2: return [`ldur ${w(dr(r, false))}, [${b}, #${r.range(-5, 5)}]`];
    case 3: return [`sturh ${w(dr(r, false))}, [${b}, #${r.range(-3, 3)}]`];
    case 4: return [`ldp ${t}, ${t2 === t ? x(17) : t2}, [${b}, #${r.range(-2, 2) * 8}]`];
    default: return [`stp ${t}, ${t2}, [${b}, #${r.range(-2, 2) * 8}]`];
  }
};

/**
 * Random words of the data-processing classes (immediate and register),
 * kept when the decoder accepts them (decode.test.ts checks that acceptance
 * against Unicorn): every field combination, not just what the assembler
 * spells.
 */
const scratch = new Int32Array(8);
const dpRandom: Gen = (r) => {
  for (;;) {
    const raw = r.bool()
      ? ((((r.u64() & 0xffffffffn) as bigint) & ~(7n << 26n)) | (4n << 26n))
      : ((((r.u64() & 0xffffffffn) as bigint) & ~(7n << 25n)) | (5n << 25n));
    const w = Number(raw) | 0;
    decodeA64(w, scratch, 0);
    if (scratch[1] !== Op.UNDEF && scratch[1] !== Op.FPUNDEF) return [`.inst ${hex(w >>> 0)}`];
  }
};

const GROUPS: Record<string, Gen> = {
  'dp-imm': dpImm, 'dp-shifted': dpShifted, 'dp-extended': dpExtended, 'dp-carry': dpCarry, cond: condGroup,
  bitfield, 'mul-div': mulDiv, 'dp-misc': dpMisc, 'load-store': loadStore, 'load-store-pair': loadStorePair,
  exclusive, branch, 'div-edge': divEdge, unaligned, 'dp-random': dpRandom,
};

/** Streams per group (a second command-line argument overrides it for one-off soak runs). */
const STREAMS_PER_GROUP = Number(process.argv[3] ?? 16);
const INSNS_PER_STREAM = 24;

function makeStream(group: string, gen: Gen, seed: number): DiffStream {
  const r = new Rand(seed);
  const regs: string[] = [];
  for (let i = 0; i < 31; i++) regs.push(value(r).toString(16).padStart(16, '0'));
  const aligned = group === 'exclusive';
  for (let i = 0; i < 4; i++) {
    const off = group === 'unaligned' ? 0x4000 + i * 0x2000 + 0x1000 - r.range(1, 12)
      : 0x4000 + i * 0x2000 + (aligned ? r.int(64) * 16 : r.int(0x800));
    regs[20 + i] = (BigInt(DATA_BASE) + BigInt(off)).toString(16).padStart(16, '0');
  }
  regs[24] = BigInt(r.int(256)).toString(16).padStart(16, '0');
  regs[25] = ((r.u64() & 0xffffffff00000000n) | BigInt((-r.range(1, 255)) >>> 0)).toString(16).padStart(16, '0');
  regs.push((BigInt(DATA_BASE) + 0x8000n).toString(16).padStart(16, '0'));
  const asm: string[] = [];
  while (asm.length < INSNS_PER_STREAM) asm.push(...gen(r));
  const src = ['.arch armv8-a+crc', '.text', '.global _start', '_start:', ...asm, 'b 9f', '.ltorg', '9:', ''].join('\n');
  const code = assemble(src, CODE_BASE);
  return { name: `${group}#${seed}`, asm, code: Buffer.from(code).toString('hex'), seed, regs, nzcv: r.int(16) };
}

function main(): void {
  const only = process.argv[2];
  for (const [group, gen] of Object.entries(GROUPS)) {
    if (only && group !== only) continue;
    const streams: DiffStream[] = [];
    for (let i = 0; i < STREAMS_PER_GROUP; i++) streams.push(makeStream(group, gen, 1000 * (Object.keys(GROUPS).indexOf(group) + 1) + i));
    const dir = mkdtempSync(join(tmpdir(), 'diff-'));
    try {
      writeFileSync(join(dir, 'in.json'), JSON.stringify(streams));
      execFileSync('/usr/bin/python3', [join(here, 'run-unicorn.py'), join(dir, 'in.json'), join(dir, 'out.json')], { stdio: 'inherit' });
      const results = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as DiffResult[];
      const fixture: DiffFixture = {
        group, generator: 'arch/arm/cpu/arm64/testing/gen-diff.ts + run-unicorn.py (Unicorn 2)',
        streams: streams.map((s, i) => ({ ...s, expect: results[i]! })),
      };
      writeFileSync(join(here, '..', 'testdata', `diff-${group}.json`), JSON.stringify(fixture, null, 0) + '\n');
      console.log(`${group}: ${streams.length} streams`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main();
