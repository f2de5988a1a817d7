import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { VirtioTestDriver } from '../testing/virtio-driver.ts';
import { virtioEmulator } from './device.ts';
import { virtioMmioEmulator } from './mmio.ts';
import { Reg, STATUS_DEVICE_NEEDS_RESET, STATUS_FEATURES_OK, VIRTQ_DESC_F_NEXT } from './regs.ts';
import { RPMSG_BACKLOG, RPMSG_ECHO_ADDR, RPMSG_HDR_BYTES, RPMSG_NS_ADDR, VIRTIO_RPMSG_F_NS, VirtioRpmsg } from './rpmsg.ts';

const ATTRS = { virtio_type: 7, node_ns_name: 'rpmsg_chrdev' };

function make(attrs: Record<string, number | string> = ATTRS) {
  const ctx = new FakeContext({ nodeName: 'vrpmsg0', size: 0x200, interrupts: [51], attrs });
  let rp!: VirtioRpmsg;
  const emu = virtioMmioEmulator({ 7: (c) => (rp = new VirtioRpmsg(c)) });
  const dev = probeWith(emu, 'virtio,mmio', ctx);
  const drv = new VirtioTestDriver(dev, ctx.dma);
  return { ctx, dev, drv, rp };
}

/** Brings the device up the way Linux's rpmsg bus does: rx buffers posted before DRIVER_OK. */
function ready(attrs: Record<string, number | string> = ATTRS, rxBufs = 4, acceptLo = 0xffffffff) {
  const m = make(attrs);
  expect(m.drv.init(acceptLo) & STATUS_FEATURES_OK).toBe(STATUS_FEATURES_OK);
  m.drv.setupQueue(0, 16);
  m.drv.setupQueue(1, 16);
  const rx = Array.from({ length: rxBufs }, () => m.drv.submit(0, [{ writeLen: 512 }], false));
  m.drv.driverOk();
  return { ...m, rx };
}

function msg(src: number, dst: number, payload: Uint8Array, len = payload.length): Uint8Array {
  const m = new Uint8Array(RPMSG_HDR_BYTES + payload.length);
  const v = new DataView(m.buffer);
  v.setUint32(0, src, true);
  v.setUint32(4, dst, true);
  v.setUint16(12, len, true);
  m.set(payload, RPMSG_HDR_BYTES);
  return m;
}

