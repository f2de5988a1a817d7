// The shape of a management command (Xvisor's vmm_cmd) and the I/O it
// writes to. Every front end (terminal, line mode, boot command list,
// telnet, tests) runs commands through the same CommandManager.

/** Return codes, negative like Xvisor's VMM_E* values. */
export const enum CmdStatus {
  Ok = 0,
  Fail = -1,
  Unknown = -2,
  NotAvail = -3,
  Invalid = -5,
  NoDev = -8,
  Exists = -10,
}

export interface CmdIo {
  write(text: string): void;
  /** Whether the output is a terminal: colour only then. */
  readonly color: boolean;
}

export interface Command<Ctx = unknown> {
  readonly name: string;
  /** One line for `help`. */
  readonly desc: string;
  /** Usage lines printed by `help <cmd>` and after a usage error. */
  readonly usage: readonly string[];
  /** Config symbol that builds this command (CONFIG_CMD_<NAME>). */
  readonly configSymbol: string;
  /** Sub-command names, for completion and usage errors. */
  readonly subcommands?: readonly string[];
  exec(args: readonly string[], io: CmdIo, ctx: Ctx): number | Promise<number>;
}

/** Thrown by a command for a usage error; the manager prints it and the usage. */
export class CmdUsageError extends Error {
  override name = 'CmdUsageError';
}

/** Thrown by a command for an ordinary failure with one clear line. */
export class CmdError extends Error {
  override name = 'CmdError';
  constructor(
    message: string,
    readonly status: number = CmdStatus.Fail,
  ) {
    super(message);
  }
}

/** Parses a number as Xvisor's commands do: decimal, 0x hex, 0 octal-free. */
export function parseNumber(text: string | undefined, what: string): number {
  if (text === undefined) throw new CmdUsageError(`missing ${what}`);
  const t = text.trim();
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^[0-9]+$/.test(t)) v = parseInt(t, 10);
  else throw new CmdUsageError(`bad ${what} "${text}"`);
  if (!Number.isSafeInteger(v)) throw new CmdUsageError(`${what} "${text}" is too large`);
  return v;
}

export function hex(v: number, digits = 8): string {
  return `0x${v.toString(16).padStart(digits, '0')}`;
}
