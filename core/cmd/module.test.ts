import { describe, expect, it } from 'vitest';
import type { Command } from './command.ts';
import type { CmdContext, ModuleLoader } from './context.ts';
import { moduleCommand } from './module.ts';
import { echoCommand } from './echo.ts';
import { makeHarness } from './testing/cmd-harness.ts';
import { fakeUartEmulator } from '../testing/fake-devices.ts';

const hello: Command<CmdContext> = {
  name: 'hello',
  desc: 'says hello',
  usage: ['hello'],
  configSymbol: 'CONFIG_CMD_HELLO',
  exec: (_a, io) => (io.write('hello\n'), 0),
};

function loader(): ModuleLoader & { loads: string[] } {
  const mods: Record<string, { kind: string; items: unknown[] }> = {
    cmd_hello: { kind: 'command', items: [hello] },
    cmd_echo: { kind: 'command', items: [echoCommand] },
    emu_uart: { kind: 'emulator', items: [{ ...fakeUartEmulator, compatible: [{ compatible: 'fake,uart2' }] }] },
    cmd_bad: { kind: 'command', items: [{ name: 'bad' }] },
    cmd_missing: { kind: 'command', items: [] },
  };
  const loads: string[] = [];
  return {
    loads,
    list: () => Object.entries(mods).map(([name, m]) => ({ name, kind: m.kind, symbol: `CONFIG_${name.toUpperCase()}` })),
    load: async (name) => {
      loads.push(name);
      if (name === 'cmd_missing') throw new Error('not built');
      return { name, ...mods[name]! };
    },
  };
}

describe('module command', () => {
  it('lists, loads a command module, runs its command and unloads it', async () => {
    const l = loader();
    const h = makeHarness([moduleCommand], {}, { modules: l });
    expect((await h.run('module list')).out).toMatch(/ 0\s+cmd_hello\s+command\s+CONFIG_CMD_HELLO\s+-/);
    expect((await h.run('module load cmd_hello')).out).toBe('cmd_hello: Loaded\n');
    expect((await h.run('hello')).out).toBe('hello\n');
    expect((await h.run('module info cmd_hello')).out).toMatch(/State\s+: loaded\nProvides : hello\n/);
    expect((await h.run('module load cmd_hello')).out).toContain('already loaded');
    expect((await h.run('module unload cmd_hello')).out).toBe('cmd_hello: Unloaded\n');
    expect((await h.run('hello')).out).toContain('unknown command hello');
    expect((await h.run('module unload cmd_hello')).out).toContain('is not loaded');
  });

  it('registers emulator modules with the hypervisor and keeps them', async () => {
    const h = makeHarness([moduleCommand], {}, { modules: loader() });
    expect((await h.run('module load emu_uart')).status).toBe(0);
    expect(h.hv.emulators.find('fake,uart2')).toBeDefined();
    expect((await h.run('module unload emu_uart')).out).toContain('emulator modules stay loaded');
  });

  it('refuses unknown, clashing, malformed and unbuildable modules', async () => {
    const h = makeHarness([moduleCommand, echoCommand], {}, { modules: loader() });
    expect((await h.run('module load nosuch')).out).toContain('Failed to find module nosuch');
    expect((await h.run('module load cmd_echo')).out).toContain('command echo is already registered');
    expect((await h.run('module load cmd_bad')).out).toContain('not ones this hypervisor can register');
    expect((await h.run('module load cmd_missing')).out).toContain('Error: module cmd_missing: not built');
    expect((await h.run('module load')).out).toMatch(/missing module name\nUsage:/);
    expect((await h.run('module list')).out).not.toContain('loaded');
    const bare = makeHarness([moduleCommand]);
    expect((await bare.run('module list')).out).toContain('this front end cannot load modules');
  });
});
