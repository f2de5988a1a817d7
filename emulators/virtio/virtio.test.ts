import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { VirtioTestDriver } from '../testing/virtio-driver.ts';
import { virtioEmulator } from './device.ts';
import { Reg, MAGIC, STATUS_DEVICE_NEEDS_RESET, STATUS_FEATURES_OK, INT_CONFIG_CHANGE, INT_USED_BUFFER, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from './regs.ts';
import type { BlockBackend, NetPort, NetSwitch } from '../../core/devemu/host-services.ts';
import { BlkStatus, BlkType, VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_RO } from './blk.ts';

function make(attrs: Record<string, number | string>, services: Record<string, unknown> = {}) {
  const ctx = new FakeContext({ nodeName: 'virtio0', size: 0x200, interrupts: [48], attrs, services });
  const dev = probeWith(virtioEmulator, 'virtio,mmio', ctx);
  const drv = new VirtioTestDriver(dev, ctx.dma, attrs.virtio_version === 1);
  return { ctx, dev, drv };
}

class MemDisk implements BlockBackend {
  readonly name = 'mem';
  readonly serial = 'MEMDISK-0001';
  flushes = 0;
  pending: (() => void)[] = [];
  constructor(readonly data: Uint8Array, readonly readOnly = false, readonly deferFlush = false) {}
  get sizeBytes() {
    return this.data.length;
  }
  read(off: number, dst: Uint8Array, done: (ok: boolean) => void) {
    dst.set(this.data.subarray(off, off + dst.length));
    done(true);
  }
  write(off: number, src: Uint8Array, done: (ok: boolean) => void) {
    this.data.set(src, off);
    done(true);
  }
  flush(done: (ok: boolean) => void) {
    const fin = () => {
      this.flushes++;
      done(true);
    };
    if (this.deferFlush) this.pending.push(fin);
    else fin();
  }
}

function blkHeader(type: number, sector: number) {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, type, true);
  v.setUint32(8, sector, true);
  return h;
}

describe('virtio-mmio transport', () => {
  it('an empty slot reads magic, version 2, device id 0 (U-Boot and Linux probe 32 slots)', () => {
    const { dev, ctx } = make({});
    expect(dev.read(Reg.MagicValue, 4)).toBe(MAGIC);
    expect(dev.read(Reg.Version, 4)).toBe(2);
    expect(dev.read(Reg.DeviceID, 4)).toBe(0);
    expect(dev.read(Reg.VendorID, 4)).toBe(0x554d4551);
    expect(dev.read(Reg.DeviceFeatures, 4)).toBe(0);
    dev.write(Reg.Status, 4, 1);
    expect(ctx.log.guestErrors().length).toBe(1);
  });

  it('refuses FEATURES_OK without VIRTIO_F_VERSION_1 on a version 2 device', () => {
    const { drv } = make({ virtio_type: 4 });
    expect(drv.init(0xffffffff, 0) & STATUS_FEATURES_OK).toBe(0);
    expect(drv.init() & STATUS_FEATURES_OK).toBe(STATUS_FEATURES_OK);
  });

  it('rejects an unknown virtio_type and version with the node path', () => {
    expect(() => make({ virtio_type: 9 })).toThrow(/virtio0: virtio_type 9/);
    expect(() => make({ virtio_type: 4, virtio_version: 3 })).toThrow(/virtio_version 3/);
  });
});

