import { describe, it, expect } from 'vitest';
import { EscapeChord } from './escape-chord.ts';
import { normalizeKey, typedChar } from './keys.ts';

describe('normalizeKey', () => {
  it('drops blessed\'s duplicate "return" and maps linefeed to enter', () => {
    expect(normalizeKey('\r', { name: 'return' })).toBeUndefined();
    expect(normalizeKey('\r', { name: 'enter' })?.name).toBe('enter');
    expect(normalizeKey('\n', { name: 'linefeed' })?.name).toBe('enter');
  });

  it('names punctuation by its character and keeps shift', () => {
    expect(normalizeKey('?', { name: undefined })?.name).toBe('?');
    const q = normalizeKey('Q', { name: 'q', shift: true })!;
    expect([q.name, q.ch, q.shift]).toEqual(['q', 'Q', true]);
    expect(normalizeKey(undefined, { name: 'undefined' })).toBeUndefined();
  });

  it('types printable characters only', () => {
    expect(typedChar(normalizeKey('a', { name: 'a' })!)).toBe('a');
    expect(typedChar(normalizeKey(' ', { name: 'space' })!)).toBe(' ');
    expect(typedChar(normalizeKey('\x15', { name: 'u', ctrl: true })!)).toBeUndefined();
    expect(typedChar(normalizeKey(undefined, { name: 'up' })!)).toBeUndefined();
  });
});

describe('EscapeChord', () => {
  const esc = { name: 'escape', ch: undefined, ctrl: false, meta: false, shift: false };
  const a = { name: 'a', ch: 'a', ctrl: false, meta: false, shift: false };

  it('fires on two Escs in a row or one meta-Esc, not on Esc then another key', () => {
    const c = new EscapeChord();
    expect(c.feed(esc)).toBe(false);
    expect(c.waiting).toBe(true);
    expect(c.feed(esc)).toBe(true);
    expect(c.feed(esc)).toBe(false);
    expect(c.feed(a)).toBe(false);
    expect(c.feed(esc)).toBe(false);
    expect(c.feed({ ...esc, meta: true })).toBe(true);
  });
});
