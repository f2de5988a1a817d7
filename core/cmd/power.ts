// shutdown and reset of the hypervisor itself.

import { CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';

export const shutdownCommand: Command<CmdContext> = {
  name: 'shutdown',
  desc: 'shutdown hypervisor',
  usage: ['shutdown'],
  configSymbol: 'CONFIG_CMD_SHUTDOWN',
  exec(args, io, ctx) {
    if (args.length > 0) throw new CmdUsageError('shutdown takes no arguments');
    io.write('Shutting down the hypervisor\n');
    ctx.requestShutdown();
    return CmdStatus.Ok;
  },
};

export const resetCommand: Command<CmdContext> = {
  name: 'reset',
  desc: 'reset hypervisor',
  usage: ['reset'],
  configSymbol: 'CONFIG_CMD_RESET',
  exec(args, io, ctx) {
    if (args.length > 0) throw new CmdUsageError('reset takes no arguments');
    io.write('Resetting the hypervisor: every guest is reset and kicked again\n');
    ctx.requestReset();
    return CmdStatus.Ok;
  },
};
