// timer: our own view of the tickless timer queue (Xvisor keeps these
// figures in `host cpu stats`): pending events in expiry order, statistics.

import { CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { formatTable } from './table.ts';

export const timerCommand: Command<CmdContext> = {
  name: 'timer',
  desc: 'timer events and statistics per host CPU',
  usage: ['timer list', 'timer stats'],
  configSymbol: 'CONFIG_CMD_TIMER',
  subcommands: ['list', 'stats'],
  exec(args, io, ctx) {
    if (args.length !== 1) throw new CmdUsageError(args.length === 0 ? 'missing sub-command' : 'too many arguments');
    const now = ctx.hv.nowNs();
    if (args[0] === 'list') {
      const rows = ctx.hv.timers().map((t) => [(t.deadline / 1e6).toFixed(3), `+${((t.deadline - now) / 1e6).toFixed(3)}`, t.owner, t.name, String(t.expiries)]);
      io.write(
        formatTable(
          [
            { title: 'Expiry ms', width: 12, right: true },
            { title: 'In ms', width: 11, right: true },
            { title: 'Owner', width: 18 },
            { title: 'Event', width: 22 },
            { title: 'Fired', width: 8, right: true },
          ],
          rows,
        ),
      );
      return CmdStatus.Ok;
    }
    if (args[0] === 'stats') {
      const s = ctx.hv.timerStats();
      io.write(`Virtual time   : ${(now / 1e9).toFixed(9)} s\n`);
      io.write(`Pending events : ${ctx.hv.timers().length}\n`);
      io.write(`Started        : ${s.started}\nExpired        : ${s.expired}\nStopped        : ${s.stopped}\nLongest queue  : ${s.maxLength}\n`);
      for (const c of ctx.hv.hostCpuStats()) io.write(`CPU${c.cpu} clock     : ${(c.clockNs / 1e9).toFixed(9)} s (busy ${(c.busyNs / 1e6).toFixed(3)} ms, idle ${(c.idleNs / 1e6).toFixed(3)} ms)\n`);
      return CmdStatus.Ok;
    }
    throw new CmdUsageError(`unknown sub-command ${args[0]}`);
  },
};
