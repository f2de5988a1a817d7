import { describe, it, expect } from 'vitest';
import type { TuiKey } from './keys.ts';
import { LineEditor } from './line-editor.ts';
import { plainText } from './styled-text.ts';

function k(name: string, opts: Partial<TuiKey> = {}): TuiKey {
  return { name, ch: name.length === 1 ? name : undefined, ctrl: false, meta: false, shift: false, ...opts };
}

function typeInto(e: LineEditor, text: string): void {
  for (const c of text) e.handleKey(c === ' ' ? k('space', { ch: ' ' }) : k(c));
}

describe('LineEditor', () => {
  it('inserts at the cursor and edits with readline keys', () => {
    const e = new LineEditor('hello');
    e.handleKey(k('home'));
    typeInto(e, '> ');
    expect(e.text).toBe('> hello');
    e.handleKey(k('e', { ctrl: true }));
    e.handleKey(k('backspace'));
    expect(e.text).toBe('> hell');
    typeInto(e, ' world');
    e.handleKey(k('w', { ctrl: true }));
    expect(e.text).toBe('> hell ');
    e.handleKey(k('left'));
    e.handleKey(k('left'));
    e.handleKey(k('k', { ctrl: true }));
    expect(e.text).toBe('> hel');
    e.handleKey(k('u', { ctrl: true }));
    expect([e.text, e.cursor]).toEqual(['', 0]);
    expect(e.handleKey(k('delete'))).toBe('ignored');
    expect(e.handleKey(k('enter'))).toBe('submit');
    expect(e.handleKey(k('x', { ctrl: true }))).toBe('ignored');
  });

  it('recalls history with Up and Down and restores the draft', () => {
    const e = new LineEditor();
    e.remember('first');
    e.remember('second');
    e.remember('second');
    e.remember('  ');
    typeInto(e, 'dra');
    e.handleKey(k('up'));
    expect(e.text).toBe('second');
    e.handleKey(k('up'));
    expect(e.text).toBe('first');
    expect(e.handleKey(k('up'))).toBe('ignored');
    e.handleKey(k('down'));
    e.handleKey(k('down'));
    expect(e.text).toBe('dra');
  });

  it('scrolls sideways to keep the cursor in the window', () => {
    const e = new LineEditor('abcdefghij');
    expect(plainText(e.render(4, undefined, undefined))).toBe('hij ');
    e.handleKey(k('home'));
    expect(plainText(e.render(4, undefined, undefined))).toBe('abcd');
    const spans = e.render(4, { bg: 'cyan' }, { bg: 'black' });
    expect(spans[0]!.style).toEqual({ bg: 'black' });
    expect(spans[1]!.style).toEqual({ bg: 'cyan' });
  });
});
