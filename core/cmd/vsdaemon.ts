// vsdaemon: daemons that serve a guest vserial over a transport (Xvisor's
// cmd_vsdaemon). Built in: `chardev` (pipes the vserial to a registered
// chardev both ways) and `mterm` (attaches the management terminal, which
// the user leaves with ESC x q). Front ends add `telnet`
// (core/mterm/telnet-vsdaemon.ts) through CmdContext.vsdaemonTransports.

import { CmdError, CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext, VsdaemonInstance, VsdaemonTransport } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import { bindVserial } from '../chardev/chardev.ts';
import type { Hypervisor } from '../hypervisor.ts';

interface Daemon {
  readonly name: string;
  readonly transport: string;
  readonly vserial: string;
  readonly inst: VsdaemonInstance;
}

const daemons = new WeakMap<Hypervisor, Map<string, Daemon>>();

export function vsdaemonsOf(hv: Hypervisor): Map<string, Daemon> {
  let m = daemons.get(hv);
  if (!m) daemons.set(hv, (m = new Map()));
  return m;
}

function builtinTransports(ctx: CmdContext): VsdaemonTransport[] {
  return [
    {
      name: 'chardev',
      desc: 'pipe the vserial to a host chardev',
      args: '<chardev>',
      start(_daemon, vs, args) {
        if (args.length !== 1) throw new CmdUsageError(args.length === 0 ? 'missing chardev name' : 'too many arguments');
        const cd = ctx.hv.chardevs.get(args[0]!);
        if (!cd) throw new CmdError(`Failed to find chardev ${args[0]}`, CmdStatus.NoDev);
        const b = bindVserial(vs, cd);
        return { info: `chardev ${cd.name}`, stop: () => b.unbind() };
      },
    },
    {
      name: 'mterm',
      desc: 'attach the management terminal (ESC x q leaves)',
      args: '',
      start(_daemon, vs, args) {
        if (args.length !== 0) throw new CmdUsageError('too many arguments');
        if (!ctx.console) throw new CmdError('this terminal cannot bind to a vserial', CmdStatus.NotAvail);
        ctx.console.bind(vs.name);
        return { info: 'management terminal', stop: () => {} };
      },
    },
  ];
}

function transports(ctx: CmdContext): VsdaemonTransport[] {
  return [...builtinTransports(ctx), ...(ctx.vsdaemonTransports ?? [])];
}

export const vsdaemonCommand: Command<CmdContext> = {
  name: 'vsdaemon',
  desc: 'vserial daemon commands',
  usage: [
    'vsdaemon transport_list',
    'vsdaemon list',
    'vsdaemon create chardev <daemon_name> <vserial_name> <chardev>',
    'vsdaemon create mterm <daemon_name> <vserial_name>',
    'vsdaemon create telnet <daemon_name> <vserial_name> <port>   (port 0: any free port; 127.0.0.1 only)',
    '   (<vserial_name> <daemon_name> in that order works too)',
    'vsdaemon destroy <daemon_name>',
  ],
  configSymbol: 'CONFIG_CMD_VSDAEMON',
  subcommands: ['transport_list', 'list', 'create', 'destroy'],
  async exec(args, io, ctx) {
    const all = vsdaemonsOf(ctx.hv);
    switch (args[0]) {
      case 'transport_list': {
        argCount(args, 0, 0, '');
        const rows = transports(ctx).map((t) => [t.name, t.args, t.desc]);
        io.write(formatTable([{ title: 'Name', width: 10 }, { title: 'Arguments', width: 12 }, { title: 'Description', width: 48 }], rows));
        return CmdStatus.Ok;
      }
      case 'list': {
        argCount(args, 0, 0, '');
        const rows = [...all.values()].map((d) => [d.name, d.transport, d.vserial, d.inst.info]);
        io.write(formatTable([{ title: 'Name', width: 16 }, { title: 'Transport', width: 10 }, { title: 'Vserial', width: 20 }, { title: 'Details', width: 36 }], rows));
        return CmdStatus.Ok;
      }
      case 'create': {
        argCount(args, 3, 4, 'transport, daemon name or vserial name');
        const [, tname, a, b, ...rest] = args as [string, string, string, string, ...string[]];
        // Both orders are in use (Xvisor's <daemon> <vserial>, and <vserial> <daemon>): a vserial is the name that exists.
        const swap = !ctx.hv.vserials.get(b) && ctx.hv.vserials.get(a) !== undefined;
        const name = swap ? b : a;
        const vname = swap ? a : b;
        const t = transports(ctx).find((x) => x.name === tname);
        if (!t) throw new CmdError(`Failed to find transport ${tname} (see vsdaemon transport_list)`, CmdStatus.NoDev);
        if (all.has(name)) throw new CmdError(`vsdaemon ${name} exists already`, CmdStatus.Exists);
        const vs = ctx.hv.vserials.get(vname);
        if (!vs) throw new CmdError(`Failed to find vserial ${vname}`, CmdStatus.NoDev);
        const inst = await t.start(name, vs, rest);
        all.set(name, { name, transport: t.name, vserial: vs.name, inst });
        io.write(`${name}: serving ${vs.name} on ${inst.info}\n`);
        return CmdStatus.Ok;
      }
      case 'destroy': {
        argCount(args, 1, 1, 'daemon name');
        const d = all.get(args[1]!);
        if (!d) throw new CmdError(`Failed to find vsdaemon ${args[1]}`, CmdStatus.NoDev);
        all.delete(d.name);
        await d.inst.stop();
        io.write(`${d.name}: Destroyed\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(args[0]);
    }
  },
};
