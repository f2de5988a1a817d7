// module: the build's loadable modules (Xvisor's cmd_module). A symbol set
// to `m` becomes a bundle <build>/modules/<name>.mjs (Makefile.ts bundle())
// that `module load` imports through the front end (CmdContext.modules) and
// registers: commands with the command manager, emulators with the
// hypervisor's emulator registry. `module unload` removes a command module
// unless the command is running; emulator modules cannot be unloaded (the
// emulator registry has no removal, and guests may hold devices of them).

import { CmdError, CmdStatus, type Command } from './command.ts';
import type { CmdContext, LoadedModule, ModuleLoader } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import type { Emulator } from '../devemu/emulator.ts';
import type { Hypervisor } from '../hypervisor.ts';

const loadedByHv = new WeakMap<Hypervisor, Map<string, LoadedModule>>();

function loadedOf(hv: Hypervisor): Map<string, LoadedModule> {
  let m = loadedByHv.get(hv);
  if (!m) loadedByHv.set(hv, (m = new Map()));
  return m;
}

function loader(ctx: CmdContext): ModuleLoader {
  if (!ctx.modules) throw new CmdError('this front end cannot load modules', CmdStatus.NotAvail);
  return ctx.modules;
}

function isCommand(x: unknown): x is Command<CmdContext> {
  return typeof x === 'object' && x !== null && typeof (x as Command).name === 'string' && typeof (x as Command).exec === 'function';
}

function isEmulator(x: unknown): x is Emulator {
  return typeof x === 'object' && x !== null && Array.isArray((x as Emulator).compatible) && typeof (x as Emulator).probe === 'function';
}

function info(ctx: CmdContext, name: string | undefined) {
  const m = loader(ctx)
    .list()
    .find((x) => x.name === name);
  if (!m) throw new CmdError(`Failed to find module ${name}`, CmdStatus.NoDev);
  return m;
}

export const moduleCommand: Command<CmdContext> = {
  name: 'module',
  desc: 'module related commands',
  usage: ['module list', 'module info <name>', 'module load <name>', 'module unload <name>'],
  configSymbol: 'CONFIG_CMD_MODULE',
  subcommands: ['list', 'info', 'load', 'unload'],
  async exec(args, io, ctx) {
    const loaded = loadedOf(ctx.hv);
    switch (args[0]) {
      case 'list': {
        argCount(args, 0, 0, '');
        const rows = loader(ctx)
          .list()
          .map((m, i) => [String(i), m.name, m.kind, m.symbol, loaded.has(m.name) ? 'loaded' : '-']);
        io.write(formatTable([{ title: 'Num', width: 4, right: true }, { title: 'Name', width: 24 }, { title: 'Kind', width: 9 }, { title: 'Symbol', width: 26 }, { title: 'State', width: 7 }], rows));
        return CmdStatus.Ok;
      }
      case 'info': {
        argCount(args, 1, 1, 'module name');
        const m = info(ctx, args[1]);
        const l = loaded.get(m.name);
        io.write(`Name     : ${m.name}\nKind     : ${m.kind}\nSymbol   : ${m.symbol}\nState    : ${l ? 'loaded' : 'not loaded'}\n`);
        if (l) io.write(`Provides : ${l.items.map((x) => (x as { name?: string }).name ?? '?').join(', ')}\n`);
        return CmdStatus.Ok;
      }
      case 'load': {
        argCount(args, 1, 1, 'module name');
        const m = info(ctx, args[1]);
        if (loaded.has(m.name)) throw new CmdError(`module ${m.name} is already loaded`, CmdStatus.Exists);
        let mod: LoadedModule;
        try {
          mod = await loader(ctx).load(m.name);
        } catch (e) {
          throw new CmdError(`module ${m.name}: ${(e as Error).message}`);
        }
        const ok = mod.items.every((x) => (mod.kind === 'command' ? isCommand(x) : mod.kind === 'emulator' ? isEmulator(x) : false));
        if (!ok) throw new CmdError(`module ${m.name}: its ${mod.kind} items are not ones this hypervisor can register`, CmdStatus.Invalid);
        const clash = mod.items.find((x) => (mod.kind === 'command' ? ctx.commands.lookup((x as Command).name) !== undefined : false));
        if (clash) throw new CmdError(`module ${m.name}: command ${(clash as Command).name} is already registered`, CmdStatus.Exists);
        try {
          for (const x of mod.items) {
            if (mod.kind === 'command') ctx.commands.register(x as Command<CmdContext>);
            else ctx.hv.emulators.register(x as Emulator);
          }
        } catch (e) {
          throw new CmdError(`module ${m.name}: ${(e as Error).message}`);
        }
        loaded.set(m.name, mod);
        io.write(`${m.name}: Loaded\n`);
        return CmdStatus.Ok;
      }
      case 'unload': {
        argCount(args, 1, 1, 'module name');
        const m = info(ctx, args[1]);
        const l = loaded.get(m.name);
        if (!l) throw new CmdError(`module ${m.name} is not loaded`, CmdStatus.Invalid);
        if (l.kind !== 'command') throw new CmdError(`module ${m.name}: ${l.kind} modules stay loaded (devices may use them)`, CmdStatus.NotAvail);
        if (l.items.some((x) => (x as Command).name === 'module')) throw new CmdError(`module ${m.name} provides the module command itself`, CmdStatus.NotAvail);
        for (const x of l.items) ctx.commands.unregister((x as Command).name);
        loaded.delete(m.name);
        io.write(`${m.name}: Unloaded\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(args[0]);
    }
  },
};
