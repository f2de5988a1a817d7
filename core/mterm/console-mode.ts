// --mterm none: the first guest's console on standard input and output, as
// `qemu-system-aarch64 -nographic` does. Ctrl-A x quits (QEMU's key); with
// --exit-on-poweroff the hypervisor exits once every guest is down.

import { RunLoop } from '../../drivers/clocksource/run-loop.ts';
import type { CliOptions } from './options.ts';
import { allGuestsDown, guestSummary } from './poweroff.ts';
import type { Session } from './session.ts';

const MODE_DEFAULT = 'real';

export async function runConsoleMode(session: Session, opts: CliOptions, bootcmds: readonly string[]): Promise<number> {
  const hv = session.hv;
  const sink = { write: (s: string) => void process.stderr.write(s), color: false };
  for (const line of bootcmds) await session.commands.execLine(line, sink);
  const port = hv.vserials.list()[0];
  if (!port) {
    process.stderr.write('xvisor: --mterm none needs a guest with a serial port (give --guest)\n');
    return 2;
  }
  const sub = port.output$.subscribe((b) => process.stdout.write(Buffer.of(b)));
  const stdin = process.stdin;
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  let ctrlA = false;
  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      loop.stop();
      sub.unsubscribe();
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      resolve(code);
    };
    const loop = new RunLoop(hv, {
      mode: opts.time ?? MODE_DEFAULT,
      maxTimeNs: opts.maxTimeNs,
      onMaxTime: () => finish(0),
      afterTurn: () => {
        if (opts.exitOnPoweroff && allGuestsDown(hv)) {
          for (const g of hv.guests()) process.stderr.write(`${guestSummary(g)}\n`);
          finish(0);
        }
      },
    });
    session.sleep = (ns) => loop.sleep(ns);
    session.onShutdown(() => finish(0));
    const onData = (chunk: Buffer): void => {
      for (const b of chunk) {
        if (raw && ctrlA) {
          ctrlA = false;
          if (b === 0x78 /* x */) {
            process.stderr.write('\nxvisor: terminated\n');
            finish(0);
            return;
          }
          if (b !== 0x01) port.input(Uint8Array.of(0x01));
        } else if (raw && b === 0x01) {
          ctrlA = true;
          continue;
        }
        port.input(Uint8Array.of(b));
      }
    };
    stdin.on('data', onData);
    loop.start();
  });
}
