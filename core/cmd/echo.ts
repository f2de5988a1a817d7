// echo <args>: prints its arguments separated by one space.

import { CmdStatus, type Command } from './command.ts';
import type { CmdContext } from './context.ts';

export const echoCommand: Command<CmdContext> = {
  name: 'echo',
  desc: 'echo a message on the terminal',
  usage: ['echo <message>'],
  configSymbol: 'CONFIG_CMD_ECHO',
  exec(args, io) {
    io.write(`${args.join(' ')}\n`);
    return CmdStatus.Ok;
  },
};
