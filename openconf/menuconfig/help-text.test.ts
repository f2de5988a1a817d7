import { describe, it, expect } from 'vitest';
import { helpText, helpTitle } from './help-text.ts';
import { fixtureLine, loadFixture } from './testing/fixtures.ts';

describe('help text', () => {
  it('lists selects both ways with values', () => {
    const k = loadFixture('kinds');
    k.symbols.get('FORCER')!.setValue(2);
    const forced = helpText(k.symbols.get('FORCED')!.nodes[0]!, 'Kinds');
    expect(forced).toContain('Selected by:\n    - FORCER [=y]');
    expect(forced).toContain('Value : y');
    const forcer = helpText(k.symbols.get('FORCER')!.nodes[0]!, 'Kinds');
    expect(forcer).toContain('Selects:\n    - FORCED [=y]');
    expect(forcer).toContain('(set by you: y)');
    expect(forcer).toContain('There is no help available for this entry.');
  });

  it('shows dependencies, range, location and file:line', () => {
    const k = loadFixture('kinds');
    const more = helpText(k.symbols.get('BASE_MORE')!.nodes[0]!, 'Kinds');
    expect(more).toContain('Type  : int');
    expect(more).toContain('Depends on: BASE [=y]');
    expect(more).toContain('Range: [0 MAXV]');
    expect(more).toContain('  Location:\n    -> Kinds');
    expect(more).toContain(`Defined at openconf.cfg:${fixtureLine('kinds/openconf.cfg', /^config BASE_MORE/)}`);
    const inSub = helpText(loadFixture('basic').symbols.get('SERIAL_PL011')!.nodes[0]!, 'Main');
    expect(inSub).toContain('The ARM PrimeCell UART.');
    expect(inSub).toContain('    -> Main\n      -> Device drivers');
    expect(inSub).toContain(`Defined at drivers/openconf.cfg:${fixtureLine('basic/drivers/openconf.cfg', /^config SERIAL_PL011/)}`);
  });

  it('lists implies both ways', () => {
    const k = loadFixture('kinds');
    k.symbols.get('IMPLIER')!.setValue(2);
    expect(helpText(k.symbols.get('IMPLIER')!.nodes[0]!, 'Kinds')).toContain('Implies:\n    - FORCED [=y]');
    expect(helpText(k.symbols.get('FORCED')!.nodes[0]!, 'Kinds')).toContain('Implied by:\n    - IMPLIER [=y]');
  });

  it('gives each symbol of a compound dependency its value', () => {
    const k = loadFixture('kinds');
    const both = helpText(k.symbols.get('BOTH')!.nodes[0]!, 'Kinds');
    expect(both).toContain('Depends on: BASE [=y] && FORCER [=n]  => n');
  });

  it('describes promptless symbols, choices and menus', () => {
    const k = loadFixture('kinds');
    const promptless = helpText(k.symbols.get('PROMPTLESS')!.nodes[0]!, 'Kinds');
    expect(promptless).toContain('Has no prompt.');
    expect(promptless).not.toContain('Prompt:');
    const tri = k.choices.find((c) => c.name === 'TRICHOICE')!.nodes[0]!;
    expect(helpTitle(tri)).toBe('TRICHOICE');
    expect(helpText(tri, 'Kinds')).toContain('Members: TC_A, TC_B');
    const hidden = k.top.children.find((c) => c.prompt?.text === 'Hidden menu')!;
    expect(helpTitle(hidden)).toBe('Hidden menu');
    expect(helpText(hidden, 'Kinds')).toContain('Visible if: BASE_EXTRA [=n]');
  });
});
