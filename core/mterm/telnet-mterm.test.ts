import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { echoCommand } from '../cmd/echo.ts';
import { helpCommand } from '../cmd/help.ts';
import { vserialCommand } from '../cmd/vserial.ts';
import { GUEST_DTS } from '../cmd/testing/cmd-harness.ts';
import { compileDtsText } from '../devtree/compile.ts';
import { mapReader } from '../devtree/file-reader.ts';
import { loadGuest } from '../devtree/guest-parse.ts';
import { fakeCpuModel } from '../testing/fake-cpu.ts';
import { fakePicEmulator, fakeUartEmulator } from '../testing/fake-devices.ts';
import type { TelnetServer } from '../../drivers/telnet/telnet-server.ts';
import { CliError, parseCli } from './options.ts';
import { Session } from './session.ts';
import { MAX_LINE, TELNET_PROMPT, serveMtermTelnet, startMtermTelnet } from './telnet-mterm.ts';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function session(config: Record<string, boolean | number | string> = {}): Session {
  const s = new Session({
    config,
    srcTree: SRC,
    version: '0.0.1',
    buildDate: 'Nov 22 2026 00:00:00',
    registry: {
      emulators: [fakePicEmulator, fakeUartEmulator],
      commands: [echoCommand, helpCommand, vserialCommand],
      cpuModels: [fakeCpuModel(() => [{ op: 'print', addr: 0x09000000, text: 'guest says hi\n' }, { op: 'wfi' }, { op: 'jump', to: 1 }])],
      drivers: [],
      loadableModules: [],
      emulatorSymbols: {},
    },
  });
  const desc = loadGuest(s.hostTree, compileDtsText(GUEST_DTS, 'guest.dts', mapReader({})), 'guest0', { vcpuCount: 1 });
  s.hv.createGuest(desc);
  return s;
}

/** A raw socket client; `until` waits (bounded) for its text to match. */
async function client(port: number) {
  let text = '';
  const waiters: (() => void)[] = [];
  const s = connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => (s.once('connect', () => r()), s.once('error', j)));
  s.on('data', (d: Buffer) => {
    text += d.toString('latin1');
    waiters.splice(0).forEach((w) => w());
  });
  const until = (re: RegExp) =>
    new Promise<string>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`timed out waiting for ${re}; got ${JSON.stringify(text)}`)), 5000);
      const check = () => (re.test(text) ? (clearTimeout(t), res(text)) : waiters.push(check));
      check();
    });
  return { s, until, text: () => text };
}

