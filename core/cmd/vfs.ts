// vfs: the host's files (Xvisor's cmd_vfs over its VFS; ours is the host
// file system the hypervisor runs on): ls, cat, run of a command script,
// fdt_load, guest_fdt_load, guest_load, guest_load_list.

import { CmdError, CmdStatus, CmdUsageError, hex, parseNumber, type CmdIo, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { readFdt } from '../devtree/fdt-read.ts';

function read(ctx: CmdContext, path: string | undefined): Uint8Array {
  if (path === undefined) throw new CmdUsageError('missing file name');
  try {
    return ctx.files.read(path);
  } catch (e) {
    throw new CmdError(`cannot read ${path}: ${(e as Error).message}`, CmdStatus.NotAvail);
  }
}

function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

function loadInto(io: CmdIo, ctx: CmdContext, guestName: string, addr: number, file: string): void {
  const g = ctx.hv.guest(guestName);
  if (!g) throw new CmdError(`Failed to find guest ${guestName}`, CmdStatus.NoDev);
  const data = read(ctx, file);
  io.write(`${g.name}: Loading ${hex(addr)} with file ${file}\n`);
  if (!g.aspace.isMemory(addr, Math.max(1, data.length))) {
    throw new CmdError(`${g.name}: ${file} (${data.length} bytes) does not fit at ${hex(addr)} in guest RAM/ROM`, CmdStatus.Invalid);
  }
  g.aspace.write(addr, data, file);
  io.write(`${g.name}: Loaded ${hex(addr)} with ${data.length} bytes\n`);
}

async function runScript(io: CmdIo, ctx: CmdContext, path: string): Promise<number> {
  const lines = text(read(ctx, path)).split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const status = await ctx.commands.execLine(line, io);
    if (status !== CmdStatus.Ok) throw new CmdError(`${path}:${i + 1}: stopped at "${line}"`, status);
  }
  return CmdStatus.Ok;
}

export const vfsCommand: Command<CmdContext> = {
  name: 'vfs',
  desc: 'host file commands',
  usage: [
    'vfs ls <path>',
    'vfs cat <file>',
    'vfs run <script_file>',
    'vfs fdt_load <devtree_path> <node_name> <dtb_or_dts_file>',
    'vfs guest_fdt_load <guest_name> <dtb_or_dts_file> [<vcpu_count> [<alias>,<attr>,<type>,<value> ...]]',
    'vfs guest_load <guest_name> <gphys_addr> <file>',
    'vfs guest_load_list <guest_name> <list_file>',
  ],
  configSymbol: 'CONFIG_CMD_VFS',
  subcommands: ['ls', 'cat', 'run', 'fdt_load', 'guest_fdt_load', 'guest_load', 'guest_load_list'],
  async exec(args, io, ctx) {
    const sub = args[0];
    const need = (min: number, max: number): void => {
      if (args.length < min) throw new CmdUsageError(`${sub}: missing arguments`);
      if (args.length > max) throw new CmdUsageError(`${sub}: too many arguments`);
    };
    switch (sub) {
      case 'ls': {
        need(2, 2);
        let entries;
        try {
          entries = ctx.files.list(args[1]!);
        } catch (e) {
          throw new CmdError(`cannot list ${args[1]}: ${(e as Error).message}`, CmdStatus.NotAvail);
        }
        for (const e of entries) io.write(`${e.isDirectory ? 'd' : '-'} ${String(e.size).padStart(10)} ${e.name}${e.isDirectory ? '/' : ''}\n`);
        io.write(`Total ${entries.length} entries\n`);
        return CmdStatus.Ok;
      }
      case 'cat': {
        need(2, 2);
        const t = text(read(ctx, args[1]));
        io.write(t.endsWith('\n') || t === '' ? t : `${t}\n`);
        return CmdStatus.Ok;
      }
      case 'run':
        need(2, 2);
        return runScript(io, ctx, args[1]!);
      case 'fdt_load': {
        need(4, 4);
        const parent = ctx.hostTree.getNode(args[1]!);
        if (!parent) throw new CmdError(`no node ${args[1]} in the device tree`, CmdStatus.NoDev);
        if (parent.child(args[2]!)) throw new CmdError(`${args[1]}/${args[2]} exists already`, CmdStatus.Exists);
        const data = read(ctx, args[3]);
        let root;
        try {
          root = readFdt(data).root;
        } catch (e) {
          throw new CmdError(`${args[3]}: ${(e as Error).message}`, CmdStatus.Invalid);
        }
        parent.attachChild(root.clone(args[2]!));
        io.write(`Loaded ${args[3]} as ${parent.path() === '/' ? '' : parent.path()}/${args[2]}\n`);
        return CmdStatus.Ok;
      }
      case 'guest_fdt_load': {
        if (args.length < 3) throw new CmdUsageError('guest_fdt_load: missing arguments');
        const vcpus = args[3] === undefined ? undefined : parseNumber(args[3], 'vcpu count');
        try {
          ctx.loadGuestTree(args[1]!, args[2]!, { vcpus, overrides: args.slice(4) });
        } catch (e) {
          throw new CmdError(`${args[1]}: ${(e as Error).message}`, CmdStatus.Invalid);
        }
        io.write(`Loaded ${args[2]} as /guests/${args[1]}\n`);
        return CmdStatus.Ok;
      }
      case 'guest_load':
        need(4, 4);
        loadInto(io, ctx, args[1]!, parseNumber(args[2], 'address'), args[3]!);
        return CmdStatus.Ok;
      case 'guest_load_list': {
        need(3, 3);
        const list = text(read(ctx, args[2]));
        for (const [i, raw] of list.split('\n').entries()) {
          const line = raw.replace(/#.*/, '').trim();
          if (line === '') continue;
          const [addr, file, extra] = line.split(/\s+/);
          if (file === undefined || extra !== undefined) throw new CmdError(`${args[2]}:${i + 1}: expected "<gphys_addr> <file>"`, CmdStatus.Invalid);
          let a: number;
          try {
            a = parseNumber(addr, 'address');
          } catch {
            throw new CmdError(`${args[2]}:${i + 1}: bad address "${addr}"`, CmdStatus.Invalid);
          }
          // Relative names are relative to the list file, as a nor_flash.list beside its images expects.
          const dir = args[2]!.includes('/') ? args[2]!.slice(0, args[2]!.lastIndexOf('/') + 1) : '';
          loadInto(io, ctx, args[1]!, a, file.startsWith('/') ? file : `${dir}${file}`);
        }
        return CmdStatus.Ok;
      }
      case undefined:
        throw new CmdUsageError('missing sub-command');
      default:
        throw new CmdUsageError(`unknown sub-command ${sub}`);
    }
  },
};
