// virtio entropy device, per VIRTIO 1.2, 5.4 "Entropy Device": one request
// queue whose device-writable buffers are filled with random bytes. The bytes
// come from ctx.random(), the simulation's seeded source, so runs repeat.

import type { AccessSize, EmulatorContext } from '../../core/devemu/emulator.ts';
import { DeviceId } from './regs.ts';
import type { VirtioBackend, VirtioTransport } from './mmio.ts';

const QUEUE_SIZE = 64;
/** A request never needs more than a page or so; larger chains are refused. */
const MAX_CHAIN = 64 * 1024;

export class VirtioRng implements VirtioBackend {
  readonly deviceId = DeviceId.Entropy;
  readonly featuresLo = 0;
  readonly featuresHi = 0;
  readonly queueSizes = [QUEUE_SIZE];
  readonly maxChainBytes = MAX_CHAIN;
  private t!: VirtioTransport;

  constructor(private readonly ctx: EmulatorContext) {}

  attach(t: VirtioTransport): void {
    this.t = t;
  }

  configRead(_offset: number, _size: AccessSize): number {
    return 0; // no configuration space
  }

  configWrite(): void {}

  notify(_queue: number): void {
    for (let c = this.t.pop(0); c; c = this.t.pop(0)) {
      const bytes = new Uint8Array(c.writableBytes);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(this.ctx.random() * 256);
      if (!c.write(this.t.dma, bytes)) return this.t.fail('entropy buffer outside guest RAM');
      this.t.complete(0, c, bytes.length);
    }
  }

  driverOk(): void {}
  reset(): void {}
  save(): unknown {
    return null;
  }
  restore(): void {}
}
