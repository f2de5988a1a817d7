// The management terminal's standard I/O as `stdio` sees it (Xvisor's
// vmm_stdio): which device hypervisor messages go to, and the log level
// that filters them. Levels are Xvisor's (0 emergency .. 7 debug); our log
// lines map onto them: error 3, warn 4, guest and unimp 5 (notice), info 6.
// The front end prints a line only while the device is the terminal itself
// and the line's level passes; after `stdio change_device <chardev>` the
// passing lines go to that chardev instead.

import type { Subscription } from 'rxjs';
import type { CharDev } from '../chardev/chardev.ts';
import type { Hypervisor, LogLevel } from '../hypervisor.ts';

export const LOG_LEVEL_NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;
/** The terminal itself as the stdio device. */
export const TERMINAL_DEVICE = 'mterm';
export const DEFAULT_LOG_LEVEL = 6;

export function logLevelOf(level: LogLevel): number {
  switch (level) {
    case 'error':
      return 3;
    case 'warn':
      return 4;
    case 'guest':
    case 'unimp':
      return 5;
    case 'info':
      return 6;
  }
}

export class StdioState {
  logLevel = DEFAULT_LOG_LEVEL;
  private dev: CharDev | undefined;
  private sub: Subscription | undefined;

  constructor(private readonly hv: Hypervisor) {}

  get device(): string {
    return this.dev?.name ?? TERMINAL_DEVICE;
  }

  passes(level: LogLevel): boolean {
    return logLevelOf(level) <= this.logLevel;
  }

  /** Whether the front end should print a log line of this level. */
  toFrontEnd(level: LogLevel): boolean {
    return this.dev === undefined && this.passes(level);
  }

  /** Sends log lines to `cd` (undefined: back to the terminal). */
  changeDevice(cd: CharDev | undefined): void {
    this.sub?.unsubscribe();
    this.sub = undefined;
    this.dev = cd;
    if (cd === undefined) return;
    this.sub = this.hv.log$.subscribe((l) => {
      if (this.passes(l.level)) cd.write(new TextEncoder().encode(`[${(l.timeNs / 1e9).toFixed(6)}] ${l.level}: ${l.source}: ${l.message}\n`));
    });
  }
}
