// The blob reader on corrupt input: each kind of damage gives an FdtError
// naming the offset, and a seeded fuzzer (bit flips, byte stores, header
// field overwrites, truncation) checks that every mutation ends in a tree
// or a typed error, never a hang, a crash or a huge allocation.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFdt, readFdtHeader } from './fdt-read.ts';
import { writeFdt } from './fdt-write.ts';
import { FdtError } from './errors.ts';
import { compileDtsText } from './compile.ts';

const sample = new Uint8Array(readFileSync(join(import.meta.dirname, 'testdata/expected/labels-refs.dtb')));

function patch(blob: Uint8Array, off: number, v: number): Uint8Array {
  const b = blob.slice();
  new DataView(b.buffer).setUint32(off, v >>> 0);
  return b;
}

function failsAt(blob: Uint8Array, re: RegExp): FdtError {
  let err: unknown;
  try {
    readFdt(blob);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(FdtError);
  expect((err as FdtError).message).toMatch(re);
  return err as FdtError;
}

describe('FDT reader', () => {
  it('reads what the writer wrote', () => {
    const t = readFdt(sample);
    expect(t.getNode('serial0')?.path()).toBe('/serial@2000');
    expect(Buffer.from(writeFdt(t)).equals(Buffer.from(sample))).toBe(true);
  });

  it('reads header fields, reserve map and boot cpu', () => {
    const t = compileDtsText('/dts-v1/;\n/memreserve/ 0x1000 0x2000;\n/ { };', 'x.dts', undefined, { bootCpuid: 5 });
    const b = writeFdt(t);
    const h = readFdtHeader(b);
    expect(h.version).toBe(17);
    expect(h.lastCompVersion).toBe(16);
    expect(h.bootCpuidPhys).toBe(5);
    expect(readFdt(b).memreserves).toEqual([{ address: 0x1000n, size: 0x2000n }]);
  });

  it('refuses bad magic, version, sizes and offsets', () => {
    failsAt(patch(sample, 0, 0x12345678), /bad magic 0x12345678/);
    failsAt(patch(sample, 20, 15), /unsupported version 15/);
    failsAt(patch(sample, 4, sample.length + 4), /past the end/);
    failsAt(sample.subarray(0, 20), /too short/);
    failsAt(sample.subarray(0, sample.length - 1), /past the end/);
    failsAt(patch(sample, 8, 0x7ffffff0), /structure block/);
    failsAt(patch(sample, 12, sample.length), /strings block/);
    failsAt(patch(sample, 32, 0xfffffff0), /strings block/);
    failsAt(patch(sample, 36, 0xfffffff0), /structure block/);
    failsAt(patch(sample, 16, 3), /memory reservation block/);
    failsAt(new Uint8Array(0), /too short/);
  });

  it('refuses bad tokens, names and nesting', () => {
    const h = readFdtHeader(sample);
    failsAt(patch(sample, h.offDtStruct, 7), /bad structure token 0x7/);
    failsAt(patch(sample, h.offDtStruct, 2), /END_NODE without a matching BEGIN_NODE/);
    // The first property of the root: token, len, nameoff after BEGIN_NODE "".
    const one = writeFdt(compileDtsText('/dts-v1/;\n/ { a = <1>; n { }; };', 'one.dts', undefined));
    const h1 = readFdtHeader(one);
    failsAt(patch(one, h1.offDtStruct + 12, 0x10000), /property length 65536 runs past/);
    failsAt(patch(one, h1.offDtStruct + 16, h1.sizeDtStrings + 3), /outside the strings block/);
    failsAt(patch(one, h1.offDtStruct + 8, 9), /END inside node \//);
    const s = sample.slice();
    s.fill(0x41, h.offDtStrings, h.offDtStrings + h.sizeDtStrings);
    failsAt(s, /unterminated property name/);
    // No FDT_END: the struct block ends inside the root.
    failsAt(patch(sample, h.offDtStruct + h.sizeDtStruct - 4, 4), /ends in the middle of a token/);
  });

  it('bounds nesting depth', () => {
    let src = '/dts-v1/;\n/ { ';
    for (let i = 0; i < 300; i++) src += `n${i} { `;
    for (let i = 0; i < 300; i++) src += '}; ';
    src += '};';
    const blob = writeFdt(compileDtsText(src, 'deep.dts', undefined));
    failsAt(blob, /nested deeper than 256/);
  });

  it('fuzz: seeded mutations always end in a tree or an FdtError', () => {
    let seed = 0x2545f491;
    const rnd = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    let ok = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const b = sample.slice();
      const kind = rnd(5);
      const count = 1 + rnd(4);
      for (let k = 0; k < count; k++) {
        if (kind === 0) b[rnd(b.length)] ^= 1 << rnd(8);
        else if (kind === 1) b[rnd(b.length)] = rnd(256);
        else if (kind === 2) new DataView(b.buffer).setUint32(rnd(10) * 4, [0, 1, 2, 3, 9, 0xffffffff, rnd(1 << 30), b.length][rnd(8)]);
        else if (kind === 3) new DataView(b.buffer).setUint32((rnd(b.length) & ~3) % (b.length - 3), [1, 2, 3, 4, 9, rnd(1 << 20)][rnd(6)]);
      }
      const input = kind === 4 ? b.subarray(0, rnd(b.length)) : b;
      try {
        const t = readFdt(input);
        writeFdt(t);
        ok++;
      } catch (e) {
        expect(e).toBeInstanceOf(FdtError);
        refused++;
      }
    }
    expect(ok + refused).toBe(3000);
    expect(refused).toBeGreaterThan(100);
    expect(ok).toBeGreaterThan(10);
  });
});
