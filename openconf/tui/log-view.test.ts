import { describe, it, expect, afterEach } from 'vitest';
import { LogView } from './log-view.ts';
import { TuiScreen } from './screen.ts';
import { FakeTerminal } from './testing/fake-terminal.ts';
import type { TuiKey } from './keys.ts';

let screen: TuiScreen | undefined;
afterEach(() => screen?.destroy());

function key(name: string, ctrl = false): TuiKey {
  return { name, ch: undefined, ctrl, meta: false, shift: false };
}

describe('LogView', () => {
  it('follows appended output, keeps partial lines open and scrolls back', async () => {
    const term = new FakeTerminal(20, 6);
    screen = new TuiScreen({ input: term.input, output: term.output, terminal: 'xterm' });
    term.attach(screen);
    const log = new LogView(screen, { maxLines: 50 });
    log.setRect({ top: 0, left: 0, width: 20, height: 4 });
    log.append('one\r\ntw');
    log.append('o\nthree\n');
    screen.render();
    expect(term.lines().slice(0, 4)).toEqual(['one', 'two', 'three', '']);
    log.append('four\nfive\x07\n');
    screen.render();
    expect(term.lines().slice(0, 4)).toEqual(['two', 'three', 'four', 'five']);
    expect(log.handleKey(key('pageup'))).toBe(true);
    expect(log.isFollowing).toBe(false);
    screen.render();
    expect(term.lines()[0]).toBe('one');
    // New output does not yank a reader who scrolled back.
    log.append('six\n');
    screen.render();
    expect(term.lines()[0]).toBe('one');
    log.handleKey(key('end', true));
    screen.render();
    expect(log.isFollowing).toBe(true);
    expect(term.lines().slice(0, 4)).toEqual(['three', 'four', 'five', 'six']);
    expect(log.handleKey(key('x'))).toBe(false);
  });

  it('wraps long lines and drops lines past the limit', async () => {
    const term = new FakeTerminal(20, 6);
    screen = new TuiScreen({ input: term.input, output: term.output, terminal: 'xterm' });
    term.attach(screen);
    const log = new LogView(screen, { maxLines: 3 });
    log.setRect({ top: 0, left: 0, width: 10, height: 5 });
    log.append('a\nb\nc\nd\n');
    expect(log.text).toBe('c\nd\n');
    log.append('0123456789abc');
    screen.render();
    expect(term.lines().slice(0, 4)).toEqual(['c', 'd', '0123456789', 'abc']);
    log.clear();
    expect(log.text).toBe('');
  });
});
