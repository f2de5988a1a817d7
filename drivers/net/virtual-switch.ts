// A virtual Ethernet switch (Xvisor's netswitch: `net switch create`), the
// host side of guests' NICs: a learning bridge (IEEE 802.1D forwarding: learn
// source MACs per port, forward known unicast to one port, flood broadcast,
// multicast and unknown unicast to all other ports). Implements the
// NetSwitch that emulators/virtio/net.ts reaches through
// ctx.service('net-switch', name).
//
// Delivery is synchronous: a frame a guest sends reaches the other ports
// before send() returns, so runs are deterministic. Frames shorter than an
// Ethernet header (14 bytes) or longer than 65535 bytes are dropped and
// counted. The host's own port (hostPort()) can be bridged to a UDP socket on
// 127.0.0.1 (udp-loopback.ts): loopback only, never a real interface.

import type { NetPort, NetSwitch } from '../../core/devemu/host-services.ts';

const MIN_FRAME = 14;
const MAX_FRAME = 65535;

class SwitchPort implements NetPort {
  rx: ((frame: Uint8Array) => void) | undefined;
  open = true;
  rxFrames = 0;
  txFrames = 0;
  constructor(private readonly sw: VirtualSwitch, readonly name: string) {}
  send(frame: Uint8Array): void {
    if (!this.open) return;
    this.txFrames++;
    this.sw.forward(this, frame);
  }
  setReceiver(rx: (frame: Uint8Array) => void): void {
    this.rx = rx;
  }
  deliver(frame: Uint8Array): void {
    if (!this.open || !this.rx) return;
    this.rxFrames++;
    this.rx(frame);
  }
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.sw.detach(this);
  }
}

function macKey(f: Uint8Array, at: number): number {
  // 48 bits fit a double exactly.
  return f[at]! * 2 ** 40 + f[at + 1]! * 2 ** 32 + ((f[at + 2]! << 24) >>> 0) + (f[at + 3]! << 16) + (f[at + 4]! << 8) + f[at + 5]!;
}

export class VirtualSwitch implements NetSwitch {
  private readonly ports: SwitchPort[] = [];
  private readonly table = new Map<number, SwitchPort>();
  dropped = 0;
  forwarded = 0;

  constructor(readonly name: string) {}

  connect(portName: string): NetPort {
    if (this.ports.some((p) => p.name === portName)) throw new Error(`switch ${this.name}: port ${portName} already connected`);
    const p = new SwitchPort(this, portName);
    this.ports.push(p);
    return p;
  }

  /** The host's port on this switch. */
  hostPort(): NetPort {
    return this.connect('host');
  }

  portNames(): string[] {
    return this.ports.map((p) => p.name);
  }

  detach(p: SwitchPort): void {
    const i = this.ports.indexOf(p);
    if (i >= 0) this.ports.splice(i, 1);
    for (const [mac, port] of this.table) if (port === p) this.table.delete(mac);
  }

  forward(from: SwitchPort, frame: Uint8Array): void {
    if (frame.length < MIN_FRAME || frame.length > MAX_FRAME) {
      this.dropped++;
      return;
    }
    const src = macKey(frame, 6);
    // A source with the group bit set is bogus: never learn it.
    if (!(frame[6]! & 1)) this.table.set(src, from);
    const copy = frame.slice();
    if (!(frame[0]! & 1)) {
      const to = this.table.get(macKey(frame, 0));
      if (to !== undefined) {
        if (to !== from) {
          this.forwarded++;
          to.deliver(copy);
        }
        return;
      }
    }
    for (const p of [...this.ports]) {
      if (p !== from) {
        this.forwarded++;
        p.deliver(copy);
      }
    }
  }
}
