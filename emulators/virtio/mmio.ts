// The virtio-mmio transport (`virtio,mmio`), per VIRTIO 1.2, 4.2 "Virtio
// Over MMIO": version 2 (modern) by default, version 1 (legacy, 4.2.4) when
// the node says `virtio_version = <1>`. `virtio_type` picks the device: 1
// net, 2 block, 3 console, 4 entropy, 7 rpmsg, 18 input; 0 (or none) is an empty slot whose
// DeviceID reads 0, as the 32 slots of QEMU's virt board that guests probe.
//
// Connects: one MMIO window (0x200), one interrupt (ctx.interrupts[0]): the
// line is high while InterruptStatus is non-zero (the board declares it
// edge-triggered; a new used buffer after an InterruptACK makes a new edge).
// Feature negotiation per 3.1.1: FEATURES_OK stays clear when the driver
// accepts bits the device did not offer or (modern) omits VIRTIO_F_VERSION_1.
// A malformed queue sets DEVICE_NEEDS_RESET with a configuration change
// interrupt and stops the device until the driver resets it (2.1.2).
// Not modelled: shared memory regions (SHMLen reads all ones: none), packed
// virtqueues, indirect descriptors and event index (none are offered).

import type { AccessSize, DmaMemory, EmuDevice, EmuState, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32 } from '../common/state.ts';
import {
  DeviceId, F_HI_VERSION_1, INT_CONFIG_CHANGE, INT_USED_BUFFER, MAGIC, Reg, STATUS_DEVICE_NEEDS_RESET, STATUS_DRIVER_OK,
  STATUS_FEATURES_OK, VENDOR_QEMU,
} from './regs.ts';
import { Virtqueue, VirtqError, type Chain } from './virtqueue.ts';

/** What a device backend sees of its transport. */
export interface VirtioTransport {
  readonly dma: DmaMemory;
  readonly legacy: boolean;
  /** Negotiated feature words. */
  readonly featuresLo: number;
  readonly featuresHi: number;
  queue(n: number): Virtqueue;
  /** Takes the next chain of queue n, handling malformed ones (NEEDS_RESET). */
  pop(n: number): Chain | undefined;
  /** Returns a used buffer and raises the interrupt unless suppressed. */
  complete(n: number, chain: Chain, written: number): void;
  /** The driver broke the protocol: DEVICE_NEEDS_RESET. */
  fail(message: string): void;
  /** DRIVER_OK is set and the device does not need a reset. */
  readonly live: boolean;
  readonly log: (kind: LogKind, message: string) => void;
}

export interface VirtioBackend {
  readonly deviceId: number;
  /** Device feature bits 0..31 and 32..63 (VIRTIO_F_VERSION_1 is added by the transport). */
  readonly featuresLo: number;
  readonly featuresHi: number;
  /** QueueNumMax of each queue. */
  readonly queueSizes: readonly number[];
  /** Largest descriptor chain the device accepts, in bytes. */
  readonly maxChainBytes: number;
  attach(t: VirtioTransport): void;
  configRead(offset: number, size: AccessSize): number;
  configWrite(offset: number, size: AccessSize, value: number): void;
  notify(queue: number): void;
  /** Called when the driver sets DRIVER_OK. */
  driverOk(): void;
  reset(): void;
  save(): unknown;
  restore(s: unknown): void;
  remove?(): void;
}

const STATE_VERSION = 1;

export class VirtioMmio implements EmuDevice, VirtioTransport {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  readonly legacy: boolean;
  readonly dma: DmaMemory;
  private readonly queues: Virtqueue[];
  private status = 0;
  private interruptStatus = 0;
  private deviceFeaturesSel = 0;
  private driverFeaturesSel = 0;
  private driverLo = 0;
  private driverHi = 0;
  private queueSel = 0;
  private guestPageSize = 4096;
  private queueAlign = 4096;
  private level = -1;

  constructor(private readonly ctx: EmulatorContext, private readonly backend: VirtioBackend | undefined, private readonly line: IrqLine | undefined) {
    const version = ctx.attrU32('virtio_version') ?? 2;
    if (version !== 1 && version !== 2) throw new Error(`${ctx.nodePath}: virtio_version ${version} is neither 1 (legacy) nor 2`);
    this.legacy = version === 1;
    this.dma = ctx.dma;
    this.queues = (backend?.queueSizes ?? []).map((n) => new Virtqueue(ctx.dma, n, backend!.maxChainBytes));
    backend?.attach(this);
    this.updateIrq();
  }

