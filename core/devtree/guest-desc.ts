// The typed form of a guest description (Xvisor's guest tree under
// /guests/<name>), produced by core/devtree/guest-parse.ts and consumed by
// core/manager. See shared/design/XVISOR.md "Guest description".

export type ManifestType = 'real' | 'virtual' | 'alias';
export type AddressType = 'memory' | 'io';

export interface VcpuDesc {
  /** Node name, e.g. vcpu0. */
  readonly name: string;
  /** Path of the node in the tree, for error messages. */
  readonly path: string;
  /** First compatible string, e.g. "armv8,generic" or "armv7a,cortex-a15". */
  readonly compatible: string;
  readonly startPc: number;
  readonly priority?: number;
  readonly timeSliceNs?: number;
  /** Host CPU affinity mask (bit n = host cpu n); undefined = any. */
  readonly affinity?: number;
  /** Secondary vcpu that waits for PSCI CPU_ON (not kicked with the guest). */
  readonly poweroff: boolean;
  readonly gentimerVirtIrq?: number;
  readonly gentimerPhysIrq?: number;
}

export interface RegionDesc {
  readonly name: string;
  readonly path: string;
  readonly manifestType: ManifestType;
  readonly addressType: AddressType;
  readonly deviceType: string;
  readonly compatible?: string;
  readonly guestPhysicalAddr: number;
  readonly physicalSize: number;
  readonly hostPhysicalAddr?: number;
  readonly aliasPhysicalAddr?: number;
  readonly alignOrder?: number;
  readonly mapOrder?: number;
  readonly interrupts: readonly number[];
  /** Every attribute of the node, for emulator-specific ones (fifo_size, virtio_type, ...). */
  readonly attrs: ReadonlyMap<string, Uint8Array>;
}

export interface GuestDesc {
  readonly name: string;
  /** Path of the guest node, e.g. /guests/guest0. */
  readonly path: string;
  readonly model?: string;
  readonly endianness: 'little' | 'big';
  readonly psciVersion?: string;
  /** Guest interrupt count from aspace/guest_irq_count. */
  readonly guestIrqCount?: number;
  readonly vcpus: readonly VcpuDesc[];
  readonly regions: readonly RegionDesc[];
  /** aliases node: alias name -> absolute path inside the guest tree. */
  readonly aliases: ReadonlyMap<string, string>;
}

/** A guest tree that cannot be turned into a guest; names guest and node. */
export class GuestDescError extends Error {
  override name = 'GuestDescError';
  constructor(readonly guest: string, readonly node: string, message: string) {
    super(`guest ${guest}: ${node}: ${message}`);
  }
}
