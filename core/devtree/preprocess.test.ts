// The built-in C preprocessor, checked against what cpp does.

import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Preprocessor } from './preprocess.ts';
import { mapReader } from './file-reader.ts';

function pp(src: string, files: Record<string, string> = {}, includeDirs: string[] = ['inc']): string {
  const out = new Preprocessor(mapReader({ 'main.dts': src, ...files }), { includeDirs }).run('main.dts');
  return out.split('\n').filter((l) => !/^# \d+ "/.test(l) && l.trim() !== '').map((l) => l.replace(/\s+/g, ' ').trim()).join('\n');
}

const CASES: [string, string][] = [
  ['#define A 1\n#define B (A + 2)\nx = B;', 'x = (1 + 2);'],
  ['#define F(a, b) <a b>\np = F(1, 2);', 'p = <1 2>;'],
  ['#define S(x) #x\n#define X(x) S(x)\n#define V 42\ns = S(V), X(V);', 's = "V", "42";'],
  ['#define C(a, b) a##b\n#define ab 7\nv = C(a, b);', 'v = 7;'],
  ['#define L(...) __VA_ARGS__\nl = L(<1>, <2>);', 'l = <1>, <2>;'],
  ['#define R R + 1\nr = R;', 'r = R + 1;'],
  ['#define f(x) g(x)\n#define g(x) x * 2\nv = f(f(3));', 'v = 3 * 2 * 2;'],
  ['#if defined(X) || !defined Y\nyes\n#else\nno\n#endif', 'yes'],
  ['#define N 3\n#if N > 2 && N < 5\nmid\n#elif N\nnot\n#endif', 'mid'],
  ['#if 0\n#if 1\nno\n#endif\n#elif 1\nelif\n#endif', 'elif'],
  ['#ifndef G\n#define G\n#endif\n#ifdef G\ng\n#endif', 'g'],
  ['#define A 1\n#undef A\n#ifdef A\nbad\n#else\nundef\n#endif', 'undef'],
  ['#if (0x10 >> 2) == 4 && (-1 < 0) && (7 % 4 == 3) && (1 ? 2 : 3) == 2\nexpr\n#endif', 'expr'],
  ['x = "A /* not */ // kept";\n#define A no', 'x = "A /* not */ // kept";'],
  ['a = <1 /* c\n */ 2>; // tail', 'a = <1 2>;'],
  ['#define LONG 1 + \\\n 2\nv = LONG;', 'v = 1 + 2;'],
  ['#address-cells = <1>;\n#define cells 2\n#size-cells = <cells>;', '#address-cells = <1>;\n#size-2 = <2>;'],
];

describe('preprocessor', () => {
  for (const [src, want] of CASES) {
    it(JSON.stringify(src).slice(0, 60), () => {
      expect(pp(src)).toBe(want);
    });
  }

  it('searches "..." in the including file\'s folder first, <...> only on the path', () => {
    const files = { 'sub/a.h': '#include "b.h"\n', 'sub/b.h': 'from_sub\n', 'inc/b.h': 'from_inc\n', 'inc/sub/a.h': '#include <b.h>\n' };
    expect(pp('#include "sub/a.h"', files)).toBe('from_sub');
    expect(pp('#include <sub/a.h>', files)).toBe('from_inc');
  });

  it('marks lines so positions survive includes', () => {
    const out = new Preprocessor(mapReader({ 'm.dts': 'a\n#include "i.h"\nb\n', 'i.h': 'x\n' }), {}).run('m.dts');
    expect(out).toContain('# 1 "i.h"');
    expect(out).toContain('# 3 "m.dts"\nb');
  });

  it.skipIf(!existsSync('/usr/bin/cpp'))('agrees with cpp on the macro cases', () => {
    for (const [src, want] of CASES) {
      const out = execFileSync('/usr/bin/cpp', ['-nostdinc', '-undef', '-x', 'assembler-with-cpp', '-P', '-'], { input: src }).toString();
      expect(out.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '').join('\n')).toBe(want);
    }
  });
});