  get featuresLo(): number {
    return this.driverLo;
  }
  get featuresHi(): number {
    return this.driverHi;
  }
  get live(): boolean {
    return (this.status & STATUS_DRIVER_OK) !== 0 && !(this.status & STATUS_DEVICE_NEEDS_RESET);
  }
  readonly log = (kind: LogKind, message: string): void => this.ctx.log.log(kind, `${this.ctx.nodePath}: ${message}`);

  queue(n: number): Virtqueue {
    return this.queues[n]!;
  }

  private offeredHi(): number {
    return ((this.backend?.featuresHi ?? 0) | (this.legacy ? 0 : F_HI_VERSION_1)) >>> 0;
  }

  pop(n: number): Chain | undefined {
    if (!this.live) return undefined;
    const r = this.queues[n]!.pop();
    if (r instanceof VirtqError) {
      this.fail(`queue ${n}: ${r.message}`);
      return undefined;
    }
    return r;
  }

  complete(n: number, chain: Chain, written: number): void {
    const q = this.queues[n]!;
    if (!q.push(chain.head, written)) {
      this.fail(`queue ${n}: used ring at 0x${q.usedAddr.toString(16)} is outside guest RAM`);
      return;
    }
    if (q.wantsInterrupt()) {
      this.interruptStatus |= INT_USED_BUFFER;
      this.updateIrq();
    }
  }

  fail(message: string): void {
    this.log(LogKind.GuestError, `${message}; device needs reset`);
    if (this.legacy) {
      // Legacy devices have no NEEDS_RESET bit: they stop using the queues.
      this.status &= ~STATUS_DRIVER_OK;
      return;
    }
    this.status |= STATUS_DEVICE_NEEDS_RESET;
    this.interruptStatus |= INT_CONFIG_CHANGE;
    this.updateIrq();
  }

  private updateIrq(): void {
    const l = this.interruptStatus ? 1 : 0;
    if (l !== this.level) {
      this.level = l;
      this.line?.set(l);
    }
  }

  private guestError(msg: string): void {
    this.log(LogKind.GuestError, msg);
  }

  read(offset: number, size: AccessSize): number {
    if (offset >= Reg.Config) {
      if (!this.backend) return 0;
      return this.backend.configRead(offset - Reg.Config, size);
    }
    if (size !== 4) {
      this.guestError(`${size}-byte read of register 0x${offset.toString(16)} (word access only)`);
      return 0;
    }
    const q = this.queues[this.queueSel];
    switch (offset) {
      case Reg.MagicValue:
        return MAGIC;
      case Reg.Version:
        return this.legacy ? 1 : 2;
      case Reg.DeviceID:
        return this.backend?.deviceId ?? DeviceId.None;
      case Reg.VendorID:
        return VENDOR_QEMU;
    }
    if (!this.backend) return 0; // an empty slot: nothing behind the ID registers
    switch (offset) {
      case Reg.DeviceFeatures:
        if (this.deviceFeaturesSel === 0) return this.backend.featuresLo >>> 0;
        return this.deviceFeaturesSel === 1 && !this.legacy ? this.offeredHi() : 0;
      case Reg.QueueNumMax:
        return q ? q.maxNum : 0;
      case Reg.QueueNum:
        return q?.num ?? 0;
      case Reg.QueueReady:
        return this.legacy ? this.readOnlyInLegacy(offset) : q?.ready ?? 0;
      case Reg.QueuePFN:
        return this.legacy ? q?.pfn ?? 0 : this.modernOnly(offset);
      case Reg.InterruptStatus:
        return this.interruptStatus;
      case Reg.Status:
        return this.status;
      case Reg.QueueDescLow:
        return (q?.descAddr ?? 0) >>> 0;
      case Reg.QueueDescHigh:
        return Math.floor((q?.descAddr ?? 0) / 2 ** 32);
      case Reg.QueueDriverLow:
        return (q?.availAddr ?? 0) >>> 0;
      case Reg.QueueDriverHigh:
        return Math.floor((q?.availAddr ?? 0) / 2 ** 32);
      case Reg.QueueDeviceLow:
        return (q?.usedAddr ?? 0) >>> 0;
      case Reg.QueueDeviceHigh:
        return Math.floor((q?.usedAddr ?? 0) / 2 ** 32);
      case Reg.SHMSel + 4:
      case Reg.SHMSel + 8:
        return 0xffffffff; // SHMLenLow/High: no shared memory region
      case Reg.ConfigGeneration:
        return 0;
    }
    this.guestError(`read of write-only or reserved register 0x${offset.toString(16)}`);
    return 0;
  }

