// menuconfig: the full-screen configuration editor of the kernel's kconfig
// tools, for openconf trees (kconfig-language.rst describes the language; the
// look follows the kernel's menuconfig). The build driver loads .config,
// calls runMenuconfig, and regenerates its outputs when it reports a save.
//
// The terminal is reached only through openconf/tui; input and output
// default to the process's stdin and stdout, and tests pass their own streams.

import type { Kconfig } from './index.ts';
import { MenuconfigApp } from './menuconfig/app.ts';
import { TuiScreen } from './tui/index.ts';

export interface MenuconfigOptions {
  /** The .config that Save and the exit question write, and Load offers. */
  readonly configPath: string;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** terminfo name; defaults to $TERM. */
  readonly terminal?: string;
}

export interface MenuconfigSession {
  readonly screen: TuiScreen;
  readonly app: MenuconfigApp;
  /** Settles when the user leaves; `saved` tells whether configPath was written. */
  readonly done: Promise<{ saved: boolean }>;
}

/** Starts menuconfig and returns at once; tests drive the returned screen. */
export function startMenuconfig(kconfig: Kconfig, opts: MenuconfigOptions): MenuconfigSession {
  const output = opts.output ?? process.stdout;
  const screen = new TuiScreen({ input: opts.input, output, terminal: opts.terminal });
  let settle!: (r: { saved: boolean }) => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<{ saved: boolean }>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const input = opts.input ?? process.stdin;
  // With its input gone nobody can answer the exit question: leave unsaved.
  const onInputEnd = (): void => app.abandon();
  const onFailure = (err: unknown): void => {
    input.removeListener('end', onInputEnd);
    screen.destroy();
    fail(err);
  };
  screen.onError(onFailure);
  let app: MenuconfigApp;
  try {
    app = new MenuconfigApp(screen, kconfig, {
      configPath: opts.configPath,
      onFailure,
      onExit: (result) => {
        const dirty = app.isDirty;
        input.removeListener('end', onInputEnd);
        screen.destroy();
        if (result.saved) output.write(`Configuration written to ${opts.configPath}.\n`);
        if (dirty) output.write('Your configuration changes were NOT saved.\n');
        settle(result);
      },
    });
  } catch (err) {
    screen.destroy();
    throw err;
  }
  input.once('end', onInputEnd);
  return { screen, app, done };
}

export function runMenuconfig(kconfig: Kconfig, opts: MenuconfigOptions): Promise<{ saved: boolean }> {
  return startMenuconfig(kconfig, opts).done;
}
