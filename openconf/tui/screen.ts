// The terminal screen: the one place that creates a blessed screen. Everything
// above it (menuconfig, the management terminal) talks to TuiScreen and the
// widgets in this folder, so a blessed fork could replace blessed here alone
// (STYLE.md, "Package pins for Node 20").
//
// Keys go to a stack of layers; only the top layer (the open dialog, or the
// main view when none is open) sees a key. Keys are queued and handled one per
// event-loop turn, so a dialog opened after an `await` is already on the stack
// when the next key is handled, however many keys one read delivered (tmux
// send-keys and tests deliver many at once; people type slowly).

import blessed from 'blessed';
import { normalizeKey, type RawKey, type TuiKey } from './keys.ts';
import type { Color } from './styled-text.ts';

export interface TuiScreenOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** terminfo name; defaults to $TERM, then xterm. */
  readonly terminal?: string;
  /** Window title the terminal may show. */
  readonly title?: string;
}

export type KeyHandler = (key: TuiKey) => void;

export interface KeyLayer {
  /** Removes the layer wherever it is in the stack. */
  pop(): void;
}

export interface CellStyle {
  readonly fg: Color | 'default' | number;
  readonly bg: Color | 'default' | number;
  readonly bold: boolean;
  readonly underline: boolean;
  readonly inverse: boolean;
}

const COLOR_NAMES: readonly Color[] = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

function colorOf(code: number): Color | 'default' | number {
  if (code === 0x1ff) return 'default';
  return code < 8 ? COLOR_NAMES[code]! : code;
}

type BlessedCell = [number, string];
type BlessedLines = BlessedCell[][];

export class TuiScreen {
  /** The blessed screen, for the widgets in this folder only. */
  readonly raw: blessed.Widgets.Screen;
  private readonly layers: { handler: KeyHandler }[] = [];
  private readonly resizeListeners = new Set<() => void>();
  private readonly errorListeners = new Set<(err: unknown) => void>();
  private readonly queue: TuiKey[] = [];
  private draining = false;
  private renderPending = false;
  private idleWaiters: (() => void)[] = [];
  private destroyed = false;

  constructor(opts: TuiScreenOptions = {}) {
    this.raw = blessed.screen({
      input: opts.input as NodeJS.ReadableStream | undefined,
      output: opts.output as NodeJS.WritableStream | undefined,
      terminal: opts.terminal,
      title: opts.title,
      smartCSR: true,
      autoPadding: true,
      warnings: false,
    } as blessed.Widgets.IScreenOptions);
    // In a UTF-8 locale, draw lines with Unicode box characters rather than
    // the terminfo alternate character set: tmux (TERM=screen) shows ACS
    // line characters as plain letters ('q', 'x') when G1 is not switched.
    const tput = (this.raw as unknown as { tput: { unicode: boolean; brokenACS: boolean } }).tput;
    if (tput.unicode) tput.brokenACS = true;
    this.raw.on('keypress', (ch: string | undefined, key: RawKey | undefined) => {
      const k = normalizeKey(ch, key);
      if (k === undefined || this.destroyed) return;
      this.queue.push(k);
      this.scheduleDrain();
    });
    this.raw.on('resize', () => {
      if (this.destroyed) return;
      this.guard(() => {
        for (const fn of this.resizeListeners) fn();
      });
      this.render();
    });
  }

  get width(): number {
    return this.raw.width as number;
  }

  get height(): number {
    return this.raw.height as number;
  }

  /** Puts a handler on top of the key stack; it receives every key until popped or covered. */
  pushKeys(handler: KeyHandler): KeyLayer {
    const layer = { handler };
    this.layers.push(layer);
    return {
      pop: () => {
        const i = this.layers.indexOf(layer);
        if (i >= 0) this.layers.splice(i, 1);
        this.requestRender();
      },
    };
  }

  onResize(fn: () => void): () => void {
    this.resizeListeners.add(fn);
    return () => this.resizeListeners.delete(fn);
  }

  /** Errors thrown by key or resize handlers go here instead of killing the process. */
  onError(fn: (err: unknown) => void): () => void {
    this.errorListeners.add(fn);
    return () => this.errorListeners.delete(fn);
  }

  /** Draws now. */
  render(): void {
    if (this.destroyed) return;
    this.renderPending = false;
    this.raw.render();
    this.wakeIdle();
  }

  /** Draws on the next event-loop turn, after pending promise continuations have run. */
  requestRender(): void {
    if (this.renderPending || this.destroyed) return;
    this.renderPending = true;
    setImmediate(() => {
      if (this.renderPending) this.render();
    });
  }

  /** Resolves once every queued key has been handled and the screen drawn. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The characters on screen, one string per row, trailing blanks removed. */
  snapshot(): string[] {
    const lines = (this.raw as unknown as { lines: BlessedLines }).lines;
    return lines.map((row) => row.map((cell) => cell[1] || ' ').join('').replace(/\s+$/, ''));
  }

  cellStyle(x: number, y: number): CellStyle {
    const lines = (this.raw as unknown as { lines: BlessedLines }).lines;
    const attr = lines[y]?.[x]?.[0] ?? (0x1ff << 9) | 0x1ff;
    const flags = attr >> 18;
    return {
      fg: colorOf((attr >> 9) & 0x1ff),
      bg: colorOf(attr & 0x1ff),
      bold: (flags & 1) !== 0,
      underline: (flags & 2) !== 0,
      inverse: (flags & 8) !== 0,
    };
  }

  /** Restores the terminal (normal buffer, cursor) and stops reading keys. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.queue.length = 0;
    this.raw.destroy();
    this.wakeIdle();
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  private isIdle(): boolean {
    return this.destroyed || (!this.draining && !this.renderPending && this.queue.length === 0);
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drainOne());
  }

  private drainOne(): void {
    const key = this.queue.shift();
    if (key !== undefined && !this.destroyed) {
      const top = this.layers[this.layers.length - 1];
      if (top) this.guard(() => top.handler(key));
      this.requestRender();
    }
    if (this.queue.length > 0 && !this.destroyed) {
      setImmediate(() => this.drainOne());
    } else {
      this.draining = false;
      this.wakeIdle();
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (this.errorListeners.size === 0) throw err;
      for (const l of this.errorListeners) l(err);
    }
  }
}
