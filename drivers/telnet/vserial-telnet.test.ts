import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Vserial } from '../../core/vserial/vserial.ts';
import { DO, IAC, OPT_ECHO, OPT_SGA, WILL } from './telnet-protocol.ts';
import { VserialTelnet } from './vserial-telnet.ts';

/** A socket client that gathers what it receives. */
function client(port: number): Promise<{ s: Socket; got: () => Buffer; until: (pred: (b: Buffer) => boolean) => Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const waiters: (() => void)[] = [];
    const s = connect(port, '127.0.0.1', () => resolve({ s, got, until }));
    const got = () => Buffer.concat(chunks);
    const until = (pred: (b: Buffer) => boolean) =>
      new Promise<Buffer>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`timed out; got ${JSON.stringify(got().toString('latin1'))}`)), 5000);
        const check = () => {
          if (pred(got())) {
            clearTimeout(t);
            res(got());
          } else waiters.push(check);
        };
        check();
      });
    s.on('data', (d) => {
      chunks.push(d);
      waiters.splice(0).forEach((w) => w());
    });
    s.on('error', reject);
  });
}

/** A vserial whose guest side records what it receives. */
function port(): { vs: Vserial; rx: number[] } {
  const vs = new Vserial('guest0/uart0');
  const rx: number[] = [];
  vs.setReceiver((b) => (rx.push(b), true));
  return { vs, rx };
}

/** Polls until pred holds (bounded: 5 s), for effects that cross the socket. */
async function waitFor(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('vserial over telnet', () => {
  it('negotiates, carries bytes both ways and escapes 0xFF', async () => {
    const { vs, rx } = port();
    const t = await VserialTelnet.start(vs, 0);
    try {
      const c = await client(t.port);
      await c.until((b) => b.length >= 9);
      expect([...c.got().subarray(0, 9)]).toEqual([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_SGA]);
      c.s.write(Buffer.from([IAC, DO, OPT_ECHO, 0x6c, 0x73, 13, 0, IAC, IAC]));
      await waitFor(() => rx.length >= 4);
      expect(rx).toEqual([0x6c, 0x73, 13, 0xff]);
      for (const b of [0x68, 0x69, 0xff, 10]) vs.send(b);
      const got = await c.until((b) => b.length >= 14);
      expect([...got.subarray(9)]).toEqual([0x68, 0x69, IAC, IAC, 10]);
      c.s.destroy();
    } finally {
      await t.stop();
    }
  });

  it('serves several clients; one leaving mid-output changes nothing for the guest or the others', async () => {
    const { vs, rx } = port();
    const t = await VserialTelnet.start(vs, 0);
    try {
      const a = await client(t.port);
      const b = await client(t.port);
      await a.until((x) => x.length >= 9);
      await b.until((x) => x.length >= 9);
      expect(t.clientCount).toBe(2);
      for (let i = 0; i < 20000; i++) vs.send(0x41 + (i % 26));
      a.s.destroy();
      for (let i = 0; i < 100; i++) vs.send(0x2e);
      await b.until((x) => x.length >= 9 + 20100);
      b.s.write('x');
      await waitFor(() => rx.length >= 1 && t.clientCount === 1);
      expect(rx).toEqual([0x78]);
      expect(t.clientCount).toBe(1);
      expect(vs.bytesOut).toBe(20100);
      b.s.destroy();
    } finally {
      await t.stop();
    }
  });

  it('refuses a port in use with a clear message', async () => {
    const { vs } = port();
    const t = await VserialTelnet.start(vs, 0);
    try {
      await expect(VserialTelnet.start(new Vserial('g/u'), t.port)).rejects.toThrow(`cannot listen on 127.0.0.1:${t.port}: port in use`);
    } finally {
      await t.stop();
    }
  });
});
