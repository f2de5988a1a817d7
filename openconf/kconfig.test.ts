// The library's API: menu tree, symbols, choices, values, expressions.

import { describe, it, expect } from 'vitest';
import { exprToString, exprValue, KconfigSymbol, Choice } from './index.ts';
import { loadTree } from './testdata/helpers.ts';

describe('menu tree', () => {
  const k = loadTree(`mainmenu "Tree"
config SHOW
	bool "show"
menu "Outer"
	visible if SHOW
config HIDDEN
	bool "hidden by visible if"
menuconfig PARENT
	bool "parent"
config CHILD
	bool "child"
	depends on PARENT
	help
	  First line.
	    Indented more.

	  After a blank line.
	depends on y
config AFTER
	bool "after"
endmenu
comment "A comment"
	depends on SHOW
`);

  it('has the structure of the file, with implicit submenus', () => {
    expect(k.mainmenuText).toBe('Tree');
    const outer = k.top.children[1]!;
    expect(outer.item).toBe('menu');
    expect(outer.prompt!.text).toBe('Outer');
    expect(outer.children.map((n) => (n.item as KconfigSymbol).name)).toEqual(['HIDDEN', 'PARENT', 'AFTER']);
    const parent = outer.children[1]!;
    expect(parent.isMenuconfig).toBe(true);
    expect(parent.children.map((n) => (n.item as KconfigSymbol).name)).toEqual(['CHILD']);
    expect(parent.children[0]!.parent).toBe(parent);
    expect(k.top.children[2]!.item).toBe('comment');
    expect(parent.file).toBe('Kconfig');
    expect(parent.line).toBe(8);
  });

  it('parses help text by indentation', () => {
    const child = k.symbols.get('CHILD')!.nodes[0]!;
    expect(child.help).toBe('First line.\n  Indented more.\n\nAfter a blank line.');
    // The less indented line after the help text is a property again.
    expect(exprToString(k.symbols.get('CHILD')!.directDep)).toBe('PARENT');
  });

  it('prompt visibility includes menu visible-if and dependencies', () => {
    const show = k.symbols.get('SHOW')!;
    const hidden = k.symbols.get('HIDDEN')!;
    const outer = k.top.children[1]!;
    expect(outer.promptVisibility).toBe(0);
    expect(hidden.nodes[0]!.promptVisibility).toBe(0);
    expect(hidden.visibility).toBe(0);
    expect(k.top.children[2]!.promptVisibility).toBe(0);
    expect(exprToString(outer.visibleIf)).toBe('SHOW');
    expect(show.setValue(2)).toBe(true);
    expect(outer.promptVisibility).toBe(2);
    expect(hidden.visibility).toBe(2);
    expect(k.top.children[2]!.promptVisibility).toBe(2);
    show.unsetValue();
  });
});

describe('help text rules', () => {
  it('ends at the first line indented less than the first help line', () => {
    const k = loadTree('config A\n\tbool "a"\n\thelp\n\t  one\n\t\ttab\n\n\nconfig B\n\tbool "b"\n\t---help---\n\t  old\n\t  style\n');
    expect(k.symbols.get('A')!.nodes[0]!.help).toBe('one\n      tab');
    expect(k.symbols.get('B')!.nodes[0]!.help).toBe('old\nstyle');
    expect(k.symbols.get('B')!.nodes[0]!.line).toBe(8);
  });
});

