// Argument helpers shared by the commands that name a guest or a
// `<guest>/<device>` pair: one clear error when the name is unknown.

import { CmdError, CmdStatus, CmdUsageError } from './command.ts';
import type { CmdContext } from './context.ts';
import type { Guest } from '../manager/guest.ts';

export function guestArg(ctx: CmdContext, name: string | undefined): Guest {
  if (name === undefined) throw new CmdUsageError('missing guest name');
  const g = ctx.hv.guest(name);
  if (!g) throw new CmdError(`Failed to find guest ${name}`, CmdStatus.NoDev);
  return g;
}

/** Checks the argument count of a sub-command: [min, max] after the sub-command itself. */
export function argCount(args: readonly string[], min: number, max: number, what: string): void {
  const n = args.length - 1;
  if (n < min) throw new CmdUsageError(`missing ${what}`);
  if (n > max) throw new CmdUsageError(`too many arguments to ${args[0]}`);
}

export function unknownSub(sub: string | undefined): never {
  throw new CmdUsageError(sub === undefined ? 'missing sub-command' : `unknown sub-command ${sub}`);
}