  private readOnlyInLegacy(offset: number): number {
    this.guestError(`register 0x${offset.toString(16)} does not exist in legacy virtio-mmio`);
    return 0;
  }

  private modernOnly(offset: number): number {
    this.guestError(`legacy register 0x${offset.toString(16)} used on a version 2 device`);
    return 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    const v = value >>> 0;
    if (offset >= Reg.Config) {
      if (this.backend) this.backend.configWrite(offset - Reg.Config, size, v);
      return;
    }
    if (size !== 4) {
      this.guestError(`${size}-byte write of register 0x${offset.toString(16)} (word access only)`);
      return;
    }
    if (!this.backend) {
      this.guestError(`write to register 0x${offset.toString(16)} of an empty slot`);
      return;
    }
    const q = this.queues[this.queueSel];
    switch (offset) {
      case Reg.DeviceFeaturesSel:
        this.deviceFeaturesSel = v;
        return;
      case Reg.DriverFeaturesSel:
        this.driverFeaturesSel = v;
        return;
      case Reg.DriverFeatures:
        if (this.status & STATUS_FEATURES_OK) {
          this.guestError('DriverFeatures written after FEATURES_OK');
          return;
        }
        if (this.driverFeaturesSel === 0) this.driverLo = v;
        else if (this.driverFeaturesSel === 1) this.driverHi = v;
        return;
      case Reg.GuestPageSize:
        if (!this.legacy) return void this.modernOnly(offset);
        this.guestPageSize = v;
        return;
      case Reg.QueueSel:
        this.queueSel = v;
        return;
      case Reg.QueueNum:
        if (!q) return void this.guestError(`QueueNum for queue ${this.queueSel}, which does not exist`);
        // Split virtqueue sizes are powers of two (2.7).
        if (v === 0 || v > q.maxNum || (v & (v - 1)) !== 0) {
          this.guestError(`QueueNum ${v} for queue ${this.queueSel} is not a power of two in 1..${q.maxNum}`);
          return;
        }
        q.num = v;
        return;
      case Reg.QueueAlign:
        if (!this.legacy) return void this.modernOnly(offset);
        if (v === 0 || (v & (v - 1)) !== 0) return void this.guestError(`QueueAlign ${v} is not a power of two`);
        this.queueAlign = v;
        return;
      case Reg.QueuePFN:
        if (!this.legacy) return void this.modernOnly(offset);
        if (!q) return void this.guestError(`QueuePFN for queue ${this.queueSel}, which does not exist`);
        if (q.num === 0) q.num = q.maxNum;
        q.setLegacyLayout(v, this.guestPageSize, this.queueAlign);
        return;
      case Reg.QueueReady:
        if (this.legacy) return void this.readOnlyInLegacy(offset);
        if (!q) return void this.guestError(`QueueReady for queue ${this.queueSel}, which does not exist`);
        if ((v & 1) && q.num === 0) q.num = q.maxNum;
        q.ready = v & 1;
        return;
      case Reg.QueueNotify:
        if (v >= this.queues.length) return void this.guestError(`QueueNotify for queue ${v}, which does not exist`);
        if (this.live) this.backend.notify(v);
        return;
      case Reg.InterruptACK:
        this.interruptStatus &= ~v;
        this.updateIrq();
        return;
      case Reg.Status:
        this.writeStatus(v);
        return;
      case Reg.QueueDescLow:
      case Reg.QueueDescHigh:
      case Reg.QueueDriverLow:
      case Reg.QueueDriverHigh:
      case Reg.QueueDeviceLow:
      case Reg.QueueDeviceHigh:
        if (this.legacy) return void this.readOnlyInLegacy(offset);
        if (!q) return void this.guestError(`queue address for queue ${this.queueSel}, which does not exist`);
        if (q.ready) return void this.guestError(`queue ${this.queueSel} address written while QueueReady`);
        this.setQueueAddr(q, offset, v);
        return;
      case Reg.SHMSel:
        return;
    }
    this.guestError(`write 0x${v.toString(16)} to read-only or reserved register 0x${offset.toString(16)}`);
  }

  private setQueueAddr(q: Virtqueue, offset: number, v: number): void {
    const set = (old: number, high: boolean) => (high ? v * 2 ** 32 + (old % 2 ** 32) : Math.floor(old / 2 ** 32) * 2 ** 32 + v);
    const high = (offset & 4) !== 0;
    if (offset <= Reg.QueueDescHigh) q.descAddr = set(q.descAddr, high);
    else if (offset <= Reg.QueueDriverHigh) q.availAddr = set(q.availAddr, high);
    else q.usedAddr = set(q.usedAddr, high);
  }

