import { describe, it, expect, afterEach } from 'vitest';
import { ListView } from './list-view.ts';
import { TuiScreen } from './screen.ts';
import { FakeTerminal } from './testing/fake-terminal.ts';
import type { TuiKey } from './keys.ts';

let screen: TuiScreen | undefined;
afterEach(() => screen?.destroy());

function key(name: string): TuiKey {
  return { name, ch: undefined, ctrl: false, meta: false, shift: false };
}

describe('ListView', () => {
  it('keeps the selection visible while moving and paging', async () => {
    const term = new FakeTerminal(30, 10);
    screen = new TuiScreen({ input: term.input, output: term.output, terminal: 'xterm' });
    term.attach(screen);
    const list = new ListView(screen);
    list.setRect({ top: 0, left: 0, width: 20, height: 5 });
    list.setItems(Array.from({ length: 12 }, (_, i) => `item ${i}`));
    screen.render();
    expect(term.lines().slice(0, 5)).toEqual(['item 0', 'item 1', 'item 2', 'item 3', 'item 4']);
    expect(list.scrollState).toEqual({ above: false, below: true });
    for (let i = 0; i < 6; i++) list.handleKey(key('down'));
    screen.render();
    expect(list.selected).toBe(6);
    expect(list.firstVisible).toBe(2);
    expect(term.highlighted(0, 5, 0)).toEqual(['item 6']);
    list.handleKey(key('pagedown'));
    list.handleKey(key('pagedown'));
    expect(list.selected).toBe(11);
    expect(list.scrollState).toEqual({ above: true, below: false });
    list.handleKey(key('home'));
    expect([list.selected, list.firstVisible]).toEqual([0, 0]);
    expect(list.handleKey(key('x'))).toBe(false);
    // Shrinking the panel or the list keeps the selection in range and visible.
    list.handleKey(key('end'));
    list.setRect({ top: 0, left: 0, width: 20, height: 3 });
    expect(list.firstVisible).toBe(9);
    list.setItems(['a', 'b']);
    expect([list.selected, list.firstVisible]).toEqual([1, 0]);
  });
});
