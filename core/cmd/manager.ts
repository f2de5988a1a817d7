// The command manager (Xvisor's vmm_cmdmgr): registers commands, splits a
// line into commands (`;`) and arguments (whitespace, double quotes), runs
// them in order and stops at the first failure. An exception inside a
// command is confined to that command and reported as its failure.

import { CmdError, CmdStatus, CmdUsageError, type CmdIo, type Command } from './command.ts';

export const MAX_ARGS = 32;

export class CommandLineError extends Error {
  override name = 'CommandLineError';
}

/** Splits one line into commands, each a list of arguments. */
export function parseCommandLine(line: string): string[][] {
  const commands: string[][] = [];
  let args: string[] = [];
  let cur = '';
  let inArg = false;
  let quote = false;
  const endArg = (): void => {
    if (inArg) args.push(cur);
    cur = '';
    inArg = false;
  };
  const endCmd = (): void => {
    endArg();
    if (args.length > 0) commands.push(args);
    args = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '"') quote = false;
      else if (c === '\\' && i + 1 < line.length && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else cur += c;
    } else if (c === '"') {
      quote = true;
      inArg = true;
    } else if (c === ';') endCmd();
    else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') endArg();
    else {
      cur += c;
      inArg = true;
    }
  }
  if (quote) throw new CommandLineError('unterminated quote');
  endCmd();
  for (const a of commands) {
    if (a.length > MAX_ARGS) throw new CommandLineError(`too many arguments to ${a[0]} (at most ${MAX_ARGS})`);
  }
  return commands;
}

export class CommandManager<Ctx = unknown> {
  private readonly commands = new Map<string, Command<Ctx>>();

  constructor(readonly context: Ctx) {}

  register(cmd: Command<Ctx>): void {
    if (this.commands.has(cmd.name)) throw new Error(`command ${cmd.name} is already registered`);
    this.commands.set(cmd.name, cmd);
  }

  unregister(name: string): boolean {
    return this.commands.delete(name);
  }

  lookup(name: string): Command<Ctx> | undefined {
    return this.commands.get(name);
  }

  /** Commands in name order. */
  list(): Command<Ctx>[] {
    return [...this.commands.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  printUsage(cmd: Command<Ctx>, io: CmdIo): void {
    io.write('Usage:\n');
    for (const u of cmd.usage) io.write(`   ${u}\n`);
  }

  /** Runs one already-split command; returns its status. */
  async execArgs(args: readonly string[], io: CmdIo): Promise<number> {
    const name = args[0];
    if (name === undefined) return CmdStatus.Ok;
    const cmd = this.commands.get(name);
    if (!cmd) {
      io.write(`Error: unknown command ${name}\n`);
      return CmdStatus.Unknown;
    }
    let status: number;
    try {
      status = await cmd.exec(args.slice(1), io, this.context);
    } catch (e) {
      if (e instanceof CmdUsageError) {
        io.write(`Error: ${e.message}\n`);
        this.printUsage(cmd, io);
        status = CmdStatus.Invalid;
      } else if (e instanceof CmdError) {
        io.write(`Error: ${e.message}\n`);
        status = e.status;
      } else {
        io.write(`Error: command ${name} crashed: ${(e as Error)?.message ?? String(e)}\n`);
        status = CmdStatus.Fail;
      }
    }
    if (status !== CmdStatus.Ok) io.write(`Error: command ${name} failed (code ${status})\n`);
    return status;
  }

  /** Runs every command of a line in order, stopping at the first failure. */
  async execLine(line: string, io: CmdIo): Promise<number> {
    let commands: string[][];
    try {
      commands = parseCommandLine(line);
    } catch (e) {
      io.write(`Error: ${(e as Error).message}\n`);
      return CmdStatus.Invalid;
    }
    for (const args of commands) {
      const status = await this.execArgs(args, io);
      if (status !== CmdStatus.Ok) return status;
    }
    return CmdStatus.Ok;
  }

  /** Completion candidates for a partial line (commands, then sub-commands, then context names). */
  complete(line: string, names: (cmd: string, sub: string | undefined) => readonly string[] = () => []): string[] {
    const lastCmd = line.slice(line.lastIndexOf(';') + 1).replace(/^\s+/, '');
    const parts = lastCmd.split(/\s+/);
    const word = parts[parts.length - 1] ?? '';
    let pool: readonly string[];
    if (parts.length <= 1) pool = this.list().map((c) => c.name);
    else {
      const cmd = this.commands.get(parts[0]!);
      if (!cmd) return [];
      if (parts.length === 2 && cmd.subcommands) pool = cmd.subcommands;
      else pool = names(parts[0]!, parts.length > 2 ? parts[1] : undefined);
    }
    return pool.filter((p) => p.startsWith(word)).sort();
  }
}
