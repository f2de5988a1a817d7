// A rectangle on the screen: optional line border, a centred title on the top
// border (as dialog(1)-style tools draw it), and lines of styled text inside.
// Callers position panels with explicit rectangles recomputed on resize, so
// layout decisions stay in the caller, in plain numbers.

import blessed from 'blessed';
import type { TuiScreen } from './screen.ts';
import { fitLine, textWidth, toMarkup, type StyledLine, type TextStyle } from './styled-text.ts';

export interface Rect {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

export interface PanelOptions {
  readonly border?: boolean;
  readonly title?: string;
  /** Text and background colours of the panel body. */
  readonly style?: TextStyle;
  readonly borderStyle?: TextStyle;
  readonly titleStyle?: TextStyle;
  readonly shadow?: boolean;
}

function blessedStyle(s: TextStyle | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s?.fg) out['fg'] = s.fg;
  if (s?.bg) out['bg'] = s.bg;
  if (s?.bold) out['bold'] = true;
  if (s?.underline) out['underline'] = true;
  return out;
}

export class Panel {
  private readonly box: blessed.Widgets.BoxElement;
  private readonly titleBox: blessed.Widgets.BoxElement;
  private readonly hasBorder: boolean;
  private title: string;
  private rect: Rect = { top: 0, left: 0, width: 1, height: 1 };
  private lines: readonly StyledLine[] = [];

  constructor(private readonly screen: TuiScreen, opts: PanelOptions = {}) {
    this.hasBorder = opts.border === true;
    this.title = opts.title ?? '';
    this.box = blessed.box({
      parent: this.screen.raw,
      tags: true,
      wrap: false,
      border: this.hasBorder ? { type: 'line' } : undefined,
      shadow: opts.shadow === true,
      style: { ...blessedStyle(opts.style), border: blessedStyle(opts.borderStyle ?? opts.style) },
    } as blessed.Widgets.BoxOptions);
    this.titleBox = blessed.box({
      parent: this.screen.raw,
      tags: true,
      wrap: false,
      height: 1,
      style: blessedStyle(opts.titleStyle ?? opts.borderStyle ?? opts.style),
    } as blessed.Widgets.BoxOptions);
    this.placeTitle();
  }

  /** Inner size available for text. */
  get innerWidth(): number {
    return Math.max(0, this.rect.width - (this.hasBorder ? 2 : 0));
  }

  get innerHeight(): number {
    return Math.max(0, this.rect.height - (this.hasBorder ? 2 : 0));
  }

  get bounds(): Rect {
    return this.rect;
  }

  setRect(rect: Rect): void {
    this.rect = {
      top: Math.max(0, rect.top),
      left: Math.max(0, rect.left),
      width: Math.max(1, rect.width),
      height: Math.max(1, rect.height),
    };
    this.box.top = this.rect.top;
    this.box.left = this.rect.left;
    this.box.width = this.rect.width;
    this.box.height = this.rect.height;
    this.placeTitle();
    this.redraw();
  }

  setTitle(title: string): void {
    this.title = title;
    this.placeTitle();
  }

  /** Replaces the content; lines are cut to the inner width, never wrapped. */
  setLines(lines: readonly StyledLine[]): void {
    this.lines = lines;
    this.redraw();
  }

  show(): void {
    this.box.show();
    this.placeTitle();
  }

  hide(): void {
    this.box.hide();
    this.titleBox.hide();
  }

  /** Moves the panel above every other element (a dialog opened later must cover the menu). */
  raise(): void {
    this.box.setFront();
    this.titleBox.setFront();
  }

  destroy(): void {
    this.box.detach();
    this.titleBox.detach();
    this.box.destroy();
    this.titleBox.destroy();
    this.screen.requestRender();
  }

  private redraw(): void {
    const w = this.innerWidth;
    const rows = this.lines.slice(0, this.innerHeight).map((l) => toMarkup(fitLine(l, w)));
    this.box.setContent(rows.join('\n'));
  }

  private placeTitle(): void {
    if (this.title === '' || this.box.hidden) {
      this.titleBox.hide();
      return;
    }
    const room = Math.max(0, this.rect.width - 4);
    const text = ` ${this.title} `;
    const shown = textWidth(text) > room ? Array.from(text).slice(0, room).join('') : text;
    const width = Math.max(1, textWidth(shown));
    this.titleBox.top = this.rect.top;
    this.titleBox.left = this.rect.left + Math.max(0, Math.floor((this.rect.width - width) / 2));
    this.titleBox.width = width;
    this.titleBox.setContent(toMarkup(shown));
    this.titleBox.show();
  }
}
