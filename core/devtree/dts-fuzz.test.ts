// Seeded mutations of the corpus sources: the preprocessor and the parser
// must end every case with a tree or a DtsError (never another exception,
// never a hang).

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileDtsText } from './compile.ts';
import { DtsError } from './errors.ts';
import { mapReader } from './file-reader.ts';

const dir = join(import.meta.dirname, 'testdata');
const sources = readdirSync(dir).filter((f) => f.endsWith('.dts')).map((f) => readFileSync(join(dir, f), 'utf8'));
const TOKENS = ['{', '}', ';', '<', '>', '[', ']', '(', ')', '"', "'", '&', ':', ',', '/', '=', '#define X(', '#if', '#endif', '/delete-node/', '/bits/ 8', '/plugin/;', '\\', '&{/', '/*', '//', '\n', '0x', '?', '@', '#include "x.h"'];

describe('DTS fuzz', () => {
  it('seeded mutations end in a tree or a DtsError', () => {
    let seed = 0x1234567;
    const rnd = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const reader = mapReader({ 'x.h': '#define Y 1\n' });
    let ok = 0;
    let refused = 0;
    for (let i = 0; i < 1500; i++) {
      let s = sources[rnd(sources.length)];
      const edits = 1 + rnd(3);
      for (let k = 0; k < edits; k++) {
        const at = rnd(s.length + 1);
        const kind = rnd(3);
        if (kind === 0) s = s.slice(0, at) + TOKENS[rnd(TOKENS.length)] + s.slice(at);
        else if (kind === 1) s = s.slice(0, at) + s.slice(at + 1 + rnd(8));
        else s = s.slice(0, at) + String.fromCharCode(rnd(128)) + s.slice(at + 1);
      }
      try {
        compileDtsText(s, 'fuzz.dts', reader);
        ok++;
      } catch (e) {
        if (!(e instanceof DtsError)) throw new Error(`case ${i}: ${String(e)}\n${s}`);
        refused++;
      }
    }
    expect(ok + refused).toBe(1500);
    expect(refused).toBeGreaterThan(100);
  });
});

describe('deep nesting', () => {
  it('is refused with a DtsError, not a stack overflow', () => {
    const n = 5_000;
    const cases = [
      `/dts-v1/;\n/ { ${'a { '.repeat(n)}`,
      `/dts-v1/;\n/ { p = <${'('.repeat(n)}1${')'.repeat(n)}>; };`,
      `/dts-v1/;\n/ { p = <(${'-'.repeat(n)}1)>; };`,
      `/dts-v1/;\n#if ${'('.repeat(n)}1${')'.repeat(n)}\n#endif\n/ { };`,
      `/dts-v1/;\n#define F(x) x\n/ { p = <${'F('.repeat(n)}1${')'.repeat(n)}>; };`,
    ];
    for (const c of cases) expect(() => compileDtsText(c, 'deep.dts', mapReader({}))).toThrow(DtsError);
  });
});
