// Entry point of `npx xvisor`: parses the command line, prepares the
// configuration and registry, builds the session, starts the guests given
// with --guest, runs the boot commands and hands over to a front end.

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LogLine } from '../hypervisor.ts';
import { CliError, HELP_TEXT, parseCli, type CliOptions } from './options.ts';
import type { ConfigValues, Registry } from './session.ts';

const SRC_TREE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function version(srcTree: string): string {
  return (JSON.parse(readFileSync(join(srcTree, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Build date as Xvisor prints it ("Nov 21 2026 23:22:50"): the registry's mtime, so runs stay reproducible. */
function buildDate(registryFile: string): string {
  return formatBuildDate(statSync(registryFile).mtime);
}

export function formatBuildDate(t: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${months[t.getUTCMonth()]} ${p(t.getUTCDate())} ${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
}

export interface Prepared {
  readonly config: ConfigValues;
  readonly registry: Registry;
  readonly buildDate: string;
  /** Build directory (holds modules/<name>.mjs). */
  readonly buildDir: string;
}

/** Configuration values and the generated registry for these options. */
export async function prepare(o: Pick<CliOptions, 'buildDir' | 'config' | 'board'>): Promise<Prepared> {
  const { prepareRuntime } = await import('../../Makefile.ts');
  const paths = await prepareRuntime({ buildDir: o.buildDir, config: o.config, board: o.board });
  const config = JSON.parse(readFileSync(paths.configJson, 'utf8')) as ConfigValues;
  const registry = (await import(pathToFileURL(paths.registry).href)) as Registry;
  return { config, registry, buildDate: buildDate(paths.registry), buildDir: dirname(dirname(paths.registry)) };
}

function logPrinter(stream: NodeJS.WritableStream): (l: LogLine) => void {
  return (l) => {
    if (l.level === 'info') return;
    stream.write(`[${(l.timeNs / 1e9).toFixed(6)}] ${l.level}: ${l.source}: ${l.message}\n`);
  };
}

/**
 * `prebuilt` is what a bundle built by `Makefile.ts all` carries: the
 * configuration and registry fixed at build time, and where the source tree
 * (board device trees) is.
 */
export async function main(argv: string[], prebuilt?: Prepared & { srcTree: string }): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'dtc') {
    const { dtcMain } = await import('./dtc-cli.ts');
    return dtcMain(rest);
  }
  const srcTree = prebuilt?.srcTree ?? SRC_TREE;
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`xvisor: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  if (opts.version) {
    process.stdout.write(`Xvisor-TS v${version(srcTree)}\n`);
    return 0;
  }
  let prepared: Prepared;
  if (prebuilt !== undefined) {
    if (opts.config !== undefined || opts.board !== undefined) {
      process.stderr.write('xvisor: this bundle was built for one configuration; --config and --board need `npx xvisor` from the source tree\n');
      return 2;
    }
    prepared = prebuilt;
  } else {
    try {
      prepared = await prepare(opts);
    } catch (e) {
      process.stderr.write(`xvisor: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const mode = opts.mterm ?? (process.stdin.isTTY && process.stdout.isTTY ? 'tui' : 'line');
  const { Session } = await import('./session.ts');
  let logSink: (l: LogLine) => void = logPrinter(process.stderr);
  let toFrontEnd: (level: LogLine['level']) => boolean = () => true;
  const session = new Session({
    config: prepared.config,
    registry: prepared.registry,
    srcTree,
    version: version(srcTree),
    buildDate: prepared.buildDate,
    seed: opts.seed,
    buildDir: prepared.buildDir,
    log: (l) => {
      if (toFrontEnd(l.level)) logSink(l);
    },
  });
  toFrontEnd = (level) => session.stdio.toFrontEnd(level);
  for (const [i, spec] of opts.guests.entries()) {
    try {
      session.startGuest(spec, i);
    } catch (e) {
      process.stderr.write(`xvisor: --guest ${spec.dts}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const bootcmds = [...session.hostBootCommands(), ...opts.bootcmds];
  const { startMtermTelnet } = await import('./telnet-mterm.ts');
  await startMtermTelnet(session, opts.telnetPort, (line) => process.stderr.write(`${line}\n`));
  if (mode === 'tui') {
    const { runTui } = await import('./tui/app.ts');
    return runTui(session, opts, bootcmds, (sink) => (logSink = sink));
  }
  if (mode === 'none') {
    const { runConsoleMode } = await import('./console-mode.ts');
    return runConsoleMode(session, opts, bootcmds);
  }
  const { runLineMode } = await import('./line-mode.ts');
  return runLineMode(session, opts, bootcmds, process.stdin, process.stdout);
}
