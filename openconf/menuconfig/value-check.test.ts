import { describe, it, expect } from 'vitest';
import { activeRange, checkEntry, entryPrompt } from './value-check.ts';
import { loadFixture } from './testing/fixtures.ts';

describe('value checks for int/hex/string entries', () => {
  it('follows a range whose bound is another symbol', () => {
    const k = loadFixture('kinds');
    const more = k.symbols.get('BASE_MORE')!;
    expect(activeRange(more)).toMatchObject({ low: 0n, high: 10n });
    const bad = checkEntry(more, '11');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('between 0 and 10');
    k.symbols.get('MAXV')!.setValue('20');
    expect(checkEntry(more, '11')).toEqual({ ok: true, value: '11' });
    expect(checkEntry(more, '+5')).toEqual({ ok: true, value: '+5' });
    expect(checkEntry(more, '').ok).toBe(false);
    expect(checkEntry(more, '1.5').ok).toBe(false);
    expect(entryPrompt(more)).toBe('Enter a decimal number between 0 and 20.');
  });

  it('checks hex syntax and range and adds the 0x prefix', () => {
    const k = loadFixture('kinds');
    const hex = k.symbols.get('HEXV')!;
    expect(checkEntry(hex, 'ff')).toEqual({ ok: true, value: '0xff' });
    expect(checkEntry(hex, '0X10')).toEqual({ ok: true, value: '0X10' });
    const low = checkEntry(hex, '0x5');
    expect(!low.ok && low.error).toContain('0x5 is out of range: HEXV must be between 0x10 and 0xff');
    const syntax = checkEntry(hex, 'g1');
    expect(!syntax.ok && syntax.error).toContain("'g1' is not a hexadecimal number");
    expect(entryPrompt(hex)).toContain('hexadecimal number between 0x10 and 0xff');
  });

  it('takes any string and refuses typed values for bools', () => {
    const k = loadFixture('basic');
    expect(checkEntry(k.symbols.get('LOCALVERSION')!, ' a "b" ')).toEqual({ ok: true, value: ' a "b" ' });
    expect(checkEntry(k.symbols.get('DEBUG')!, 'y').ok).toBe(false);
  });
});
