// virtio network device, per VIRTIO 1.2, 5.1 "Network Device": receiveq 0,
// transmitq 1, with VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS (link up).
// Frames go to and from a port of the virtual switch named by the node's
// `switch` attribute (ctx.service('net-switch', name)). Each packet carries
// the virtio_net_hdr: 12 bytes with VIRTIO_F_VERSION_1, 10 bytes legacy
// (5.1.6). Frames arriving while the guest has no receive buffer wait in a
// bounded backlog (a NIC's FIFO); beyond it they are dropped and counted.
// MAC: the node's `mac` attribute ("52:54:00:xx:xx:xx"), else derived from
// the guest and node names so that it is stable across runs.

import type { AccessSize, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { NET_SWITCH_SERVICE, type NetPort, type NetSwitch } from '../../core/devemu/host-services.ts';
import { DeviceId } from './regs.ts';
import type { VirtioBackend, VirtioTransport } from './mmio.ts';

export const VIRTIO_NET_F_MAC = 1 << 5;
export const VIRTIO_NET_F_STATUS = 1 << 16;
export const VIRTIO_NET_S_LINK_UP = 1;

const QUEUE_SIZE = 256;
const RX = 0;
const TX = 1;
/** A frame up to 65535 bytes plus the header. */
const MAX_CHAIN = 65536 + 12;
const BACKLOG = 64;

export function parseMac(s: string, where: string): Uint8Array {
  const parts = s.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new Error(`${where}: mac "${s}" is not xx:xx:xx:xx:xx:xx`);
  return new Uint8Array(parts.map((p) => parseInt(p, 16)));
}

function stableMac(key: string): Uint8Array {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return new Uint8Array([0x52, 0x54, 0x00, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff]);
}

export class VirtioNet implements VirtioBackend {
  readonly deviceId = DeviceId.Net;
  readonly featuresLo = VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS;
  readonly featuresHi = 0;
  readonly queueSizes = [QUEUE_SIZE, QUEUE_SIZE];
  readonly maxChainBytes = MAX_CHAIN;
  readonly mac: Uint8Array;
  dropped = 0;
  private t!: VirtioTransport;
  private readonly backlog: Uint8Array[] = [];

  constructor(ctx: EmulatorContext, private readonly port: NetPort) {
    const m = ctx.attrString('mac');
    this.mac = m ? parseMac(m, ctx.nodePath) : stableMac(`${ctx.guestName}/${ctx.nodeName}`);
    port.setReceiver((f) => this.receive(f));
  }

  attach(t: VirtioTransport): void {
    this.t = t;
  }

  private get hdrLen(): number {
    return this.t.legacy ? 10 : 12;
  }

  private receive(frame: Uint8Array): void {
    if (!this.t.live) return;
    if (this.backlog.length >= BACKLOG) {
      this.dropped++;
      return;
    }
    this.backlog.push(frame.slice());
    this.drainRx();
  }

  private drainRx(): void {
    while (this.backlog.length && this.t.live) {
      const frame = this.backlog[0]!;
      const c = this.t.pop(RX);
      if (!c) return;
      this.backlog.shift();
      const pkt = new Uint8Array(this.hdrLen + frame.length);
      if (!this.t.legacy) pkt[10] = 1; // num_buffers
      pkt.set(frame, this.hdrLen);
      if (pkt.length > c.writableBytes) {
        // The guest posted too small a buffer (no mergeable buffers negotiated).
        this.dropped++;
        this.t.log(LogKind.GuestError, `receive buffer of ${c.writableBytes} bytes for a ${pkt.length}-byte packet`);
        this.t.complete(RX, c, 0);
        continue;
      }
      if (!c.write(this.t.dma, pkt)) return this.t.fail('receive buffer outside guest RAM');
      this.t.complete(RX, c, pkt.length);
    }
  }

  configRead(offset: number, size: AccessSize): number {
    let v = 0;
    for (let i = 0; i < size; i++) {
      const o = offset + i;
      const b = o < 6 ? this.mac[o]! : o === 6 ? VIRTIO_NET_S_LINK_UP : 0;
      v |= b << (8 * i);
    }
    return v >>> 0;
  }

  configWrite(offset: number): void {
    this.t.log(LogKind.GuestError, `write to read-only virtio-net config at 0x${offset.toString(16)}`);
  }

  notify(queue: number): void {
    if (queue === RX) return this.drainRx();
    for (let c = this.t.pop(TX); c; c = this.t.pop(TX)) {
      const data = c.readAll(this.t.dma);
      if (!data) return this.t.fail('transmit buffer outside guest RAM');
      if (data.length < this.hdrLen) {
        this.t.log(LogKind.GuestError, `transmit buffer of ${data.length} bytes is shorter than the header`);
      } else if (data.length > this.hdrLen) {
        this.port.send(data.subarray(this.hdrLen));
      }
      this.t.complete(TX, c, 0);
    }
  }

  driverOk(): void {
    this.drainRx();
  }

  reset(): void {
    this.backlog.length = 0;
  }

  save(): unknown {
    return null; // frames in flight are not part of the machine state
  }

  restore(): void {
    this.backlog.length = 0;
  }

  remove(): void {
    this.port.close();
  }
}

/** A NIC whose `switch` is empty (Xvisor's trees leave it for the user to fill): no cable, frames go nowhere. */
const UNPLUGGED: NetPort = { send() {}, setReceiver() {}, close() {} };

export function makeVirtioNet(ctx: EmulatorContext): VirtioNet {
  const name = ctx.attrString('switch');
  if (name === undefined) throw new Error(`${ctx.nodePath}: virtio network device without a switch attribute`);
  if (name === '') {
    ctx.log.log(LogKind.Info, `${ctx.nodePath}: switch is empty: the NIC is not connected`);
    return new VirtioNet(ctx, UNPLUGGED);
  }
  const sw = ctx.service<NetSwitch>(NET_SWITCH_SERVICE, name);
  if (!sw) throw new Error(`${ctx.nodePath}: network switch "${name}" not found`);
  return new VirtioNet(ctx, sw.connect(`${ctx.guestName}/${ctx.nodeName}`));
}
