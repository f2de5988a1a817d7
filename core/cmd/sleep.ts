// sleep secs|msecs|usecs <n>: lets that much virtual time pass.

import { CmdStatus, CmdUsageError, parseNumber, type Command } from './command.ts';
import type { CmdContext } from './context.ts';

const UNIT_NS = { secs: 1e9, msecs: 1e6, usecs: 1e3 } as const;

export const sleepCommand: Command<CmdContext> = {
  name: 'sleep',
  desc: 'sleep for the given virtual time',
  usage: ['sleep secs <n>', 'sleep msecs <n>', 'sleep usecs <n>'],
  configSymbol: 'CONFIG_CMD_SLEEP',
  subcommands: Object.keys(UNIT_NS),
  async exec(args, _io, ctx) {
    const unit = args[0] as keyof typeof UNIT_NS | undefined;
    if (unit === undefined || !(unit in UNIT_NS)) throw new CmdUsageError(unit === undefined ? 'missing unit' : `unknown unit ${unit}`);
    if (args.length !== 2) throw new CmdUsageError(args.length < 2 ? 'missing time' : 'too many arguments');
    const n = parseNumber(args[1], 'time');
    await ctx.sleep(n * UNIT_NS[unit]);
    return CmdStatus.Ok;
  },
};
