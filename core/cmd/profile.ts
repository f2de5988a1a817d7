// profile: counters between `profile start` and `profile stop` (Xvisor's
// cmd_profile samples the hypervisor's functions; the simulation has exact
// counters instead): per guest vcpu the instructions it executed, its run
// time and its share of the interval, and per orphan thread its run time,
// all taken from the statistics the scheduler and vcpus keep.

import { CmdError, CmdStatus, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import type { Hypervisor } from '../hypervisor.ts';
import { Vcpu } from '../manager/vcpu.ts';

interface Sample {
  readonly name: string;
  readonly guest: string;
  readonly insns: number;
  readonly runNs: number;
  readonly switches: number;
}

interface Profile {
  startNs: number;
  stopNs: number | undefined;
  start: Map<string, Sample>;
  end: Map<string, Sample> | undefined;
}

const profiles = new WeakMap<Hypervisor, Profile>();

function sample(hv: Hypervisor): Map<string, Sample> {
  const m = new Map<string, Sample>();
  for (const t of hv.sched.threads()) {
    const v = t instanceof Vcpu ? t : undefined;
    m.set(t.name, { name: t.name, guest: v ? v.guest.name : '-', insns: v ? v.vstats.instructions : 0, runNs: t.stats.runNs, switches: t.stats.switches });
  }
  return m;
}

export const profileCommand: Command<CmdContext> = {
  name: 'profile',
  desc: 'profile related commands',
  usage: [
    'profile start   - start counting (restarts a finished profile)',
    'profile stop    - stop counting',
    'profile status  - whether a profile runs, and for how long',
    'profile dump    - per vcpu and thread: instructions, run time, load, MIPS over the interval',
  ],
  configSymbol: 'CONFIG_CMD_PROFILE',
  subcommands: ['start', 'stop', 'status', 'dump'],
  exec(args, io, ctx) {
    const hv = ctx.hv;
    const p = profiles.get(hv);
    const sub = args[0];
    if (sub !== undefined && this.subcommands!.includes(sub)) argCount(args, 0, 0, '');
    switch (sub) {
      case 'start':
        if (p && p.stopNs === undefined) throw new CmdError('profile is already running', CmdStatus.Exists);
        profiles.set(hv, { startNs: hv.nowNs(), stopNs: undefined, start: sample(hv), end: undefined });
        io.write(`profile started at ${(hv.nowNs() / 1e6).toFixed(3)} ms\n`);
        return CmdStatus.Ok;
      case 'stop':
        if (!p || p.stopNs !== undefined) throw new CmdError('profile is not running', CmdStatus.Invalid);
        p.stopNs = hv.nowNs();
        p.end = sample(hv);
        io.write(`profile stopped after ${((p.stopNs - p.startNs) / 1e6).toFixed(3)} ms\n`);
        return CmdStatus.Ok;
      case 'status':
        if (!p) io.write('profile: never started\n');
        else if (p.stopNs === undefined) io.write(`profile: running for ${((hv.nowNs() - p.startNs) / 1e6).toFixed(3)} ms\n`);
        else io.write(`profile: stopped, ${((p.stopNs - p.startNs) / 1e6).toFixed(3)} ms recorded\n`);
        return CmdStatus.Ok;
      case 'dump': {
        if (!p) throw new CmdError('no profile (use profile start)', CmdStatus.Invalid);
        const endNs = p.stopNs ?? hv.nowNs();
        const end = p.end ?? sample(hv);
        const span = Math.max(1, endNs - p.startNs);
        const rows: string[][] = [];
        for (const e of end.values()) {
          const s = p.start.get(e.name);
          const insns = e.insns - (s?.insns ?? 0);
          const run = e.runNs - (s?.runNs ?? 0);
          const mips = run > 0 ? (insns * 1e3) / run : 0;
          rows.push([e.name, e.guest, String(insns), (run / 1e6).toFixed(3), `${((100 * run) / span).toFixed(1)}%`, mips.toFixed(1), String(e.switches - (s?.switches ?? 0))]);
        }
        io.write(`Interval: ${(p.startNs / 1e6).toFixed(3)} ms .. ${(endNs / 1e6).toFixed(3)} ms${p.stopNs === undefined ? ' (running)' : ''}\n`);
        io.write(
          formatTable(
            [
              { title: 'Name', width: 20 },
              { title: 'Guest', width: 10 },
              { title: 'Instructions', width: 14, right: true },
              { title: 'Run ms', width: 11, right: true },
              { title: 'Load', width: 7, right: true },
              { title: 'MIPS', width: 9, right: true },
              { title: 'Switches', width: 9, right: true },
            ],
            rows,
          ),
        );
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(sub);
    }
  },
};
