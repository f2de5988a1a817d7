// help [command]: lists `name - description`, or one command's usage.

import { CmdError, CmdStatus, type Command } from './command.ts';
import type { CmdContext } from './context.ts';

export const helpCommand: Command<CmdContext> = {
  name: 'help',
  desc: 'displays list of all commands',
  usage: ['help', 'help <command> [<command> ...]'],
  configSymbol: 'CONFIG_CMD_HELP',
  exec(args, io, ctx) {
    if (args.length === 0) {
      for (const c of ctx.commands.list()) io.write(`${c.name.padEnd(13)} - ${c.desc}\n`);
      return CmdStatus.Ok;
    }
    for (const name of args) {
      const c = ctx.commands.lookup(name);
      if (!c) throw new CmdError(`unknown command ${name}`, CmdStatus.NotAvail);
      io.write(`${c.name} - ${c.desc}\n`);
      ctx.commands.printUsage(c, io);
    }
    return CmdStatus.Ok;
  },
};
