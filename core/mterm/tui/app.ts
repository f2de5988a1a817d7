// The management terminal's full-screen face (blessed, through openconf/tui):
// a header, a live pane of guests and vcpus with their states and load, the
// main pane (command output, or the bound vserial's console), a log pane,
// the command line with history and completion, and the key bindings.
// Layout adapts to the terminal size; 80x24 is the smallest planned for.

import { RunLoop } from '../../../drivers/clocksource/run-loop.ts';
import { LineEditor, LogView, Panel, TuiScreen, theme, type Span, type TuiKey } from '../../../openconf/tui/index.ts';
import type { CmdIo } from '../../cmd/command.ts';
import type { LogLine } from '../../hypervisor.ts';
import { names } from '../line-mode.ts';
import type { CliOptions } from '../options.ts';
import { allGuestsDown, guestSummary } from '../poweroff.ts';
import type { Session } from '../session.ts';
import { ConsoleBuffers } from './console-buffers.ts';
import { statusLines } from './status.ts';

const ESCAPE = ['escape', 'x', 'q'];
/** Header, titles and key help: white on blue, as menuconfig's highlight. */
const BAR = theme.selected;
const KEYS_HELP = 'Tab complete  Up/Dn history  PgUp/PgDn scroll  Esc x q leave console  Ctrl-C quit';

export interface TuiIo {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly terminal?: string;
}

export class MtermApp {
  readonly screen: TuiScreen;
  private readonly header: Panel;
  private readonly status: Panel;
  private readonly mainTitle: Panel;
  private readonly main: LogView;
  private readonly logTitle: Panel;
  private readonly logView: LogView;
  private readonly cmdLine: Panel;
  private readonly help: Panel;
  private readonly editor: LineEditor;
  private readonly consoles: ConsoleBuffers;
  private bound: string | undefined;
  private escapeAt = 0;
  private busy = false;
  private readonly loadSnapshot = new Map<number, { runNs: number; atNs: number; load: number }>();
  private lastStatusWall = 0;
  readonly io: CmdIo;

  constructor(
    private readonly session: Session,
    private readonly timeMode: 'fast' | 'real',
    tio: TuiIo,
    private readonly onQuit: () => void,
  ) {
    this.editor = new LineEditor('', session.historySize);
    this.screen = new TuiScreen({ input: tio.input, output: tio.output, terminal: tio.terminal, title: 'Xvisor-TS' });
    const plain = {};
    this.header = new Panel(this.screen, { style: BAR });
    this.status = new Panel(this.screen, plain);
    this.mainTitle = new Panel(this.screen, { style: BAR });
    this.main = new LogView(this.screen, { ...plain, maxLines: 4000 });
    this.logTitle = new Panel(this.screen, { style: BAR });
    this.logView = new LogView(this.screen, { ...plain, maxLines: 500 });
    this.cmdLine = new Panel(this.screen, plain);
    this.help = new Panel(this.screen, { style: BAR });
    this.consoles = new ConsoleBuffers(session.hv.vserials, 4000);
    this.io = { write: (s) => this.writeOutput(s), color: false };
    session.console = { bind: (name) => this.bind(name) };
    this.screen.pushKeys((k) => this.onKey(k));
    this.screen.onResize(() => this.layout());
    this.screen.onError((err) => this.log({ level: 'error', source: 'mterm', message: String((err as Error)?.message ?? err), timeNs: session.hv.nowNs() }));
    this.consoles.changed$.subscribe((name) => {
      if (name === this.bound) this.showConsole(name, true);
    });
    this.layout();
  }

  log(l: LogLine): void {
    this.logView.append(`[${(l.timeNs / 1e9).toFixed(3)}] ${l.level} ${l.source}: ${l.message}\n`);
    this.screen.requestRender();
  }