function parse(b: Uint8Array) {
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const len = v.getUint16(12, true);
  return { src: v.getUint32(0, true), dst: v.getUint32(4, true), reserved: v.getUint32(8, true), len, flags: v.getUint16(14, true), payload: b.slice(16, 16 + len) };
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('virtio-rpmsg', () => {
  it('is device 7 in the built-in table, offering VIRTIO_RPMSG_F_NS, with rx and tx queues', () => {
    const ctx = new FakeContext({ nodeName: 'vrpmsg0', size: 0x200, interrupts: [51], attrs: ATTRS });
    const dev = probeWith(virtioEmulator, 'virtio,mmio', ctx);
    expect(dev.read(Reg.DeviceID, 4)).toBe(7);
    dev.write(Reg.DeviceFeaturesSel, 4, 0);
    expect(dev.read(Reg.DeviceFeatures, 4)).toBe(VIRTIO_RPMSG_F_NS);
    const drv = new VirtioTestDriver(dev, ctx.dma);
    expect(drv.init() & STATUS_FEATURES_OK).toBe(STATUS_FEATURES_OK);
    dev.write(Reg.DriverFeaturesSel, 4, 0);
    expect(dev.read(Reg.DriverFeatures, 4)).toBe(0); // write-only: logged, reads 0
    // Accepting a bit that was not offered is refused (3.1.1).
    dev.write(Reg.Status, 4, 0);
    dev.write(Reg.Status, 4, 3);
    dev.write(Reg.DriverFeaturesSel, 4, 0);
    dev.write(Reg.DriverFeatures, 4, 0b10);
    dev.write(Reg.DriverFeaturesSel, 4, 1);
    dev.write(Reg.DriverFeatures, 4, 1);
    dev.write(Reg.Status, 4, 3 | STATUS_FEATURES_OK);
    expect(dev.read(Reg.Status, 4) & STATUS_FEATURES_OK).toBe(0);
    for (const q of [0, 1]) {
      dev.write(Reg.QueueSel, 4, q);
      expect(dev.read(Reg.QueueNumMax, 4)).toBeGreaterThan(0);
    }
  });

  it('announces node_ns_name at 1024 to the name service on DRIVER_OK', () => {
    const { drv, rx, ctx } = ready();
    const used = drv.used(0);
    expect(used.length).toBe(1);
    expect(used[0]!.id).toBe(rx[0]!.head);
    expect(used[0]!.len).toBe(RPMSG_HDR_BYTES + 40);
    const m = parse(drv.mem(rx[0]!.addrs[0]!, 512));
    expect(m).toMatchObject({ src: RPMSG_ECHO_ADDR, dst: RPMSG_NS_ADDR, reserved: 0, len: 40, flags: 0 });
    const name = m.payload.subarray(0, 32);
    expect(new TextDecoder().decode(name.subarray(0, name.indexOf(0)))).toBe('rpmsg_chrdev');
    expect(name.subarray(12).every((b) => b === 0)).toBe(true);
    const v = new DataView(m.payload.buffer, m.payload.byteOffset);
    expect(v.getUint32(32, true)).toBe(1024);
    expect(v.getUint32(36, true)).toBe(0); // create
    expect(ctx.level(51)).toBe(1);
  });

  it('announces only with F_NS negotiated and a name; waits for an rx buffer', () => {
    expect(ready(ATTRS, 4, 0).drv.used(0).length).toBe(0);
    expect(ready({ virtio_type: 7 }).drv.used(0).length).toBe(0);
    const late = ready(ATTRS, 0);
    expect(late.rp.pending).toBe(1);
    const b = late.drv.submit(0, [{ writeLen: 64 }]);
    expect(late.drv.used(0)).toEqual([{ id: b.head, len: 56 }]);
    expect(parse(late.drv.mem(b.addrs[0]!, 56)).dst).toBe(RPMSG_NS_ADDR);
  });

  it('echoes a message to 1024 back to the sender', () => {
    const { drv, rx } = ready();
    drv.used(0);
    const t = drv.submit(1, [{ data: msg(0x400 + 1, RPMSG_ECHO_ADDR, enc('hello, remote')) }]);
    expect(drv.used(1)).toEqual([{ id: t.head, len: 0 }]);
    const used = drv.used(0);
    expect(used).toEqual([{ id: rx[1]!.head, len: RPMSG_HDR_BYTES + 13 }]);
    const m = parse(drv.mem(rx[1]!.addrs[0]!, 512));
    expect(m).toMatchObject({ src: 1024, dst: 0x401, len: 13, flags: 0 });
    expect(new TextDecoder().decode(m.payload)).toBe('hello, remote');
  });

  it('drops and counts messages to unknown addresses', () => {
    const { drv, rp } = ready();
    drv.used(0);
    const t = drv.submit(1, [{ data: msg(1025, 77, enc('x')) }]);
    drv.submit(1, [{ data: msg(1025, RPMSG_NS_ADDR, enc('y')) }]);
    expect(drv.used(1).map((u) => u.id)).toContain(t.head);
    expect(drv.used(0)).toEqual([]);
    expect(rp.droppedUnknownDst).toBe(2);
  });

  it('refuses an rx buffer too small for the message: dropped, counted, nothing written', () => {
    const m = make();
    m.drv.init();
    m.drv.setupQueue(0, 16);
    m.drv.setupQueue(1, 16);
    const small = m.drv.submit(0, [{ writeLen: 20 }], false);
    const guard = m.drv.alloc(16);
    m.ctx.dma.ram.fill(0xaa, guard - m.ctx.dma.base, guard - m.ctx.dma.base + 16);
    m.drv.driverOk();
    expect(m.drv.used(0)).toEqual([{ id: small.head, len: 0 }]);
    expect(m.rp.droppedTooBig).toBe(1);
    expect(m.drv.mem(small.addrs[0]!, 20).every((b) => b === 0)).toBe(true);
    expect(m.drv.mem(guard, 16).every((b) => b === 0xaa)).toBe(true);
    expect(m.ctx.log.guestErrors().some((e) => e.includes('vrpmsg0') && e.includes('too small'))).toBe(true);
    // The next message still goes into the next big-enough buffer.
    const big = m.drv.submit(0, [{ writeLen: 512 }]);
    m.drv.submit(1, [{ data: msg(5, RPMSG_ECHO_ADDR, enc('ok')) }]);
    expect(m.drv.used(0)).toEqual([{ id: big.head, len: 18 }]);
  });

  it('malformed tx messages are logged and dropped', () => {
    const { drv, rp, ctx } = ready();
    drv.used(0);
    drv.submit(1, [{ data: new Uint8Array(10) }]);
    drv.submit(1, [{ data: msg(5, RPMSG_ECHO_ADDR, enc('abc'), 200) }]);
    expect(drv.used(1).length).toBe(2);
    expect(drv.used(0)).toEqual([]);
    expect(rp.malformed).toBe(2);
    const errs = ctx.log.guestErrors();
    expect(errs.some((e) => e.includes('shorter than'))).toBe(true);
    expect(errs.some((e) => e.includes('claims 200 payload bytes'))).toBe(true);
  });

  it('the backlog drops the oldest message when full', () => {
    const { drv, rp } = ready(ATTRS, 0);
    for (let i = 0; i < RPMSG_BACKLOG + 2; i++) drv.submit(1, [{ data: msg(100 + i, RPMSG_ECHO_ADDR, enc('z')) }]);
    expect(rp.pending).toBe(RPMSG_BACKLOG);
    expect(rp.droppedBacklog).toBe(3); // the announcement and the first two echoes
    const b = drv.submit(0, [{ writeLen: 64 }]);
    drv.used(0);
    expect(parse(drv.mem(b.addrs[0]!, 64)).dst).toBe(102);
  });

  it('rejects a node_ns_name that does not fit name[32], naming the node', () => {
    expect(() => make({ virtio_type: 7, node_ns_name: 'x'.repeat(32) })).toThrow(/vrpmsg0: node_ns_name/);
    expect(() => make({ virtio_type: 7, node_ns_name: '' })).toThrow(/vrpmsg0: node_ns_name/);
    expect(() => make({ virtio_type: 7, node_ns_name: 'x'.repeat(31) })).not.toThrow();
  });

  it('save/restore keeps the counters and the waiting messages', () => {
    const { drv, dev, rp } = ready(ATTRS, 0);
    drv.submit(1, [{ data: msg(9, 7, enc('q')) }]);
    drv.submit(1, [{ data: msg(9, RPMSG_ECHO_ADDR, enc('keep')) }]);
    const st = JSON.parse(JSON.stringify(dev.save()));
    dev.reset();
    expect(rp.pending).toBe(0);
    dev.restore(st);
    expect(dev.save()).toEqual(st);
    expect(rp.droppedUnknownDst).toBe(1);
    expect(rp.pending).toBe(2);
    drv.submit(0, [{ writeLen: 512 }]);
    const b = drv.submit(0, [{ writeLen: 512 }]);
    expect(drv.used(0).length).toBe(2);
    expect(new TextDecoder().decode(parse(drv.mem(b.addrs[0]!, 512)).payload)).toBe('keep');
    expect(() => dev.restore({ ...st, device: { ...st.device, outbox: [[1, 2]] } })).toThrow(/virtio-rpmsg: state outbox message 0/);
    expect(() => dev.restore({ ...st, device: { ...st.device, malformed: -0.5 } })).toThrow(/virtio-rpmsg: state field malformed/);
    expect(() => dev.restore({ ...st, device: { ...st.device, version: 9 } })).toThrow(/virtio-rpmsg: state version/);
  });

  it('bad descriptors set DEVICE_NEEDS_RESET through the transport', () => {
    const { drv, dev, ctx } = ready();
    const buf = drv.alloc(16);
    drv.rawDesc(1, 0, buf, 16, VIRTQ_DESC_F_NEXT, 1);
    drv.rawDesc(1, 1, buf, 16, VIRTQ_DESC_F_NEXT, 0);
    drv.publish(1, 0);
    drv.kick(1);
    expect(dev.read(Reg.Status, 4) & STATUS_DEVICE_NEEDS_RESET).toBe(STATUS_DEVICE_NEEDS_RESET);
    expect(ctx.log.guestErrors().some((e) => e.includes('vrpmsg0') && e.includes('loops'))).toBe(true);
    // A stopped device sends nothing more, and a reset brings it back.
    drv.used(0);
    drv.submit(1, [{ data: msg(1, RPMSG_ECHO_ADDR, enc('a')) }]);
    expect(drv.used(1)).toEqual([]);
    expect(drv.used(0)).toEqual([]);
    dev.write(Reg.Status, 4, 0);
    expect(dev.read(Reg.Status, 4)).toBe(0);
  });
});
