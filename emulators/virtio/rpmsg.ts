// virtio rpmsg device (device id 7), the transport of Linux's remoteproc/
// rpmsg framework as its documentation describes it: feature
// VIRTIO_RPMSG_F_NS (bit 0, name service announcements); queue 0 rx (device
// to driver), queue 1 tx (driver to device); every message is
// struct rpmsg_hdr { le32 src; le32 dst; le32 reserved; le16 len; le16 flags; }
// followed by len payload bytes. The name service listens at address 53 and
// takes struct rpmsg_ns_msg { char name[32]; le32 addr; le32 flags; } with
// flags 0 = create, 1 = destroy.
//
// A simulated host has no remote processor, so this device is the remote
// side itself: when the driver sets DRIVER_OK with F_NS negotiated and the
// node has `node_ns_name`, it announces that name at endpoint 1024, and
// endpoint 1024 is an echo service that sends each payload back to the
// sender's src address. Messages to any other address are dropped and
// counted. Outgoing messages wait (bounded, oldest dropped and counted) for
// the driver to post rx buffers; an rx buffer too small for the next message
// is returned with nothing written and that message is dropped and counted.

import type { AccessSize, EmulatorContext } from '../../core/devemu/emulator.ts';
import { EmuStateError, LogKind, type EmuState } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32 } from '../common/state.ts';
import { DeviceId } from './regs.ts';
import type { VirtioBackend, VirtioTransport } from './mmio.ts';

export const VIRTIO_RPMSG_F_NS = 1 << 0;
export const RPMSG_HDR_BYTES = 16;
export const RPMSG_NS_ADDR = 53;
export const RPMSG_NS_NAME_BYTES = 32;
export const RPMSG_NS_MSG_BYTES = RPMSG_NS_NAME_BYTES + 8;
export const RPMSG_NS_CREATE = 0;
export const RPMSG_NS_DESTROY = 1;
/** Our one endpoint: the announced name, served by the echo service. */
export const RPMSG_ECHO_ADDR = 1024;
/** Messages kept while the driver has no rx buffer posted. */
export const RPMSG_BACKLOG = 64;

const RX = 0;
const TX = 1;
const QUEUE_SIZE = 256;
/** Linux uses 512-byte buffers; allow much more, refuse the absurd. */
const MAX_CHAIN = 64 * 1024;
const STATE_VERSION = 1;

export class VirtioRpmsg implements VirtioBackend {
  readonly deviceId = DeviceId.Rpmsg;
  readonly featuresLo = VIRTIO_RPMSG_F_NS;
  readonly featuresHi = 0;
  readonly queueSizes = [QUEUE_SIZE, QUEUE_SIZE];
  readonly maxChainBytes = MAX_CHAIN;
  /** Messages to addresses nobody listens at. */
  droppedUnknownDst = 0;
  /** Messages that did not fit the rx buffer they met. */
  droppedTooBig = 0;
  /** Messages lost because the backlog was full. */
  droppedBacklog = 0;
  /** tx buffers whose header was malformed. */
  malformed = 0;
  readonly nsName: string | undefined;
  private t!: VirtioTransport;
  /** Complete messages (header + payload) waiting for an rx buffer, oldest first. */
  private outbox: Uint8Array[] = [];

  constructor(private readonly ctx: EmulatorContext) {
    const name = ctx.attrString('node_ns_name');
    if (name !== undefined) {
      // name[32] holds the name and its terminating NUL.
      if (name.length === 0 || name.length >= RPMSG_NS_NAME_BYTES || !/^[\x20-\x7e]*$/.test(name)) {
        throw new Error(`${ctx.nodePath}: node_ns_name "${name}" must be 1..${RPMSG_NS_NAME_BYTES - 1} printable ASCII characters`);
      }
    }
    this.nsName = name;
  }

  attach(t: VirtioTransport): void {
    this.t = t;
  }

  /** Messages waiting for an rx buffer. */
  get pending(): number {
    return this.outbox.length;
  }

  private send(src: number, dst: number, payload: Uint8Array): void {
    const m = new Uint8Array(RPMSG_HDR_BYTES + payload.length);
    const v = new DataView(m.buffer);
    v.setUint32(0, src, true);
    v.setUint32(4, dst, true);
    v.setUint16(12, payload.length, true);
    m.set(payload, RPMSG_HDR_BYTES);
    if (this.outbox.length === RPMSG_BACKLOG) {
      this.outbox.shift();
      this.droppedBacklog++;
    }
    this.outbox.push(m);
    this.flush();
  }

