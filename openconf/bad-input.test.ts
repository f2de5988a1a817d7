// Bad Kconfig input: every error is a KconfigError naming <file>:<line>.

import { describe, it, expect } from 'vitest';
import { Kconfig, KconfigError } from './index.ts';
import { join } from 'node:path';
import { loadError, loadTree, writeTree } from './testdata/helpers.ts';

describe('syntax errors name file and line', () => {
  const cases: [string, string, number, RegExp][] = [
    ['unknown statement', 'config A\n\tbool "a"\nfrobnicate A\n', 3, /unknown statement 'frobnicate'/],
    ['unterminated string', 'config A\n\tbool "a\n', 2, /unterminated string/],
    ['malformed expression', 'config A\n\tbool "a"\n\tdepends on B &&\n', 3, /malformed expression/],
    ['unbalanced parenthesis', 'config A\n\tbool "a"\n\tdepends on (B || C\n', 3, /missing '\)'/],
    ['stray character', 'config A\n\tbool "a"\n\tdepends on B ^ C\n', 3, /unknown tokens/],
    ['bad symbol name', 'config "A"\n', 1, /missing or bad symbol name/],
    ['config y', 'config y\n\tbool\n', 1, /missing or bad symbol name/],
    ['extra tokens', 'config A\n\tbool "a" "b"\n', 2, /extra tokens/],
    ['depends without on', 'config A\n\tbool "a"\n\tdepends B\n', 3, /expected 'on'/],
    ['visible without if', 'menu "m"\n\tvisible B\nendmenu\n', 2, /expected 'if'/],
    ['endif without if', 'config A\n\tbool\nendif\n', 3, /'endif' without 'if'/],
    ['endmenu without menu', 'endmenu\n', 1, /'endmenu' without 'menu'/],
    ['endchoice without choice', '\n\nendchoice\n', 3, /'endchoice' without 'choice'/],
    ['unknown option', 'config A\n\tbool "a"\n\toption frob\n', 3, /unknown option 'frob'/],
    ['transitional', 'config A\n\tbool "a"\n\ttransitional\n', 3, /'transitional' is not supported/],
    ['select in a menu', 'menu "m"\n\tselect A\nendmenu\n', 2, /only symbols can select/],
    ['select of a constant', 'config A\n\tbool\n\tselect y\n', 3, /expected a symbol name after 'select'/],
    ['optional outside a choice', 'config A\n\tbool\n\toptional\n', 3, /only valid for choices/],
    ['type on a menu', 'menu "m"\n\tbool\nendmenu\n', 2, /type is only valid/],
    ['default without value', 'config A\n\tint "a"\n\tdefault\n', 3, /expected a default value/],
    ['unclosed macro', 'FOO := $(BAR\n', 1, /missing end parenthesis/],
    ['int default expression', 'config A\n\tint "a"\n\tdefault B && C\n', 1, /must be a value or a symbol/],
    ['int choice', 'choice\n\tprompt "c"\n\tint\nconfig A\n\tint "a"\nendchoice\n', 1, /choice must be bool or tristate/],
    ['choice default expression', 'choice\n\tprompt "c"\n\tdefault A || B\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\nendchoice\n', 1, /must be one of its symbols/],
  ];
  for (const [what, text, line, re] of cases) {
    it(what, () => {
      const e = loadError(text);
      expect(e).toBeInstanceOf(KconfigError);
      expect(e.message).toMatch(re);
      expect(e.message.startsWith(`Kconfig:${line}: `)).toBe(true);
      expect((e as KconfigError).file).toBe('Kconfig');
      expect((e as KconfigError).line).toBe(line);
    });
  }

  it('missing endmenu at the end of a sourced file names that file', () => {
    const e = loadError({ Kconfig: 'source "sub/Kconfig"\n', 'sub/Kconfig': 'menu "m"\nconfig A\n\tbool "a"\n' });
    expect(e.message).toMatch(/^sub\/Kconfig:3: missing 'endmenu' at end of file/);
  });

  it('reports the line of an error inside a sourced file', () => {
    const e = loadError({ Kconfig: 'config A\n\tbool "a"\nsource "b.cfg"\n', 'b.cfg': '\n\nconfig B\n\tbool "b" if (\n' });
    expect(e.message).toMatch(/^b\.cfg:4: malformed expression/);
  });
});

describe('source errors', () => {
  it('a missing file names the sourcing file and line', () => {
    const e = loadError({ Kconfig: 'config A\n\tbool "a"\n\nsource "nowhere/Kconfig"\n' });
    expect(e).toBeInstanceOf(KconfigError);
    expect(e.message).toMatch(/^Kconfig:4: 'nowhere\/Kconfig' not found/);
  });

  it('a missing file named through an unset variable says so', () => {
    const e = loadError({ Kconfig: 'source "$(ARCH)/Kconfig"\n' });
    expect(e.message).toMatch(/^Kconfig:1: '\/Kconfig' not found/);
    expect(e.message).toMatch(/unset environment variables expand to the empty string/);
  });

  it('osource of a missing file is fine', () => {
    const k = loadTree({ Kconfig: 'osource "nowhere/Kconfig"\nconfig A\n\tbool "a"\n' });
    expect([...k.symbols.keys()]).toEqual(['A']);
  });

  it('recursive source is an error naming the include chain', () => {
    const e = loadError({ Kconfig: 'source "a.cfg"\n', 'a.cfg': 'config A\n\tbool\nsource "Kconfig"\n' });
    expect(e.message).toMatch(/^a\.cfg:3: recursive 'source' of 'Kconfig'/);
  });
});

