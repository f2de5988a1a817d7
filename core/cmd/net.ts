// net: virtual network switches (Xvisor's cmd_net): learning bridges
// (drivers/net/virtual-switch.ts, made through ctx.createNetSwitch) that guests' virtio-net devices join
// through their `switch` attribute (host service ('net-switch', name)).
// Hypervisor services cannot be unregistered, so each name is registered
// once as a routing switch that leads to the current bridge; `destroy`
// (refused while ports are connected) empties it and `create` refills it.

import { CmdError, CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import type { Hypervisor } from '../hypervisor.ts';
import type { ManagedNetSwitch, NetPort, NetSwitch } from '../devemu/host-services.ts';

export const NET_SWITCH_SERVICE = 'net-switch';

class RoutedSwitch implements NetSwitch {
  current: ManagedNetSwitch | undefined;
  constructor(readonly name: string) {}
  connect(portName: string): NetPort {
    if (!this.current) throw new Error(`network switch ${this.name} was destroyed`);
    return this.current.connect(portName);
  }
}

const routes = new WeakMap<Hypervisor, Map<string, RoutedSwitch>>();

function routesOf(hv: Hypervisor): Map<string, RoutedSwitch> {
  let m = routes.get(hv);
  if (!m) routes.set(hv, (m = new Map()));
  return m;
}

function switches(hv: Hypervisor): ManagedNetSwitch[] {
  return [...routesOf(hv).values()].flatMap((r) => (r.current ? [r.current] : []));
}

export const netCommand: Command<CmdContext> = {
  name: 'net',
  desc: 'network commands',
  usage: ['net switch list', 'net switch create <name>', 'net switch destroy <name>', 'net port list'],
  configSymbol: 'CONFIG_CMD_NET',
  subcommands: ['switch', 'port'],
  exec(args, io, ctx) {
    const all = routesOf(ctx.hv);
    const what = args[0];
    if (what !== 'switch' && what !== 'port') return unknownSub(what);
    const sub = args[1];
    const rest = args.slice(1);
    if (what === 'port') {
      if (sub !== 'list') throw new CmdUsageError(sub === undefined ? 'missing port sub-command' : `unknown port sub-command ${sub}`);
      argCount(rest, 0, 0, '');
      const rows = switches(ctx.hv).flatMap((s) => s.portNames().map((p) => [s.name, p]));
      io.write(formatTable([{ title: 'Switch', width: 16 }, { title: 'Port', width: 32 }], rows));
      return CmdStatus.Ok;
    }
    switch (sub) {
      case 'list': {
        argCount(rest, 0, 0, '');
        const rows = switches(ctx.hv).map((s) => [s.name, String(s.portNames().length), String(s.forwarded), String(s.dropped)]);
        io.write(formatTable([{ title: 'Name', width: 16 }, { title: 'Ports', width: 6, right: true }, { title: 'Forwarded', width: 10, right: true }, { title: 'Dropped', width: 8, right: true }], rows));
        return CmdStatus.Ok;
      }
      case 'create': {
        argCount(rest, 1, 1, 'switch name');
        const name = rest[1]!;
        if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new CmdUsageError(`bad switch name "${name}" (letters, digits, _ . -)`);
        let r = all.get(name);
        if (r?.current) throw new CmdError(`switch ${name} exists already`, CmdStatus.Exists);
        if (!r) {
          if (ctx.hv.service(NET_SWITCH_SERVICE, name) !== undefined) throw new CmdError(`switch ${name} is registered by another driver`, CmdStatus.Exists);
          r = new RoutedSwitch(name);
          ctx.hv.registerService(NET_SWITCH_SERVICE, name, r);
          all.set(name, r);
        }
        if (!ctx.createNetSwitch) throw new CmdError('this front end has no network switch driver', CmdStatus.NotAvail);
        r.current = ctx.createNetSwitch(name);
        io.write(`${name}: Created\n`);
        return CmdStatus.Ok;
      }
      case 'destroy': {
        argCount(rest, 1, 1, 'switch name');
        const r = all.get(rest[1]!);
        if (!r?.current) throw new CmdError(`Failed to find switch ${rest[1]}`, CmdStatus.NoDev);
        const ports = r.current.portNames();
        if (ports.length > 0) throw new CmdError(`switch ${r.name} has ports connected: ${ports.join(', ')}`);
        r.current = undefined;
        io.write(`${r.name}: Destroyed\n`);
        return CmdStatus.Ok;
      }
      default:
        throw new CmdUsageError(sub === undefined ? 'missing switch sub-command' : `unknown switch sub-command ${sub}`);
    }
  },
};
