// One running hypervisor as a front end sees it: the Hypervisor built from
// the configuration and the generated registry, the host device tree with
// its /guests, the command manager with the built-in commands, and the
// operations that read host files (guest trees, images).

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { basename, dirname, resolve } from 'node:path';
import type { CpuModel } from '../../arch/arm/cpu/common/cpu-backend.ts';
import type { Command } from '../cmd/command.ts';
import type { CmdContext, ConsoleBinder, HostFiles } from '../cmd/context.ts';
import { CommandManager } from '../cmd/manager.ts';
import { StdioState } from '../cmd/stdio-state.ts';
import { BlockFile } from '../../drivers/block/block-file.ts';
import { VirtualSwitch } from '../../drivers/net/virtual-switch.ts';
import { telnetTransport } from './telnet-vsdaemon.ts';
import type { Emulator } from '../devemu/emulator.ts';
import { compileDtsText } from '../devtree/compile.ts';
import type { DevTree } from '../devtree/devtree.ts';
import { readFdt } from '../devtree/fdt-read.ts';
import type { FileReader } from '../devtree/file-reader.ts';
import { buildLinuxDtb } from '../devtree/linux-dtb.ts';
import { expandGuestTree, loadGuest, parseGuest, parseOverride, placeGuest } from '../devtree/guest-parse.ts';
import { Hypervisor, type LogLine } from '../hypervisor.ts';
import { bootGuest, loadImage, type BootPlan } from '../loader/boot.ts';
import type { Guest } from '../manager/guest.ts';
import type { GuestSpec } from './options.ts';

/** What the generated registry module exports (openconf/build/registry.ts). */
export interface Registry {
  readonly emulators: readonly Emulator[];
  readonly commands: readonly Command<CmdContext>[];
  readonly cpuModels: readonly CpuModel[];
  readonly drivers: readonly unknown[];
  readonly loadableModules: readonly { name: string; symbol: string; kind: string; bundle: string; exportName: string }[];
  readonly emulatorSymbols: Readonly<Record<string, string>>;
}

/** config.json of the build: symbol names without the CONFIG_ prefix. */
export type ConfigValues = Readonly<Record<string, boolean | number | string>>;

export interface SessionOptions {
  readonly config: ConfigValues;
  readonly registry: Registry;
  readonly srcTree: string;
  readonly version: string;
  readonly buildDate: string;
  readonly seed?: number;
  readonly log?: (line: LogLine) => void;
  readonly pacer?: (virtualNs: number) => void;
  /** Build directory holding modules/<name>.mjs (`module load`). */
  readonly buildDir?: string;
}

export const fsReader: FileReader = {
  readFile(path: string): Uint8Array | undefined {
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  },
};

export const hostFiles: HostFiles = {
  read(path: string): Uint8Array {
    try {
      return readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message);
    }
  },
  list(path: string) {
    const names = readdirSync(path).sort();
    return names.map((name) => {
      const st = statSync(resolve(path, name));
      return { name, size: st.size, isDirectory: st.isDirectory() };
    });
  },
};