describe('dependency loops', () => {
  it('depends on chain', () => {
    const e = loadError('config A\n\tbool "a"\n\tdepends on B\n\nconfig B\n\tbool "b"\n\tdepends on C\n\nconfig C\n\tbool "c"\n\tdepends on A\n');
    expect(e).toBeInstanceOf(KconfigError);
    expect(e.message).toMatch(/dependency loop/);
    for (const s of ['A', 'B', 'C']) expect(e.message).toContain(`${s} (defined at Kconfig:`);
  });

  it('select chain', () => {
    const e = loadError('config A\n\tbool "a"\n\tselect B\n\nconfig B\n\tbool "b"\n\tdepends on A || C\n\nconfig C\n\tbool "c"\n\tselect A if B\n');
    expect(e.message).toMatch(/dependency loop/);
    expect(e.message).toContain('A (defined at Kconfig:1)');
    expect(e.message).toContain('B (defined at Kconfig:5)');
  });

  it('default chain', () => {
    const e = loadError('config A\n\tint "a"\n\tdefault B\n\nconfig B\n\tint "b"\n\tdefault A\n');
    expect(e.message).toMatch(/^Kconfig:\d+: dependency loop/);
    expect(e.message).toContain('A (defined at Kconfig:1)');
    expect(e.message).toContain('B (defined at Kconfig:5)');
  });

  it('a symbol depending on itself', () => {
    const e = loadError('config A\n\tbool "a" if A\n');
    expect(e.message).toMatch(/^Kconfig:1: dependency loop/);
  });

  it('a loop through a choice selection is reported at load', () => {
    const text = [
      'choice', '\tprompt "c"', '\tdefault C', 'config A', '\tbool "a"', 'config B', '\tbool "b"', '\tdepends on A',
      'config C', '\tbool "c" if A && B', 'endchoice', '',
    ].join('\n');
    const e = loadError(text);
    expect(e).toBeInstanceOf(KconfigError);
    expect(e.message).toMatch(/dependency loop: .*A/);
    expect(e.message).toMatch(/<choice>/);
  });
});

describe('select with unmet dependencies', () => {
  it('warns like the kernel tools, naming the symbol and its selectors', () => {
    const k = loadTree('config GATE\n\tbool "gate"\n\nconfig T\n\tbool "t"\n\tdepends on GATE\n\nconfig S\n\tbool "s"\n\tdefault y\n\tselect T\n');
    const w = k.loadConfigText('', 'empty.config');
    expect(w).toEqual([
      'WARNING: unmet direct dependencies detected for T\n' +
        '  Depends on [n]: GATE [=n]\n' +
        '  Selected by [y]:\n' +
        '  - S [=y]',
    ]);
    expect(k.symbols.get('T')!.strValue).toBe('y');
    expect(k.warnings).toContain(w[0]);
  });

  it('does not warn when the dependencies hold', () => {
    const k = loadTree('config GATE\n\tbool "gate"\n\tdefault y\n\nconfig T\n\tbool "t"\n\tdepends on GATE\n\nconfig S\n\tbool "s"\n\tdefault y\n\tselect T\n');
    expect(k.loadConfigText('', 'empty.config')).toEqual([]);
  });
});

describe('files', () => {
  it('a missing root file is a KconfigError naming it', () => {
    let err: unknown;
    try {
      Kconfig.load('no-such-Kconfig', { srcTree: '/nonexistent-dir', env: {} });
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(KconfigError);
    expect((err as Error).message).toMatch(/^no-such-Kconfig:0: cannot read Kconfig file/);
  });

  it('CRLF line endings are accepted', () => {
    const k = loadTree('config A\r\n\tbool "a"\r\n\tdefault y\r\n\thelp\r\n\t  Help.\r\n\r\nconfig B\r\n\tint "b"\r\n\tdefault 3\r\n');
    expect(k.configText()).toContain('CONFIG_A=y\nCONFIG_B=3\n');
    expect(k.symbols.get('A')!.nodes[0]!.help).toBe('Help.');
    expect(k.loadConfigText('CONFIG_B=5\r\n# CONFIG_A is not set\r\n', 'dos.config')).toEqual([]);
    expect(k.symbols.get('B')!.strValue).toBe('5');
  });
});

describe('file names in messages', () => {
  it('are relative to srctree even when the root is given as an absolute path', () => {
    const dir = writeTree({ 'openconf.cfg': 'config A\n\tbool "a"\n\tdepends on (\n' });
    let err: unknown;
    try {
      Kconfig.load(join(dir, 'openconf.cfg'), { srcTree: dir, env: {} });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(/^openconf\.cfg:3: malformed expression/);
  });
});

describe('absurd nesting', () => {
  it('is an error with a location, not a crash', () => {
    const e = loadError(`config A\n\tbool "a"\n\tdepends on ${'('.repeat(20000)}B${')'.repeat(20000)}\n`);
    expect(e).toBeInstanceOf(KconfigError);
    expect(e.message).toBe('Kconfig:3: nesting too deep');
  });
});
