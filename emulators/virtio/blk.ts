// virtio block device, per VIRTIO 1.2, 5.2 "Block Device": one request
// queue; requests IN (read), OUT (write), FLUSH and GET_ID over a host
// BlockBackend found as ctx.service('block', <blkdev>). Features offered:
// VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_SEG_MAX, and
// VIRTIO_BLK_F_RO for a read-only backend. A FLUSH completes only when the
// backend reports the host fsync done. Out-of-range sectors, writes to a
// read-only disk and host I/O errors complete with VIRTIO_BLK_S_IOERR;
// unknown request types with VIRTIO_BLK_S_UNSUPP (5.2.6.1).

import type { AccessSize, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { BLOCK_SERVICE, type BlockBackend } from '../../core/devemu/host-services.ts';
import { DeviceId } from './regs.ts';
import type { VirtioBackend, VirtioTransport } from './mmio.ts';
import type { Chain } from './virtqueue.ts';

export const VIRTIO_BLK_F_SEG_MAX = 1 << 2;
export const VIRTIO_BLK_F_RO = 1 << 5;
export const VIRTIO_BLK_F_BLK_SIZE = 1 << 6;
export const VIRTIO_BLK_F_FLUSH = 1 << 9;

export const enum BlkType {
  IN = 0,
  OUT = 1,
  FLUSH = 4,
  GET_ID = 8,
}

export const enum BlkStatus {
  OK = 0,
  IOERR = 1,
  UNSUPP = 2,
}

const QUEUE_SIZE = 128;
const SEG_MAX = QUEUE_SIZE - 2;
const SECTOR = 512;
/** Largest request accepted: 4 MiB of data plus header and status. */
const MAX_CHAIN = 4 * 1024 * 1024 + 32;

export class VirtioBlk implements VirtioBackend {
  readonly deviceId = DeviceId.Block;
  readonly featuresLo: number;
  readonly featuresHi = 0;
  readonly queueSizes = [QUEUE_SIZE];
  readonly maxChainBytes = MAX_CHAIN;
  private t!: VirtioTransport;
  /** Bumped on reset so that completions of older requests are dropped. */
  private generation = 0;
  private readonly cfg = new DataView(new ArrayBuffer(0x40));

  constructor(private readonly disk: BlockBackend) {
    this.featuresLo = VIRTIO_BLK_F_FLUSH | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_SEG_MAX | (disk.readOnly ? VIRTIO_BLK_F_RO : 0);
    const sectors = Math.floor(disk.sizeBytes / SECTOR);
    this.cfg.setUint32(0, sectors % 2 ** 32, true); // capacity
    this.cfg.setUint32(4, Math.floor(sectors / 2 ** 32), true);
    this.cfg.setUint32(12, SEG_MAX, true); // seg_max
    this.cfg.setUint32(20, SECTOR, true); // blk_size
  }

  attach(t: VirtioTransport): void {
    this.t = t;
  }

  configRead(offset: number, size: AccessSize): number {
    if (offset + size > this.cfg.byteLength) return 0;
    if (size === 1) return this.cfg.getUint8(offset);
    if (size === 2) return this.cfg.getUint16(offset, true);
    return this.cfg.getUint32(offset, true);
  }

  configWrite(offset: number): void {
    this.t.log(LogKind.GuestError, `write to read-only virtio-blk config at 0x${offset.toString(16)}`);
  }

  notify(_queue: number): void {
    for (let c = this.t.pop(0); c; c = this.t.pop(0)) this.request(c);
  }

  private request(c: Chain): void {
    // A request is a 16-byte header, data, and a 1-byte status at the end of the writable part.
    if (c.readableBytes < 16 || c.writableBytes < 1) {
      this.t.fail(`request ${c.head} without header or status byte`);
      return;
    }
    const readable = c.readAll(this.t.dma);
    if (!readable) return this.t.fail(`request ${c.head} outside guest RAM`);
    const hdr = new DataView(readable.buffer, readable.byteOffset, 16);
    const type = hdr.getUint32(0, true);
    const sector = hdr.getUint32(8, true) + hdr.getUint32(12, true) * 2 ** 32;
    const gen = this.generation;
    const finish = (status: number, data?: Uint8Array) => {
      if (gen !== this.generation || !this.t.live) return;
      let written = 1;
      if (data) {
        if (!c.write(this.t.dma, data)) return this.t.fail(`request ${c.head} data outside guest RAM`);
        written += data.length;
      }
      if (!c.write(this.t.dma, new Uint8Array([status]), c.writableBytes - 1)) return this.t.fail(`request ${c.head} status outside guest RAM`);
      this.t.complete(0, c, written);
    };
    const offset = sector * SECTOR;
    switch (type) {
      case BlkType.IN: {
        const len = c.writableBytes - 1;
        if (len % SECTOR !== 0 || offset + len > this.disk.sizeBytes) return finish(BlkStatus.IOERR);
        const buf = new Uint8Array(len);
        this.disk.read(offset, buf, (ok) => (ok ? finish(BlkStatus.OK, buf) : finish(BlkStatus.IOERR)));
        return;
      }
      case BlkType.OUT: {
        const data = readable.subarray(16);
        if (this.disk.readOnly || data.length % SECTOR !== 0 || offset + data.length > this.disk.sizeBytes) return finish(BlkStatus.IOERR);
        this.disk.write(offset, data, (ok) => finish(ok ? BlkStatus.OK : BlkStatus.IOERR));
        return;
      }
      case BlkType.FLUSH:
        this.disk.flush((ok) => finish(ok ? BlkStatus.OK : BlkStatus.IOERR));
        return;
      case BlkType.GET_ID: {
        const id = new Uint8Array(Math.min(20, c.writableBytes - 1));
        const s = this.disk.serial;
        for (let i = 0; i < id.length && i < s.length; i++) id[i] = s.charCodeAt(i) & 0x7f;
        finish(BlkStatus.OK, id);
        return;
      }
    }
    finish(BlkStatus.UNSUPP);
  }

  driverOk(): void {}

  reset(): void {
    this.generation++;
  }

  save(): unknown {
    return null;
  }

  restore(): void {
    this.generation++;
  }
}

/** A drive whose `blkdev` is empty (Xvisor's trees leave it for the user to fill): no medium, capacity 0. */
const NO_MEDIUM: BlockBackend = {
  name: '',
  sizeBytes: 0,
  readOnly: true,
  serial: '',
  read: (_o, _d, done) => done(false),
  write: (_o, _s, done) => done(false),
  flush: (done) => done(true),
};

export function makeVirtioBlk(ctx: EmulatorContext): VirtioBlk {
  const name = ctx.attrString('blkdev');
  if (name === undefined) throw new Error(`${ctx.nodePath}: virtio block device without a blkdev attribute`);
  if (name === '') {
    ctx.log.log(LogKind.Info, `${ctx.nodePath}: blkdev is empty: the drive has no medium`);
    return new VirtioBlk(NO_MEDIUM);
  }
  const disk = ctx.service<BlockBackend>(BLOCK_SERVICE, name);
  if (!disk) throw new Error(`${ctx.nodePath}: block device "${name}" not found`);
  return new VirtioBlk(disk);
}
