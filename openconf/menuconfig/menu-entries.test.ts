import { describe, it, expect } from 'vitest';
import type { Kconfig, MenuNode } from '../index.ts';
import { entryText } from './entry-text.ts';
import { menuEntries, menuPathTo, opensSubmenu } from './menu-entries.ts';
import { loadFixture } from './testing/fixtures.ts';

function rows(menu: MenuNode, showAll = false): string[] {
  return menuEntries(menu, showAll).map((e) => entryText(e, showAll).text);
}

function node(k: Kconfig, name: string): MenuNode {
  return k.symbols.get(name)!.nodes[0]!;
}

function child(menu: MenuNode, prompt: string): MenuNode {
  return menu.children.find((c) => c.prompt?.text === prompt)!;
}

describe('menu rows', () => {
  it('draws each kind of entry, with dependents of a symbol indented under it', () => {
    const k = loadFixture('kinds');
    expect(rows(k.top)).toEqual([
      '[*] Modules (NEW)',
      '[*] Base feature (NEW)',
      '[ ]   Extra for base (NEW)',
      '      (3) More for base (NEW)',
      '    (10) Upper bound (NEW)',
      '< > Forcer (NEW)',
      '< > Forced (NEW)',
      '    (0x20) Hex value (NEW)',
      '{M} Tristate choice  --->',
      '[ ] Optional choice  ----',
      '[ ] Implier (NEW)',
    ]);
  });

  it('shows forced values from select and the choice modes', () => {
    const k = loadFixture('kinds');
    k.symbols.get('FORCER')!.setValue(2);
    expect(rows(k.top)).toContain('-*- Forced (NEW)');
    k.symbols.get('FORCER')!.setValue(1);
    expect(rows(k.top)).toContain('{M} Forced (NEW)');
    const tri = k.choices.find((c) => c.name === 'TRICHOICE')!;
    const triNode = tri.nodes[0]!;
    expect(rows(triNode)).toEqual(['< > TC A', '< > TC B']);
    tri.setValue(2);
    expect(rows(k.top)).toContain('{*} Tristate choice (TC A)  --->');
    expect(rows(triNode)).toEqual(['(X) TC A', '( ) TC B']);
    const opt = k.choices.find((c) => c.name === undefined)!;
    opt.setValue(2);
    expect(rows(k.top)).toContain('[*] Optional choice (OC A)  --->');
    // Without modules, tristates read as bools.
    k.symbols.get('MODULES')!.setValue(0);
    expect(rows(k.top)).toContain('-*- Forced (NEW)');
  });

  it('lists hidden menus only when showing all, and marks them', () => {
    const k = loadFixture('kinds');
    const all = menuEntries(k.top, true);
    const hidden = all.filter((e) => !e.visible).map((e) => e.node.prompt?.text);
    expect(hidden).toEqual(['Hidden menu', 'Empty menu', 'Needs base and forcer']);
    // 'visible if' hides the prompts inside too: shown, but fixed.
    expect(rows(child(k.top, 'Hidden menu'), true)).toEqual(['- - In hidden menu']);
    expect(rows(child(k.top, 'Hidden menu'), false)).toEqual([]);
  });

  it('finds the menus that lead to a node', () => {
    const k = loadFixture('basic');
    const telnet = node(k, 'NET_TELNET');
    expect(menuPathTo(telnet).map((m) => m.prompt?.text)).toEqual(['Menuconfig Test Configuration', 'Networking support']);
    const uart = node(k, 'SERIAL_PL011');
    expect(menuPathTo(uart).map((m) => m.prompt?.text)).toEqual(['Menuconfig Test Configuration', 'Device drivers']);
    expect(opensSubmenu(node(k, 'NET'))).toBe(true);
    expect(opensSubmenu(node(k, 'NET_SOCKETS'))).toBe(false);
    // An entry indented under a plain symbol lives in that symbol's menu.
    const kinds = loadFixture('kinds');
    expect(menuPathTo(node(kinds, 'BASE_EXTRA'))).toEqual([kinds.top]);
  });
});
