// .config reading and the outputs: .config text, minimal config, JSON, TypeScript.

import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTree, tempDir } from './testdata/helpers.ts';

const TREE = `mainmenu "IO test"
config MODULES
	bool "modules"
	option modules
	default y
config B
	bool "b"
config T
	tristate "t"
	default m
config I
	int "i"
	range 1 100
	default 10
config H
	hex "h"
	default 0x1F
config S
	string "s"
	default "a \\"quoted\\" \\\\ back"
config HIDDEN_I
	int
	default 3
`;

describe('loading a .config', () => {
  it('warns with file:line for every bad line and keeps the defaults', () => {
    const k = loadTree(TREE);
    const w = k.loadConfigText([
      'CONFIG_B=y',
      'CONFIG_NOPE=y',
      'garbage here',
      'CONFIG_T=q',
      'CONFIG_I=500',
      'CONFIG_H=0xZZ',
      'CONFIG_S=unquoted',
      'CONFIG_I=abc',
      '# CONFIG_GONE is not set',
      '',
    ].join('\n'), 'my.config');
    expect(w).toEqual([
      'my.config:2: unknown symbol NOPE (value \'y\' ignored)',
      "my.config:3: ignoring malformed line 'garbage here'",
      "my.config:4: 'q' is not a valid value for the tristate symbol T; the default is used",
      "my.config:6: the value '0xZZ' is invalid for H, which has type hex; the default is used",
      'my.config:7: malformed string literal in assignment to S; the default is used',
      'my.config:8: I set more than once. Old value "500", new value "abc".',
      "my.config:8: the value 'abc' is invalid for I, which has type int; the default is used",
      'my.config:9: unknown symbol GONE (value \'n\' ignored)',
      'my.config:5: value 500 of I is outside its range [1, 100]; the default 10 is used',
    ]);
    const v = k.toJson();
    expect(v).toMatchObject({ B: true, T: 'm', I: 10, H: 0x1f, S: 'a "quoted" \\ back' });
  });

  it('reads a file from disk and names it in warnings', () => {
    const k = loadTree(TREE);
    const dir = tempDir();
    const p = join(dir, '.config');
    writeFileSync(p, 'CONFIG_B=y\nCONFIG_X=1\n');
    expect(k.loadConfig(p)).toEqual([`${p}:2: unknown symbol X (value '1' ignored)`]);
    expect(k.symbols.get('B')!.strValue).toBe('y');
    expect(k.loadConfig(join(dir, 'missing'))[0]).toMatch(/missing:0: cannot read configuration/);
  });

  it('replace=false merges, replace=true (the default) resets the rest', () => {
    const k = loadTree(TREE);
    k.loadConfigText('CONFIG_B=y\n', 'a');
    k.loadConfigText('CONFIG_I=20\n', 'b', { replace: false });
    expect(k.symbols.get('B')!.strValue).toBe('y');
    expect(k.symbols.get('I')!.strValue).toBe('20');
    k.loadConfigText('CONFIG_I=30\n', 'c');
    expect(k.symbols.get('B')!.strValue).toBe('n');
  });

  it('honours another config prefix', () => {
    const k = loadTree(TREE, { configPrefix: 'XV_' });
    k.loadConfigText('XV_B=y\nCONFIG_T=y\n', 'p');
    expect(k.symbols.get('B')!.strValue).toBe('y');
    expect(k.configText()).toContain('XV_B=y\n');
    expect(k.configText()).not.toContain('CONFIG_');
  });
});

describe('writing', () => {
  it('writes the Linux .config format', () => {
    const k = loadTree(TREE);
    k.loadConfigText('CONFIG_H=abc\n', 'x');
    expect(k.configText()).toBe([
      '# Automatically generated file; DO NOT EDIT.',
      '# IO test',
      'CONFIG_MODULES=y',
      '# CONFIG_B is not set',
      'CONFIG_T=m',
      'CONFIG_I=10',
      'CONFIG_H=abc',
      'CONFIG_S="a \\"quoted\\" \\\\ back"',
      'CONFIG_HIDDEN_I=3',
      '',
    ].join('\n'));
    expect(k.minConfigText()).toBe('CONFIG_H=abc\n');
  });

  it('writes files, creating directories, and loading them back gives the same', () => {
    const k = loadTree(TREE);
    k.symbols.get('B')!.setValue('y');
    k.symbols.get('S')!.setValue('new\\"value');
    const dir = tempDir();
    k.writeConfig(join(dir, 'out', '.config'));
    k.writeMinConfig(join(dir, 'out', 'defconfig'));
    const k2 = loadTree(TREE);
    k2.loadConfig(join(dir, 'out', 'defconfig'));
    expect(k2.configText()).toBe(readFileSync(join(dir, 'out', '.config'), 'utf8'));
    expect(k2.symbols.get('S')!.strValue).toBe('new\\"value');
  });

  it('gives JSON values by type', () => {
    const k = loadTree(TREE);
    expect(k.toJson()).toEqual({ MODULES: true, B: false, T: 'm', I: 10, H: 31, S: 'a "quoted" \\ back', HIDDEN_I: 3 });
  });

  it('generates a TypeScript module with one export per symbol', () => {
    const k = loadTree(TREE);
    const ts = k.toTypeScript();
    expect(ts).toContain('export const CONFIG_MODULES = true as const;\n');
    expect(ts).toContain('export const CONFIG_B = false as const;\n');
    expect(ts).toContain("export const CONFIG_T = 'm' as const;\n");
    expect(ts).toContain('export const CONFIG_I = 10 as const;\n');
    expect(ts).toContain('export const CONFIG_H = 0x1f as const;\n');
    expect(ts).toContain('export const CONFIG_S = "a \\"quoted\\" \\\\ back" as const;\n');
    expect(ts).toMatch(/export const config = \{\n {2}MODULES: true,\n[^]*\n} as const;\n$/);
  });

  it('leaves out int symbols without a value', () => {
    const k = loadTree('config N\n\tint "n"\n');
    expect(k.configText()).toContain('CONFIG_N=\n');
    expect(k.toJson()).toEqual({});
  });
});
