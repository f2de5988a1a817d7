// The shapes shared by every guest-visible device (emulators/*) and the core
// that probes and wires them (Xvisor's vmm_emulator / vmm_emudev). Emulators
// import only this file (and core/devtree's node type); the core implements
// the context objects. See shared/design/ARCHITECTURE.md "Interfaces".

/** One interrupt wire. Level-sensitive: set(1) asserts, set(0) deasserts. */
export interface IrqLine {
  set(level: number): void;
}

/** A one-shot event on the core's timer queue, in virtual nanoseconds. */
export interface EmuTimer {
  /** Fire handler at absolute virtual time `ns` (replaces any pending expiry). */
  startAt(ns: number): void;
  /** Fire handler `deltaNs` after now. */
  startIn(deltaNs: number): void;
  stop(): void;
  readonly pending: boolean;
  /** Absolute expiry of the pending event (meaningless when !pending). */
  readonly expiry: number;
}

/** Virtual time as seen by devices: exact at the moment of an MMIO access. */
export interface EmuClock {
  nowNs(): number;
  createTimer(name: string, handler: () => void): EmuTimer;
}

/** Guest-physical memory as a DMA master (virtio, framebuffer) sees it. */
export interface DmaMemory {
  /** Copies guest RAM into dst; false when any byte is outside guest RAM. */
  read(gpa: number, dst: Uint8Array): boolean;
  /** Copies src into guest RAM; false when any byte is outside guest RAM. */
  write(gpa: number, src: Uint8Array): boolean;
}

/** Character back end of a UART: the guest's end of a vserial. */
export interface CharPort {
  /** Bytes the guest transmits. */
  send(byte: number): void;
  /** The UART installs this to receive bytes from the host side. Return false when the UART cannot take the byte now (FIFO full): the sender retries after onRoom. */
  setReceiver(rx: (byte: number) => boolean): void;
  /** The UART calls this when it has room again for received bytes. */
  notifyRoom(): void;
}

export const enum LogKind {
  /** The guest did something the device's specification calls wrong. */
  GuestError = 0,
  /** The guest used something this emulator does not model. */
  Unimplemented = 1,
  Info = 2,
}

export interface EmuLog {
  log(kind: LogKind, message: string): void;
}

/** What a device's probe gets from the core. */
export interface EmulatorContext {
  readonly guestName: string;
  /** Path of the region node in the guest tree, e.g. /guests/guest0/aspace/uart0 */
  readonly nodePath: string;
  readonly nodeName: string;
  /** Region base and size in guest physical address space. */
  readonly base: number;
  readonly size: number;
  /** Emulator-specific attributes of the node (fifo_size, virtio_type, ...). */
  attrU32(name: string): number | undefined;
  attrString(name: string): string | undefined;
  /** The node's `interrupts` list (guest IRQ numbers). */
  readonly interrupts: readonly number[];
  /** Output wire to the guest's interrupt controller for guest irq number n. */
  irq(n: number): IrqLine;
  readonly clock: EmuClock;
  readonly dma: DmaMemory;
  /** Number of vcpus of the guest (for per-CPU banked devices). */
  readonly vcpuCount: number;
  /** A vserial port named `<guest>/<nodeName>` for UARTs. */
  charPort(): CharPort;
  /** Deterministic random source of the simulation. */
  random(): number;
  readonly log: EmuLog;
  /** Ask the core to reset / power off the guest (board sysregs, watchdog, PSCI). */
  requestGuestReset(): void;
  requestGuestPowerOff(): void;
  /** Interrupt controllers register their per-vcpu outputs here. */
  readonly vcpuIrq: readonly VcpuIrqInputs[];
  /** Host-provided services by name (block devices, network switches); undefined when absent. */
  service<T>(kind: string, name: string): T | undefined;
  /**
   * The guest's interrupt controller registers itself here so that every
   * irq(n) line of the guest ends in it (levels set before registration are
   * replayed). Optional so that test contexts need not provide it; the core
   * always does.
   */
  setInterruptSink?(sink: InterruptSink): void;
}

/** Where the guest's interrupt lines end: the pic emulator (GIC, VIC). vcpu selects banked PPIs. */
export interface InterruptSink {
  setLevel(irq: number, level: number, vcpu?: number): void;
}

/** The interrupt inputs of one vcpu, driven by the guest's interrupt controller. */
export interface VcpuIrqInputs {
  readonly irq: IrqLine;
  readonly fiq: IrqLine;
  /** Virtual IRQ/FIQ lines of the virtualization extensions (GICv2 vCPU interface). */
  readonly virq: IrqLine;
  readonly vfiq: IrqLine;
}

/** Access widths in bytes a device accepts; the bus splits or refuses others. */
export type AccessSize = 1 | 2 | 4 | 8;

export interface EmuDevice {
  /** Width in bytes of the accesses accepted (data, not code: the bus checks it). */
  readonly accessSizes: readonly AccessSize[];
  /** Offset from the region base; for size 8 the value is returned as lo/hi halves in hi32. */
  read(offset: number, size: AccessSize, vcpu?: number): number;
  /** `vcpu` is the accessing vcpu's index in its guest (banked registers); -1 for non-CPU masters. */
  write(offset: number, size: AccessSize, value: number, vcpu?: number): void;
  reset(): void;
  save(): EmuState;
  restore(state: EmuState): void;
  /** Optional: high 32 bits of the last 64-bit read / next 64-bit write. */
  hi32?: number;
  /** Optional: called when the device is removed (guest destroyed). */
  remove?(): void;
  /**
   * Optional, for emulators that declare cpuSysregs: the system-register
   * handler of vcpu n (a GICv3's ICC_*_EL1), which the core puts behind that
   * vcpu's CpuEnv.gicSysreg once the device is probed.
   */
  sysregInterface?(vcpu: number): CpuSysregHandler;
}

/** System registers a device serves to a CPU; reads leave the value in lo/hi. */
export interface CpuSysregHandler {
  read(op0: number, op1: number, crn: number, crm: number, op2: number): boolean;
  write(op0: number, op1: number, crn: number, crm: number, op2: number, lo: number, hi: number): boolean;
  readonly lo: number;
  readonly hi: number;
}

/** A versioned plain object, validated on restore. */
export interface EmuState {
  readonly version: number;
  readonly [field: string]: unknown;
}

export interface Emulator {
  readonly name: string;
  /** device_type (class) this emulator serves: serial, pic, timer, rtc, sys, virtio, ... */
  readonly deviceType: string;
  /** Compatible strings, each with variant data handed to probe. */
  readonly compatible: readonly { readonly compatible: string; readonly data?: unknown }[];
  /** Config symbol that builds this emulator (e.g. CONFIG_EMU_SERIAL_PL011). */
  readonly configSymbol: string;
  /**
   * The device serves CPU system registers (a GICv3's ICC_*_EL1): vcpus of
   * a guest that has one get a CpuEnv.gicSysreg, filled by sysregInterface.
   */
  readonly cpuSysregs?: boolean;
  probe(ctx: EmulatorContext, data: unknown): EmuDevice;
}

/** Thrown by restore() when a state object is malformed or of another version. */
export class EmuStateError extends Error {
  override name = 'EmuStateError';
}