describe('symbols', () => {
  const text = `config MODULES
	bool "modules"
	modules
	default y
config A
	tristate "a"
	default m if B
	default y
	select S if B
	imply IM
config B
	bool "b"
config S
	tristate
config IM
	tristate "im"
	depends on B
config N
	int "n"
	range 2 8 if B
	range 0 4
`;

  it('exposes properties and reverse dependencies', () => {
    const k = loadTree(text);
    const a = k.symbols.get('A')!;
    const s = k.symbols.get('S')!;
    expect(a.type).toBe('tristate');
    expect(a.defaults.map((d) => `${exprToString(d.value)} if ${exprToString(d.cond)}`)).toEqual(['m if B', 'y if y']);
    expect(a.selects.map((x) => x.target.name)).toEqual(['S']);
    expect(s.selectedBy.map((x) => x.name)).toEqual(['A']);
    expect(k.symbols.get('IM')!.impliedBy.map((x) => x.name)).toEqual(['A']);
    expect(exprToString(s.revDep)).toBe('A && B');
    expect(exprToString(k.symbols.get('IM')!.weakRevDep)).toBe('A');
    expect(exprToString(k.symbols.get('IM')!.directDep)).toBe('B');
    expect(k.symbols.get('N')!.ranges.length).toBe(2);
    expect(k.modules!.name).toBe('MODULES');
    expect([...k.symbols.keys()]).toEqual(['MODULES', 'A', 'B', 'S', 'IM', 'N']);
    expect(a.isDefined).toBe(true);
    expect(a.kconfig).toBe(k);
  });

  it('computes values, assignable sets and reacts to changes', () => {
    const k = loadTree(text);
    const a = k.symbols.get('A')!;
    const b = k.symbols.get('B')!;
    const s = k.symbols.get('S')!;
    expect(a.strValue).toBe('y');
    expect(a.assignable).toEqual([0, 1, 2]);
    expect(b.setValue(2)).toBe(true);
    expect(a.triValue).toBe(1);
    expect(s.strValue).toBe('m');
    expect(a.setValue('y')).toBe(true);
    expect(s.triValue).toBe(2);
    expect(s.assignable).toEqual([]);
    expect(k.symbols.get('IM')!.strValue).toBe('y');
    expect(k.symbols.get('N')!.setValue('9')).toBe(true);
    expect(k.symbols.get('N')!.strValue).toBe('2');
    expect(k.symbols.get('N')!.setValue('x')).toBe(false);
    expect(b.setValue(1)).toBe(false);
    expect(b.userValue).toBe('y');
    b.unsetValue();
    expect(b.userValue).toBeUndefined();
    expect(k.symbols.get('N')!.strValue).toBe('');
    k.modules!.setValue('n');
    expect(a.type).toBe('bool');
    expect(a.setValue(1)).toBe(false);
  });

  it("a symbol marked with 'modules' under another name drives m", () => {
    const k = loadTree('config LOADABLE\n\tbool "loadable"\n\toption modules\nconfig X\n\ttristate "x"\n\tdepends on m\n\tdefault m\n');
    const x = k.symbols.get('X')!;
    expect(k.modules!.name).toBe('LOADABLE');
    expect(x.visibility).toBe(0);
    k.modules!.setValue(2);
    expect(x.visibility).toBe(1);
    expect(x.strValue).toBe('m');
  });

  it("option env takes the value of the environment and is not written", () => {
    const k = loadTree('config ARCH\n\tstring\n\toption env="ARCH"\nconfig LIST\n\tstring\n\toption defconfig_list\n\tdefault "x"\n', { env: { ARCH: 'arm' } });
    expect(k.symbols.get('ARCH')!.strValue).toBe('arm');
    expect(k.configText()).not.toContain('ARCH');
    expect(k.configText()).not.toContain('LIST');
  });

  it('warns through onWarning and keeps warnings', () => {
    const seen: string[] = [];
    const k = loadTree('config A\n\tbool "a"\nconfig A\n\tint "a again"\n', { onWarning: (m) => seen.push(m) });
    expect(seen.length).toBeGreaterThan(0);
    expect(k.warnings).toEqual(seen);
    expect(seen[0]).toMatch(/A \(defined at Kconfig:1, Kconfig:3\) defined with multiple types/);
  });

  it('lists new symbols: visible prompts the last .config did not set', () => {
    const k = loadTree(text);
    k.loadConfigText('CONFIG_A=y\nCONFIG_B=y\n', 'x');
    expect(k.newSymbols().map((s) => s.name)).toEqual(['MODULES', 'IM', 'N']);
  });
});

