// virtio console device, per VIRTIO 1.2, 5.3 "Console Device", without
// VIRTIO_CONSOLE_F_SIZE, F_MULTIPORT or F_EMERG_WRITE: queue 0 receiveq,
// queue 1 transmitq, bytes to and from the vserial ctx.charPort().
// Reception is flow-controlled: the port holds bytes while the guest has no
// receive buffer posted, and is told when new ones arrive.

import type { AccessSize, CharPort, EmulatorContext } from '../../core/devemu/emulator.ts';
import { DeviceId } from './regs.ts';
import type { VirtioBackend, VirtioTransport } from './mmio.ts';

const QUEUE_SIZE = 128;
const MAX_CHAIN = 1 << 20;
const RX = 0;
const TX = 1;

export class VirtioConsole implements VirtioBackend {
  readonly deviceId = DeviceId.Console;
  readonly featuresLo = 0;
  readonly featuresHi = 0;
  readonly queueSizes = [QUEUE_SIZE, QUEUE_SIZE];
  readonly maxChainBytes = MAX_CHAIN;
  private t!: VirtioTransport;
  private readonly port: CharPort;
  private readonly one = new Uint8Array(1);

  constructor(ctx: EmulatorContext) {
    this.port = ctx.charPort();
    this.port.setReceiver((b) => this.receive(b));
  }

  attach(t: VirtioTransport): void {
    this.t = t;
  }

  private receive(byte: number): boolean {
    if (!this.t.live) return false;
    const c = this.t.pop(RX);
    if (!c) return false;
    if (c.writableBytes === 0) {
      this.t.fail('receive buffer with no device-writable space');
      return false;
    }
    this.one[0] = byte;
    if (!c.write(this.t.dma, this.one)) {
      this.t.fail('receive buffer outside guest RAM');
      return false;
    }
    this.t.complete(RX, c, 1);
    return true;
  }

  configRead(_offset: number, _size: AccessSize): number {
    return 0; // cols, rows, max_nr_ports, emerg_wr: no feature offers them
  }

  configWrite(): void {}

  notify(queue: number): void {
    if (queue === RX) {
      this.port.notifyRoom();
      return;
    }
    for (let c = this.t.pop(TX); c; c = this.t.pop(TX)) {
      const data = c.readAll(this.t.dma);
      if (!data) return this.t.fail('transmit buffer outside guest RAM');
      for (let i = 0; i < data.length; i++) this.port.send(data[i]!);
      this.t.complete(TX, c, 0);
    }
  }

  driverOk(): void {
    this.port.notifyRoom();
  }

  reset(): void {}

  save(): unknown {
    return null; // all state is in the queues
  }

  restore(): void {}
}
