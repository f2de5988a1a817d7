// Generates the AArch32 differential-test fixtures (../testdata/diff-*.json):
// seeded random instruction streams per instruction group in A32 and T32,
// assembled with Debian's arm-none-eabi-as, run on Unicorn through
// unicorn-runner.py, and recorded with Unicorn's final registers, flags and
// memory. Run: npx tsx arch/arm/cpu/arm32/testing/gen-diff.ts
// The replay test (../cpu-diff.test.ts) needs neither tool.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_BASE, DATA_BASE, SLOT, dataBytes, type DiffCase, type DiffFile } from './diff-layout.ts';

const here = dirname(fileURLToPath(import.meta.url));

let seed = 0x1234567;
function rnd(n: number): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return ((seed >>> 0) % n);
}
function pick<T>(a: readonly T[]): T { return a[rnd(a.length)]!; }

const EDGE = [0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x8000, 0x7fff, 0xffff, 0x10000, 0x80, 0x7f, 0xff, 0xfffffffe, 0x80000001];
function rval(): number {
  const k = rnd(4);
  if (k === 0) return pick(EDGE) | 0;
  if (k === 1) return rnd(64);
  return (rnd(0x10000) | (rnd(0x10000) << 16)) | 0;
}

const DREGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r12', 'lr'];
const LOREGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', ''];
const r = (): string => pick(DREGS);

function a32Imm(): string {
  const v = rnd(256), rot = rnd(16) * 2;
  return `#${((v >>> rot) | (v << (32 - rot))) >>> 0}`;
}
function t32Imm(): string {
  const v = rnd(256);
  switch (rnd(5)) {
    case 0: return `#${v}`;
    case 1: return `#${(v * 0x10001) >>> 0}`;
    case 2: return `#${(v * 0x1000100) >>> 0}`;
    case 3: return `#${(v * 0x1010101) >>> 0}`;
    default: return `#${(((v | 0x80) << rnd(24)) >>> 0)}`;
  }
}
function shiftOp(thumb: boolean, allowRegShift: boolean): string {
  const rm = r();
  switch (rnd(7)) {
    case 0: return rm;
    case 1: return `${rm}, lsl #${rnd(32)}`;
    case 2: return `${rm}, lsr #${1 + rnd(32)}`;
    case 3: return `${rm}, asr #${1 + rnd(32)}`;
    case 4: return `${rm}, ror #${1 + rnd(31)}`;
    case 5: return `${rm}, rrx`;
    default: return allowRegShift && !thumb ? `${rm}, ${pick(['lsl', 'lsr', 'asr', 'ror'])} ${r()}` : `${rm}, lsl #${rnd(32)}`;
  }
}

type Gen = (thumb: boolean) => string[];

const dp: Gen = (thumb) => {
  const ops = thumb ? ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'orr', 'bic', 'orn'] : ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'orr', 'bic'];
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    const k = rnd(10);
    const s = rnd(2) ? 's' : '';
    const cond = thumb ? '' : pick(CONDS);
    if (k < 6) out.push(`${pick(ops)}${s}${cond} ${r()}, ${r()}, ${rnd(3) === 0 ? (thumb ? t32Imm() : a32Imm()) : shiftOp(thumb, true)}`);
    else if (k < 8) out.push(`${pick(['mov', 'mvn'])}${s}${cond} ${r()}, ${rnd(3) === 0 ? (thumb ? t32Imm() : a32Imm()) : shiftOp(thumb, true)}`);
    else if (k < 9) out.push(`${pick(['tst', 'teq', 'cmp', 'cmn'])}${cond} ${r()}, ${rnd(2) ? (thumb ? t32Imm() : a32Imm()) : shiftOp(thumb, true)}`);
    else {
      // Shift by register with the edge amounts 0, 32 and above 32 (only the bottom byte counts).
      const rs = pick(['r6', 'r7']);
      out.push(`mov ${rs}, #${pick([0, 1, 31, 32, 33, 64, 255, 256])}`);
      out.push(thumb || rnd(2) ? `${pick(['lsl', 'lsr', 'asr', 'ror'])}${s}${cond} ${r()}, ${r()}, ${rs}`
        : `${pick(['add', 'eor', 'mov', 'mvn', 'adc', 'sbc', 'rsb'])}${s}${cond} ${r()}, ${r()}, ${r()}, ${pick(['lsl', 'lsr', 'asr', 'ror'])} ${rs}`.replace(/^(mov|mvn)(\S*) (\S+), \S+, /, '$1$2 $3, '));
    }
  }
  return out;
};

