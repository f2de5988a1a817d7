import { describe, expect, it } from 'vitest';
import { CmdError, CmdStatus, CmdUsageError, type Command } from './command.ts';
import { CommandManager, MAX_ARGS, parseCommandLine } from './manager.ts';

function io() {
  let out = '';
  return { write: (s: string) => void (out += s), color: false, get out() { return out; } };
}

function cmd(name: string, exec: Command['exec']): Command {
  return { name, desc: `${name} things`, usage: [`${name} <x>`], configSymbol: `CONFIG_CMD_${name.toUpperCase()}`, exec };
}

describe('parseCommandLine', () => {
  it('splits commands on ; and arguments on blanks', () => {
    expect(parseCommandLine('guest list; vcpu  list\t ;; echo a')).toEqual([['guest', 'list'], ['vcpu', 'list'], ['echo', 'a']]);
  });
  it('keeps quoted arguments whole, with escapes', () => {
    expect(parseCommandLine('echo "a b;c" "q\\"x" ""')).toEqual([['echo', 'a b;c', 'q"x', '']]);
  });
  it('refuses an unterminated quote', () => {
    expect(() => parseCommandLine('echo "abc')).toThrow('unterminated quote');
  });
  it('refuses more than 32 arguments', () => {
    const line = ['echo', ...Array.from({ length: MAX_ARGS }, (_, i) => `${i}`)].join(' ');
    expect(() => parseCommandLine(line)).toThrow('too many arguments to echo');
  });
});

describe('CommandManager', () => {
  it('runs commands in order and stops at the first failure', async () => {
    const m = new CommandManager(null);
    const ran: string[] = [];
    m.register(cmd('ok', (a) => (ran.push(`ok ${a.join(' ')}`), 0)));
    m.register(cmd('bad', () => (ran.push('bad'), CmdStatus.Fail)));
    const o = io();
    expect(await m.execLine('ok 1; bad; ok 2', o)).toBe(CmdStatus.Fail);
    expect(ran).toEqual(['ok 1', 'bad']);
    expect(o.out).toBe('Error: command bad failed (code -1)\n');
  });
  it('names an unknown command', async () => {
    const o = io();
    expect(await new CommandManager(null).execLine('frobnicate now', o)).toBe(CmdStatus.Unknown);
    expect(o.out).toBe('Error: unknown command frobnicate\n');
  });
  it('prints the usage after a usage error', async () => {
    const m = new CommandManager(null);
    m.register(cmd('u', () => { throw new CmdUsageError('missing guest name'); }));
    const o = io();
    expect(await m.execLine('u', o)).toBe(CmdStatus.Invalid);
    expect(o.out).toBe('Error: missing guest name\nUsage:\n   u <x>\nError: command u failed (code -5)\n');
  });
  it('confines a crashing command to its own failure', async () => {
    const m = new CommandManager(null);
    m.register(cmd('boom', () => { throw new TypeError('x is undefined'); }));
    m.register(cmd('e', () => { throw new CmdError('guest nope not found', CmdStatus.NoDev); }));
    const o = io();
    expect(await m.execLine('boom', o)).toBe(CmdStatus.Fail);
    expect(o.out).toContain('Error: command boom crashed: x is undefined');
    expect(await m.execLine('e', o)).toBe(CmdStatus.NoDev);
    expect(o.out).toContain('Error: guest nope not found\n');
  });
  it('refuses a duplicate registration', () => {
    const m = new CommandManager(null);
    m.register(cmd('a', () => 0));
    expect(() => m.register(cmd('a', () => 0))).toThrow('already registered');
  });
  it('completes commands, sub-commands and names', () => {
    const m = new CommandManager(null);
    m.register({ ...cmd('guest', () => 0), subcommands: ['list', 'kick', 'create'] });
    m.register(cmd('help', () => 0));
    expect(m.complete('g')).toEqual(['guest']);
    expect(m.complete('guest k')).toEqual(['kick']);
    expect(m.complete('echo; guest ')).toEqual(['create', 'kick', 'list']);
    expect(m.complete('guest kick g', (c, s) => (c === 'guest' && s === 'kick' ? ['guest0', 'guest1', 'x'] : []))).toEqual(['guest0', 'guest1']);
  });
});
