// Decoder versus Unicorn on random words of every A64 encoding class
// (testdata/decode-fuzz.json from testing/gen-decode-fuzz.py): a word Unicorn
// executes must decode to an operation, and a word it rejects must decode to
// UNDEF, except where the difference is expected: SIMD&FP encodings (the
// next issue's; decoded as FPUNDEF) and exception-generating or system
// instructions, which decode fine here and raise their exception when run.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeA64, DECODE_STRIDE } from './decode.ts';
import { Op } from './cpu.ts';

const fx = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'decode-fuzz.json'), 'utf8')) as {
  classes: Record<string, [number, number][]>;
};
const RAISES = new Set<number>([Op.SVC, Op.HVC, Op.SMC, Op.BRK, Op.MRS, Op.MSR, Op.SYS, Op.MSRI]);

describe('arm64 decoder against Unicorn', () => {
  for (const [cls, words] of Object.entries(fx.classes)) {
    it(`agrees on ${words.length} random ${cls} words`, () => {
      const out = new Int32Array(DECODE_STRIDE);
      const bad: string[] = [];
      let checked = 0;
      for (const [w, defined] of words) {
        decodeA64(w | 0, out, 0);
        const op = out[1]!;
        const ours = op !== Op.UNDEF && op !== Op.FPUNDEF;
        if (ours === (defined === 1)) { checked++; continue; }
        if (defined === 1 && op === Op.FPUNDEF) continue;
        if (defined === 0 && RAISES.has(op)) continue;
        bad.push(`${(w >>> 0).toString(16).padStart(8, '0')}: Unicorn ${defined ? 'executes' : 'rejects'}, decoded op ${op}`);
      }
      expect(bad).toEqual([]);
      expect(checked).toBeGreaterThan(words.length / 2);
    });
  }
});
