// Instructions a model lacks are UNDEFINED on it (ARM DDI 0406C.d A1.3 /
// D12 feature lists; per-core TRMs for SDIV/UDIV, SMC and HVC), checked on
// the decoders for every model, plus a run-time check that the undefined
// encodings really take the Undefined Instruction exception.

import { describe, it, expect } from 'vitest';
import { decodeA32 } from './a32-decode.ts';
import { decodeT16, decodeT32 } from './t32-decode.ts';
import { Op, DEC_STRIDE, F_OP } from './ops.ts';
import { ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC } from './feature-tables.ts';
import type { Arm32Features } from './features.ts';
import { runSys } from './testing/sys-harness.ts';

const ALL = [ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC];
const V6 = ALL.slice(1), V7 = ALL.slice(2), DIV = [CORTEX_A15, CORTEX_A7, ARMV7_GENERIC];

const A32: [string, number, Arm32Features[]][] = [
  ['CLZ', 0xe16f0f11, ALL], ['QADD', 0xe1020051, ALL], ['SMLABB', 0xe1003281, ALL], ['LDRD', 0xe1c120d0, ALL],
  ['REV', 0xe6bf0f31, V6], ['SXTB', 0xe6af0071, V6], ['LDREX', 0xe1910f9f, V6], ['UMAAL', 0xe0410392, V6],
  ['SADD16', 0xe6110f12, V6], ['CPSID i', 0xf10c0080 | 0, V6], ['SETEND be', 0xf1010200 | 0, V6],
  ['LDREXB', 0xe1d10f9f, V6], ['SEV', 0xe320f004, V6], ['WFI', 0xe320f003, V6],
  ['MOVW', 0xe3000001, V7], ['MOVT', 0xe3400001, V7], ['BFI', 0xe7c30011, V7], ['UBFX', 0xe7e30051, V7],
  ['RBIT', 0xe6ff0f31, V7], ['MLS', 0xe0602190, V7], ['DMB', 0xf57ff05f | 0, V7], ['PLI', 0xf4d1f000 | 0, V7],
  ['SDIV', 0xe710f211, DIV], ['UDIV', 0xe730f211, DIV],
  ['SMC', 0xe1600070, [CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC]],
  ['HVC', 0xe1400070, DIV],
];

const T16: [string, number, Arm32Features[]][] = [
  ['ADDS', 0x1888, ALL], ['BLX r1', 0x4788, ALL], ['BKPT', 0xbe00, ALL],
  ['REV', 0xba08, V6], ['SXTB', 0xb248, V6], ['CPSID i', 0xb672, V6],
  ['CBZ', 0xb100, V7], ['IT eq', 0xbf08, V7], ['WFI', 0xbf30, V7],
  // Thumb-1 BL/BLX halves are 16-bit instructions only before Thumb-2.
  ['BL prefix', 0xf000, [ARM926EJS, ARM11MPCORE]], ['BL suffix', 0xf800, [ARM926EJS, ARM11MPCORE]], ['BLX suffix', 0xe800, [ARM926EJS, ARM11MPCORE]],
];

const T32: [string, number, number, Arm32Features[]][] = [
  ['BL', 0xf000, 0xf800, V7],
  ['MOVW', 0xf240, 0x0001, V7], ['ADD.W', 0xeb01, 0x0002, V7], ['LDREX', 0xe851, 0x0f00, V7], ['TBB', 0xe8d1, 0xf002, V7],
  ['SDIV', 0xfb91, 0xf0f2, DIV], ['UDIV', 0xfbb1, 0xf0f2, DIV],
];

const D = new Int32Array(DEC_STRIDE);

describe('instructions per model', () => {
  for (const [name, w, have] of A32) {
    it(`A32 ${name} is defined exactly on ${have.map((f) => f.name).join(', ')}`, () => {
      for (const f of ALL) {
        decodeA32(w, f, D, 0);
        expect(D[F_OP] !== Op.Undef, `${name} on ${f.name}`).toBe(have.includes(f));
      }
    });
  }
  for (const [name, hw, have] of T16) {
    it(`T16 ${name} is defined exactly on ${have.map((f) => f.name).join(', ')}`, () => {
      for (const f of ALL) {
        decodeT16(hw, f, D, 0);
        expect(D[F_OP] !== Op.Undef, `${name} on ${f.name}`).toBe(have.includes(f));
      }
    });
  }
  for (const [name, hw1, hw2, have] of T32) {
    it(`T32 ${name} is defined exactly on ${have.map((f) => f.name).join(', ')}`, () => {
      for (const f of ALL) {
        decodeT32(hw1, hw2, f, D, 0);
        expect(D[F_OP] !== Op.Undef, `${name} on ${f.name}`).toBe(have.includes(f));
      }
    });
  }
});

/** A tiny ARM program: vectors, then the instruction under test; the UND vector writes 0x55 to EXIT. */
function program(insn: number): Uint8Array {
  const words = [
    0xea000006, // b reset (0x20)
    0xea00000a, // b und (0x34)
    0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe,
    insn, // 0x20: under test
    0xe3a00000, // mov r0, #0
    0xe59f1010, // ldr r1, [pc, #16] -> EXIT at 0x40
    0xe5810000, // str r0, [r1]
    0xeafffffe, // b .
    0xe3a00055, // 0x34 und: mov r0, #0x55
    0xe59f1000, // ldr r1, [pc, #0]
    0xe5810000, // str r0, [r1]
    0x1c090004, // 0x40: EXIT
  ];
  return new Uint8Array(Uint32Array.from(words, (w) => w >>> 0).buffer);
}

describe('missing instructions trap at run time', () => {
  it('SDIV takes the Undefined Instruction exception on Cortex-A9 and runs on Cortex-A15', () => {
    expect(runSys(CORTEX_A9, program(0xe710f211)).exit).toBe(0x55);
    expect(runSys(CORTEX_A15, program(0xe710f211)).exit).toBe(0);
  });
  it('MOVW is UNDEFINED on ARM926EJ-S and ARM11 MPCore', () => {
    expect(runSys(ARM926EJS, program(0xe3000001)).exit).toBe(0x55);
    expect(runSys(ARM11MPCORE, program(0xe3000001)).exit).toBe(0x55);
    expect(runSys(CORTEX_A8, program(0xe3000001)).exit).toBe(0);
  });
  it('SMC is UNDEFINED without the Security Extensions, HVC without the Virtualization Extensions', () => {
    expect(runSys(ARM926EJS, program(0xe1600070)).exit).toBe(0x55);
    expect(runSys(CORTEX_A9, program(0xe1400070)).exit).toBe(0x55);
  });
});