describe('virtio-rng', () => {
  it('fills posted buffers from the seeded source and raises the interrupt', () => {
    const { ctx, drv, dev } = make({ virtio_type: 4 });
    drv.init();
    drv.setupQueue(0, 8);
    drv.driverOk();
    const { head, addrs } = drv.submit(0, [{ writeLen: 32 }]);
    expect(drv.used(0)).toEqual([{ id: head, len: 32 }]);
    expect(ctx.level(48)).toBe(1);
    expect(drv.ack()).toBe(INT_USED_BUFFER);
    expect(ctx.level(48)).toBe(0);
    const bytes = drv.mem(addrs[0]!, 32);
    const other = make({ virtio_type: 4 });
    other.drv.init();
    other.drv.setupQueue(0, 8);
    other.drv.driverOk();
    const o = other.drv.submit(0, [{ writeLen: 32 }]);
    expect(other.drv.mem(o.addrs[0]!, 32)).toEqual(bytes);
    expect(new Set(bytes).size).toBeGreaterThan(8);
    expect(dev.read(Reg.Status, 4) & STATUS_DEVICE_NEEDS_RESET).toBe(0);
  });

  it('works over the legacy (version 1) interface with QueuePFN', () => {
    const { drv, dev } = make({ virtio_type: 4, virtio_version: 1 });
    expect(dev.read(Reg.Version, 4)).toBe(1);
    drv.init();
    drv.setupQueue(0, 16);
    drv.driverOk();
    drv.submit(0, [{ writeLen: 8 }]);
    expect(drv.used(0).length).toBe(1);
  });

  it('save/restore keeps the queues going', () => {
    const { drv, dev } = make({ virtio_type: 4 });
    drv.init();
    drv.setupQueue(0, 8);
    drv.driverOk();
    drv.submit(0, [{ writeLen: 4 }]);
    const st = JSON.parse(JSON.stringify(dev.save()));
    dev.reset();
    expect(dev.read(Reg.Status, 4)).toBe(0);
    dev.restore(st);
    expect(dev.save()).toEqual(st);
    drv.submit(0, [{ writeLen: 4 }]);
    expect(drv.used(0).length).toBe(2);
    expect(() => dev.restore({ ...st, queues: [] })).toThrow(/queues/);
  });
});

