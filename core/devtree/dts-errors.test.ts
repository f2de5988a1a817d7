// Bad DTS input: every refusal names file:line:column and says what dtc says.

import { describe, it, expect } from 'vitest';
import { compileDtsText } from './compile.ts';
import { DtsError } from './errors.ts';
import { DtsCheckError } from './dts-resolve.ts';
import { mapReader } from './file-reader.ts';

function fails(src: string, re: RegExp, where?: string): DtsError {
  let err: unknown;
  try {
    compileDtsText(src, 'bad.dts', mapReader({}));
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DtsError);
  const e = err as DtsError;
  expect(e.message).toMatch(re);
  if (where) expect(e.message.startsWith(where)).toBe(true);
  return e;
}

describe('DTS errors', () => {
  it('missing /dts-v1/', () => fails('/ { };', /syntax error/, 'bad.dts:1:1'));
  it('syntax error names line and column', () => {
    const e = fails('/dts-v1/;\n/ {\n\ta = <1 2;\n};', /syntax error/, 'bad.dts:3:');
    expect(e.pos?.line).toBe(3);
  });
  it('unterminated string', () => fails('/dts-v1/;\n/ { p = "abc; };', /syntax error/, 'bad.dts:2:'));
  it('unterminated comment', () => fails('/dts-v1/;\n/* x\n/ { };', /unterminated comment/, 'bad.dts:2:1'));
  it('properties after subnodes', () => fails('/dts-v1/;\n/ { n {}; p = <1>; };', /Properties must precede subnodes/, 'bad.dts:2:'));
  it('unresolved phandle reference', () => {
    const e = fails('/dts-v1/;\n/ { p = <&nope>; };', /Reference to non-existent node or label "nope"/);
    expect(e).toBeInstanceOf(DtsCheckError);
    expect(e.pos?.line).toBe(2);
  });
  it('unresolved path reference', () => fails('/dts-v1/;\n/ { p = &nope; };', /non-existent node or label "nope"/, 'bad.dts:2:'));
  it('top-level reference to nothing', () => fails('/dts-v1/;\n/ { };\n&foo { };', /Label or path foo not found/, 'bad.dts:3:1'));
  it('reference before any root', () => fails('/dts-v1/;\n&foo { };\n/ { };', /Label or path foo not found/));
  it('duplicate labels', () => fails('/dts-v1/;\n/ { a: n {}; a: m {}; };', /Duplicate label 'a' on \/m and \/n/));
  it('duplicate property', () => fails('/dts-v1/;\n/ { p = <1>; p = <2>; };', /\/:p: Duplicate property name/));
  it('bad characters in names', () => {
    fails('/dts-v1/;\n/ { n*x { }; };', /\/n\*x: Bad character '\*' in node name/, 'bad.dts:2:');
    fails('/dts-v1/;\n/ { p@q = <1>; };', /Bad character '@' in property name/, 'bad.dts:2:');
  });
  it('duplicate node', () => fails('/dts-v1/;\n/ { n {}; n {}; };', /Duplicate node name/));
  it('bad phandle values', () => {
    fails('/dts-v1/;\n/ { n { phandle = <0>; }; };', /bad value \(0x0\) in phandle property/);
    fails('/dts-v1/;\n/ { n { phandle = <1>; }; m { phandle = <1>; }; };', /duplicated phandle 0x1 \(seen before at \/n\)/);
  });
  it('value out of range', () => fails('/dts-v1/;\n/ { p = /bits/ 8 <256>; };', /Value out of range for 8-bit array element/, 'bad.dts:2:'));
  it('bad /bits/ size', () => fails('/dts-v1/;\n/ { p = /bits/ 7 <1>; };', /Array elements must be 8, 16, 32 or 64-bits/));
  it('reference in a non-32-bit array', () => fails('/dts-v1/;\n/ { a: n {}; };\n/ { p = /bits/ 16 <&a>; };', /only allowed in arrays with 32-bit elements/));
  it('division by zero', () => fails('/dts-v1/;\n/ { p = <(1/0)>; };', /Division by zero/));
  it('bad literals', () => {
    fails('/dts-v1/;\n/ { p = <08>; };', /Bad integer literal '08'/, 'bad.dts:2:10');
    fails('/dts-v1/;\n/ { p = <99999999999999999999999>; };', /out of range/);
    fails('/dts-v1/;\n/ { p = <0x123456789>; };', /Value out of range for 32-bit/);
  });
  it('character literal with two characters', () => fails("/dts-v1/;\n/ { p = <'ab'>; };", /Character literal has 2 characters instead of 1/));
  it('odd byte string', () => fails('/dts-v1/;\n/ { p = [012]; };', /syntax error/, 'bad.dts:2:'));
  it('missing /include/ file', () => fails('/dts-v1/;\n/include/ "nope.dtsi"\n/ { };', /Couldn't open "nope.dtsi"/, 'bad.dts:2:'));
  it('name property that differs from the node', () => fails('/dts-v1/;\n/ { n { name = "m"; }; };', /"name" property is incorrect/));
  it('preprocessor errors name the line', () => {
    fails('/dts-v1/;\n#include "missing.h"\n/ { };', /missing.h: No such file/, 'bad.dts:2:');
    fails('/dts-v1/;\n#if 1\n/ { };', /unterminated conditional/, 'bad.dts:2:');
    fails('/dts-v1/;\n#endif\n/ { };', /#endif without #if/, 'bad.dts:2:');
    fails('/dts-v1/;\n#error stop here\n/ { };', /#error stop here/, 'bad.dts:2:');
    fails('/dts-v1/;\n#define F(a) a\n/ { p = <F(1, 2)>; };', /passed 2 arguments, but takes 1/, 'bad.dts:3:');
    fails('/dts-v1/;\n#if 1 +\n#endif\n/ { };', /ends early/);
  });
  it('include loops end with an error, not a hang', () => {
    const r = mapReader({ 'a.h': '#include "b.h"\n', 'b.h': '#include "a.h"\n', 'x.dtsi': '/include/ "x.dtsi"\n' });
    expect(() => compileDtsText('/dts-v1/;\n#include "a.h"\n/ { };', 'bad.dts', r)).toThrow(/nested too deeply/);
    expect(() => compileDtsText('/dts-v1/;\n/include/ "x.dtsi"\n/ { };', 'bad.dts', r)).toThrow(/nested too deeply/);
  });
  it('self-referencing macros stop expanding', () => {
    const t = compileDtsText('/dts-v1/;\n#define A B\n#define B A\n#define C (C + 1)\n/ { A = <1>; };', 'ok.dts', mapReader({}));
    expect(t.root.hasAttr('A')).toBe(true);
  });
});