  private flush(): void {
    while (this.outbox.length > 0 && this.t.live) {
      const c = this.t.pop(RX);
      if (!c) return;
      const m = this.outbox.shift()!;
      if (c.writableBytes < m.length) {
        this.droppedTooBig++;
        this.t.log(LogKind.GuestError, `rx buffer of ${c.writableBytes} bytes is too small for a ${m.length}-byte message; message dropped`);
        this.t.complete(RX, c, 0);
        continue;
      }
      if (!c.write(this.t.dma, m)) return this.t.fail('rx buffer outside guest RAM');
      this.t.complete(RX, c, m.length);
    }
  }

  private announce(): void {
    const ns = new Uint8Array(RPMSG_NS_MSG_BYTES);
    const name = this.nsName!;
    for (let i = 0; i < name.length; i++) ns[i] = name.charCodeAt(i);
    const v = new DataView(ns.buffer);
    v.setUint32(RPMSG_NS_NAME_BYTES, RPMSG_ECHO_ADDR, true);
    v.setUint32(RPMSG_NS_NAME_BYTES + 4, RPMSG_NS_CREATE, true);
    this.send(RPMSG_ECHO_ADDR, RPMSG_NS_ADDR, ns);
  }

  private receive(msg: Uint8Array): void {
    if (msg.length < RPMSG_HDR_BYTES) {
      this.malformed++;
      this.t.log(LogKind.GuestError, `tx message of ${msg.length} bytes is shorter than the ${RPMSG_HDR_BYTES}-byte rpmsg header; dropped`);
      return;
    }
    const v = new DataView(msg.buffer, msg.byteOffset, msg.length);
    const src = v.getUint32(0, true);
    const dst = v.getUint32(4, true);
    const len = v.getUint16(12, true);
    if (len > msg.length - RPMSG_HDR_BYTES) {
      this.malformed++;
      this.t.log(LogKind.GuestError, `tx message from ${src} to ${dst} claims ${len} payload bytes but carries ${msg.length - RPMSG_HDR_BYTES}; dropped`);
      return;
    }
    if (dst !== RPMSG_ECHO_ADDR) {
      this.droppedUnknownDst++;
      this.t.log(LogKind.Info, `tx message from ${src} to address ${dst}, where no endpoint listens; dropped`);
      return;
    }
    this.send(RPMSG_ECHO_ADDR, src, msg.subarray(RPMSG_HDR_BYTES, RPMSG_HDR_BYTES + len));
  }

  configRead(_offset: number, _size: AccessSize): number {
    return 0; // rpmsg has no configuration space
  }

  configWrite(): void {}

  notify(queue: number): void {
    if (queue === RX) return this.flush();
    for (let c = this.t.pop(TX); c; c = this.t.pop(TX)) {
      const msg = c.readAll(this.t.dma);
      if (!msg) return this.t.fail('tx buffer outside guest RAM');
      this.t.complete(TX, c, 0);
      this.receive(msg);
    }
  }

  driverOk(): void {
    if (this.nsName !== undefined && this.t.featuresLo & VIRTIO_RPMSG_F_NS) this.announce();
    else this.flush();
  }

  reset(): void {
    this.outbox = [];
  }

  save(): unknown {
    return {
      version: STATE_VERSION,
      droppedUnknownDst: this.droppedUnknownDst, droppedTooBig: this.droppedTooBig, droppedBacklog: this.droppedBacklog, malformed: this.malformed,
      outbox: this.outbox.map((m) => Array.from(m)),
    };
  }

  restore(s: unknown): void {
    const d = 'virtio-rpmsg';
    const st = s as EmuState;
    checkVersion(st, d, STATE_VERSION);
    const counts = ['droppedUnknownDst', 'droppedTooBig', 'droppedBacklog', 'malformed'].map((k) => stateU32(st, d, k));
    const ob = st.outbox;
    if (!Array.isArray(ob) || ob.length > RPMSG_BACKLOG) throw new EmuStateError(`${d}: state outbox is not a list of up to ${RPMSG_BACKLOG} messages`);
    const msgs = ob.map((m, i) => {
      if (!Array.isArray(m) || m.length < RPMSG_HDR_BYTES || m.length > RPMSG_HDR_BYTES + 0xffff || !m.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
        throw new EmuStateError(`${d}: state outbox message ${i} is not a byte list holding a header`);
      }
      return Uint8Array.from(m as number[]);
    });
    [this.droppedUnknownDst, this.droppedTooBig, this.droppedBacklog, this.malformed] = counts as [number, number, number, number];
    this.outbox = msgs;
  }
}