const mul: Gen = (thumb) => {
  const out: string[] = [];
  const cond = (): string => (thumb ? '' : pick(CONDS));
  for (let i = 0; i < 6; i++) {
    const a = r(), b = r(), c = r(), d = r();
    let lo = r(), hi = r();
    while (hi === lo) hi = r();
    switch (rnd(16)) {
      case 0: out.push(`mul${thumb ? '' : pick(['', 's'])}${cond()} ${a}, ${b}, ${c}`); break;
      case 1: out.push(`mla${thumb ? '' : pick(['', 's'])}${cond()} ${a}, ${b}, ${c}, ${d}`); break;
      case 2: out.push(`mls${cond()} ${a}, ${b}, ${c}, ${d}`); break;
      case 3: out.push(`${pick(['umull', 'umlal', 'smull', 'smlal'])}${thumb ? '' : pick(['', 's'])}${cond()} ${lo}, ${hi}, ${c}, ${d}`); break;
      case 4: out.push(`umaal${cond()} ${lo}, ${hi}, ${c}, ${d}`); break;
      case 5: out.push(`smla${pick(['bb', 'bt', 'tb', 'tt'])}${cond()} ${a}, ${b}, ${c}, ${d}`); break;
      case 6: out.push(`smul${pick(['bb', 'bt', 'tb', 'tt'])}${cond()} ${a}, ${b}, ${c}`); break;
      case 7: out.push(`smulw${pick(['b', 't'])}${cond()} ${a}, ${b}, ${c}`); break;
      case 8: out.push(`smlaw${pick(['b', 't'])}${cond()} ${a}, ${b}, ${c}, ${d}`); break;
      case 9: out.push(`smlal${pick(['bb', 'bt', 'tb', 'tt'])}${cond()} ${lo}, ${hi}, ${c}, ${d}`); break;
      case 10: out.push(`${pick(['smlad', 'smladx', 'smlsd', 'smlsdx'])}${cond()} ${a}, ${b}, ${c}, ${d}`); break;
      case 11: out.push(`${pick(['smuad', 'smuadx', 'smusd', 'smusdx'])}${cond()} ${a}, ${b}, ${c}`); break;
      case 12: out.push(`${pick(['smlald', 'smlaldx', 'smlsld', 'smlsldx'])}${cond()} ${lo}, ${hi}, ${c}, ${d}`); break;
      case 13: out.push(`${pick(['smmul', 'smmulr'])}${cond()} ${a}, ${b}, ${c}`); break;
      case 14: out.push(`${pick(['smmla', 'smmlar', 'smmls', 'smmlsr'])}${cond()} ${a}, ${b}, ${c}, ${d}`); break;
      default: out.push(`${pick(['usad8', 'clz'])}${cond()} ${a}, ${b}${rnd(2) ? '' : ''}`.replace(/clz(\w*) (\w+), (\w+)$/, 'clz$1 $2, $3').replace(/usad8(\w*) (\w+), (\w+)$/, `usad8$1 $2, $3, ${c}`)); break;
    }
  }
  return out;
};