  private writeStatus(v: number): void {
    if (v === 0) {
      this.reset();
      return;
    }
    let s = v & 0xff;
    if (s & STATUS_FEATURES_OK && !(this.status & STATUS_FEATURES_OK)) {
      const okLo = (this.driverLo & ~(this.backend!.featuresLo >>> 0)) === 0;
      const okHi = (this.driverHi & ~this.offeredHi()) === 0;
      const v1 = this.legacy || (this.driverHi & F_HI_VERSION_1) !== 0;
      if (!okLo || !okHi || !v1) {
        this.guestError(`driver features 0x${this.driverHi.toString(16)}_${this.driverLo.toString(16)} not acceptable${v1 ? '' : ' (no VIRTIO_F_VERSION_1)'}`);
        s &= ~STATUS_FEATURES_OK;
      }
    }
    // DEVICE_NEEDS_RESET is the device's to set; the driver cannot clear it.
    s = (s & ~STATUS_DEVICE_NEEDS_RESET) | (this.status & STATUS_DEVICE_NEEDS_RESET);
    const becameOk = s & STATUS_DRIVER_OK && !(this.status & STATUS_DRIVER_OK);
    this.status = s;
    if (becameOk && this.live) this.backend!.driverOk();
  }

  reset(): void {
    this.status = 0;
    this.interruptStatus = 0;
    this.deviceFeaturesSel = 0;
    this.driverFeaturesSel = 0;
    this.driverLo = 0;
    this.driverHi = 0;
    this.queueSel = 0;
    this.guestPageSize = 4096;
    this.queueAlign = 4096;
    for (const q of this.queues) q.reset();
    this.backend?.reset();
    this.updateIrq();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION,
      status: this.status, interruptStatus: this.interruptStatus, deviceFeaturesSel: this.deviceFeaturesSel,
      driverFeaturesSel: this.driverFeaturesSel, driverLo: this.driverLo, driverHi: this.driverHi, queueSel: this.queueSel,
      guestPageSize: this.guestPageSize, queueAlign: this.queueAlign,
      queues: this.queues.map((q) => q.save()),
      device: this.backend?.save() ?? null,
    };
  }

  restore(s: EmuState): void {
    const d = 'virtio-mmio';
    checkVersion(s, d, STATE_VERSION);
    const f = ['status', 'interruptStatus', 'deviceFeaturesSel', 'driverFeaturesSel', 'driverLo', 'driverHi', 'queueSel', 'guestPageSize', 'queueAlign'].map(
      (k) => stateU32(s, d, k),
    );
    const qs = s.queues;
    if (!Array.isArray(qs) || qs.length !== this.queues.length) throw new Error(`${d}: state has ${Array.isArray(qs) ? qs.length : 'no'} queues, device has ${this.queues.length}`);
    qs.forEach((q, i) => this.queues[i]!.restore(q as Record<string, unknown>));
    [this.status, this.interruptStatus, this.deviceFeaturesSel, this.driverFeaturesSel, this.driverLo, this.driverHi, this.queueSel, this.guestPageSize, this.queueAlign] =
      f as [number, number, number, number, number, number, number, number, number];
    this.backend?.restore(s.device);
    this.updateIrq();
  }

  remove(): void {
    this.backend?.remove?.();
  }
}

/** Makes the device for a virtio_type; undefined for 0 (an empty slot). */
export type VirtioBackendFactory = (ctx: EmulatorContext) => VirtioBackend;

export function virtioMmioEmulator(factories: Readonly<Record<number, VirtioBackendFactory>>): Emulator {
  return {
    name: 'virtio-mmio',
    deviceType: 'virtio',
    compatible: [{ compatible: 'virtio,mmio' }],
    configSymbol: 'CONFIG_EMU_VIRTIO_MMIO',
    probe(ctx: EmulatorContext): EmuDevice {
      const type = ctx.attrU32('virtio_type') ?? 0;
      let backend: VirtioBackend | undefined;
      if (type !== 0) {
        const make = factories[type];
        if (!make) throw new Error(`${ctx.nodePath}: virtio_type ${type} is not built in (1 net, 2 block, 3 console, 4 rng, 7 rpmsg, 18 input)`);
        backend = make(ctx);
      }
      const n = ctx.interrupts[0];
      return new VirtioMmio(ctx, backend, n === undefined ? undefined : ctx.irq(n));
    },
  };
}
