// What commands can reach. The front end (core/mterm/session.ts) builds one
// of these per hypervisor instance; tests build their own. Host files are
// reached only through HostFiles, so commands stay in the pure layer.

import type { Hypervisor } from '../hypervisor.ts';
import type { DevTree } from '../devtree/devtree.ts';
import type { Guest } from '../manager/guest.ts';
import type { CommandManager } from './manager.ts';

export interface BuildInfo {
  readonly version: string;
  /** Build date as Xvisor prints it after the version. */
  readonly date: string;
}

export interface HostFileInfo {
  readonly name: string;
  readonly size: number;
  readonly isDirectory: boolean;
}

/** The host's files, as `vfs` and the loaders see them. */
export interface HostFiles {
  /** The file's bytes; throws an Error with a clear message when unreadable. */
  read(path: string): Uint8Array;
  list(path: string): HostFileInfo[];
}

/** A console a front end can attach to a vserial (`vserial bind`). */
export interface ConsoleBinder {
  /** Attaches the terminal to the vserial until the user types the escape sequence. */
  bind(vserial: string): void;
}

export interface CmdContext {
  readonly commands: CommandManager<CmdContext>;
  readonly build: BuildInfo;
  readonly hv: Hypervisor;
  /** The host device tree; guest trees live under /guests. */
  readonly hostTree: DevTree;
  readonly files: HostFiles;
  readonly console?: ConsoleBinder;
  /** Places a guest tree (DTS or DTB file) under /guests/<name>. */
  loadGuestTree(name: string, file: string, opts: { vcpus?: number; overrides?: readonly string[] }): void;
  /** Creates the guest described by /guests/<name>. */
  createGuest(name: string): Guest;
  /** Lets virtual time pass (the `sleep` command): the front end decides how. */
  sleep(ns: number): Promise<void>;
  requestShutdown(): void;
  requestReset(): void;
}
