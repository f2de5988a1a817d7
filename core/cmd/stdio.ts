// stdio: where hypervisor messages go and which of them (Xvisor's
// cmd_stdio): the device (the terminal itself, or a chardev) and the log
// level 0..7 that filters what the front ends print from hv.log$.

import { CmdError, CmdStatus, CmdUsageError, parseNumber, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { LOG_LEVEL_NAMES, TERMINAL_DEVICE } from './stdio-state.ts';

export const stdioCommand: Command<CmdContext> = {
  name: 'stdio',
  desc: 'standard I/O commands',
  usage: [
    'stdio device                       - show the current stdio device',
    `stdio change_device <chardev>      - send messages to a chardev (${TERMINAL_DEVICE}: the terminal)`,
    'stdio loglevel                     - show the log level',
    'stdio change_loglevel <0..7>       - print messages up to this level (3 error, 4 warning, 5 notice/guest, 6 info)',
  ],
  configSymbol: 'CONFIG_CMD_STDIO',
  subcommands: ['device', 'change_device', 'loglevel', 'change_loglevel'],
  exec(args, io, ctx) {
    const st = ctx.stdio;
    const sub = args[0];
    if (sub !== undefined && !this.subcommands!.includes(sub)) return unknownSub(sub);
    if (!st) throw new CmdError('this terminal has no stdio settings', CmdStatus.NotAvail);
    switch (sub) {
      case 'device':
        argCount(args, 0, 0, '');
        io.write(`${st.device}\n`);
        return CmdStatus.Ok;
      case 'change_device': {
        argCount(args, 1, 1, 'chardev name');
        const name = args[1]!;
        if (name === TERMINAL_DEVICE) st.changeDevice(undefined);
        else {
          const cd = ctx.hv.chardevs.get(name);
          if (!cd) throw new CmdError(`Failed to find chardev ${name}`, CmdStatus.NoDev);
          st.changeDevice(cd);
        }
        io.write(`stdio device: ${st.device}\n`);
        return CmdStatus.Ok;
      }
      case 'loglevel':
        argCount(args, 0, 0, '');
        io.write(`${st.logLevel} (${LOG_LEVEL_NAMES[st.logLevel]})\n`);
        return CmdStatus.Ok;
      case 'change_loglevel': {
        argCount(args, 1, 1, 'log level');
        const l = parseNumber(args[1], 'log level');
        if (l > 7) throw new CmdUsageError(`log level ${l} is not in 0..7`);
        st.logLevel = l;
        io.write(`log level: ${l} (${LOG_LEVEL_NAMES[l]})\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(sub);
    }
  },
};
