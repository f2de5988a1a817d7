// vcpu: list and control vcpus and orphan threads (Xvisor's cmd_vcpu).

import { CmdError, CmdStatus, CmdUsageError, parseNumber, type CmdIo, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { formatTable } from './table.ts';
import type { VcpuInfo } from '../hypervisor.ts';
import { Vcpu } from '../manager/vcpu.ts';
import type { SchedThread } from '../sched/thread.ts';

const SUBS = ['list', 'orphan_list', 'normal_list', 'monitor', 'reset', 'kick', 'pause', 'resume', 'halt', 'set_hcpu', 'set_affinity', 'dumpreg', 'dumpstat'] as const;

const COLUMNS = [
  { title: 'ID', width: 5 },
  { title: 'CPU', width: 4 },
  { title: 'Prio', width: 5 },
  { title: 'State', width: 11 },
  { title: 'Name', width: 24 },
  { title: 'Affinity', width: 15 },
];

function affinityText(cpus: readonly number[]): string {
  return `{${cpus.join(',')}}`;
}

function printList(io: CmdIo, infos: readonly VcpuInfo[]): number {
  io.write(formatTable(COLUMNS, infos.map((v) => [String(v.id), String(v.hcpu), String(v.priority), v.state, v.name, affinityText(v.affinity)])));
  return CmdStatus.Ok;
}

function thread(ctx: CmdContext, idText: string | undefined): SchedThread {
  if (idText === undefined) throw new CmdUsageError('missing vcpu id');
  const t = /^[0-9]+$/.test(idText)
    ? ctx.hv.sched.threads().find((x) => x.id === Number(idText))
    : ctx.hv.sched.threads().find((x) => x.name === idText);
  if (!t) throw new CmdError(`Failed to find vcpu ${idText}`, CmdStatus.NoDev);
  return t;
}

function guestVcpu(ctx: CmdContext, idText: string | undefined): Vcpu {
  const t = thread(ctx, idText);
  if (!(t instanceof Vcpu)) throw new CmdError(`${t.name} is an orphan thread, not a guest vcpu`, CmdStatus.Invalid);
  return t;
}

function control(io: CmdIo, ctx: CmdContext, idText: string | undefined, verb: string, fn: (t: SchedThread) => void): number {
  const t = thread(ctx, idText);
  try {
    fn(t);
  } catch (e) {
    throw new CmdError((e as Error).message, CmdStatus.Fail);
  }
  io.write(`${t.name}: ${verb}\n`);
  return CmdStatus.Ok;
}

function ms(ns: number): string {
  return `${(ns / 1e6).toFixed(3)} ms`;
}

function dumpstat(io: CmdIo, ctx: CmdContext, t: SchedThread): number {
  io.write(`Name             : ${t.name}\n`);
  io.write(`State            : ${t.state}\n`);
  io.write(`Priority         : ${t.priority}\n`);
  io.write(`Time slice       : ${ms(t.timeSliceNs)}\n`);
  io.write(`Host CPU         : ${t.hcpu}\n`);
  io.write(`Run time         : ${ms(t.stats.runNs)}\n`);
  io.write(`Switches         : ${t.stats.switches}\n`);
  io.write(`Preemptions      : ${t.stats.preemptions}\n`);
  io.write(`Migrations       : ${t.stats.migrations}\n`);
  if (t instanceof Vcpu) {
    io.write(`Instructions     : ${t.vstats.instructions}\n`);
    io.write(`WFI              : ${t.vstats.wfi}\n`);
    io.write(`HVC              : ${t.vstats.hvc}\n`);
    io.write(`SMC              : ${t.vstats.smc}\n`);
    io.write(`Traps            : ${t.vstats.traps}\n`);
  }
  void ctx;
  return CmdStatus.Ok;
}

function expectArgs(args: readonly string[], min: number, max: number): void {
  if (args.length < min) throw new CmdUsageError(`${args[0]}: missing arguments`);
  if (args.length > max) throw new CmdUsageError(`${args[0]}: too many arguments`);
}

export const vcpuCommand: Command<CmdContext> = {
  name: 'vcpu',
  desc: 'control commands for vcpu',
  usage: [
    'vcpu list',
    'vcpu orphan_list',
    'vcpu normal_list',
    'vcpu monitor [<vcpu_id>]',
    'vcpu reset <vcpu_id>',
    'vcpu kick <vcpu_id>',
    'vcpu pause <vcpu_id>',
    'vcpu resume <vcpu_id>',
    'vcpu halt <vcpu_id>',
    'vcpu set_hcpu <vcpu_id> <hcpu>',
    'vcpu set_affinity <vcpu_id> <hcpu0> [<hcpu1> ...]',
    'vcpu dumpreg <vcpu_id>',
    'vcpu dumpstat <vcpu_id>',
  ],
  configSymbol: 'CONFIG_CMD_VCPU',
  subcommands: SUBS,
  exec(args, io, ctx) {
    const sub = args[0];
    if (sub === undefined) throw new CmdUsageError('missing sub-command');
    const sched = ctx.hv.sched;
    switch (sub) {
      case 'list':
        expectArgs(args, 1, 1);
        return printList(io, ctx.hv.vcpus());
      case 'orphan_list':
        expectArgs(args, 1, 1);
        return printList(io, ctx.hv.vcpus().filter((v) => v.orphan));
      case 'normal_list':
        expectArgs(args, 1, 1);
        return printList(io, ctx.hv.vcpus().filter((v) => !v.orphan));
      case 'monitor': {
        expectArgs(args, 1, 2);
        const threads = args[1] === undefined ? sched.threads() : [thread(ctx, args[1])];
        const total = Math.max(1, ctx.hv.nowNs() * sched.cpus.length);
        io.write(
          formatTable(
            [
              { title: 'ID', width: 5 },
              { title: 'Name', width: 24 },
              { title: 'State', width: 11 },
              { title: 'Run time', width: 16, right: true },
              { title: 'Load', width: 7, right: true },
            ],
            threads.map((t) => [String(t.id), t.name, t.state, ms(t.stats.runNs), `${((100 * t.stats.runNs) / total).toFixed(1)}%`]),
          ),
        );
        return CmdStatus.Ok;
      }
      case 'reset':
        expectArgs(args, 2, 2);
        return control(io, ctx, args[1], 'Reset', (t) => sched.reset(t));
      case 'kick':
        expectArgs(args, 2, 2);
        return control(io, ctx, args[1], 'Kicked', (t) => sched.kick(t));
      case 'pause':
        expectArgs(args, 2, 2);
        return control(io, ctx, args[1], 'Paused', (t) => sched.pause(t));
      case 'resume':
        expectArgs(args, 2, 2);
        return control(io, ctx, args[1], 'Resumed', (t) => sched.resume(t));
      case 'halt':
        expectArgs(args, 2, 2);
        return control(io, ctx, args[1], 'Halted', (t) => {
          // A vcpu waiting in WFI is PAUSED; halting it is what the guest-wide halt does too.
          if (t.state === 'PAUSED') sched.resume(t);
          sched.halt(t);
        });
      case 'set_hcpu': {
        expectArgs(args, 3, 3);
        const cpu = parseNumber(args[2], 'host CPU');
        if (cpu >= sched.cpus.length) throw new CmdError(`host CPU ${cpu} does not exist (0..${sched.cpus.length - 1})`, CmdStatus.Invalid);
        return control(io, ctx, args[1], `Moved to host CPU ${cpu}`, (t) => sched.setHostCpu(t, cpu));
      }
      case 'set_affinity': {
        if (args.length < 3) throw new CmdUsageError('set_affinity: missing arguments');
        let mask = 0;
        for (const a of args.slice(2)) {
          const cpu = parseNumber(a, 'host CPU');
          if (cpu >= sched.cpus.length) throw new CmdError(`host CPU ${cpu} does not exist (0..${sched.cpus.length - 1})`, CmdStatus.Invalid);
          mask |= 1 << cpu;
        }
        return control(io, ctx, args[1], `Affinity ${affinityText(args.slice(2).map(Number))}`, (t) => sched.setAffinity(t, mask));
      }
      case 'dumpreg': {
        expectArgs(args, 2, 2);
        const v = guestVcpu(ctx, args[1]);
        io.write(`${v.name}: ${v.backend.model}\n${v.backend.dumpRegisters()}\n`);
        return CmdStatus.Ok;
      }
      case 'dumpstat':
        expectArgs(args, 2, 2);
        return dumpstat(io, ctx, thread(ctx, args[1]));
      default:
        throw new CmdUsageError(`unknown sub-command ${sub}`);
    }
  },
};
