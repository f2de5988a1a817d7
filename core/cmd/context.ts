// What commands can reach. The front end (core/mterm/session.ts) builds one
// of these per hypervisor instance; tests build their own.

import type { CommandManager } from './manager.ts';

export interface BuildInfo {
  readonly version: string;
  /** Build date as Xvisor prints it after the version. */
  readonly date: string;
}

export interface CmdContext {
  readonly commands: CommandManager<CmdContext>;
  readonly build: BuildInfo;
}
