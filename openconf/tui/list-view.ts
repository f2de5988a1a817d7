// A scrolling list with one selected row, drawn into a Panel. The list keeps
// the selection on screen as it moves and after the panel is resized; the
// owner decides what Enter and other keys mean.

import type { TuiKey } from './keys.ts';
import { Panel, type PanelOptions, type Rect } from './panel.ts';
import type { TuiScreen } from './screen.ts';
import { fitLine, restyle, type Span, type StyledLine, type TextStyle } from './styled-text.ts';

export interface ListViewOptions extends PanelOptions {
  /** Style of the selected row; the bar covers the whole row. */
  readonly selectedStyle?: TextStyle;
}

export class ListView {
  readonly panel: Panel;
  private items: readonly StyledLine[] = [];
  private index = 0;
  private top = 0;
  private readonly selectedStyle: TextStyle;

  constructor(screen: TuiScreen, opts: ListViewOptions = {}) {
    this.panel = new Panel(screen, opts);
    this.selectedStyle = opts.selectedStyle ?? { fg: 'white', bg: 'blue', bold: true };
  }

  get selected(): number {
    return this.index;
  }

  get length(): number {
    return this.items.length;
  }

  /** Rows that fit in the panel. */
  get pageSize(): number {
    return Math.max(1, this.panel.innerHeight);
  }

  /** Whether rows are hidden above or below the visible window. */
  get scrollState(): { above: boolean; below: boolean } {
    return { above: this.top > 0, below: this.top + this.pageSize < this.items.length };
  }

  /** Index of the first visible row. */
  get firstVisible(): number {
    return this.top;
  }

  setRect(rect: Rect): void {
    this.panel.setRect(rect);
    this.select(this.index);
  }

  setItems(items: readonly StyledLine[], selected = this.index): void {
    this.items = items;
    this.select(selected);
  }

  select(i: number): void {
    const n = this.items.length;
    this.index = n === 0 ? 0 : Math.min(Math.max(0, i), n - 1);
    const page = this.pageSize;
    if (this.index < this.top) this.top = this.index;
    if (this.index >= this.top + page) this.top = this.index - page + 1;
    this.top = Math.max(0, Math.min(this.top, Math.max(0, n - page)));
    this.draw();
  }

  /** Handles movement keys; returns false for keys it does not use. */
  handleKey(key: TuiKey): boolean {
    switch (key.name) {
      case 'up':
        this.select(this.index - 1);
        return true;
      case 'down':
        this.select(this.index + 1);
        return true;
      case 'pageup':
        this.select(this.index - this.pageSize);
        return true;
      case 'pagedown':
        this.select(this.index + this.pageSize);
        return true;
      case 'home':
        this.select(0);
        return true;
      case 'end':
        this.select(this.items.length - 1);
        return true;
      default:
        return false;
    }
  }

  destroy(): void {
    this.panel.destroy();
  }

  private draw(): void {
    const width = this.panel.innerWidth;
    const rows: Span[][] = [];
    const end = Math.min(this.items.length, this.top + this.pageSize);
    for (let i = this.top; i < end; i++) {
      const line = this.items[i]!;
      rows.push(i === this.index ? fitLine(restyle(line, this.selectedStyle), width, this.selectedStyle) : fitLine(line, width));
    }
    this.panel.setLines(rows);
  }
}
