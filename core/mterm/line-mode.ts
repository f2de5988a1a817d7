// Line mode: the management terminal on plain standard input and output,
// for scripts and pipes. Two flavours:
//
// - interactive (input is a terminal): a prompt with history and tab
//   completion while the simulation runs in the background;
// - scripted (input is a pipe or file): each line runs at the current
//   virtual time, and virtual time passes only through `sleep` (and, after
//   the input ends, until every guest powers off with --exit-on-poweroff or
//   until --max-time). The same script gives the same output every run.
//
// `vserial bind` attaches the terminal to a guest console until ESC x q.

import { createInterface } from 'node:readline';
import { RunLoop } from '../../drivers/clocksource/run-loop.ts';
import type { CmdIo } from '../cmd/command.ts';
import type { Vserial } from '../vserial/vserial.ts';
import type { CliOptions } from './options.ts';
import { allGuestsDown, guestSummary } from './poweroff.ts';
import type { Session } from './session.ts';

/** Xvisor's escape from a bound console: ESC, 'x', 'q'. */
export const ESCAPE_SEQUENCE = '\x1bxq';
/** A scripted bound console runs after each line until the guest has been quiet this long... */
const QUIET_NS = 5_000_000;
/** ...or at most this long. */
const SETTLE_MAX_NS = 500_000_000;
const MODE_DEFAULT = 'fast';

export async function runLineMode(
  session: Session,
  opts: CliOptions,
  bootcmds: readonly string[],
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  output: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<number> {
  const io: CmdIo = { write: (s) => void output.write(s), color: output.isTTY === true };
  const PROMPT = session.prompt;
  const hv = session.hv;
  const interactive = input.isTTY === true;
  let bound: { port: Vserial; unsubscribe: () => void; escape: string } | undefined;
  let done = false;
  let exitCode = 0;
  let loop: RunLoop | undefined;

  const finish = (code: number): void => {
    if (done) return;
    done = true;
    exitCode = code;
    loop?.stop();
  };
  session.onShutdown(() => finish(0));

  session.console = {
    bind(name: string) {
      const port = hv.vserials.get(name);
      if (!port) throw new Error(`no vserial ${name}`);
      const sub = port.output$.subscribe((b) => output.write(Buffer.of(b)));
      bound = { port, unsubscribe: () => sub.unsubscribe(), escape: '' };
      output.write(`[${name}] `);
    },
  };
  const unbind = (): void => {
    bound?.unsubscribe();
    bound = undefined;
    output.write('\n');
  };

  /** Feeds console input to the bound port, watching for ESC x q. */
  const feedBound = (text: string): void => {
    const b = bound!;
    for (const ch of text) {
      if (ch === ESCAPE_SEQUENCE[b.escape.length]) {
        b.escape += ch;
        if (b.escape === ESCAPE_SEQUENCE) {
          unbind();
          return;
        }
        continue;
      }
      if (b.escape) b.port.input(b.escape);
      b.escape = '';
      b.port.input(ch);
    }
  };

  /** Runs the simulation until the port's guest stops talking (deterministic: virtual time only). */
  const settle = (port: Vserial): void => {
    const start = hv.nowNs();
    let lastOut = port.bytesOut;
    let quietSince = start;
    while (hv.nowNs() - start < SETTLE_MAX_NS) {
      hv.runFor(1_000_000);
      if (port.bytesOut !== lastOut) {
        lastOut = port.bytesOut;
        quietSince = hv.nowNs();
      } else if (hv.nowNs() - quietSince >= QUIET_NS) break;
    }
  };

  const checkPoweroff = (): void => {
    if (opts.exitOnPoweroff && allGuestsDown(hv)) {
      for (const g of hv.guests()) output.write(`${guestSummary(g)}\n`);
      finish(0);
    }
  };

  if (interactive) {
    loop = new RunLoop(hv, {
      mode: opts.time ?? MODE_DEFAULT,
      maxTimeNs: opts.maxTimeNs,
      onMaxTime: () => finish(0),
      afterTurn: checkPoweroff,
    });
    session.sleep = (ns) => loop!.sleep(ns);
  }

  for (const line of bootcmds) {
    output.write(`${PROMPT}${line}\n`);
    await session.commands.execLine(line, io);
  }

  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    historySize: session.historySize,
    completer: (line: string) => [session.commands.complete(line, (cmd) => names(session, cmd)), line.split(/[\s;]/).pop() ?? ''],
  });
  if (interactive) {
    loop!.start();
    rl.setPrompt(PROMPT);
    rl.prompt();
  } else output.write(PROMPT);

  const lines = rl[Symbol.asyncIterator]();
  for (;;) {
    if (done) break;
    const next = await lines.next();
    if (next.done) break;
    const line = next.value;
    if (bound) {
      feedBound(`${line}\n`);
      if (!interactive && bound) settle(bound.port);
      if (!bound) output.write(PROMPT);
      continue;
    }
    if (!interactive) output.write(`${line}\n`);
    await session.commands.execLine(line, io);
    checkPoweroff();
    if (done) break;
    if (!bound) {
      if (interactive) rl.prompt();
      else output.write(PROMPT);
    }
  }
  rl.close();
  if (!interactive && !done) {
    output.write('\n');
    // The input has ended: let the guests run to their end if asked to.
    if (opts.exitOnPoweroff || opts.maxTimeNs !== undefined) {
      const limit = opts.maxTimeNs ?? Number.MAX_SAFE_INTEGER;
      while (!done && hv.nowNs() < limit) {
        hv.runFor(Math.min(100_000_000, limit - hv.nowNs()));
        checkPoweroff();
      }
    }
  }
  loop?.stop();
  if (bound) unbind();
  return exitCode;
}

/** Names to complete after a command: guests, vcpus, vserials. */
export function names(session: Session, cmd: string): string[] {
  const hv = session.hv;
  if (cmd === 'guest') return hv.guests().map((g) => g.name);
  if (cmd === 'vcpu') return hv.vcpus().map((v) => v.name);
  if (cmd === 'vserial') return hv.vserials.list().map((v) => v.name);
  return [];
}