describe('virtqueue bad programming sets DEVICE_NEEDS_RESET', () => {
  function ready() {
    const m = make({ virtio_type: 4 });
    m.drv.init();
    m.drv.setupQueue(0, 8);
    m.drv.driverOk();
    return m;
  }

  it('a descriptor loop', () => {
    const { drv, dev, ctx } = ready();
    const buf = drv.alloc(16);
    drv.rawDesc(0, 0, buf, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    drv.rawDesc(0, 1, buf, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0);
    drv.publish(0, 0);
    drv.kick(0);
    expect(dev.read(Reg.Status, 4) & STATUS_DEVICE_NEEDS_RESET).toBe(STATUS_DEVICE_NEEDS_RESET);
    expect(dev.read(Reg.InterruptStatus, 4)).toBe(INT_CONFIG_CHANGE);
    expect(ctx.level(48)).toBe(1);
    expect(ctx.log.guestErrors()[0]).toMatch(/loops/);
    expect(drv.used(0)).toEqual([]);
    // Later kicks do nothing until the driver resets the device.
    drv.submit(0, [{ writeLen: 4 }]);
    expect(drv.used(0)).toEqual([]);
    dev.write(Reg.Status, 4, 0);
    expect(dev.read(Reg.Status, 4)).toBe(0);
  });

  it('a buffer outside guest RAM is never touched', () => {
    const { drv, dev, ctx } = ready();
    drv.rawDesc(0, 0, 0x7fff0000, 64, VIRTQ_DESC_F_WRITE, 0);
    drv.publish(0, 0);
    const snapshot = ctx.dma.ram.slice();
    drv.kick(0);
    expect(dev.read(Reg.Status, 4) & STATUS_DEVICE_NEEDS_RESET).toBe(STATUS_DEVICE_NEEDS_RESET);
    expect(Buffer.compare(ctx.dma.ram, snapshot)).toBe(0);
  });

  it('a buffer straddling the end of RAM, an oversize chain, a bad head, a next outside the table', () => {
    const cases: [string, (d: VirtioTestDriver, end: number) => void][] = [
      ['outside guest RAM', (d, end) => d.rawDesc(0, 0, end - 8, 64, VIRTQ_DESC_F_WRITE, 0)],
      ['larger than', (d) => d.rawDesc(0, 0, d.alloc(8), 0x10000000, VIRTQ_DESC_F_WRITE, 0)],
      ['head', (d) => void d],
      ['links to', (d) => d.rawDesc(0, 0, d.alloc(8), 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 200)],
    ];
    for (const [msg, prep] of cases) {
      const { drv, dev, ctx } = ready();
      prep(drv, ctx.dma.base + ctx.dma.ram.length);
      drv.publish(0, msg === 'head' ? 9 : 0);
      drv.kick(0);
      expect(dev.read(Reg.Status, 4) & STATUS_DEVICE_NEEDS_RESET).toBe(STATUS_DEVICE_NEEDS_RESET);
      expect(ctx.log.guestErrors().join()).toContain(msg);
    }
  });

  it('wrong widths and reserved registers are logged, QueueNum must be a power of two', () => {
    const { dev, ctx } = make({ virtio_type: 4 });
    expect(dev.read(Reg.MagicValue, 1)).toBe(0);
    dev.write(Reg.QueueSel, 4, 0);
    dev.write(Reg.QueueNum, 4, 3);
    dev.write(0x0d0, 4, 1);
    dev.write(Reg.QueueNotify, 4, 7);
    expect(ctx.log.guestErrors().length).toBe(4);
    expect(dev.read(Reg.QueueNum, 4)).toBe(0);
  });
});

describe('virtio-console', () => {
  it('transmits to the port and receives with flow control', () => {
    const { ctx, drv } = make({ virtio_type: 3 });
    drv.init();
    drv.setupQueue(0, 4);
    drv.setupQueue(1, 4);
    drv.driverOk();
    drv.submit(1, [{ data: new TextEncoder().encode('hello\n') }]);
    expect(ctx.port.text()).toBe('hello\n');
    const rx = [0, 1, 2].map(() => drv.submit(0, [{ writeLen: 1 }]).addrs[0]!);
    ctx.port.type('abcde');
    expect(ctx.port.backlog.length).toBe(2);
    expect(rx.map((a) => String.fromCharCode(drv.mem(a, 1)[0]!)).join('')).toBe('abc');
    const more = drv.submit(0, [{ writeLen: 1 }]).addrs[0]!;
    expect(String.fromCharCode(drv.mem(more, 1)[0]!)).toBe('d');
    expect(ctx.port.backlog.length).toBe(1);
  });
});

describe('virtio-blk', () => {
  function blk(disk: MemDisk) {
    const m = make({ virtio_type: 2, blkdev: 'vda' }, { 'block/vda': disk });
    m.drv.init();
    m.drv.setupQueue(0, 16);
    m.drv.driverOk();
    return m;
  }

  it('reports capacity and features, reads, writes, flushes and gets the ID', () => {
    const disk = new MemDisk(new Uint8Array(64 * 512));
    disk.data.fill(0xab, 512, 1024);
    const { drv, dev } = blk(disk);
    expect(dev.read(Reg.Config, 4)).toBe(64);
    dev.write(Reg.DeviceFeaturesSel, 4, 0);
    expect(dev.read(Reg.DeviceFeatures, 4) & VIRTIO_BLK_F_FLUSH).toBe(VIRTIO_BLK_F_FLUSH);
    const r = drv.submit(0, [{ data: blkHeader(BlkType.IN, 1) }, { writeLen: 512 }, { writeLen: 1 }]);
    expect(drv.used(0)).toEqual([{ id: r.head, len: 513 }]);
    expect(drv.mem(r.addrs[1]!, 512).every((b) => b === 0xab)).toBe(true);
    expect(drv.mem(r.addrs[2]!, 1)[0]).toBe(BlkStatus.OK);
    const payload = new Uint8Array(1024).map((_, i) => i & 0xff);
    const w = drv.submit(0, [{ data: blkHeader(BlkType.OUT, 10) }, { data: payload }, { writeLen: 1 }]);
    expect(drv.mem(w.addrs[2]!, 1)[0]).toBe(BlkStatus.OK);
    expect(disk.data.subarray(10 * 512, 12 * 512)).toEqual(payload);
    const id = drv.submit(0, [{ data: blkHeader(BlkType.GET_ID, 0) }, { writeLen: 20 }, { writeLen: 1 }]);
    expect(new TextDecoder().decode(drv.mem(id.addrs[1]!, 12))).toBe('MEMDISK-0001');
    const bad = drv.submit(0, [{ data: blkHeader(99, 0) }, { writeLen: 1 }]);
    expect(drv.mem(bad.addrs[1]!, 1)[0]).toBe(BlkStatus.UNSUPP);
  });

  it('a flush completes only when the backend finished it', () => {
    const disk = new MemDisk(new Uint8Array(8 * 512), false, true);
    const { drv, ctx } = blk(disk);
    drv.submit(0, [{ data: blkHeader(BlkType.FLUSH, 0) }, { writeLen: 1 }]);
    expect(drv.used(0)).toEqual([]);
    expect(ctx.level(48)).toBe(0);
    disk.pending.shift()!();
    expect(drv.used(0).length).toBe(1);
    expect(ctx.level(48)).toBe(1);
  });

  it('out-of-range sectors and writes to a read-only disk fail with IOERR', () => {
    const ro = new MemDisk(new Uint8Array(8 * 512), true);
    const { drv, dev } = blk(ro);
    dev.write(Reg.DeviceFeaturesSel, 4, 0);
    expect(dev.read(Reg.DeviceFeatures, 4) & VIRTIO_BLK_F_RO).toBe(VIRTIO_BLK_F_RO);
    const w = drv.submit(0, [{ data: blkHeader(BlkType.OUT, 0) }, { data: new Uint8Array(512) }, { writeLen: 1 }]);
    expect(drv.mem(w.addrs[2]!, 1)[0]).toBe(BlkStatus.IOERR);
    const r = drv.submit(0, [{ data: blkHeader(BlkType.IN, 8) }, { writeLen: 512 }, { writeLen: 1 }]);
    expect(drv.mem(r.addrs[2]!, 1)[0]).toBe(BlkStatus.IOERR);
    expect(ro.data.some((b) => b !== 0)).toBe(false);
  });

  it('a missing blkdev names the node', () => {
    expect(() => make({ virtio_type: 2, blkdev: 'nope' })).toThrow(/virtio0: block device "nope" not found/);
  });
});

describe('virtio-net', () => {
  it('sends frames without the header and receives with it', () => {
    const sent: Uint8Array[] = [];
    let deliver: (f: Uint8Array) => void = () => {};
    const port: NetPort = { send: (f) => sent.push(f.slice()), setReceiver: (rx) => (deliver = rx), close: () => {} };
    const sw: NetSwitch = { name: 'br0', connect: () => port };
    const { drv, dev } = make({ virtio_type: 1, switch: 'br0', mac: '52:54:00:12:34:56' }, { 'net-switch/br0': sw });
    expect([0, 1, 2, 3, 4, 5].map((i) => dev.read(Reg.Config + i, 1))).toEqual([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
    drv.init();
    drv.setupQueue(0, 8);
    drv.setupQueue(1, 8);
    drv.driverOk();
    const frame = new Uint8Array(60).map((_, i) => i);
    const pkt = new Uint8Array(12 + 60);
    pkt.set(frame, 12);
    drv.submit(1, [{ data: pkt }]);
    expect(sent).toEqual([frame]);
    deliver(frame); // no buffer yet: waits in the backlog
    const rx = drv.submit(0, [{ writeLen: 1526 }]);
    const got = drv.used(0);
    expect(got).toEqual([{ id: rx.head, len: 72 }]);
    expect(drv.mem(rx.addrs[0]! + 12, 60)).toEqual(frame);
    expect(drv.mem(rx.addrs[0]! + 10, 1)[0]).toBe(1);
  });
});
