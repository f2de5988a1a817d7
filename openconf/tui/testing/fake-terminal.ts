// A terminal made of two PassThrough streams with a fixed size, for driving
// tui screens in tests: write key sequences into the input, wait until the
// screen has handled them, and read the screen back from blessed's buffer.

import { PassThrough } from 'node:stream';
import type { TuiScreen } from '../screen.ts';
import { theme } from '../theme.ts';

/** Byte sequences an xterm sends for keys. */
export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  tab: '\t',
  space: ' ',
  backspace: '\x7f',
  escEsc: '\x1b\x1b',
  esc: '\x1b',
  /** Ctrl-U: clear the input field up to the cursor. */
  clearLine: '\x15',
} as const;

type SizedStream = PassThrough & { columns: number; rows: number; isTTY: boolean };

export class FakeTerminal {
  readonly input = new PassThrough();
  readonly output: SizedStream;
  private screen: TuiScreen | undefined;

  constructor(columns = 80, rows = 24) {
    const out = new PassThrough() as SizedStream;
    out.columns = columns;
    out.rows = rows;
    out.isTTY = true;
    // Nothing reads the escape codes; flowing mode without listeners drops them.
    out.resume();
    this.output = out;
  }

  attach(screen: TuiScreen): void {
    this.screen = screen;
  }

  /** Sends each sequence in its own write and waits for the screen to settle after each. */
  async press(...sequences: string[]): Promise<void> {
    for (const seq of sequences) {
      this.input.write(seq);
      await this.settle();
    }
  }

  /** Types text one character at a time. */
  async type(text: string): Promise<void> {
    await this.press(...Array.from(text));
  }

  async settle(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    await this.screen?.idle();
  }

  async resize(columns: number, rows: number): Promise<void> {
    this.output.columns = columns;
    this.output.rows = rows;
    this.output.emit('resize');
    await this.settle();
  }

  lines(): string[] {
    return this.screen!.snapshot();
  }

  text(): string {
    return this.lines().join('\n');
  }

  /** The screen as one line: frame characters removed, runs of blanks folded (for wrapped messages). */
  flatText(): string {
    return this.lines()
      .map((l) => l.replace(/[\u2500-\u257f]/g, ' '))
      .join(' ')
      .replace(/\s+/g, ' ');
  }

  /**
   * Rows drawn with the selection bar: cells x0..x1 all have the selection
   * background. The default columns are inside menuconfig's list, clear of
   * the backdrop (rows 0-1) and of the button row's leading blanks.
   */
  highlighted(x0 = 4, x1 = 10, fromRow = 2): string[] {
    const s = this.screen!;
    const out: string[] = [];
    const lines = s.snapshot();
    for (let y = fromRow; y < s.height - 1; y++) {
      let bar = true;
      for (let x = x0; x <= x1; x++) if (s.cellStyle(x, y).bg !== theme.selected.bg) bar = false;
      if (bar) out.push(lines[y]!.trim());
    }
    return out;
  }
}
