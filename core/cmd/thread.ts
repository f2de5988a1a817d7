// thread list: the hypervisor's orphan threads (Xvisor's cmd_thread).

import { CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { formatTable } from './table.ts';

export const threadCommand: Command<CmdContext> = {
  name: 'thread',
  desc: 'control commands for threads',
  usage: ['thread list'],
  configSymbol: 'CONFIG_CMD_THREAD',
  subcommands: ['list'],
  exec(args, io, ctx) {
    if (args[0] !== 'list') throw new CmdUsageError(args[0] === undefined ? 'missing sub-command' : `unknown sub-command ${args[0]}`);
    if (args.length > 1) throw new CmdUsageError('list takes no arguments');
    const rows = ctx.hv.threads().map((t) => [String(t.id), String(t.hcpu), String(t.priority), t.threadState, t.name]);
    io.write(
      formatTable(
        [
          { title: 'ID', width: 5 },
          { title: 'CPU', width: 4 },
          { title: 'Prio', width: 5 },
          { title: 'State', width: 11 },
          { title: 'Name', width: 30 },
        ],
        rows,
      ),
    );
    return CmdStatus.Ok;
  },
};
