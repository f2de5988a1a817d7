// What commands can reach. The front end (core/mterm/session.ts) builds one
// of these per hypervisor instance; tests build their own. Host files are
// reached only through HostFiles, so commands stay in the pure layer.

import type { Hypervisor } from '../hypervisor.ts';
import type { ManagedNetSwitch } from '../devemu/host-services.ts';
import type { DevTree } from '../devtree/devtree.ts';
import type { Guest } from '../manager/guest.ts';
import type { CommandManager } from './manager.ts';
import type { StdioState } from './stdio-state.ts';
import type { Vserial } from '../vserial/vserial.ts';

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

/** A running vsdaemon: what `vsdaemon list` shows, and how to stop it. */
export interface VsdaemonInstance {
  readonly info: string;
  stop(): void | Promise<void>;
}

/** A way to serve a vserial (`vsdaemon create <transport> ...`); front ends add theirs (telnet). */
export interface VsdaemonTransport {
  readonly name: string;
  readonly desc: string;
  /** Usage of the transport's own arguments after the vserial name. */
  readonly args: string;
  start(daemon: string, vs: Vserial, args: readonly string[]): VsdaemonInstance | Promise<VsdaemonInstance>;
}

/** A loadable module of the build (a `m` symbol: <build>/modules/<name>.mjs). */
export interface LoadableModuleInfo {
  readonly name: string;
  readonly symbol: string;
  readonly kind: string;
}

/** What loading a module bundle yields: its items (commands or emulators). */
export interface LoadedModule {
  readonly name: string;
  readonly kind: string;
  readonly items: readonly unknown[];
}

export interface ModuleLoader {
  list(): readonly LoadableModuleInfo[];
  load(name: string): Promise<LoadedModule>;
}

/** A host disk image opened as a block device (drivers/block/block-file.ts), as virtio-blk uses it. */
export interface HostBlockDevice {
  readonly name: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly readOnly: boolean;
  readonly serial: string;
  read(offset: number, dst: Uint8Array, done: (ok: boolean) => void): void;
  write(offset: number, src: Uint8Array, done: (ok: boolean) => void): void;
  flush(done: (ok: boolean) => void): void;
  close(): void;
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
  /** stdio device and log level (`stdio`); absent: the command says it is not available. */
  readonly stdio?: StdioState;
  /** Extra vsdaemon transports (telnet) beside the built-in chardev and mterm. */
  readonly vsdaemonTransports?: readonly VsdaemonTransport[];
  /** The build's loadable modules (`module`). */
  readonly modules?: ModuleLoader;
  /** Opens a host file as a block device (`blockdev add`). */
  openBlockFile?(name: string, path: string, readOnly: boolean): HostBlockDevice;
  /** A new network switch of the host's switch driver (`net switch create`). */
  createNetSwitch?(name: string): ManagedNetSwitch;
}
