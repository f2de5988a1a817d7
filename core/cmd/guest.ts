// guest: create, control and inspect guests (Xvisor's cmd_guest), plus our
// `guest load` that places a host file at a guest physical address.

import { CmdError, CmdStatus, CmdUsageError, hex, parseNumber, type CmdIo, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { formatTable } from './table.ts';
import type { Guest } from '../manager/guest.ts';

const SUBS = ['list', 'create', 'destroy', 'reset', 'kick', 'pause', 'resume', 'halt', 'dumpmem', 'region_list', 'region', 'load'] as const;

function findGuest(ctx: CmdContext, name: string | undefined): Guest {
  if (name === undefined) throw new CmdUsageError('missing guest name');
  const g = ctx.hv.guest(name);
  if (!g) throw new CmdError(`Failed to find guest ${name}`, CmdStatus.NoDev);
  return g;
}

function expectArgs(args: readonly string[], min: number, max: number): void {
  if (args.length < min) throw new CmdUsageError(`${args[0]}: missing arguments`);
  if (args.length > max) throw new CmdUsageError(`${args[0]}: too many arguments`);
}

/** Runs a manager operation; a refused transition becomes one clear line. */
function op(io: CmdIo, g: Guest, verb: string, fn: () => void): number {
  try {
    fn();
  } catch (e) {
    throw new CmdError((e as Error).message, CmdStatus.Fail);
  }
  io.write(`${g.name}: ${verb}\n`);
  return CmdStatus.Ok;
}

function list(io: CmdIo, ctx: CmdContext): number {
  const rows = ctx.hv.guests().map((g) => [String(g.id), g.name, g.desc.endianness, g.desc.path]);
  io.write(
    formatTable(
      [
        { title: 'ID', width: 6 },
        { title: 'Name', width: 19 },
        { title: 'Endianness', width: 13 },
        { title: 'Device Path', width: 30 },
      ],
      rows,
    ),
  );
  return CmdStatus.Ok;
}

function dumpmem(io: CmdIo, g: Guest, addr: number, size: number): number {
  if (addr % 4 !== 0) throw new CmdUsageError(`address ${hex(addr)} is not 4-byte aligned`);
  const len = Math.ceil(size / 4) * 4;
  const buf = new Uint8Array(len);
  if (!g.aspace.tryRead(addr, buf)) throw new CmdError(`${g.name}: ${hex(addr)}..${hex(addr + len - 1)} is not guest RAM/ROM`, CmdStatus.Invalid);
  const dv = new DataView(buf.buffer);
  io.write(`${g.name}: memory at ${hex(addr)} size ${hex(len, 0)}\n`);
  for (let off = 0; off < len; off += 16) {
    const words: string[] = [];
    for (let w = off; w < Math.min(off + 16, len); w += 4) words.push(dv.getUint32(w, g.desc.endianness !== 'big').toString(16).padStart(8, '0'));
    io.write(`${hex(addr + off)}: ${words.join(' ')}\n`);
  }
  return CmdStatus.Ok;
}

function regionList(io: CmdIo, g: Guest): number {
  const rows = g.aspace.list().map((r) => [
    hex(r.base),
    hex(r.size),
    r.kind === 'device' ? 'virtual' : r.kind === 'alias' ? 'alias' : 'real',
    r.kind === 'device' ? 'io' : 'memory',
    r.deviceType,
    r.name,
  ]);
  io.write(
    formatTable(
      [
        { title: 'Guest Phys', width: 12 },
        { title: 'Size', width: 12 },
        { title: 'Manifest', width: 9 },
        { title: 'Address', width: 8 },
        { title: 'Device', width: 12 },
        { title: 'Name', width: 16 },
      ],
      rows,
    ),
  );
  return CmdStatus.Ok;
}

function region(io: CmdIo, g: Guest, addr: number): number {
  const r = g.aspace.list().find((x) => addr >= x.base && addr - x.base < x.size);
  if (!r) throw new CmdError(`${g.name}: no region covers ${hex(addr)}`, CmdStatus.NoDev);
  const dev = g.devemu.find(r.path);
  io.write(`Region node name   : ${r.path}\n`);
  io.write(`Region emulator    : ${dev ? dev.emulator.name : r.kind === 'device' ? '(none)' : r.kind}\n`);
  io.write(`Region device type : ${r.deviceType}\n`);
  if (r.compatible) io.write(`Region compatible  : ${r.compatible}\n`);
  io.write(`Region physical    : ${hex(r.base)}..${hex(r.base + r.size - 1)}\n`);
  io.write(`Region size        : ${hex(r.size, 0)}\n`);
  const flags = [r.kind === 'device' ? 'virtual' : 'real', r.kind === 'device' ? 'io' : 'memory', r.kind];
  io.write(`Region flags       : ${flags.join(', ')}\n`);
  if (r.aliasTarget !== undefined) io.write(`Region alias of    : ${hex(r.aliasTarget)}\n`);
  if (r.kind === 'ram' || r.kind === 'rom') io.write(`Region host memory : ${hex(r.allocatedBytes, 0)} bytes allocated\n`);
  return CmdStatus.Ok;
}

export const guestCommand: Command<CmdContext> = {
  name: 'guest',
  desc: 'control commands for guest',
  usage: [
    'guest list',
    'guest create <guest_name>',
    'guest destroy <guest_name>',
    'guest reset <guest_name>',
    'guest kick <guest_name>',
    'guest pause <guest_name>',
    'guest resume <guest_name>',
    'guest halt <guest_name>',
    'guest dumpmem <guest_name> <gphys_addr> [mem_size]',
    'guest region_list <guest_name>',
    'guest region <guest_name> <gphys_addr>',
    'guest load <guest_name> <gphys_addr> <host_file>',
  ],
  configSymbol: 'CONFIG_CMD_GUEST',
  subcommands: SUBS,
  exec(args, io, ctx) {
    const sub = args[0];
    if (sub === undefined) throw new CmdUsageError('missing sub-command');
    switch (sub) {
      case 'list':
        expectArgs(args, 1, 1);
        return list(io, ctx);
      case 'create': {
        expectArgs(args, 2, 2);
        if (ctx.hv.guest(args[1]!)) throw new CmdError(`guest ${args[1]} exists already`, CmdStatus.Exists);
        let g: Guest;
        try {
          g = ctx.createGuest(args[1]!);
        } catch (e) {
          throw new CmdError(`${args[1]}: Failed to create guest: ${(e as Error).message}`, CmdStatus.Fail);
        }
        io.write(`${g.name}: Created\n`);
        return CmdStatus.Ok;
      }
      case 'destroy': {
        expectArgs(args, 2, 2);
        const g = findGuest(ctx, args[1]);
        return op(io, g, 'Destroyed', () => ctx.hv.destroyGuest(g));
      }
      case 'reset': {
        expectArgs(args, 2, 2);
        const g = findGuest(ctx, args[1]);
        return op(io, g, 'Reset', () => g.reset());
      }
      case 'kick': {
        expectArgs(args, 2, 2);
        const g = findGuest(ctx, args[1]);
        return op(io, g, 'Kicked', () => g.kick());
      }
      case 'pause': {
        expectArgs(args, 2, 2);
        const g = findGuest(ctx, args[1]);
        return op(io, g, 'Paused', () => g.pause());
      }
      case 'resume': {
        expectArgs(args, 2, 2);
        const g = findGuest(ctx, args[1]);
        return op(io, g, 'Resumed', () => g.resume());
      }
      case 'halt': {
        expectArgs(args, 2, 2);
        const g = findGuest(ctx, args[1]);
        return op(io, g, 'Halted', () => g.halt());
      }
      case 'dumpmem': {
        expectArgs(args, 3, 4);
        const g = findGuest(ctx, args[1]);
        const size = args[3] === undefined ? 64 : parseNumber(args[3], 'size');
        if (size <= 0 || size > 1 << 20) throw new CmdUsageError(`size ${args[3]} must be 1..1048576`);
        return dumpmem(io, g, parseNumber(args[2], 'address'), size);
      }
      case 'region_list':
        expectArgs(args, 2, 2);
        return regionList(io, findGuest(ctx, args[1]));
      case 'region':
        expectArgs(args, 3, 3);
        return region(io, findGuest(ctx, args[1]), parseNumber(args[2], 'address'));
      case 'load': {
        expectArgs(args, 4, 4);
        const g = findGuest(ctx, args[1]);
        const addr = parseNumber(args[2], 'address');
        let data: Uint8Array;
        try {
          data = ctx.files.read(args[3]!);
        } catch (e) {
          throw new CmdError(`${g.name}: cannot read ${args[3]}: ${(e as Error).message}`, CmdStatus.NotAvail);
        }
        io.write(`${g.name}: Loading ${hex(addr)} with file ${args[3]}\n`);
        if (!g.aspace.isMemory(addr, Math.max(1, data.length))) {
          throw new CmdError(`${g.name}: ${args[3]} (${data.length} bytes) does not fit at ${hex(addr)} in guest RAM/ROM`, CmdStatus.Invalid);
        }
        g.aspace.write(addr, data, args[3]);
        io.write(`${g.name}: Loaded ${hex(addr)} with ${data.length} bytes\n`);
        return CmdStatus.Ok;
      }
      default:
        throw new CmdUsageError(`unknown sub-command ${sub}`);
    }
  },
};
