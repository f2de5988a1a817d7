// host: the simulated host (Xvisor's cmd_host): info, cpu info/stats, irq
// stats, ram info, resources, bus_list, class_list.

import { CmdError, CmdStatus, CmdUsageError, type CmdIo, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { formatTable } from './table.ts';

function ms(ns: number): string {
  return (ns / 1e6).toFixed(3);
}

function hostRam(ctx: CmdContext): { base: number; size: number }[] {
  const out: { base: number; size: number }[] = [];
  for (const n of ctx.hostTree.root.children) {
    if (!n.hasAttr('device_type') || n.readString('device_type') !== 'memory') continue;
    for (const r of n.reg()) out.push({ base: Number(r.address), size: Number(r.size) });
  }
  return out;
}

function info(io: CmdIo, ctx: CmdContext): number {
  const root = ctx.hostTree.root;
  const model = root.hasAttr('model') ? root.readString('model') : ctx.hostTree.root.name;
  const ram = hostRam(ctx).reduce((n, r) => n + r.size, 0);
  const guestRam = ctx.hv.guests().reduce((n, g) => n + g.aspace.allocatedBytes(), 0);
  io.write(`${'Host Name'.padEnd(24)}: ${model}\n`);
  io.write(`${'Boot CPU'.padEnd(24)}: 0\n`);
  io.write(`${'Total Online CPUs'.padEnd(24)}: ${ctx.hv.sched.cpus.length}\n`);
  io.write(`${'Total VAPOOL'.padEnd(24)}: ${ram >> 20} MB\n`);
  io.write(`${'Total RAM'.padEnd(24)}: ${ram >> 20} MB\n`);
  io.write(`${'Guest RAM allocated'.padEnd(24)}: ${(guestRam / 1024).toFixed(0)} KB\n`);
  return CmdStatus.Ok;
}

function cpuStats(io: CmdIo, ctx: CmdContext): number {
  const rows = ctx.hv.hostCpuStats().map((c) => {
    const total = Math.max(1, c.busyNs + c.idleNs);
    return [String(c.cpu), ms(c.clockNs), ms(c.busyNs), ms(c.idleNs), `${((100 * c.busyNs) / total).toFixed(1)}%`, String(c.switches), String(c.ready), c.current];
  });
  io.write(
    formatTable(
      [
        { title: 'CPU', width: 4 },
        { title: 'Clock ms', width: 11, right: true },
        { title: 'Busy ms', width: 11, right: true },
        { title: 'Idle ms', width: 11, right: true },
        { title: 'Util', width: 7, right: true },
        { title: 'Switches', width: 9, right: true },
        { title: 'Ready', width: 6, right: true },
        { title: 'Current', width: 16 },
      ],
      rows,
    ),
  );
  const t = ctx.hv.timerStats();
  io.write(`Timer events: ${t.started} started, ${t.expired} expired, ${t.stopped} stopped, ${ctx.hv.timers().length} pending (max ${t.maxLength})\n`);
  return CmdStatus.Ok;
}

function irqStats(io: CmdIo, ctx: CmdContext): number {
  const rows: string[][] = [];
  for (const g of ctx.hv.guests())
    for (const d of g.devemu.devices) rows.push([g.name, d.name, d.compatible, String(d.stats.reads), String(d.stats.writes), String(d.stats.faults)]);
  io.write(
    formatTable(
      [
        { title: 'Guest', width: 10 },
        { title: 'Device', width: 16 },
        { title: 'Compatible', width: 22 },
        { title: 'Reads', width: 9, right: true },
        { title: 'Writes', width: 9, right: true },
        { title: 'Faults', width: 7, right: true },
      ],
      rows,
    ),
  );
  return CmdStatus.Ok;
}

export const hostCommand: Command<CmdContext> = {
  name: 'host',
  desc: 'host information',
  usage: ['host info', 'host cpu info', 'host cpu stats', 'host irq stats', 'host ram info', 'host resources', 'host bus_list', 'host class_list'],
  configSymbol: 'CONFIG_CMD_HOST',
  subcommands: ['info', 'cpu', 'irq', 'ram', 'resources', 'bus_list', 'class_list'],
  exec(args, io, ctx) {
    const [sub, what, extra] = args;
    if (extra !== undefined) throw new CmdUsageError('too many arguments');
    switch (sub) {
      case 'info':
        if (what !== undefined) throw new CmdUsageError('info takes no arguments');
        return info(io, ctx);
      case 'cpu':
        if (what === 'stats') return cpuStats(io, ctx);
        if (what === 'info') {
          const cpus = ctx.hostTree.getNode('/cpus')?.children ?? [];
          const rows = cpus.map((c, i) => [String(i), c.hasAttr('compatible') ? c.readStringList('compatible')[0]! : '?', c.hasAttr('enable-method') ? c.readString('enable-method') : '-', i < ctx.hv.sched.cpus.length ? 'online' : 'offline']);
          io.write(formatTable([{ title: 'CPU', width: 4 }, { title: 'Compatible', width: 22 }, { title: 'Enable method', width: 14 }, { title: 'State', width: 8 }], rows));
          return CmdStatus.Ok;
        }
        throw new CmdUsageError(what === undefined ? 'cpu: missing info or stats' : `cpu: unknown ${what}`);
      case 'irq':
        if (what !== 'stats') throw new CmdUsageError('irq: expected stats');
        return irqStats(io, ctx);
      case 'ram':
        if (what !== 'info' && what !== 'bitmap') throw new CmdUsageError('ram: expected info or bitmap');
        if (what === 'bitmap') {
          for (const g of ctx.hv.guests())
            for (const r of g.aspace.list().filter((x) => x.kind === 'ram' || x.kind === 'rom'))
              io.write(`${g.name}/${r.name}: ${(r.allocatedBytes / 4096).toFixed(0)} of ${(r.size / 4096).toFixed(0)} pages allocated\n`);
          return CmdStatus.Ok;
        }
        for (const r of hostRam(ctx)) io.write(`Host RAM: 0x${r.base.toString(16)} size ${r.size >> 20} MB\n`);
        io.write(`Guest RAM allocated (lazily, per page): ${ctx.hv.guests().reduce((n, g) => n + g.aspace.allocatedBytes(), 0)} bytes\n`);
        return CmdStatus.Ok;
      case 'resources':
      case 'bus_list':
      case 'class_list': {
        if (what !== undefined) throw new CmdUsageError(`${sub} takes no arguments`);
        if (sub === 'class_list') {
          const classes = new Map<string, number>();
          for (const g of ctx.hv.guests()) for (const d of g.devemu.devices) classes.set(d.emulator.deviceType, (classes.get(d.emulator.deviceType) ?? 0) + 1);
          io.write(formatTable([{ title: 'Class', width: 16 }, { title: 'Devices', width: 8, right: true }], [...classes].sort().map(([c, n]) => [c, String(n)])));
        } else {
          const rows: string[][] = [];
          for (const g of ctx.hv.guests())
            for (const r of g.aspace.list()) rows.push([`0x${r.base.toString(16)}`, `0x${(r.base + r.size - 1).toString(16)}`, `${g.name}/${r.name}`, sub === 'bus_list' ? r.deviceType : r.kind]);
          io.write(formatTable([{ title: 'Start', width: 12 }, { title: 'End', width: 12 }, { title: 'Name', width: 28 }, { title: 'Kind', width: 12 }], rows));
        }
        return CmdStatus.Ok;
      }
      case undefined:
        throw new CmdUsageError('missing sub-command');
      default:
        throw new CmdError(`unknown sub-command ${sub}`, CmdStatus.Invalid);
    }
  },
};
