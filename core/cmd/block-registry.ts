// Host block devices as the `blockdev` and `vdisk` commands manage them.
// Each `blockdev add <name>` registers, as host service ('block', name), a
// routing disk that a guest's virtio-blk (blkdev = "<name>") reaches. The
// route normally leads to the device of the same name; `vdisk detach`
// empties it (I/O then fails, as with pulled media) and `vdisk attach`
// points it at another host device of the same size (the guest read the
// capacity at probe and cannot be told of a change). Hypervisor services
// cannot be unregistered, so a removed device leaves its routing disk
// behind, empty, and a later `blockdev add` of that name fills it again.

import type { HostBlockDevice } from './context.ts';
import type { Hypervisor } from '../hypervisor.ts';

export const BLOCK_SERVICE = 'block';

export class RoutedDisk {
  /** Host device name I/O goes to; null when detached. */
  route: string | null;
  readonly capacity: number;
  readonly serial: string;

  constructor(
    readonly name: string,
    private readonly reg: BlockRegistry,
    first: HostBlockDevice,
  ) {
    this.route = name;
    this.capacity = first.sizeBytes;
    this.serial = first.serial;
  }

  get target(): HostBlockDevice | undefined {
    return this.route === null ? undefined : this.reg.devices.get(this.route);
  }

  get sizeBytes(): number {
    return this.capacity;
  }

  get readOnly(): boolean {
    return this.target?.readOnly ?? true;
  }

  read(offset: number, dst: Uint8Array, done: (ok: boolean) => void): void {
    const t = this.target;
    if (!t) done(false);
    else t.read(offset, dst, done);
  }

  write(offset: number, src: Uint8Array, done: (ok: boolean) => void): void {
    const t = this.target;
    if (!t) done(false);
    else t.write(offset, src, done);
  }

  flush(done: (ok: boolean) => void): void {
    const t = this.target;
    if (!t) done(false);
    else t.flush(done);
  }
}

export class BlockRegistry {
  readonly devices = new Map<string, HostBlockDevice>();
  readonly disks = new Map<string, RoutedDisk>();

  constructor(private readonly hv: Hypervisor) {}

  /** Adds an opened device; throws (and closes it) when the name is taken. */
  add(dev: HostBlockDevice): void {
    const fail = (m: string): never => {
      dev.close();
      throw new Error(m);
    };
    if (this.devices.has(dev.name)) fail(`blockdev ${dev.name} exists already`);
    const disk = this.disks.get(dev.name);
    if (disk === undefined) {
      if (this.hv.service(BLOCK_SERVICE, dev.name) !== undefined) fail(`block service ${dev.name} is registered by another driver`);
      const d = new RoutedDisk(dev.name, this, dev);
      this.hv.registerService(BLOCK_SERVICE, dev.name, d);
      this.disks.set(dev.name, d);
    } else if (disk.route === null && disk.capacity !== dev.sizeBytes) {
      fail(`blockdev ${dev.name}: 0x${dev.sizeBytes.toString(16)} bytes, but guests know this name as 0x${disk.capacity.toString(16)} bytes`);
    }
    this.devices.set(dev.name, dev);
    if (disk !== undefined && disk.route === null) disk.route = dev.name;
  }

  /** Routing disks that lead to `name`. */
  routesTo(name: string): RoutedDisk[] {
    return [...this.disks.values()].filter((d) => d.route === name);
  }
}

const registries = new WeakMap<Hypervisor, BlockRegistry>();

export function blockRegistry(hv: Hypervisor): BlockRegistry {
  let r = registries.get(hv);
  if (!r) registries.set(hv, (r = new BlockRegistry(hv)));
  return r;
}
