// A split virtqueue as the device side sees it, per VIRTIO 1.2, 2.7 "Split
// Virtqueues" (descriptor table 2.7.5, available ring 2.7.6, used ring
// 2.7.8) and 2.7.2 "Legacy Interfaces: A Note on Virtqueue Layout".
//
// Every guest-supplied value is checked: a head or next index outside the
// table, a chain longer than the queue (a loop), a buffer outside guest RAM
// or larger than the device accepts, a readable descriptor after a writable
// one, or an indirect descriptor (not offered) gives a VirtqError, on which
// the transport sets DEVICE_NEEDS_RESET (2.1.2). Nothing outside guest RAM
// is ever touched: all access goes through DmaMemory, which refuses it.

import type { DmaMemory } from '../../core/devemu/emulator.ts';
import { VIRTQ_AVAIL_F_NO_INTERRUPT, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from './regs.ts';

export class VirtqError {
  constructor(readonly message: string) {}
}

/** One descriptor chain taken from the available ring. */
export class Chain {
  readonly addrs: number[] = [];
  readonly lens: number[] = [];
  /** Index of the first writable descriptor (= addrs.length when none). */
  firstWritable = 0;
  readableBytes = 0;
  writableBytes = 0;
  constructor(readonly head: number) {}

  /** All device-readable bytes, or undefined when some are outside guest RAM. */
  readAll(dma: DmaMemory): Uint8Array | undefined {
    const out = new Uint8Array(this.readableBytes);
    let at = 0;
    for (let i = 0; i < this.firstWritable; i++) {
      const part = out.subarray(at, at + this.lens[i]!);
      if (!dma.read(this.addrs[i]!, part)) return undefined;
      at += this.lens[i]!;
    }
    return out;
  }

  /** Writes data into the device-writable part at byte offset `at`; false when it does not fit or leaves RAM. */
  write(dma: DmaMemory, data: Uint8Array, at = 0): boolean {
    if (at + data.length > this.writableBytes) return false;
    let skip = at;
    let from = 0;
    for (let i = this.firstWritable; i < this.addrs.length && from < data.length; i++) {
      const len = this.lens[i]!;
      if (skip >= len) {
        skip -= len;
        continue;
      }
      const n = Math.min(len - skip, data.length - from);
      if (!dma.write(this.addrs[i]! + skip, data.subarray(from, from + n))) return false;
      from += n;
      skip = 0;
    }
    return true;
  }
}

const STATE_FIELDS = ['num', 'ready', 'descAddr', 'availAddr', 'usedAddr', 'lastAvail', 'usedIdx', 'pfn'] as const;

export class Virtqueue {
  num = 0;
  ready = 0;
  descAddr = 0;
  availAddr = 0;
  usedAddr = 0;
  lastAvail = 0;
  usedIdx = 0;
  /** Legacy QueuePFN (0 = not set up). */
  pfn = 0;
  private readonly scratch = new Uint8Array(16);
  private readonly view = new DataView(this.scratch.buffer);

  constructor(private readonly dma: DmaMemory, readonly maxNum: number, private readonly maxChainBytes: number) {}

  reset(): void {
    this.num = 0;
    this.ready = 0;
    this.descAddr = 0;
    this.availAddr = 0;
    this.usedAddr = 0;
    this.lastAvail = 0;
    this.usedIdx = 0;
    this.pfn = 0;
  }

  /** Legacy layout from QueuePFN × page size (2.7.2). */
  setLegacyLayout(pfn: number, pageSize: number, align: number): void {
    this.pfn = pfn;
    const base = pfn * pageSize;
    this.descAddr = base;
    this.availAddr = base + 16 * this.num;
    const availEnd = this.availAddr + 6 + 2 * this.num;
    const a = align > 0 ? align : 4096;
    this.usedAddr = Math.ceil(availEnd / a) * a;
    this.ready = pfn !== 0 ? 1 : 0;
    this.lastAvail = 0;
    this.usedIdx = 0;
  }

  private read(addr: number, n: number): boolean {
    return this.dma.read(addr, this.scratch.subarray(0, n));
  }

  /** The available ring's idx, or -1 when the ring is outside guest RAM. */
  availIdx(): number {
    return this.read(this.availAddr + 2, 2) ? this.view.getUint16(0, true) : -1;
  }

  /** Takes the next chain: a Chain, undefined when none is available, or a VirtqError. */
  pop(): Chain | VirtqError | undefined {
    if (!this.ready || this.num === 0) return undefined;
    const idx = this.availIdx();
    if (idx < 0) return new VirtqError(`available ring at 0x${this.availAddr.toString(16)} is outside guest RAM`);
    if (idx === this.lastAvail) return undefined;
    if (((idx - this.lastAvail) & 0xffff) > this.num) {
      return new VirtqError(`available idx ${idx} is more than ${this.num} ahead of ${this.lastAvail}`);
    }
    if (!this.read(this.availAddr + 4 + 2 * (this.lastAvail % this.num), 2)) {
      return new VirtqError('available ring entry outside guest RAM');
    }
    const head = this.view.getUint16(0, true);
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    return this.walk(head);
  }

  private walk(head: number): Chain | VirtqError {
    if (head >= this.num) return new VirtqError(`descriptor head ${head} outside a table of ${this.num}`);
    const chain = new Chain(head);
    let i = head;
    let seenWritable = false;
    for (let count = 0; ; count++) {
      if (count >= this.num) return new VirtqError(`descriptor chain from ${head} loops (longer than ${this.num})`);
      if (!this.read(this.descAddr + 16 * i, 16)) return new VirtqError(`descriptor ${i} outside guest RAM`);
      const addr = this.view.getUint32(0, true) + this.view.getUint32(4, true) * 2 ** 32;
      const len = this.view.getUint32(8, true);
      const flags = this.view.getUint16(12, true);
      const next = this.view.getUint16(14, true);
      if (flags & VIRTQ_DESC_F_INDIRECT) return new VirtqError(`descriptor ${i} is indirect, which was not negotiated`);
      if (chain.readableBytes + chain.writableBytes + len > this.maxChainBytes) {
        return new VirtqError(`descriptor chain from ${head} is larger than ${this.maxChainBytes} bytes`);
      }
      // The buffer must lie in guest RAM: check its first and last byte.
      const probe = this.scratch.subarray(0, 1);
      if (len > 0 && (!this.dma.read(addr, probe) || !this.dma.read(addr + len - 1, probe))) {
        return new VirtqError(`descriptor ${i} buffer 0x${addr.toString(16)}+${len} is outside guest RAM`);
      }
      if (flags & VIRTQ_DESC_F_WRITE) {
        if (!seenWritable) chain.firstWritable = chain.addrs.length;
        seenWritable = true;
        chain.writableBytes += len;
      } else {
        if (seenWritable) return new VirtqError(`descriptor ${i} is readable after a writable one`);
        chain.readableBytes += len;
      }
      chain.addrs.push(addr);
      chain.lens.push(len);
      if (!(flags & VIRTQ_DESC_F_NEXT)) break;
      if (next >= this.num) return new VirtqError(`descriptor ${i} links to ${next} outside a table of ${this.num}`);
      i = next;
    }
    if (!seenWritable) chain.firstWritable = chain.addrs.length;
    return chain;
  }

  /** Returns a chain to the driver with `len` bytes written; false when the used ring is outside RAM. */
  push(head: number, len: number): boolean {
    const v = this.view;
    v.setUint32(0, head, true);
    v.setUint32(4, len, true);
    if (!this.dma.write(this.usedAddr + 4 + 8 * (this.usedIdx % this.num), this.scratch.subarray(0, 8))) return false;
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    v.setUint16(0, this.usedIdx, true);
    return this.dma.write(this.usedAddr + 2, this.scratch.subarray(0, 2));
  }

  /** False when the driver asked for no interrupts (VIRTQ_AVAIL_F_NO_INTERRUPT). */
  wantsInterrupt(): boolean {
    return !(this.read(this.availAddr, 2) && this.view.getUint16(0, true) & VIRTQ_AVAIL_F_NO_INTERRUPT);
  }

  save(): Record<string, number> {
    const o: Record<string, number> = {};
    for (const f of STATE_FIELDS) o[f] = this[f];
    return o;
  }

  restore(o: Record<string, unknown>): void {
    for (const f of STATE_FIELDS) {
      const v = o[f];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`virtqueue: state field ${f} malformed`);
    }
    for (const f of STATE_FIELDS) this[f] = o[f] as number;
    if (this.num > this.maxNum) throw new Error(`virtqueue: state num ${this.num} exceeds ${this.maxNum}`);
  }
}
