// version: the hypervisor's name, version and build date, as Xvisor prints it.

import { CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';

export const versionCommand: Command<CmdContext> = {
  name: 'version',
  desc: 'show version of hypervisor',
  usage: ['version'],
  configSymbol: 'CONFIG_CMD_VERSION',
  exec(args, io, ctx) {
    if (args.length > 0) throw new CmdUsageError('version takes no arguments');
    io.write(`Xvisor v${ctx.build.version} (${ctx.build.date})\n`);
    return CmdStatus.Ok;
  },
};
