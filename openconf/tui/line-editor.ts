// One line of editable text with a cursor and optional history: the state
// behind the input dialog and behind a command prompt. Keys follow readline's
// common bindings (Home/End, Ctrl-A/E, Ctrl-U/K, Ctrl-W, Up/Down for history).

import { typedChar, type TuiKey } from './keys.ts';
import type { Span, TextStyle } from './styled-text.ts';

export type EditResult = 'submit' | 'changed' | 'ignored';

export class LineEditor {
  private chars: string[];
  private pos: number;
  private offset = 0;
  private readonly history: string[] = [];
  private historyIndex = 0;
  private draft = '';

  constructor(initial = '', private readonly historyLimit = 100) {
    this.chars = Array.from(initial);
    this.pos = this.chars.length;
  }

  get text(): string {
    return this.chars.join('');
  }

  get cursor(): number {
    return this.pos;
  }

  setText(text: string): void {
    this.chars = Array.from(text);
    this.pos = this.chars.length;
  }

  /** Records a submitted line for Up/Down recall (blank lines and repeats are not kept). */
  remember(line: string): void {
    if (line.trim() !== '' && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > this.historyLimit) this.history.shift();
    }
    this.historyIndex = this.history.length;
    this.draft = '';
  }

  handleKey(key: TuiKey): EditResult {
    if (key.ctrl) return this.handleCtrl(key.name);
    switch (key.name) {
      case 'enter':
        return 'submit';
      case 'left':
        this.pos = Math.max(0, this.pos - 1);
        return 'changed';
      case 'right':
        this.pos = Math.min(this.chars.length, this.pos + 1);
        return 'changed';
      case 'home':
        this.pos = 0;
        return 'changed';
      case 'end':
        this.pos = this.chars.length;
        return 'changed';
      case 'backspace':
        if (this.pos === 0) return 'ignored';
        this.chars.splice(this.pos - 1, 1);
        this.pos--;
        return 'changed';
      case 'delete':
        if (this.pos >= this.chars.length) return 'ignored';
        this.chars.splice(this.pos, 1);
        return 'changed';
      case 'up':
        return this.recall(-1);
      case 'down':
        return this.recall(1);
    }
    const c = typedChar(key);
    if (c === undefined) return 'ignored';
    this.chars.splice(this.pos, 0, c);
    this.pos++;
    return 'changed';
  }

  /** The visible part of the line in `width` cells, the cursor cell drawn in `cursorStyle` when shown. */
  render(width: number, style: TextStyle | undefined, cursorStyle: TextStyle | undefined): Span[] {
    const w = Math.max(1, width);
    if (this.pos < this.offset) this.offset = this.pos;
    if (this.pos >= this.offset + w) this.offset = this.pos - w + 1;
    const spans: Span[] = [];
    for (let i = 0; i < w; i++) {
      const c = this.chars[this.offset + i] ?? ' ';
      const s = cursorStyle !== undefined && this.offset + i === this.pos ? cursorStyle : style;
      spans.push(s ? { text: c, style: s } : { text: c });
    }
    return spans;
  }

  private handleCtrl(name: string): EditResult {
    switch (name) {
      case 'a':
        this.pos = 0;
        return 'changed';
      case 'e':
        this.pos = this.chars.length;
        return 'changed';
      case 'u':
        this.chars = this.chars.slice(this.pos);
        this.pos = 0;
        return 'changed';
      case 'k':
        this.chars = this.chars.slice(0, this.pos);
        return 'changed';
      case 'w': {
        let start = this.pos;
        while (start > 0 && this.chars[start - 1] === ' ') start--;
        while (start > 0 && this.chars[start - 1] !== ' ') start--;
        this.chars.splice(start, this.pos - start);
        this.pos = start;
        return 'changed';
      }
      default:
        return 'ignored';
    }
  }

  private recall(step: number): EditResult {
    if (this.history.length === 0) return 'ignored';
    if (this.historyIndex === this.history.length) this.draft = this.text;
    const next = Math.min(this.history.length, Math.max(0, this.historyIndex + step));
    if (next === this.historyIndex) return 'ignored';
    this.historyIndex = next;
    this.setText(next === this.history.length ? this.draft : this.history[next]!);
    return 'changed';
  }
}