  /** Rows: header, status, main title, main, log title, log, command line, help. */
  layout(): void {
    const w = this.screen.width;
    const h = Math.max(12, this.screen.height);
    const statusRows = Math.min(6, Math.max(2, this.session.hv.guests().length + 1));
    const logRows = h >= 30 ? 5 : 3;
    const mainRows = h - (1 + statusRows + 1 + 1 + logRows + 1 + 1);
    let y = 0;
    this.header.setRect({ top: y++, left: 0, width: w, height: 1 });
    this.status.setRect({ top: y, left: 0, width: w, height: statusRows });
    y += statusRows;
    this.mainTitle.setRect({ top: y++, left: 0, width: w, height: 1 });
    this.main.setRect({ top: y, left: 0, width: w, height: mainRows });
    y += mainRows;
    this.logTitle.setRect({ top: y++, left: 0, width: w, height: 1 });
    this.logView.setRect({ top: y, left: 0, width: w, height: logRows });
    y += logRows;
    this.cmdLine.setRect({ top: y++, left: 0, width: w, height: 1 });
    this.help.setRect({ top: y, left: 0, width: w, height: 1 });
    this.refresh(true);
  }

  /** Redraws header, status and command line; status at most every 200 ms of wall time unless forced. */
  refresh(force = false): void {
    const hv = this.session.hv;
    const w = this.screen.width;
    this.header.setLines([` Xvisor-TS v${this.session.opts.version}  ${this.session.boardName}  ${hv.sched.cpus.length} host CPUs  virtual time ${(hv.nowNs() / 1e9).toFixed(3)} s  (${this.timeMode})`.slice(0, w)]);
    const now = performance.now();
    if (force || now - this.lastStatusWall > 200) {
      this.lastStatusWall = now;
      this.status.setLines(statusLines(hv, this.loadSnapshot, w, this.status.bounds.height));
    }
    this.mainTitle.setLines([this.bound ? ` console ${this.bound}` : ' output']);
    this.logTitle.setLines([' log']);
    this.drawCommandLine();
    this.help.setLines([` ${KEYS_HELP}`.slice(0, w)]);
    this.screen.requestRender();
  }

  private drawCommandLine(): void {
    const w = this.screen.width;
    if (this.bound) {
      this.cmdLine.setLines([`[${this.bound}] keys go to the guest; Esc x q returns to ${this.session.prompt.trim()}`.slice(0, w)]);
      return;
    }
    const prompt: Span = { text: this.session.prompt };
    this.cmdLine.setLines([[prompt, ...this.editor.render(Math.max(1, w - this.session.prompt.length), undefined, theme.cursor)]]);
  }

  bind(name: string): void {
    if (!this.session.hv.vserials.get(name)) throw new Error(`no vserial ${name}`);
    this.bound = name;
    this.escapeAt = 0;
    this.showConsole(name, false);
    this.refresh(true);
  }

  private unbind(): void {
    this.bound = undefined;
    this.main.clear();
    this.main.append(this.output);
    this.refresh(true);
  }

  /** Command output so far (kept while a console is shown), capped. */
  private output = '';

  private writeOutput(text: string): void {
    this.output += text;
    if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    if (!this.bound) this.main.append(text);
    this.screen.requestRender();
  }

  private showConsole(name: string, incremental: boolean): void {
    const added = incremental ? this.consoles.takeNew(name) : null;
    if (added === null) {
      this.main.clear();
      this.main.append(this.consoles.text(name));
      this.consoles.takeNew(name);
    } else this.main.append(added);
    this.screen.requestRender();
  }

  /** Runs a command line and shows its output. */
  async run(line: string): Promise<number> {
    this.writeOutput(`${this.session.prompt}${line}\n`);
    this.busy = true;
    try {
      return await this.session.commands.execLine(line, this.io);
    } finally {
      this.busy = false;
      this.refresh(true);
    }
  }

  private onKey(k: TuiKey): void {
    if (k.ctrl && k.name === 'c') {
      this.onQuit();
      return;
    }
    if (this.main.handleKey(k)) {
      this.screen.requestRender();
      return;
    }
    if (this.bound) {
      this.consoleKey(k);
      return;
    }
    if (this.busy) return;
    if (k.name === 'tab') {
      this.complete();
      return;
    }
    const r = this.editor.handleKey(k);
    if (r === 'submit') {
      const line = this.editor.text;
      this.editor.remember(line);
      this.editor.setText('');
      void this.run(line);
    }
    this.drawCommandLine();
    this.screen.requestRender();
  }

