// A minimal virtio-mmio guest driver for tests: negotiates features the way
// Linux's virtio_mmio does (4.2.3.1), lays split virtqueues out in the fake
// guest RAM, posts descriptor chains, kicks, and reads the used ring.

import type { EmuDevice } from '../../core/devemu/emulator.ts';
import type { FakeDma } from './fake-context.ts';
import { Reg, STATUS_ACKNOWLEDGE, STATUS_DRIVER, STATUS_DRIVER_OK, STATUS_FEATURES_OK, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../virtio/regs.ts';

export interface Buf {
  /** Device-readable contents. */
  data?: Uint8Array;
  /** Device-writable length. */
  writeLen?: number;
}

interface QueueLayout {
  num: number;
  desc: number;
  avail: number;
  used: number;
  nextDesc: number;
  availIdx: number;
  seenUsed: number;
}

export class VirtioTestDriver {
  private bump: number;
  private readonly queues = new Map<number, QueueLayout>();
  private readonly view: DataView;

  constructor(readonly dev: EmuDevice, readonly dma: FakeDma, readonly legacy = false) {
    this.bump = dma.base + 0x1000;
    this.view = dma.view();
  }

  r(off: number): number {
    return this.dev.read(off, 4) >>> 0;
  }
  w(off: number, v: number): void {
    this.dev.write(off, 4, v);
  }

  alloc(size: number, align = 16): number {
    this.bump = Math.ceil(this.bump / align) * align;
    const a = this.bump;
    this.bump += size;
    return a;
  }

  /** Negotiates; returns the final status. acceptHi defaults to VIRTIO_F_VERSION_1. */
  init(acceptLo = 0xffffffff, acceptHi = 1): number {
    this.w(Reg.Status, 0);
    this.w(Reg.Status, STATUS_ACKNOWLEDGE);
    this.w(Reg.Status, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    this.w(Reg.DeviceFeaturesSel, 0);
    const lo = this.r(Reg.DeviceFeatures);
    this.w(Reg.DeviceFeaturesSel, 1);
    const hi = this.r(Reg.DeviceFeatures);
    this.w(Reg.DriverFeaturesSel, 0);
    this.w(Reg.DriverFeatures, lo & acceptLo);
    this.w(Reg.DriverFeaturesSel, 1);
    this.w(Reg.DriverFeatures, hi & acceptHi);
    if (this.legacy) {
      this.w(Reg.GuestPageSize, 4096);
      return this.r(Reg.Status);
    }
    this.w(Reg.Status, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
    return this.r(Reg.Status);
  }

  setupQueue(q: number, num: number): void {
    this.w(Reg.QueueSel, q);
    this.w(Reg.QueueNum, num);
    let desc: number, avail: number, used: number;
    if (this.legacy) {
      const base = this.alloc(0x4000, 4096);
      desc = base;
      avail = base + 16 * num;
      used = Math.ceil((avail + 6 + 2 * num) / 4096) * 4096;
      this.w(Reg.QueueAlign, 4096);
      this.w(Reg.QueuePFN, base / 4096);
    } else {
      desc = this.alloc(16 * num, 16);
      avail = this.alloc(6 + 2 * num, 2);
      used = this.alloc(6 + 8 * num, 4);
      this.w(Reg.QueueDescLow, desc);
      this.w(Reg.QueueDescHigh, 0);
      this.w(Reg.QueueDriverLow, avail);
      this.w(Reg.QueueDriverHigh, 0);
      this.w(Reg.QueueDeviceLow, used);
      this.w(Reg.QueueDeviceHigh, 0);
      this.w(Reg.QueueReady, 1);
    }
    this.queues.set(q, { num, desc, avail, used, nextDesc: 0, availIdx: 0, seenUsed: 0 });
  }

  driverOk(): void {
    this.w(Reg.Status, this.r(Reg.Status) | STATUS_DRIVER_OK);
  }

  private off(gpa: number): number {
    return gpa - this.dma.base;
  }

  /** Writes a raw descriptor (for malformed-chain tests). */
  rawDesc(q: number, i: number, addr: number, len: number, flags: number, next: number): void {
    const l = this.queues.get(q)!;
    const o = this.off(l.desc + 16 * i);
    this.view.setUint32(o, addr % 2 ** 32, true);
    this.view.setUint32(o + 4, Math.floor(addr / 2 ** 32), true);
    this.view.setUint32(o + 8, len, true);
    this.view.setUint16(o + 12, flags, true);
    this.view.setUint16(o + 14, next, true);
  }

  /** Makes head available (without kicking). */
  publish(q: number, head: number): void {
    const l = this.queues.get(q)!;
    this.view.setUint16(this.off(l.avail + 4 + 2 * (l.availIdx % l.num)), head, true);
    l.availIdx = (l.availIdx + 1) & 0xffff;
    this.view.setUint16(this.off(l.avail + 2), l.availIdx, true);
  }

  /** Posts a chain; returns its head and the guest addresses of the writable parts. */
  submit(q: number, bufs: Buf[], kick = true): { head: number; addrs: number[] } {
    const l = this.queues.get(q)!;
    const head = l.nextDesc;
    const addrs: number[] = [];
    bufs.forEach((b, k) => {
      const i = (head + k) % l.num;
      const len = b.data ? b.data.length : b.writeLen ?? 0;
      const addr = this.alloc(Math.max(len, 1), 8);
      if (b.data) this.dma.ram.set(b.data, this.off(addr));
      addrs.push(addr);
      const last = k === bufs.length - 1;
      this.rawDesc(q, i, addr, len, (b.data ? 0 : VIRTQ_DESC_F_WRITE) | (last ? 0 : VIRTQ_DESC_F_NEXT), (i + 1) % l.num);
    });
    l.nextDesc = (head + bufs.length) % l.num;
    this.publish(q, head);
    if (kick) this.w(Reg.QueueNotify, q);
    return { head, addrs };
  }

  kick(q: number): void {
    this.w(Reg.QueueNotify, q);
  }

  /** Used elements returned since the last call. */
  used(q: number): { id: number; len: number }[] {
    const l = this.queues.get(q)!;
    const idx = this.view.getUint16(this.off(l.used + 2), true);
    const out: { id: number; len: number }[] = [];
    while (l.seenUsed !== idx) {
      const o = this.off(l.used + 4 + 8 * (l.seenUsed % l.num));
      out.push({ id: this.view.getUint32(o, true), len: this.view.getUint32(o + 4, true) });
      l.seenUsed = (l.seenUsed + 1) & 0xffff;
    }
    return out;
  }

  mem(addr: number, len: number): Uint8Array {
    return this.dma.ram.slice(this.off(addr), this.off(addr) + len);
  }

  /** Reads and acknowledges the interrupt status, as the interrupt handler does. */
  ack(): number {
    const s = this.r(Reg.InterruptStatus);
    this.w(Reg.InterruptACK, s);
    return s;
  }
}