/** A host file's bytes; the error names the file. */
function readNamed(path: string): Uint8Array {
  try {
    return hostFiles.read(path);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

function num(config: ConfigValues, key: string, fallback: number): number {
  const v = config[key];
  return typeof v === 'number' ? v : fallback;
}

/** Reads a device tree from a DTS or DTB file. */
export function readTreeFile(file: string): DevTree {
  const data = readNamed(file);
  if (data.length >= 4 && data[0] === 0xd0 && data[1] === 0x0d && data[2] === 0xfe && data[3] === 0xed) return readFdt(data);
  return compileDtsText(new TextDecoder().decode(data), file, fsReader, { includeDirs: [dirname(file)] });
}

export class Session {
  readonly hv: Hypervisor;
  readonly hostTree: DevTree;
  readonly commands: CommandManager<CmdContext>;
  readonly ctx: CmdContext;
  /** stdio device and log level: front ends print hv.log$ lines only when stdio.toFrontEnd(level). */
  readonly stdio: StdioState;
  readonly boardName: string;
  /** CONFIG_MTERM_PROMPT and CONFIG_MTERM_HISTORY_SIZE. */
  readonly prompt: string;
  readonly historySize: number;
  console: ConsoleBinder | undefined;
  /** How `sleep` lets virtual time pass; front ends with a background run loop replace it. */
  sleep: (ns: number) => Promise<void> = (ns) => {
    this.hv.runFor(ns);
    return Promise.resolve();
  };
  private shutdownHandlers: (() => void)[] = [];
  private resetHandlers: (() => void)[] = [];

  constructor(readonly opts: SessionOptions) {
    const c = opts.config;
    this.boardName = typeof c.BOARD_NAME === 'string' ? c.BOARD_NAME : 'generic-v8';
    this.prompt = typeof c.MTERM_PROMPT === 'string' ? c.MTERM_PROMPT : 'XVisor# ';
    this.historySize = num(c, 'MTERM_HISTORY_SIZE', 64);
    this.hostTree = readTreeFile(resolve(opts.srcTree, 'arch/arm/board', `${this.boardName}.dts`));
    const hostCpus = Math.min(num(c, 'CPU_COUNT', 2), Math.max(1, this.hostTree.getNode('/cpus')?.children.length ?? 1));
    this.hv = new Hypervisor({
      hostCpuCount: hostCpus,
      tsliceMs: num(c, 'TSLICE_MS', 10),
      seed: opts.seed ?? num(c, 'SEED', 1),
      cpuModels: opts.registry.cpuModels,
      emulators: opts.registry.emulators,
      emulatorSymbols: opts.registry.emulatorSymbols,
      nsPerInstruction: num(c, 'CPU_NS_PER_INSN', 1),
      wfiTimeoutMs: num(c, 'WFI_TIMEOUT_MSECS', 100),
      maxGuests: num(c, 'MAX_GUEST_COUNT', 16),
      maxVcpus: num(c, 'MAX_VCPU_COUNT', 64),
      counterHz: num(c, 'CPU_COUNTER_HZ', 62_500_000),
      log: opts.log,
      pacer: opts.pacer,
    });
    this.stdio = new StdioState(this.hv);
    const self = this;
    const ctx: CmdContext = {
      get commands() {
        return self.commands;
      },
      build: { version: opts.version, date: opts.buildDate },
      hv: this.hv,
      hostTree: this.hostTree,
      files: hostFiles,
      get console() {
        return self.console;
      },
      loadGuestTree: (name, file, o) => this.loadGuestTree(name, file, o),
      createGuest: (name) => this.createGuest(name),
      sleep: (ns) => this.sleep(ns),
      requestShutdown: () => this.shutdownHandlers.forEach((h) => h()),
      requestReset: () => this.resetHandlers.forEach((h) => h()),
      stdio: this.stdio,
      vsdaemonTransports: c.DRV_TELNET === undefined || c.DRV_TELNET === false ? [] : [telnetTransport],
      modules: {
        list: () => opts.registry.loadableModules.map((m) => ({ name: m.name, symbol: m.symbol, kind: m.kind })),
        load: async (name) => {
          const m = opts.registry.loadableModules.find((x) => x.name === name);
          if (!m) throw new Error(`no module ${name}`);
          const file = resolve(opts.buildDir ?? resolve(opts.srcTree, 'build'), m.bundle);
          if (!existsSync(file)) throw new Error(`${file} is not built (run: npx tsx Makefile.ts)`);
          const mod = (await import(pathToFileURL(file).href)) as { items: unknown; kind: string };
          return { name, kind: mod.kind, items: Array.isArray(mod.items) ? mod.items : [mod.items] };
        },
      },
      openBlockFile: (name, path, readOnly) => new BlockFile(name, path, { readOnly }),
      createNetSwitch: (name) => new VirtualSwitch(name),
    };
    this.ctx = ctx;
    this.commands = new CommandManager<CmdContext>(ctx);
    for (const cmd of opts.registry.commands) this.commands.register(cmd);
  }

  onShutdown(h: () => void): void {
    this.shutdownHandlers.push(h);
  }

  onReset(h: () => void): void {
    this.resetHandlers.push(h);
  }

  /** Places the guest tree of `file` under /guests/<name> (vfs guest_fdt_load). */
  loadGuestTree(name: string, file: string, o: { vcpus?: number; overrides?: readonly string[]; memSize?: number } = {}): void {
    if (this.hostTree.getNode(`/guests/${name}`)) throw new Error(`/guests/${name} exists already`);
    const tree = readTreeFile(file);
    const overrides = (o.overrides ?? []).map(parseOverride);
    if (o.memSize !== undefined) overrides.push({ target: 'mem0', attr: 'physical_size', type: 'physsize', value: `0x${o.memSize.toString(16)}` });
    const node = placeGuest(this.hostTree, tree, name);
    try {
      expandGuestTree(node, { vcpuCount: o.vcpus, overrides }, name);
    } catch (e) {
      node.remove();
      throw e;
    }
  }

  /** Creates the guest described by /guests/<name> (guest create). */
  createGuest(name: string): Guest {
    const node = this.hostTree.getNode(`/guests/${name}`);
    if (!node) throw new Error(`no guest tree /guests/${name} (load one with vfs guest_fdt_load)`);
    return this.hv.createGuest(parseGuest(node, name));
  }

  /** --guest: load the tree, create, place images as QEMU would, and kick. */
  startGuest(spec: GuestSpec, index: number): { guest: Guest; plan: BootPlan } {
    const name = spec.name ?? `guest${index}`;
    const tree = readTreeFile(spec.dts);
    const overrides = spec.mem !== undefined ? [{ target: 'mem0', attr: 'physical_size', type: 'physsize' as const, value: `0x${spec.mem.toString(16)}` }] : [];
    const desc = loadGuest(this.hostTree, tree, name, { vcpuCount: spec.vcpus, overrides });
    const guest = this.hv.createGuest(desc);
    try {
      const file = (f: string | undefined) => (f === undefined ? undefined : { name: basename(f), data: readNamed(f) });
      const plan = bootGuest(guest, {
        kernel: file(spec.kernel),
        initrd: file(spec.initrd),
        bios: file(spec.bios),
        dtb: file(spec.dtb),
        append: spec.append,
        generateDtb: (req) =>
          buildLinuxDtb(req.guest, { bootargs: req.bootargs, initrdStart: req.initrdStart, initrdEnd: req.initrdEnd }),
      });
      for (const img of spec.images) loadImage(guest, img.addr, { name: img.file, data: readNamed(img.file) });
      guest.kick();
      return { guest, plan };
    } catch (e) {
      this.hv.destroyGuest(guest);
      this.hostTree.getNode(`/guests/${name}`)?.remove();
      throw e;
    }
  }

  /** /chosen/bootcmd of the host tree: a string list of command lines. */
  hostBootCommands(): string[] {
    const chosen = this.hostTree.getNode('/chosen');
    return chosen?.hasAttr('bootcmd') ? chosen.readStringList('bootcmd') : [];
  }
}