  private complete(): void {
    const line = this.editor.text;
    const cands = this.session.commands.complete(line, (cmd) => names(this.session, cmd));
    if (cands.length === 0) return;
    const word = line.split(/[\s;]/).pop() ?? '';
    let common = cands[0]!;
    for (const c of cands) while (!c.startsWith(common)) common = common.slice(0, -1);
    if (cands.length === 1) common += ' ';
    else if (common.length <= word.length) this.writeOutput(`${cands.join('  ')}\n`);
    this.editor.setText(line.slice(0, line.length - word.length) + common);
    this.drawCommandLine();
    this.screen.requestRender();
  }

  /** Bytes a terminal would send for a key, for the guest's UART. */
  private consoleKey(k: TuiKey): void {
    const port = this.session.hv.vserials.get(this.bound!);
    if (!port) {
      this.unbind();
      return;
    }
    // ESC and x arriving together reach us as one meta-x key (how terminals send Alt-x).
    if (this.escapeAt === 0 && k.meta && k.name === 'x') {
      this.escapeAt = 2;
      return;
    }
    const step = ESCAPE[this.escapeAt];
    const isStep = step === 'escape' ? k.name === 'escape' : k.ch === step;
    if (isStep) {
      this.escapeAt++;
      if (this.escapeAt === ESCAPE.length) {
        this.escapeAt = 0;
        this.unbind();
      }
      return;
    }
    if (this.escapeAt > 0) {
      port.input(Uint8Array.of(0x1b));
      if (this.escapeAt > 1) port.input('x');
      this.escapeAt = 0;
    }
    const seq = keyBytes(k);
    if (seq !== undefined) port.input(seq);
  }
}

export function keyBytes(k: TuiKey): string | undefined {
  switch (k.name) {
    case 'enter':
    case 'return':
      return '\r';
    case 'backspace':
      return '\x7f';
    case 'tab':
      return '\t';
    case 'escape':
      return '\x1b';
    case 'up':
      return '\x1b[A';
    case 'down':
      return '\x1b[B';
    case 'right':
      return '\x1b[C';
    case 'left':
      return '\x1b[D';
  }
  if (k.ctrl && k.name.length === 1 && k.name >= 'a' && k.name <= 'z') return String.fromCharCode(k.name.charCodeAt(0) - 96);
  return k.ch;
}

/** Runs the terminal UI until shutdown, Ctrl-C, --max-time or (with --exit-on-poweroff) every guest is down. */
export async function runTui(
  session: Session,
  opts: CliOptions,
  bootcmds: readonly string[],
  setLogSink: (sink: (l: LogLine) => void) => void,
  tio: TuiIo = {},
): Promise<number> {
  return new Promise<number>((resolve) => {
    let finished = false;
    const summaries: string[] = [];
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      loop.stop();
      app.screen.destroy();
      for (const s of summaries) process.stdout.write(`${s}\n`);
      resolve(code);
    };
    const mode = opts.time ?? 'real';
    const app = new MtermApp(session, mode, tio, () => finish(0));
    setLogSink((l) => app.log(l));
    const loop = new RunLoop(session.hv, {
      mode,
      maxTimeNs: opts.maxTimeNs,
      onMaxTime: () => finish(0),
      afterTurn: () => {
        app.refresh();
        if (opts.exitOnPoweroff && allGuestsDown(session.hv)) {
          for (const g of session.hv.guests()) summaries.push(guestSummary(g));
          finish(0);
        }
      },
    });
    session.sleep = (ns) => loop.sleep(ns);
    session.onShutdown(() => finish(0));
    loop.start();
    void (async () => {
      for (const line of bootcmds) await app.run(line);
    })();
  });
}