describe('choices', () => {
  const text = `config MODULES
	bool "modules"
	option modules
	default y
choice
	prompt "mode"
	tristate
	default C2
config C1
	tristate "c1"
config C2
	tristate "c2"
endchoice
choice OPT
	prompt "optional"
	optional
config O1
	bool "o1"
endchoice
`;

  it('selects, switches modes and reports what can be assigned', () => {
    const k = loadTree(text);
    const ch = k.choices[0]!;
    const c1 = k.symbols.get('C1')!;
    const c2 = k.symbols.get('C2')!;
    expect(ch).toBeInstanceOf(Choice);
    expect(ch.type).toBe('tristate');
    expect(ch.syms).toEqual([c1, c2]);
    // A tristate choice starts in m mode when modules are on.
    expect(ch.triValue).toBe(1);
    expect(ch.selection).toBeUndefined();
    expect(ch.setValue(2)).toBe(true);
    expect(ch.selection).toBe(c2);
    expect(ch.assignable).toEqual([1, 2]);
    expect(ch.select(c1)).toBe(true);
    expect(ch.selection).toBe(c1);
    expect(ch.userSelection).toBe(c1);
    expect(c2.strValue).toBe('n');
    expect(ch.setValue(1)).toBe(true);
    expect(c1.strValue).toBe('m');
    expect(c2.setValue(1)).toBe(true);
    expect(c2.strValue).toBe('m');
    expect(ch.setValue(0)).toBe(false);
    const opt = k.choices[1]!;
    expect(opt.name).toBe('OPT');
    expect(opt.isOptional).toBe(true);
    expect(opt.triValue).toBe(0);
    expect(opt.assignable).toEqual([0, 2]);
    expect(opt.setValue(2)).toBe(true);
    expect(k.symbols.get('O1')!.strValue).toBe('y');
    expect(ch.nodes[0]!.item).toBe(ch);
    expect(c1.choice).toBe(ch);
  });
});

describe('expressions', () => {
  it('prints and evaluates', () => {
    const k = loadTree('config A\n\tbool "a"\n\tdefault y\nconfig B\n\tbool "b"\n\tdepends on (A || !C) && D != "x y" && A\nconfig C\n\tbool\nconfig D\n\tstring\n');
    const b = k.symbols.get('B')!;
    expect(exprToString(b.directDep)).toBe('(A || !C) && D != "x y" && A');
    expect(exprValue(b.directDep)).toBe(2);
  });
});

describe('sourcing', () => {
  it('expands $(VAR) and $VAR from env, relative to srctree and to the file', () => {
    const k = loadTree({
      Kconfig: 'source "$(SUB)/Kconfig"\nsource "$OTHER/x.cfg"\n',
      'sub/Kconfig': 'rsource "inner/Kconfig"\nconfig IN_SUB\n\tbool "in sub"\n',
      'sub/inner/Kconfig': 'config INNER\n\tbool "inner"\n',
      'other/x.cfg': 'config X\n\tbool "x"\n',
    }, { env: { SUB: 'sub', OTHER: 'other' } });
    expect([...k.symbols.keys()]).toEqual(['INNER', 'IN_SUB', 'X']);
    expect(k.symbols.get('INNER')!.nodes[0]!.file).toBe('sub/inner/Kconfig');
    expect(k.files).toEqual(['Kconfig', 'sub/Kconfig', 'sub/inner/Kconfig', 'other/x.cfg']);
  });

  it('globs with gsource', () => {
    const k = loadTree({
      Kconfig: 'gsource "drivers/*/openconf.cfg"\n',
      'drivers/b/openconf.cfg': 'config B\n\tbool "b"\n',
      'drivers/a/openconf.cfg': 'config A\n\tbool "a"\n',
    });
    expect([...k.symbols.keys()]).toEqual(['A', 'B']);
  });
});

void KconfigSymbol;

describe('long dependency chains', () => {
  it('evaluates a chain of 3000 symbols defined in reverse order', () => {
    let text = '';
    for (let i = 0; i < 3000; i++) text += `config C${i}\n\tbool "c${i}"\n\tdefault y\n${i < 2999 ? `\tdepends on C${i + 1}\n` : ''}`;
    const k = loadTree(text);
    expect(k.symbols.get('C0')!.strValue).toBe('y');
    k.symbols.get('C2999')!.setValue(0);
    expect(k.symbols.get('C0')!.strValue).toBe('n');
    expect(k.configText().split('\n')).toEqual(['# Automatically generated file; DO NOT EDIT.', '# Main menu', '# CONFIG_C2999 is not set', '']);
  });
});
