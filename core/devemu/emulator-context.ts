// The EmulatorContext the core hands each device at probe (Xvisor's
// vmm_emudev plus the services around it): node attributes, interrupt lines
// into the guest's IrqRouter, the guest clock, DMA into the address space,
// the vserial port, the seeded random source, logging and guest requests.

import type {
  CharPort, DmaMemory, EmuClock, EmuLog, EmulatorContext, InterruptSink, IrqLine, LogKind, VcpuIrqInputs,
} from './emulator.ts';
import type { RegionDesc } from '../devtree/guest-desc.ts';
import type { IrqRouter } from './irq-router.ts';

/** What a guest provides to the contexts of its devices. */
export interface DevEmuHost {
  readonly guestName: string;
  readonly vcpuCount: number;
  readonly clock: EmuClock;
  readonly dma: DmaMemory;
  readonly irqs: IrqRouter;
  readonly vcpuIrq: readonly VcpuIrqInputs[];
  charPort(nodeName: string): CharPort;
  random(): number;
  log(kind: LogKind, node: string, message: string): void;
  requestReset(): void;
  requestPowerOff(): void;
  service<T>(kind: string, name: string): T | undefined;
}

export class GuestEmulatorContext implements EmulatorContext {
  readonly guestName: string;
  readonly nodePath: string;
  readonly nodeName: string;
  readonly base: number;
  readonly size: number;
  readonly interrupts: readonly number[];
  readonly clock: EmuClock;
  readonly dma: DmaMemory;
  readonly vcpuCount: number;
  readonly vcpuIrq: readonly VcpuIrqInputs[];
  readonly log: EmuLog;
  /** Log counts by kind for this device. */
  readonly logCounts = [0, 0, 0];
  private port: CharPort | null = null;

  constructor(
    private readonly host: DevEmuHost,
    private readonly region: RegionDesc,
  ) {
    this.guestName = host.guestName;
    this.nodePath = region.path;
    this.nodeName = region.name;
    this.base = region.guestPhysicalAddr;
    this.size = region.physicalSize;
    this.interrupts = region.interrupts;
    this.clock = host.clock;
    this.dma = host.dma;
    this.vcpuCount = host.vcpuCount;
    this.vcpuIrq = host.vcpuIrq;
    this.log = {
      log: (kind: LogKind, message: string) => {
        this.logCounts[kind] = (this.logCounts[kind] ?? 0) + 1;
        host.log(kind, region.path, message);
      },
    };
  }

  attrU32(name: string): number | undefined {
    const v = this.region.attrs.get(name);
    if (v === undefined || v.length < 4 || v.length % 4 !== 0) return undefined;
    return ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0;
  }

  attrString(name: string): string | undefined {
    const v = this.region.attrs.get(name);
    if (v === undefined || v.length === 0) return undefined;
    const end = v.indexOf(0);
    return new TextDecoder().decode(end < 0 ? v : v.subarray(0, end));
  }

  irq(n: number): IrqLine {
    return this.host.irqs.line(n, -1, `${this.nodePath}: `);
  }

  charPort(): CharPort {
    if (this.port === null) this.port = this.host.charPort(this.nodeName);
    return this.port;
  }

  random(): number {
    return this.host.random();
  }

  requestGuestReset(): void {
    this.host.requestReset();
  }

  requestGuestPowerOff(): void {
    this.host.requestPowerOff();
  }

  service<T>(kind: string, name: string): T | undefined {
    return this.host.service<T>(kind, name);
  }

  setInterruptSink(sink: InterruptSink): void {
    this.host.irqs.setSink(sink, this.nodePath);
  }
}
