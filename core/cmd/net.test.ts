import { describe, expect, it } from 'vitest';
import { netCommand } from './net.ts';
import { makeHarness } from './testing/cmd-harness.ts';
import type { NetSwitch } from '../devemu/host-services.ts';

describe('net command', () => {
  it('creates switches that ports join and frames cross, lists switches and ports', async () => {
    const h = makeHarness([netCommand]);
    expect((await h.run('net switch create br0')).out).toBe('br0: Created\n');
    const sw = h.hv.service<NetSwitch>('net-switch', 'br0')!;
    const a = sw.connect('guest0/eth0');
    const b = sw.connect('guest1/eth0');
    const got: number[] = [];
    b.setReceiver((f) => got.push(f.length));
    a.send(new Uint8Array(60).fill(0xff, 0, 6));
    expect(got).toEqual([60]);
    expect((await h.run('net switch list')).out).toMatch(/ br0\s+2\s+\d+\s+0/);
    const ports = (await h.run('net port list')).out;
    expect(ports).toMatch(/ br0\s+guest0\/eth0\n br0\s+guest1\/eth0/);
    expect((await h.run('net switch destroy br0')).out).toContain('switch br0 has ports connected: guest0/eth0, guest1/eth0');
    a.close();
    b.close();
    expect((await h.run('net switch destroy br0')).out).toBe('br0: Destroyed\n');
    expect(() => sw.connect('late')).toThrow('network switch br0 was destroyed');
    expect((await h.run('net switch create br0')).status).toBe(0);
    expect(sw.connect('again')).toBeDefined();
  });

  it('refuses bad input with one clear line', async () => {
    const h = makeHarness([netCommand]);
    await h.run('net switch create br0');
    const bad: [string, string][] = [
      ['net switch create br0', 'switch br0 exists already'],
      ['net switch create a/b', 'bad switch name "a/b"'],
      ['net switch create', 'missing switch name'],
      ['net switch destroy nosuch', 'Failed to find switch nosuch'],
      ['net switch frob', 'unknown switch sub-command frob'],
      ['net port show', 'unknown port sub-command show'],
      ['net port list x', 'too many arguments to list'],
      ['net bridge', 'unknown sub-command bridge'],
      ['net', 'missing sub-command'],
    ];
    for (const [line, msg] of bad) expect((await h.run(line)).out, line).toContain(msg);
    h.hv.registerService('net-switch', 'other', {});
    expect((await h.run('net switch create other')).out).toContain('registered by another driver');
    expect((await h.run('net switch list')).out.split('\n').length).toBe(6);
  });
});
