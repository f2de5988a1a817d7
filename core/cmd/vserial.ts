// vserial: guest serial ports (Xvisor's cmd_vserial): list, bind the
// terminal to one, dump its recent output.

import { CmdError, CmdStatus, CmdUsageError, parseNumber, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { formatTable } from './table.ts';

function port(ctx: CmdContext, name: string | undefined) {
  if (name === undefined) throw new CmdUsageError('missing vserial name');
  const v = ctx.hv.vserials.get(name);
  if (!v) throw new CmdError(`Failed to find vserial ${name}`, CmdStatus.NoDev);
  return v;
}

/** Non-printing bytes as Xvisor's dump shows them: printable ASCII, newlines, tabs; others as '.'. */
function printable(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b === 10 || b === 9 || (b >= 32 && b < 127) ? String.fromCharCode(b) : b === 13 ? '' : '.';
  return s;
}

export const vserialCommand: Command<CmdContext> = {
  name: 'vserial',
  desc: 'virtual serial port commands',
  usage: ['vserial list', 'vserial bind <name>', 'vserial dump <name> [<bytes>]'],
  configSymbol: 'CONFIG_CMD_VSERIAL',
  subcommands: ['list', 'bind', 'dump'],
  exec(args, io, ctx) {
    switch (args[0]) {
      case 'list': {
        if (args.length !== 1) throw new CmdUsageError('list takes no arguments');
        const rows = ctx.hv.vserials.list().map((v) => [v.name, String(v.bytesOut), String(v.bytesIn)]);
        io.write(formatTable([{ title: 'Name', width: 30 }, { title: 'Bytes out', width: 12, right: true }, { title: 'Bytes in', width: 12, right: true }], rows));
        return CmdStatus.Ok;
      }
      case 'bind': {
        if (args.length !== 2) throw new CmdUsageError(args.length < 2 ? 'missing vserial name' : 'too many arguments');
        const v = port(ctx, args[1]);
        if (!ctx.console) throw new CmdError('this terminal cannot bind to a vserial', CmdStatus.NotAvail);
        ctx.console.bind(v.name);
        return CmdStatus.Ok;
      }
      case 'dump': {
        if (args.length < 2 || args.length > 3) throw new CmdUsageError(args.length < 2 ? 'missing vserial name' : 'too many arguments');
        const v = port(ctx, args[1]);
        const n = args[2] === undefined ? undefined : parseNumber(args[2], 'byte count');
        const text = printable(v.dump(n));
        io.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
        return CmdStatus.Ok;
      }
      case undefined:
        throw new CmdUsageError('missing sub-command');
      default:
        throw new CmdUsageError(`unknown sub-command ${args[0]}`);
    }
  },
};
