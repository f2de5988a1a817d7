// chardev: the host's character devices (Xvisor's cmd_chardev list): the
// console, telnet connections, test buffers, registered by drivers.

import { CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import type { CharDev } from '../chardev/chardev.ts';

/** A chardev's kind: its own `kind` when it has one, else its class name. */
export function chardevKind(cd: CharDev): string {
  const k = (cd as { kind?: unknown }).kind;
  if (typeof k === 'string') return k;
  const ctor = (cd as object).constructor;
  return ctor && ctor !== Object ? ctor.name : 'chardev';
}

export const chardevCommand: Command<CmdContext> = {
  name: 'chardev',
  desc: 'character device commands',
  usage: ['chardev list'],
  configSymbol: 'CONFIG_CMD_CHARDEV',
  subcommands: ['list'],
  exec(args, io, ctx) {
    if (args[0] !== 'list') return unknownSub(args[0]);
    if (args.length !== 1) throw new CmdUsageError('list takes no arguments');
    const rows = ctx.hv.chardevs
      .list()
      .map((cd) => [cd.name, chardevKind(cd)])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    io.write(formatTable([{ title: 'Name', width: 32 }, { title: 'Kind', width: 24 }], rows));
    return CmdStatus.Ok;
  },
};
