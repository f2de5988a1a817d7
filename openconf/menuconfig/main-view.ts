// The menuconfig screen: a title line on a blue backdrop, and a frame with
// the menu's title, a key legend, the scrolling list of entries, scroll
// marks and the button row. Layout is recomputed from the terminal size on
// every resize; below MIN_WIDTH x MIN_HEIGHT only a notice is shown.

import {
  ListView,
  Panel,
  buttonRow,
  theme,
  wrapText,
  type Span,
  type StyledLine,
  type TuiScreen,
} from '../tui/index.ts';

export const MIN_WIDTH = 54;
export const MIN_HEIGHT = 12;

export const BUTTONS = ['Select', 'Exit', 'Help', 'Save', 'Load'] as const;

const LEGEND =
  'Arrow keys move, <Enter> runs the highlighted button, ---> marks a submenu. ' +
  '<Y> includes, <N> excludes, <M> builds as a module, <Space> cycles. ' +
  '<Esc><Esc> goes back, <?> help, </> search, <z> all entries, <Q> quit. ' +
  'Legend: [*] built in, [ ] excluded, <M> module, < > module capable.';

export interface MenuRow {
  readonly text: string;
  readonly hotkey: number;
  readonly dim: boolean;
}

export class MainView {
  private readonly backdrop: Panel;
  private readonly frame: Panel;
  readonly list: ListView;
  private legend: string[] = [];
  private title = '';
  private menuTitle = '';
  private button = 0;
  private tooSmall = false;

  constructor(private readonly screen: TuiScreen) {
    this.backdrop = new Panel(screen, { style: theme.backdrop });
    this.frame = new Panel(screen, {
      border: true,
      shadow: true,
      style: theme.dialog,
      borderStyle: theme.dialogBorder,
      titleStyle: theme.dialogTitle,
    });
    this.list = new ListView(screen, { border: true, style: theme.dialog, borderStyle: theme.dialogBorder, selectedStyle: theme.selected });
  }

  get isTooSmall(): boolean {
    return this.tooSmall;
  }

  setTitle(title: string): void {
    this.title = title;
    this.drawBackdrop();
  }

  setMenuTitle(title: string): void {
    this.menuTitle = title;
    this.frame.setTitle(title);
  }

  setRows(rows: readonly MenuRow[], selected: number): void {
    this.list.setItems(rows.map(rowLine), selected);
    this.drawFrame();
  }

  select(index: number): void {
    this.list.select(index);
    this.drawFrame();
  }

  setButton(index: number): void {
    this.button = index;
    this.drawFrame();
  }

  layout(): void {
    const w = this.screen.width;
    const h = this.screen.height;
    this.backdrop.setRect({ top: 0, left: 0, width: w, height: h });
    this.tooSmall = w < MIN_WIDTH || h < MIN_HEIGHT;
    if (this.tooSmall) {
      this.frame.hide();
      this.list.panel.hide();
      this.drawBackdrop();
      return;
    }
    this.frame.show();
    this.list.panel.show();
    const frame = { top: 2, left: 1, width: w - 3, height: h - 3 };
    this.frame.setRect(frame);
    this.frame.setTitle(this.menuTitle);
    const innerH = frame.height - 2;
    // The list keeps at least three rows (plus its border); the legend gets the rest.
    const allLegend = wrapText(LEGEND, frame.width - 4);
    this.legend = allLegend.slice(0, Math.max(0, innerH - 2 - 5));
    const listTop = frame.top + 1 + this.legend.length;
    const listHeight = innerH - this.legend.length - 2;
    this.list.setRect({ top: listTop, left: frame.left + 2, width: frame.width - 4, height: listHeight });
    this.drawBackdrop();
    this.drawFrame();
  }

  private drawBackdrop(): void {
    const w = this.screen.width;
    const lines: StyledLine[] = [[{ text: this.title, style: theme.backdropTitle }], '\u2500'.repeat(Math.max(0, w))];
    if (this.tooSmall) {
      const notice = `The terminal is ${w}x${this.screen.height}; menuconfig needs at least ${MIN_WIDTH}x${MIN_HEIGHT}. Enlarge the window to continue.`;
      lines.push('', ...wrapText(notice, w));
    }
    this.backdrop.setLines(lines);
  }

  private drawFrame(): void {
    if (this.tooSmall) return;
    const inner = this.frame.innerWidth;
    const lines: StyledLine[] = this.legend.map((l) => ' ' + l);
    const listRows = this.list.panel.bounds.height;
    for (let i = 0; i < listRows; i++) lines.push('');
    const { above, below } = this.list.scrollState;
    const marks = `${above ? '^(-)' : '    '}${' '.repeat(Math.max(0, inner - 12))}${below ? 'v(+)' : '    '}`;
    lines.push('  ' + marks);
    lines.push(buttonRow(BUTTONS, this.button, inner));
    this.frame.setLines(lines);
  }
}

function rowLine(row: MenuRow): Span[] {
  if (row.dim) return [{ text: row.text, style: theme.dim }];
  if (row.hotkey < 0 || row.hotkey >= row.text.length) return [{ text: row.text }];
  return [
    { text: row.text.slice(0, row.hotkey) },
    { text: row.text.charAt(row.hotkey), style: theme.hotkey },
    { text: row.text.slice(row.hotkey + 1) },
  ];
}
