// A scrollback of text that grows at the bottom, like a console: appended
// text is split into lines (a trailing partial line stays open for the next
// append), old lines drop off past the limit, and the view follows the end
// unless the user has scrolled back.

import type { TuiKey } from './keys.ts';
import { Panel, type PanelOptions, type Rect } from './panel.ts';
import type { TuiScreen } from './screen.ts';
import { wrapText } from './text-wrap.ts';

export interface LogViewOptions extends PanelOptions {
  /** Lines kept for scrolling back. */
  readonly maxLines?: number;
}

export class LogView {
  readonly panel: Panel;
  private readonly lines: string[] = [''];
  private readonly maxLines: number;
  /** Lines scrolled back from the end; 0 follows new output. */
  private back = 0;

  constructor(screen: TuiScreen, opts: LogViewOptions = {}) {
    this.panel = new Panel(screen, opts);
    this.maxLines = Math.max(1, opts.maxLines ?? 2000);
  }

  setRect(rect: Rect): void {
    this.panel.setRect(rect);
    this.draw();
  }

  /** Adds text; '\n' ends a line, '\r\n' counts as one, other control characters are dropped. */
  append(text: string): void {
    // A reader who scrolled back keeps looking at the same rows.
    const before = this.back > 0 ? this.tailRows(Infinity).length : 0;
    const parts = text.replace(/\r\n/g, '\n').replace(/[\x00-\x09\x0b-\x1f\x7f]/g, '').split('\n');
    this.lines[this.lines.length - 1] += parts[0]!;
    for (let i = 1; i < parts.length; i++) this.lines.push(parts[i]!);
    const excess = this.lines.length - this.maxLines;
    if (excess > 0) this.lines.splice(0, excess);
    if (this.back > 0) {
      const rows = this.tailRows(Infinity).length;
      this.back = Math.min(Math.max(0, rows - this.panel.innerHeight), this.back + Math.max(0, rows - before));
    }
    this.draw();
  }

  clear(): void {
    this.lines.length = 0;
    this.lines.push('');
    this.back = 0;
    this.draw();
  }

  /** All text, the open last line included. */
  get text(): string {
    return this.lines.join('\n');
  }

  get isFollowing(): boolean {
    return this.back === 0;
  }

  scroll(delta: number): void {
    const rows = this.tailRows(Infinity).length;
    this.back = Math.min(Math.max(0, rows - this.panel.innerHeight), Math.max(0, this.back - delta));
    this.draw();
  }

  /** PageUp/PageDown scroll by a screenful, End returns to following; false for other keys. */
  handleKey(key: TuiKey): boolean {
    const page = Math.max(1, this.panel.innerHeight - 1);
    if (key.name === 'pageup') this.scroll(-page);
    else if (key.name === 'pagedown') this.scroll(page);
    else if (key.name === 'end' && key.ctrl) this.scroll(Number.MAX_SAFE_INTEGER);
    else return false;
    return true;
  }

  /** Screen rows of the last `count` rows' worth of lines (all rows when count is Infinity). */
  private tailRows(count: number): string[] {
    const width = Math.max(1, this.panel.innerWidth);
    const rows: string[] = [];
    let i = this.lines.length - 1;
    // The open last line shows only once something has been written to it.
    if (this.lines[i] === '') i--;
    for (; i >= 0 && rows.length < count; i--) {
      const line = this.lines[i]!;
      rows.unshift(...(line === '' ? [''] : wrapText(line, width)));
    }
    return rows;
  }

  private draw(): void {
    const height = this.panel.innerHeight;
    const rows = this.tailRows(height + this.back);
    const end = rows.length - this.back;
    this.panel.setLines(rows.slice(Math.max(0, end - height), Math.max(0, end)));
  }
}