// ARMv5TE multiplies and saturating arithmetic.
const mul5: Gen = () => {
  const out: string[] = [];
  for (let i = 0; i < 6; i++) {
    let lo = r(), hi = r();
    while (hi === lo) hi = r();
    switch (rnd(7)) {
      case 0: out.push(`${pick(['mul', 'muls'])}${pick(CONDS)} ${r()}, ${r()}, ${r()}`, `${pick(['mla', 'mlas'])} ${r()}, ${r()}, ${r()}, ${r()}`); break;
      case 1: out.push(`${pick(['umull', 'umlal', 'smull', 'smlal', 'umulls', 'smlals'])} ${lo}, ${hi}, ${r()}, ${r()}`); break;
      case 2: out.push(`smla${pick(['bb', 'bt', 'tb', 'tt'])} ${r()}, ${r()}, ${r()}, ${r()}`, `smul${pick(['bb', 'tt'])} ${r()}, ${r()}, ${r()}`); break;
      case 3: out.push(`smlaw${pick(['b', 't'])} ${r()}, ${r()}, ${r()}, ${r()}`, `smulw${pick(['b', 't'])} ${r()}, ${r()}, ${r()}`); break;
      case 4: out.push(`smlal${pick(['bb', 'bt', 'tb', 'tt'])} ${lo}, ${hi}, ${r()}, ${r()}`); break;
      case 5: out.push(`${pick(['qadd', 'qsub', 'qdadd', 'qdsub'])} ${r()}, ${r()}, ${r()}`); break;
      default: out.push(`clz ${r()}, ${r()}`); break;
    }
  }
  return out;
};

