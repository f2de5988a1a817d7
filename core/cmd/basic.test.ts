import { describe, expect, it } from 'vitest';
import type { CmdContext } from './context.ts';
import { echoCommand } from './echo.ts';
import { helpCommand } from './help.ts';
import { CommandManager } from './manager.ts';
import { versionCommand } from './version.ts';

function setup() {
  const ctx = { build: { version: '0.3.2', date: 'Nov 21 2026 23:00:00' } } as { commands: CommandManager<CmdContext>; build: CmdContext['build'] };
  const m = new CommandManager<CmdContext>(ctx as CmdContext);
  ctx.commands = m;
  for (const c of [helpCommand, versionCommand, echoCommand]) m.register(c);
  let out = '';
  const io = { write: (s: string) => void (out += s), color: false };
  return { m, io, out: () => out };
}

describe('help, version, echo', () => {
  it('help lists name - description in name order', async () => {
    const { m, io, out } = setup();
    expect(await m.execLine('help', io)).toBe(0);
    expect(out().split('\n').filter(Boolean)).toEqual([
      'echo          - echo a message on the terminal',
      'help          - displays list of all commands',
      'version       - show version of hypervisor',
    ]);
  });
  it('help <cmd> prints the usage; an unknown one fails', async () => {
    const { m, io, out } = setup();
    expect(await m.execLine('help echo', io)).toBe(0);
    expect(out()).toBe('echo - echo a message on the terminal\nUsage:\n   echo <message>\n');
    expect(await m.execLine('help nope', io)).toBeLessThan(0);
    expect(out()).toContain('Error: unknown command nope\n');
  });
  it('version prints Xvisor v<version> (<date>) and takes no arguments', async () => {
    const { m, io, out } = setup();
    expect(await m.execLine('version', io)).toBe(0);
    expect(out()).toBe('Xvisor v0.3.2 (Nov 21 2026 23:00:00)\n');
    expect(await m.execLine('version x', io)).toBeLessThan(0);
  });
  it('echo joins its arguments', async () => {
    const { m, io, out } = setup();
    await m.execLine('echo  hello   "big world"', io);
    expect(out()).toBe('hello big world\n');
  });
});
