import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { vsdaemonCommand } from '../cmd/vsdaemon.ts';
import { addGuest, makeHarness } from '../cmd/testing/cmd-harness.ts';
import { telnetTransport } from './telnet-vsdaemon.ts';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

async function daemon() {
  const h = makeHarness([vsdaemonCommand], {}, { vsdaemonTransports: [telnetTransport] });
  addGuest(h, 'guest0');
  const r = await h.run('vsdaemon create telnet tel0 guest0/uart0 0');
  expect(r.status).toBe(0);
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(r.out)![1]);
  return { h, port };
}

describe('vsdaemon telnet transport', () => {
  it('serves a guest console to a socket client, both ways, and stops on destroy', async () => {
    const { h, port } = await daemon();
    expect((await h.run('vsdaemon list')).out).toMatch(new RegExp(` tel0\\s+telnet\\s+guest0/uart0\\s+telnet 127\\.0\\.0\\.1:${port}`));
    const s = connect(port, '127.0.0.1');
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString('latin1')));
    await new Promise((r) => s.once('connect', r));
    for (let i = 0; i < 250 && !(await h.run('vsdaemon list')).out.includes(', 1 client'); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await h.run('vsdaemon list')).out).toContain(`telnet 127.0.0.1:${port}, 1 client`);
    h.hv.guest('guest0')!.kick();
    h.hv.runFor(1_000_000);
    for (let i = 0; i < 100 && !text.includes('hello from vcpu0'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(text).toContain('hello from vcpu0\n');
    const vs = h.hv.vserials.get('guest0/uart0')!;
    const before = vs.bytesIn + vs.backlog;
    s.write('k\r\0');
    for (let i = 0; i < 100 && vs.bytesIn + vs.backlog < before + 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(vs.bytesIn + vs.backlog).toBe(before + 2);
    s.destroy();
    expect((await h.run('vsdaemon destroy tel0')).status).toBe(0);
    await expect(new Promise((res, rej) => connect(port, '127.0.0.1').once('connect', res).once('error', rej))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses a bad or busy port with one line', async () => {
    const { h, port } = await daemon();
    expect((await h.run('vsdaemon create telnet t1 guest0/uart0 70000')).out).toContain('port 70000 is not in 0..65535');
    expect((await h.run('vsdaemon create telnet t1 guest0/uart0')).out).toContain('missing port');
    // The order, vserial before the daemon name, means the same.
    const swapped = await h.run('vsdaemon create telnet guest0/uart0 t2 0');
    expect(swapped.out).toMatch(/^t2: serving guest0\/uart0 on telnet 127\.0\.0\.1:\d+/);
    expect((await h.run('vsdaemon destroy t2')).status).toBe(0);
    const busy = await h.run(`vsdaemon create telnet t1 guest0/uart0 ${port}`);
    expect(busy.out).toContain(`Error: telnet: cannot listen on 127.0.0.1:${port}: port in use`);
    expect((await h.run('vsdaemon list')).out).not.toContain('t1');
    await h.run('vsdaemon destroy tel0');
  });

  it.each(['nc', 'telnet'].filter(has))('a guest console reaches %s', async (tool) => {
    const { h, port } = await daemon();
    const p = spawn(tool, ['127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    try {
      for (let i = 0; i < 250 && !(await h.run('vsdaemon list')).out.includes(', 1 client'); i++) await new Promise((r) => setTimeout(r, 20));
      h.hv.guest('guest0')!.kick();
      h.hv.runFor(1_000_000);
      for (let i = 0; i < 250 && !out.includes('hello from vcpu0'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(out).toContain('hello from vcpu0');
    } finally {
      p.kill('SIGKILL');
      await h.run('vsdaemon destroy tel0');
    }
  });
});
