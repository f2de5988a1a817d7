import { describe, it, expect, afterEach } from 'vitest';
import { askText } from './input-dialog.ts';
import { pickFromList } from './list-dialog.ts';
import { TuiScreen } from './screen.ts';
import { askButtons, showMessage } from './text-dialog.ts';
import { FakeTerminal, KEYS } from './testing/fake-terminal.ts';

let screen: TuiScreen | undefined;
afterEach(() => screen?.destroy());

async function open(cols = 80, rows = 24): Promise<FakeTerminal> {
  const term = new FakeTerminal(cols, rows);
  screen = new TuiScreen({ input: term.input, output: term.output, terminal: 'xterm' });
  term.attach(screen);
  screen.render();
  await term.settle();
  return term;
}

/** Tracks whether a promise has settled, without waiting for it. */
function track<T>(p: Promise<T>): { done: boolean; value: T | undefined } {
  const state = { done: false, value: undefined as T | undefined };
  void p.then((v) => {
    state.done = true;
    state.value = v;
  });
  return state;
}

describe('tui dialogs on fake streams', () => {
  it('shows a message centred with its title and closes on Enter', async () => {
    const term = await open();
    const result = track(showMessage(screen!, { title: 'Notice', text: 'Hello there.' }));
    await term.settle();
    const lines = term.lines();
    const row = lines.findIndex((l) => l.includes('Hello there.'));
    expect(row).toBeGreaterThan(5);
    expect(lines.some((l) => l.includes(' Notice '))).toBe(true);
    expect(term.text()).toContain('<  OK  >');
    await term.press('x');
    expect(result.done).toBe(false);
    await term.press(KEYS.enter);
    expect(result.done).toBe(true);
    expect(term.text()).not.toContain('Hello there.');
  });

  it('scrolls long text and shows how far it has got', async () => {
    const term = await open(80, 12);
    const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const result = track(showMessage(screen!, { title: 'Long', text, wide: true }));
    await term.settle();
    expect(term.text()).toContain('line 0');
    expect(term.text()).not.toContain('line 29');
    expect(term.text()).toMatch(/\(\s*20%\)/);
    await term.press(KEYS.end);
    expect(term.text()).toContain('line 29');
    expect(term.text()).toContain('(100%)');
    await term.press(KEYS.home, KEYS.down);
    expect(term.text()).not.toContain('line 0 ');
    expect(term.text()).toContain('line 1');
    await term.press(KEYS.escEsc);
    expect(result.done).toBe(true);
  });

  it('answers a question by button, hotkey or Esc Esc', async () => {
    const term = await open();
    let r = track(askButtons(screen!, { title: 'Q', text: 'Proceed?', buttons: ['Yes', 'No'] }));
    await term.settle();
    await term.press(KEYS.right, KEYS.enter);
    expect(r.value).toBe(1);
    r = track(askButtons(screen!, { title: 'Q', text: 'Proceed?', buttons: ['Yes', 'No'] }));
    await term.press('y');
    expect(r.value).toBe(0);
    r = track(askButtons(screen!, { title: 'Q', text: 'Proceed?', buttons: ['Yes', 'No'] }));
    await term.press(KEYS.esc);
    expect(r.done).toBe(false);
    await term.press(KEYS.esc);
    expect(r).toEqual({ done: true, value: undefined });
  });

  it('edits text with the cursor keys and refuses what validate rejects', async () => {
    const term = await open();
    const r = track(
      askText(screen!, {
        title: 'Number',
        text: 'Type a number.',
        initial: '12',
        validate: (t) => (/^\d+$/.test(t) ? undefined : `'${t}' is no number`),
      }),
    );
    await term.settle();
    expect(term.text()).toContain('Type a number.');
    await term.press(KEYS.left);
    await term.type('x');
    expect(term.text()).toContain('1x2');
    await term.press(KEYS.enter);
    expect(term.text()).toContain("'1x2' is no number");
    expect(r.done).toBe(false);
    await term.press(KEYS.enter);
    expect(term.text()).not.toContain('is no number');
    await term.press(KEYS.backspace);
    await term.type('5');
    await term.press(KEYS.end);
    await term.type('0');
    await term.press(KEYS.enter);
    expect(r).toEqual({ done: true, value: '1520' });
  });

  it('cancels text entry with the Cancel button', async () => {
    const term = await open();
    const r = track(askText(screen!, { title: 'Name', text: 'Name?', initial: 'abc' }));
    await term.settle();
    await term.press(KEYS.tab, KEYS.tab, KEYS.enter);
    expect(r).toEqual({ done: true, value: undefined });
  });

  it('picks from a list, describes the selection and passes extra keys', async () => {
    const term = await open();
    const seen: number[] = [];
    const r = track(
      pickFromList(screen!, {
        title: 'Pick',
        text: 'Choose a fruit.',
        items: ['apple', 'banana', 'cherry'],
        describe: (i) => [`detail of ${['apple', 'banana', 'cherry'][i]}`],
        onKey: (key, i) => {
          if (key.name !== '?') return false;
          seen.push(i);
          return true;
        },
      }),
    );
    await term.settle();
    expect(term.text()).toContain('detail of apple');
    await term.press(KEYS.down, KEYS.down);
    expect(term.text()).toContain('detail of cherry');
    expect(term.highlighted(4, 9, 0)[0]).toContain('cherry');
    await term.press('?');
    expect(seen).toEqual([2]);
    await term.press(KEYS.up, KEYS.enter);
    expect(r).toEqual({ done: true, value: 1 });
  });

  it('closes an empty list with undefined', async () => {
    const term = await open();
    const r = track(pickFromList(screen!, { title: 'Pick', items: [], emptyText: 'Nothing here.' }));
    await term.settle();
    expect(term.text()).toContain('Nothing here.');
    await term.press(KEYS.enter);
    expect(r).toEqual({ done: true, value: undefined });
  });

  it('re-centres an open dialog when the terminal is resized', async () => {
    const term = await open();
    track(showMessage(screen!, { title: 'Resize', text: 'Centred text' }));
    await term.settle();
    const col = (): number => {
      const l = term.lines().find((x) => x.includes('Centred text'))!;
      return l.indexOf('Centred text');
    };
    const before = col();
    await term.resize(120, 30);
    expect(term.lines()).toHaveLength(30);
    expect(col()).toBe(before + 20);
  });

  it('sends only to the top key layer and reports handler errors', async () => {
    const term = await open();
    const got: string[] = [];
    const errors: unknown[] = [];
    screen!.onError((e) => errors.push(e));
    const bottom = screen!.pushKeys((k) => got.push(`bottom:${k.name}`));
    const top = screen!.pushKeys((k) => {
      if (k.name === 'b') throw new Error('boom');
      got.push(`top:${k.name}`);
    });
    await term.press('a', 'b');
    top.pop();
    await term.press('c');
    bottom.pop();
    expect(got).toEqual(['top:a', 'bottom:c']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });

  it('handles keys one at a time even when one read delivers several', async () => {
    const term = await open();
    const order: string[] = [];
    // The first key opens a dialog after an await; the second must reach it.
    screen!.pushKeys(async (k) => {
      order.push(`main:${k.name}`);
      await Promise.resolve();
      const v = await askButtons(screen!, { title: 'x', text: 'y', buttons: ['One', 'Two'] });
      order.push(`dialog:${v}`);
    });
    term.input.write('at');
    await term.settle();
    await term.settle();
    expect(order).toEqual(['main:a', 'dialog:1']);
  });
});