let servers: TelnetServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((x) => x.close()));
  servers = [];
});

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('management terminal over telnet', () => {
  it('gives each client a prompt, echoes, edits and runs commands through the command manager', async () => {
    const srv = await serveMtermTelnet(session(), 0);
    servers.push(srv);
    const c = await client(srv.port);
    await c.until(/XVisor# $/);
    expect(c.text().startsWith('\xff\xfb\x01\xff\xfb\x03\xff\xfd\x03')).toBe(true);
    c.s.write('echo helo\x7flo there\r\0');
    const out = await c.until(/hello there\r\n\S*XVisor# $/);
    expect(out).toContain('echo helo\b \blo there\r\n');
    c.s.write('bogus\r\n');
    await c.until(/Error: unknown command bogus\r\n.*XVisor# $/s);
    c.s.write(`${'y'.repeat(MAX_LINE + 10)}\x03echo ok\r\n`);
    const after = await c.until(/\^C\r\nXVisor# echo ok\r\nok\r\nXVisor# $/);
    expect(after.split('\x07').length - 1).toBe(10);
    c.s.destroy();
  });

  it('serves several clients at once, and one leaving does not disturb the others', async () => {
    const srv = await serveMtermTelnet(session(), 0);
    servers.push(srv);
    const a = await client(srv.port);
    const b = await client(srv.port);
    await a.until(/XVisor# $/);
    await b.until(/XVisor# $/);
    a.s.write('help\r\n');
    a.s.destroy();
    b.s.write('echo still here\r\n');
    await b.until(/still here\r\n/);
    for (let i = 0; i < 250 && srv.clients.size !== 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(srv.clients.size).toBe(1);
    b.s.destroy();
  });

  it('binds only this client to a guest console until ESC x q', async () => {
    const s = session();
    const srv = await serveMtermTelnet(s, 0);
    servers.push(srv);
    const c = await client(srv.port);
    await c.until(/XVisor# $/);
    c.s.write('vserial bind guest0/uart0\r\n');
    await c.until(/\[guest0\/uart0\]/);
    s.hv.guest('guest0')!.kick();
    s.hv.runFor(1_000_000);
    await c.until(/guest says hi\r\n/);
    c.s.write('\x1bxq');
    await c.until(/guest says hi\r\n\r\nXVisor# $/);
    c.s.write('vserial bind nosuch\r\n');
    await c.until(/Failed to find vserial nosuch/);
    c.s.destroy();
  });

  it('starts on the configured port or reports a port in use, and stays off when asked', async () => {
    const lines: string[] = [];
    const first = await startMtermTelnet(session({ MTERM_TELNET: true }), 0, (l) => lines.push(l));
    servers.push(first!);
    expect(lines[0]).toBe(`xvisor: management terminal on telnet 127.0.0.1:${first!.port}`);
    const second = await startMtermTelnet(session({ MTERM_TELNET: true, MTERM_TELNET_PORT: first!.port }), undefined, (l) => lines.push(l));
    expect(second).toBeUndefined();
    expect(lines[1]).toContain('port in use; no telnet management terminal');
    expect(await startMtermTelnet(session({ MTERM_TELNET: true }), null, (l) => lines.push(l))).toBeUndefined();
    expect(await startMtermTelnet(session({}), undefined, (l) => lines.push(l))).toBeUndefined();
    expect(lines.length).toBe(2);
  });

  it('parses --telnet-port', () => {
    expect(parseCli(['--telnet-port', '0']).telnetPort).toBe(0);
    expect(parseCli(['--telnet-port=2400']).telnetPort).toBe(2400);
    expect(parseCli(['--telnet-port', 'off']).telnetPort).toBeNull();
    expect(parseCli([]).telnetPort).toBeUndefined();
    expect(() => parseCli(['--telnet-port', '70000'])).toThrow(CliError);
    expect(() => parseCli(['--telnet-port', 'x'])).toThrow('--telnet-port: expected a port number 0..65535 or off, got "x"');
  });

  it.skipIf(!has('telnet'))('works with a real telnet client', async () => {
    const srv = await serveMtermTelnet(session(), 0);
    servers.push(srv);
    const out = await runTool('telnet', ['127.0.0.1', String(srv.port)], 'echo from-telnet\n', /\r\nfrom-telnet\r\n/);
    expect(out).toMatch(/Connected to 127\.0\.0\.1/);
    expect(out).toContain(TELNET_PROMPT);
  });

  it.skipIf(!has('nc'))('works with nc', async () => {
    const srv = await serveMtermTelnet(session(), 0);
    servers.push(srv);
    const out = await runTool('nc', ['127.0.0.1', String(srv.port)], 'echo from-nc\n', /\r\nfrom-nc\r\n/);
    expect(out).toContain(TELNET_PROMPT);
  });
});

/** Runs a client tool with `input` (sent once it has connected), until its output matches; bounded in time. */
function runTool(cmd: string, args: string[], input: string, done: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let sent = false;
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${cmd} timed out; output ${JSON.stringify(out)}`));
    }, 8000);
    const onData = (d: Buffer) => {
      out += d.toString('latin1');
      if (!sent && out.includes(TELNET_PROMPT)) {
        sent = true;
        p.stdin.write(input);
      }
      if (sent && done.test(out)) {
        clearTimeout(timer);
        p.kill('SIGKILL');
        resolve(out);
      }
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('error', (e) => (clearTimeout(timer), reject(e)));
  });
}
