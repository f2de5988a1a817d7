// Tokenizer and preprocessor: strings, escapes, operators, macros, variables.

import { describe, it, expect } from 'vitest';
import { Preprocessor, type Token } from './lexer.ts';
import { parseNumber, toHex } from './numbers.ts';

function pp(env: Record<string, string> = {}): { p: Preprocessor; warnings: string[] } {
  const warnings: string[] = [];
  const p = new Preprocessor(
    env,
    (msg) => {
      throw new Error(msg);
    },
    (msg) => warnings.push(msg),
    () => ({ file: 'Kconfig', line: 7 }),
  );
  return { p, warnings };
}

const toks = (p: Preprocessor, line: string): Token[] | null => p.tokenize(line + '\n');

describe('tokenize', () => {
  it('splits keywords, names, strings and operators', () => {
    const { p } = pp();
    expect(toks(p, '\tdepends on A&&!(B||C_1)=y != "x y" <= >= < > # trailing comment')).toEqual([
      { t: 'kw', v: 'depends' }, { t: 'kw', v: 'on' }, { t: 'id', v: 'A' }, { t: 'op', v: '&&' }, { t: 'op', v: '!' },
      { t: 'op', v: '(' }, { t: 'id', v: 'B' }, { t: 'op', v: '||' }, { t: 'id', v: 'C_1' }, { t: 'op', v: ')' },
      { t: 'op', v: '=' }, { t: 'id', v: 'y' }, { t: 'op', v: '!=' }, { t: 'str', v: 'x y' }, { t: 'op', v: '<=' },
      { t: 'op', v: '>=' }, { t: 'op', v: '<' }, { t: 'op', v: '>' },
    ]);
  });

  it('handles escapes and both quote kinds', () => {
    const { p } = pp();
    expect(toks(p, String.raw`prompt "a \"b\" \\ c" 'it"s'`)).toEqual([
      { t: 'kw', v: 'prompt' }, { t: 'str', v: 'a "b" \\ c' }, { t: 'str', v: 'it"s' },
    ]);
  });

  it('ignores blank and comment lines', () => {
    const { p } = pp();
    expect(toks(p, '   ')).toBeNull();
    expect(toks(p, '  # config A')).toBeNull();
  });

  it('reports bad input', () => {
    const { p } = pp();
    expect(() => toks(p, 'prompt "open')).toThrow(/unterminated string/);
    expect(() => toks(p, 'depends on A ^ B')).toThrow(/unknown tokens/);
    expect(() => toks(p, '"x"')).toThrow(/unknown token at start of line/);
    expect(() => toks(p, 'frob A')).toThrow(/unknown statement 'frob'/);
  });

  it('accepts the old help spellings', () => {
    const { p } = pp();
    expect(toks(p, '\t---help---')).toEqual([{ t: 'kw', v: 'help' }]);
    expect(toks(p, '\t-help-')).toEqual([{ t: 'kw', v: 'help' }]);
  });
});

describe('preprocessor', () => {
  it('expands environment variables, variables and functions', () => {
    const { p, warnings } = pp({ ARCH: 'arm', HOME: '/h' });
    toks(p, 'X := $(ARCH)64');
    toks(p, 'Y = $(X)-$(1)');
    toks(p, 'Y += more');
    toks(p, 'pair = <$(1)|$(2)>');
    expect(toks(p, 'source "$(X)/$(pair,a,$(ARCH))"')).toEqual([{ t: 'kw', v: 'source' }, { t: 'str', v: 'arm64/<a|arm>' }]);
    expect(toks(p, 'prompt "$(Y)"')![1]).toEqual({ t: 'str', v: 'arm64- more' });
    expect(toks(p, 'prompt "$(filename):$(lineno) $(UNSET)!"')![1]).toEqual({ t: 'str', v: 'Kconfig:7 !' });
    expect(toks(p, 'prompt "$HOME ${ARCH} $NOPE"')![1]).toEqual({ t: 'str', v: '/h arm $NOPE' });
    expect(toks(p, 'config $(X)_SYM')).toEqual([{ t: 'kw', v: 'config' }, { t: 'id', v: 'arm64_SYM' }]);
    toks(p, '$(info,hello)');
    toks(p, '$(warning-if,y,careful)');
    toks(p, '$(warning-if,n,silent)');
    expect(warnings).toEqual(['hello', 'Kconfig:7: careful']);
    expect(toks(p, 'prompt "$(shell,echo one; echo two)"')![1]).toEqual({ t: 'str', v: 'one two' });
    expect([...p.envUsed].sort()).toEqual(['ARCH', 'HOME']);
  });

  it('reports errors from macros', () => {
    const { p } = pp();
    expect(() => toks(p, '$(error-if,y,stop here)')).toThrow(/stop here/);
    toks(p, 'LOOP = $(LOOP)');
    expect(() => toks(p, 'prompt "$(LOOP)"')).toThrow(/recursively references itself/);
    expect(() => toks(p, 'prompt "$(lineno,1)"')).toThrow(/bad number of arguments/);
  });
});

describe('numbers', () => {
  it('parses like Python int()', () => {
    expect(parseNumber('42', 10)).toBe(42n);
    expect(parseNumber(' -0010 ', 10)).toBe(-10n);
    expect(parseNumber('1_000', 10)).toBe(1000n);
    expect(parseNumber('0x10', 10)).toBeUndefined();
    expect(parseNumber('ff', 16)).toBe(255n);
    expect(parseNumber('0XfF', 16)).toBe(255n);
    expect(parseNumber('0x_f', 16)).toBe(15n);
    expect(parseNumber('0xffffffffffffffff', 16)).toBe(0xffffffffffffffffn);
    expect(parseNumber('', 16)).toBeUndefined();
    expect(parseNumber('0x', 16)).toBeUndefined();
    expect(parseNumber('010', 0)).toBeUndefined();
    expect(parseNumber('0o10', 0)).toBe(8n);
    expect(parseNumber('0b11', 0)).toBe(3n);
    expect(parseNumber('00', 0)).toBe(0n);
    expect(parseNumber('1__0', 10)).toBeUndefined();
    expect(toHex(255n)).toBe('0xff');
    expect(toHex(-16n)).toBe('-0x10');
  });
});
