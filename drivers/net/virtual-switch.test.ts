import { describe, it, expect } from 'vitest';
import * as dgram from 'node:dgram';
import { VirtualSwitch } from './virtual-switch.ts';
import { UdpLoopback } from './udp-loopback.ts';
import { FakeContext, probeWith } from '../../emulators/testing/fake-context.ts';
import { VirtioTestDriver } from '../../emulators/testing/virtio-driver.ts';
import { virtioEmulator } from '../../emulators/virtio/device.ts';

function frame(dst: number[], src: number[], payload = 46): Uint8Array {
  const f = new Uint8Array(14 + payload);
  f.set(dst, 0);
  f.set(src, 6);
  f[12] = 0x08;
  return f;
}
const A = [0x52, 0x54, 0, 0, 0, 0xa];
const B = [0x52, 0x54, 0, 0, 0, 0xb];
const BCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

describe('VirtualSwitch', () => {
  it('floods unknown and broadcast frames, then forwards learned unicast to one port', () => {
    const sw = new VirtualSwitch('br0');
    const got: Record<string, number> = { a: 0, b: 0, c: 0 };
    const ports = Object.fromEntries(['a', 'b', 'c'].map((n) => {
      const p = sw.connect(n);
      p.setReceiver(() => got[n]!++);
      return [n, p];
    }));
    ports.a!.send(frame(BCAST, A));
    expect(got).toEqual({ a: 0, b: 1, c: 1 });
    ports.b!.send(frame(A, B)); // A is known: only port a
    expect(got).toEqual({ a: 1, b: 1, c: 1 });
    ports.a!.send(frame(B, A));
    expect(got).toEqual({ a: 1, b: 2, c: 1 });
    ports.a!.send(new Uint8Array(5));
    expect(sw.dropped).toBe(1);
    ports.b!.close();
    ports.a!.send(frame(B, A)); // B forgotten: flooded to c
    expect(got.c).toBe(2);
    expect(() => sw.connect('a')).toThrow(/port a already connected/);
  });

  it('connects two guests NICs (virtio-net) through the switch', () => {
    const sw = new VirtualSwitch('br0');
    const mk = (guest: string, mac: string) => {
      const ctx = new FakeContext({ guestName: guest, nodeName: 'net0', interrupts: [48], attrs: { virtio_type: 1, switch: 'br0', mac }, services: { 'net-switch/br0': sw } });
      const dev = probeWith(virtioEmulator, 'virtio,mmio', ctx);
      const drv = new VirtioTestDriver(dev, ctx.dma);
      drv.init();
      drv.setupQueue(0, 8);
      drv.setupQueue(1, 8);
      drv.driverOk();
      return { ctx, drv };
    };
    const g0 = mk('guest0', '52:54:00:00:00:0a');
    const g1 = mk('guest1', '52:54:00:00:00:0b');
    expect(sw.portNames()).toEqual(['guest0/net0', 'guest1/net0']);
    const rx = g1.drv.submit(0, [{ writeLen: 1526 }]);
    const f = frame(B, A, 50);
    f[20] = 0x42;
    const pkt = new Uint8Array(12 + f.length);
    pkt.set(f, 12);
    g0.drv.submit(1, [{ data: pkt }]);
    expect(g1.drv.used(0)).toEqual([{ id: rx.head, len: 12 + f.length }]);
    expect(g1.drv.mem(rx.addrs[0]! + 12, f.length)).toEqual(f);
    expect(g1.ctx.level(48)).toBe(1);
  });

  it('bridges the host port to UDP on 127.0.0.1 only', async () => {
    const sw = new VirtualSwitch('br0');
    const guest = sw.connect('guest0/net0');
    const seen: Uint8Array[] = [];
    guest.setReceiver((f) => seen.push(f));
    const peer = dgram.createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    const bridge = await UdpLoopback.open(sw.hostPort(), 0, peer.address().port);
    const fromPeer = new Promise<Buffer>((r) => peer.once('message', (m) => r(m)));
    guest.send(frame(BCAST, A));
    expect((await fromPeer).length).toBe(60);
    const arrived = new Promise<void>((r) => {
      const t = setInterval(() => {
        if (seen.length) {
          clearInterval(t);
          r();
        }
      }, 5);
    });
    peer.send(Buffer.from(frame(A, B)), bridge.localPort, '127.0.0.1');
    await arrived;
    expect(seen[0]!.subarray(6, 12)).toEqual(new Uint8Array(B));
    bridge.close();
    peer.close();
  });
});