const sat: Gen = (thumb) => {
  const out: string[] = [];
  const cond = (): string => (thumb ? '' : pick(CONDS));
  for (let i = 0; i < 6; i++) {
    switch (rnd(6)) {
      case 0: out.push(`${pick(['qadd', 'qsub', 'qdadd', 'qdsub'])}${cond()} ${r()}, ${r()}, ${r()}`); break;
      case 1: out.push(`ssat${cond()} ${r()}, #${1 + rnd(32)}, ${r()}${pick(['', `, lsl #${rnd(32)}`, `, asr #${1 + rnd(31)}`])}`); break;
      case 2: out.push(`usat${cond()} ${r()}, #${rnd(32)}, ${r()}${pick(['', `, lsl #${rnd(32)}`, `, asr #${1 + rnd(31)}`])}`); break;
      case 3: out.push(`ssat16${cond()} ${r()}, #${1 + rnd(16)}, ${r()}`); break;
      case 4: out.push(`usat16${cond()} ${r()}, #${rnd(16)}, ${r()}`); break;
      default: out.push(`${pick(['qadd16', 'qsub8', 'uqadd8', 'uqsub16', 'qasx', 'uqsax'])}${cond()} ${r()}, ${r()}, ${r()}`); break;
    }
  }
  return out;
};

const media: Gen = (thumb) => {
  const out: string[] = [];
  const cond = (): string => (thumb ? '' : pick(CONDS));
  const pre = ['s', 'q', 'sh', 'u', 'uq', 'uh'], pop = ['add16', 'asx', 'sax', 'sub16', 'add8', 'sub8'];
  for (let i = 0; i < 7; i++) {
    switch (rnd(9)) {
      case 0: case 1: out.push(`${pick(pre)}${pick(pop)}${cond()} ${r()}, ${r()}, ${r()}`); break;
      case 2: out.push(rnd(2) ? `pkhbt${cond()} ${r()}, ${r()}, ${r()}, lsl #${rnd(32)}` : `pkhtb${cond()} ${r()}, ${r()}, ${r()}, asr #${1 + rnd(32)}`); break;
      case 3: out.push(`${pick(['rev', 'rev16', 'revsh', 'rbit', 'clz'])}${cond()} ${r()}, ${r()}`); break;
      case 4: out.push(`${pick(['sxtb', 'sxth', 'uxtb', 'uxth', 'sxtb16', 'uxtb16'])}${cond()} ${r()}, ${r()}, ror #${pick([0, 8, 16, 24])}`); break;
      case 5: out.push(`${pick(['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16'])}${cond()} ${r()}, ${r()}, ${r()}, ror #${pick([0, 8, 16, 24])}`); break;
      case 6: out.push(`sadd8 r0, r1, r2`, `sel${cond()} ${r()}, ${r()}, ${r()}`); break;
      case 7: { const lsb = rnd(32), w = 1 + rnd(32 - lsb); out.push(`${pick(['bfi', 'sbfx', 'ubfx'])}${cond()} ${r()}, ${r()}, #${lsb}, #${w}`, `bfc${cond()} ${r()}, #${lsb}, #${w}`); break; }
      default: out.push(`movw${cond()} ${r()}, #${rnd(65536)}`, `movt${cond()} ${r()}, #${rnd(65536)}`); break;
    }
  }
  return out;
};

const div: Gen = () => {
  const out: string[] = [];
  for (let i = 0; i < 4; i++) out.push(`${pick(['sdiv', 'udiv'])} ${r()}, ${r()}, ${r()}`);
  out.push('mov r6, #0', `sdiv r0, r1, r6`, `udiv r2, r3, r6`, 'mov r4, #0x80000000', 'mvn r5, #0', 'sdiv r7, r4, r5');
  return out;
};

// Loads and stores: bases r8-r11 point into the data area (set by the case setup).
const BASES = ['r8', 'r9', 'r10', 'r11'];
const ldst: Gen = (thumb) => {
  const out: string[] = [];
  const cond = (): string => (thumb ? '' : pick(CONDS));
  const data = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
  for (let i = 0; i < 8; i++) {
    const b = pick(BASES), t = pick(data);
    const off = rnd(64) * 4;
    const sign = rnd(2) ? '-' : '';
    switch (rnd(9)) {
      case 0: out.push(`${pick(['ldr', 'str', 'ldrb', 'strb'])}${cond()} ${t}, [${b}, #${sign}${off + (rnd(4) === 0 ? rnd(4) : 0)}]`); break;
      case 1: out.push(`${pick(['ldr', 'str', 'ldrb', 'strb'])}${cond()} ${t}, [${b}, #${sign}${rnd(32) * 4}]!`); break;
      case 2: out.push(`${pick(['ldr', 'str', 'ldrb', 'strb'])}${cond()} ${t}, [${b}], #${sign}${rnd(32) * 4}`); break;
      case 3: out.push(`and r12, ${pick(data)}, #0x3c`, `${pick(['ldr', 'str', 'ldrb', 'strb'])}${cond()} ${t}, [${b}, ${thumb ? '' : pick(['', '-'])}r12${thumb ? `, lsl #${rnd(4)}` : pick(['', ', lsl #2', ', lsr #1', ', asr #2', ', ror #0'])}]`); break;
      case 4: out.push(`${pick(['ldrh', 'strh', 'ldrsb', 'ldrsh'])}${cond()} ${t}, [${b}, #${sign}${rnd(128) * 2}]`); break;
      case 5: out.push(`${pick(['ldrh', 'strh', 'ldrsb', 'ldrsh'])}${cond()} ${t}, [${b}], #${sign}${rnd(32) * 4}`); break;
      case 6: { const e = pick([0, 2, 4, 6]); out.push(`${pick(['ldrd', 'strd'])}${cond()} r${e}, r${e + 1}, [${b}, #${sign}${rnd(32) * 8}]${pick(['', '!'])}`); break; }
      case 7: {
        const regs = data.filter(() => rnd(2)).join(', ') || 'r0';
        out.push(`${pick(thumb ? ['ldmia', 'stmia', 'ldmdb', 'stmdb'] : ['ldmia', 'stmia', 'ldmdb', 'stmdb', 'ldmib', 'stmib', 'ldmda', 'stmda'])}${cond()} ${b}${pick(['', '!'])}, {${regs}}`);
        break;
      }
      default: out.push(`push {${data.filter(() => rnd(2)).join(', ') || 'r3'}}`, `pop {${data.filter(() => rnd(2)).join(', ') || 'r4'}}`); break;
    }
  }
  return out;
};

const excl: Gen = () => {
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const b = pick(BASES), w = pick([['ldrex', 'strex', 4], ['ldrexb', 'strexb', 1], ['ldrexh', 'strexh', 2], ['ldrexd', 'strexd', 8]] as const);
    if (w[2] === 8) out.push(`${w[0]} r0, r1, [${b}]`, `add r0, r0, #1`, `${w[1]} r6, r2, r3, [${b}]`, `${w[1]} r7, r4, r5, [${b}]`);
    else out.push(`${w[0]} r0, [${b}]`, `add r0, r0, #3`, `${w[1]} r6, r0, [${b}]`, `${w[1]} r7, r1, [${b}]`);
    out.push('clrex', `${w[0] === 'ldrexd' ? 'ldrexd r2, r3' : w[0] + ' r2'}, [${b}]`, `clrex`, `${w[1] === 'strexd' ? 'strexd r1, r4, r5' : w[1] + ' r1, r5'}, [${b}]`);
  }
  return out;
};

const branch: Gen = (thumb) => {
  const out: string[] = [];
  for (let i = 0; i < 5; i++) {
    const c = pick(CONDS.slice(0, 14));
    out.push(`cmp ${r()}, ${r()}`, `b${c} ${i}f`, `add r0, r0, #${1 + rnd(100)}`, `eor r1, r1, r2`, `${i}:`);
  }
  out.push('bl 20f', 'b 21f', '20: add r2, r2, #7', 'bx lr', '21:');
  if (thumb) out.push('adr r3, 22f', 'bx r3', '.arm', '22: add r4, r4, #1', 'adr r3, 23f + 1', 'bx r3', '.thumb', '23: add r5, r5, #1');
  else out.push('adr r3, 22f + 1', 'bx r3', '.thumb', '22: add r4, r4, #1', 'add r3, pc, #4', 'bx r3', 'nop', '.arm', '23: add r5, r5, #1');
  if (thumb) out.push('cbz r6, 24f', 'add r7, r7, #1', '24:', 'cbnz r6, 25f', 'add r7, r7, #2', '25:');
  return out;
};

const itblocks: Gen = () => {
  const out: string[] = [];
  for (let i = 0; i < 5; i++) {
    const c = pick(CONDS.slice(0, 14));
    const inv: Record<string, string> = { eq: 'ne', ne: 'eq', cs: 'cc', cc: 'cs', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs', hi: 'ls', ls: 'hi', ge: 'lt', lt: 'ge', gt: 'le', le: 'gt' };
    const n = 1 + rnd(4);
    let pat = '', conds = [c];
    for (let k = 1; k < n; k++) { const t = rnd(2); pat += t ? 't' : 'e'; conds.push(t ? c : inv[c]!); }
    out.push(`cmp ${r()}, ${r()}`, `it${pat} ${c}`);
    for (const cc of conds) {
      out.push(pick([`add${cc} ${pick(LOREGS)}, ${pick(LOREGS)}, ${pick(LOREGS)}`, `adds${cc} ${r()}, ${r()}, #${rnd(200)}`, `mov${cc} ${pick(LOREGS)}, #${rnd(256)}`,
        `lsl${cc} ${pick(LOREGS)}, ${pick(LOREGS)}, #${rnd(31)}`, `eor${cc} ${r()}, ${r()}, ${r()}`, `subs${cc} ${r()}, ${r()}, ${r()}`]));
    }
  }
  return out;
};

// Thumb-1 (16-bit encodings only): every ARMv5TE..ARMv7 model runs it.
const T1REGS = ['r0', 'r1', 'r2', 'r3', 'r6', 'r7'];
const thumb1: Gen = () => {
  const out: string[] = [];
  const lo = (): string => pick(T1REGS);
  const base = (): string => pick(['r4', 'r5']);
  for (let i = 0; i < 10; i++) {
    switch (rnd(13)) {
      case 0: out.push(`${pick(['adds', 'subs'])} ${lo()}, ${lo()}, ${rnd(2) ? lo() : `#${rnd(8)}`}`); break;
      case 1: out.push(`${pick(['movs', 'cmp', 'adds', 'subs'])} ${lo()}, #${rnd(256)}`); break;
      case 2: out.push(`${pick(['lsls', 'lsrs', 'asrs'])} ${lo()}, ${lo()}, #${rnd(32) || 1}`); break;
      case 3: case 4: out.push(`${pick(['ands', 'eors', 'lsls', 'lsrs', 'asrs', 'adcs', 'sbcs', 'rors', 'tst', 'cmp', 'cmn', 'orrs', 'bics', 'mvns'])} ${lo()}, ${lo()}`); break;
      case 5: { const d = lo(); out.push(`muls ${d}, ${lo()}, ${d}`, `rsbs ${lo()}, ${lo()}, #0`); break; }
      case 6: out.push(`${pick(['add', 'mov'])} ${pick(['r8', 'r12', 'lr'])}, ${pick(['r12', 'lr', ...T1REGS])}`, `${pick(['add', 'mov'])} ${lo()}, ${pick(['r8', 'r12', 'lr'])}`, `cmp ${lo()}, ${pick(['r12', 'lr'])}`); break;
      case 7: out.push(`${pick(['ldr', 'str'])} ${lo()}, [${base()}, #${rnd(32) * 4}]`, `${pick(['ldrb', 'strb'])} ${lo()}, [${base()}, #${rnd(32)}]`, `${pick(['ldrh', 'strh'])} ${lo()}, [${base()}, #${rnd(32) * 2}]`); break;
      case 8: out.push(`ands r6, r${rnd(4)}`, `movs r7, #60`, `ands r6, r7`, `${pick(['ldr', 'str', 'ldrb', 'strb', 'ldrh', 'strh', 'ldrsb', 'ldrsh'])} ${pick(['r0', 'r1', 'r2', 'r3'])}, [${base()}, r6]`); break;
      case 9: out.push(`push {${T1REGS.filter(() => rnd(2)).join(', ') || 'r0'}${rnd(2) ? ', lr' : ''}}`, `pop {${['r0', 'r1', 'r2', 'r3'].filter(() => rnd(2)).join(', ') || 'r1'}}`); break;
      case 10: out.push(`${pick(['ldr', 'str'])} ${lo()}, [sp, #${rnd(16) * 4}]`, `add ${lo()}, sp, #${rnd(64) * 4}`); break;
      case 11: out.push(`stmia r5!, {r0, r1}`, `subs r5, #8`, `ldmia r5!, {${['r0', 'r1', 'r2', 'r3'].filter(() => rnd(2)).join(', ') || 'r2'}}`); break;
      default: // BL and BLX (to ARM) pairs, and BX back
        out.push(`bl 81f`, `b 82f`, `81: adds r0, #${rnd(100)}`, `bx lr`, `82:`,
          `blx 83f`, `b 84f`, `.align 2`, `.arm`, `83: add r1, r1, #${rnd(100)}`, `bx lr`, `.thumb`, `84:`);
        break;
    }
  }
  return out;
};

// ARMv6 media and multiplies only (no ARMv6T2/ARMv7 additions).
const media6: Gen = () => {
  const out: string[] = [];
  const cond = (): string => pick(CONDS);
  const pre = ['s', 'q', 'sh', 'u', 'uq', 'uh'], pop = ['add16', 'asx', 'sax', 'sub16', 'add8', 'sub8'];
  for (let i = 0; i < 8; i++) {
    switch (rnd(8)) {
      case 0: case 1: out.push(`${pick(pre)}${pick(pop)}${cond()} ${r()}, ${r()}, ${r()}`); break;
      case 2: out.push(rnd(2) ? `pkhbt${cond()} ${r()}, ${r()}, ${r()}, lsl #${rnd(32)}` : `pkhtb${cond()} ${r()}, ${r()}, ${r()}, asr #${1 + rnd(32)}`); break;
      case 3: out.push(`${pick(['rev', 'rev16', 'revsh', 'clz'])}${cond()} ${r()}, ${r()}`); break;
      case 4: out.push(rnd(2) ? `${pick(['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16'])}${cond()} ${r()}, ${r()}, ${r()}, ror #${pick([0, 8, 16, 24])}`
        : `${pick(['sxtb', 'uxth', 'sxtb16', 'uxtb'])}${cond()} ${r()}, ${r()}, ror #${pick([0, 8, 16, 24])}`); break;
      case 5: out.push(`sadd8 r0, r1, r2`, `sel${cond()} ${r()}, ${r()}, ${r()}`, `usada8 ${r()}, ${r()}, ${r()}, ${r()}`); break;
      case 6: out.push(rnd(2) ? `${pick(['smlad', 'smlsdx'])} ${r()}, ${r()}, ${r()}, ${r()}` : `${pick(['smuad', 'smusd'])} ${r()}, ${r()}, ${r()}`, `${pick(['smmul', 'smmulr'])} ${r()}, ${r()}, ${r()}`); break;
      default: { let lo = r(), hi = r(); while (hi === lo) hi = r(); out.push(`${pick(['umaal', 'smlald', 'smlsldx'])} ${lo}, ${hi}, ${r()}, ${r()}`, `${pick(['ssat', 'usat'])} ${r()}, #${1 + rnd(31)}, ${r()}, asr #${1 + rnd(31)}`, `ssat16 ${r()}, #${1 + rnd(16)}, ${r()}`); break; }
    }
  }
  return out;
};

interface Group { name: string; gen: Gen; isa: ('arm' | 'thumb')[]; ref: string; models: string[]; march: string; n: number }

const V7_ALL = ['cortex-a8', 'cortex-a9', 'cortex-a15', 'cortex-a7', 'armv7a-generic'];
const V6_UP = ['arm11mpcore', ...V7_ALL];
const V5_UP = ['arm926ej-s', ...V6_UP];
const GROUPS: Group[] = [
  { name: 'dp-v5', gen: dp, isa: ['arm'], ref: '926', models: V5_UP, march: 'armv5te', n: 60 },
  { name: 'mul-v5', gen: mul5, isa: ['arm'], ref: '926', models: V5_UP, march: 'armv5te', n: 40 },
  { name: 'thumb1', gen: thumb1, isa: ['thumb'], ref: '926', models: V5_UP, march: 'armv5te', n: 60 },
  { name: 'media-v6', gen: media6, isa: ['arm'], ref: '11MPCORE', models: V6_UP, march: 'armv6k', n: 50 },
  { name: 'dp', gen: dp, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 60 },
  { name: 'mul', gen: mul, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 50 },
  { name: 'sat', gen: sat, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 40 },
  { name: 'media', gen: media, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 50 },
  { name: 'div', gen: div, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: ['cortex-a15', 'cortex-a7', 'armv7a-generic'], march: 'armv7ve', n: 20 },
  { name: 'ldst', gen: ldst, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 60 },
  { name: 'excl', gen: excl, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 15 },
  { name: 'branch', gen: branch, isa: ['arm', 'thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 20 },
  { name: 'it', gen: itblocks, isa: ['thumb'], ref: 'CORTEX_A15', models: V7_ALL, march: 'armv7-a', n: 40 },
];

function assemble(cases: string[][], thumb: boolean, march: string): { code: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'a32diff-'));
  let src = `.syntax unified\n${thumb ? '.thumb' : '.arm'}\n.text\n`;
  cases.forEach((lines, i) => {
    src += `.org ${i * SLOT}\ncase_${i}:\n${thumb ? '.thumb' : '.arm'}\n${lines.join('\n')}\n${thumb ? '.thumb' : '.arm'}\ncase_${i}_end:\n`;
  });
  writeFileSync(join(dir, 'c.S'), src);
  execFileSync('arm-none-eabi-as', [`-march=${march}`, '-o', join(dir, 'c.o'), join(dir, 'c.S')], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('arm-none-eabi-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'c.o'), join(dir, 'c.bin')]);
  const nm = execFileSync('arm-none-eabi-nm', [join(dir, 'c.o')]).toString();
  const sym = new Map<string, number>();
  for (const l of nm.split('\n')) { const m = /^([0-9a-f]+) \w (\S+)$/.exec(l); if (m) sym.set(m[2]!, parseInt(m[1]!, 16)); }
  const bin = readFileSync(join(dir, 'c.bin'));
  return {
    code: cases.map((_, i) => {
      const s = sym.get(`case_${i}`)!, e = sym.get(`case_${i}_end`)!;
      return Buffer.from(bin.subarray(s, e)).toString('hex');
    }),
  };
}

function main(): void {
  for (const g of GROUPS) {
    for (const isa of g.isa) {
      const thumb = isa === 'thumb';
      seed = (0x9e3779b9 ^ (g.name.length * 7919) ^ (thumb ? 0x5555 : 0)) | 0;
      for (const ch of g.name) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
      const lines: string[][] = [];
      for (let i = 0; i < g.n; i++) lines.push(g.gen(thumb));
      const { code } = assemble(lines, thumb, g.march);
      const input = lines.map((asm, i) => {
        const regs: number[] = [];
        for (let k = 0; k < 15; k++) regs.push(rval() >>> 0);
        for (const k of [8, 9, 10, 11]) regs[k] = DATA_BASE + 0x600 + rnd(64) * 8;
        if (g.name === 'thumb1') for (const k of [4, 5]) regs[k] = DATA_BASE + 0x600 + rnd(64) * 8;
        regs[13] = DATA_BASE + 0xe00;
        const flags = (rnd(16) << 28) | (rnd(16) << 16);
        const memSeed = (rnd(0x7fffffff) + 1) | 0;
        return { asm, code: code[i]!, thumb, regs, cpsr: (flags | 0x1d3) >>> 0, memSeed, data: Buffer.from(dataBytes(memSeed)).toString('hex') };
      });
      const res = JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'unicorn-runner.py')], {
        input: JSON.stringify({ cpu: g.ref, cases: input }), maxBuffer: 1 << 28,
      }).toString()) as ({ regs: number[]; flags: number; mem: [number, number][] } | { error: string })[];
      const cases: DiffCase[] = [];
      res.forEach((r, i) => {
        const c = input[i]!;
        if ('error' in r) { console.warn(`${g.name}/${isa} case ${i}: reference error ${r.error}; dropped`); return; }
        cases.push({
          name: `${g.name}-${isa}-${i}`, thumb, code: c.code, regs: c.regs, cpsr: c.cpsr, memSeed: c.memSeed,
          outRegs: r.regs, outFlags: r.flags >>> 0, outMem: r.mem, asm: c.asm,
        });
      });
      const file: DiffFile = { group: `${g.name}-${isa}`, refCpu: g.ref, models: g.models, cases };
      writeFileSync(join(here, '..', 'testdata', `diff-${g.name}-${isa}.json`), JSON.stringify(file, null, 0) + '\n');
      console.log(`${g.name}/${isa}: ${cases.length} cases`);
    }
  }
  void CODE_BASE;
}

main();
