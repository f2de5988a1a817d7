// Device emulation of one guest (Xvisor's vmm_devemu): probes an emulator
// for every device region by compatible, dispatches MMIO by width, confines
// emulator exceptions to the access (a bus fault for the guest, a log line
// for the host), resets, removes, saves and restores devices.
//
// Width policy, in this one place (STYLE.md "The shapes"): an access the
// device accepts goes straight through; a wider one is split into the largest
// accepted width (little-endian order); a narrower read is widened to the
// smallest accepted width and the bytes extracted; a narrower write, an
// unaligned access, or one past the region end is refused as a bus fault.

import { BusFault } from '../aspace/guest-bus.ts';
import type { GuestAspace, MmioDispatch } from '../aspace/guest-aspace.ts';
import { GuestDescError, type GuestDesc } from '../devtree/guest-desc.ts';
import { LogKind, type AccessSize, type EmuDevice, type EmuState, type Emulator } from './emulator.ts';
import { GuestEmulatorContext, type DevEmuHost } from './emulator-context.ts';
import type { EmulatorRegistry } from './registry.ts';

export interface DeviceStats {
  reads: number;
  writes: number;
  faults: number;
}

export class DeviceInstance {
  readonly sizeMask: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly stats: DeviceStats = { reads: 0, writes: 0, faults: 0 };
  constructor(
    readonly name: string,
    readonly path: string,
    readonly compatible: string,
    readonly base: number,
    readonly size: number,
    readonly emulator: Emulator,
    readonly dev: EmuDevice,
    readonly ctx: GuestEmulatorContext,
  ) {
    let mask = 0;
    for (const s of dev.accessSizes) mask |= s;
    if (mask === 0) mask = 4;
    this.sizeMask = mask;
    this.minSize = mask & -mask;
    this.maxSize = 1 << (31 - Math.clz32(mask));
  }
}

export class DevEmu implements MmioDispatch {
  readonly devices: DeviceInstance[] = [];
  /** Host-side log of confined emulator failures and refused accesses. */
  onFault: ((message: string) => void) | null = null;

  constructor(
    private readonly host: DevEmuHost,
    desc: GuestDesc,
    aspace: GuestAspace,
    registry: EmulatorRegistry,
  ) {
    for (const region of aspace.regions) {
      if (region.kind !== 'device') continue;
      const rd = region.desc;
      const compat = rd.compatible!;
      const match = registry.find(compat);
      if (match === undefined) {
        const sym = registry.symbolFor(compat);
        throw new GuestDescError(desc.name, rd.path, `no emulator for compatible "${compat}"` + (sym ? ` (enable ${sym})` : ' in this build'));
      }
      const ctx = new GuestEmulatorContext(host, rd);
      let dev: EmuDevice;
      try {
        dev = match.emulator.probe(ctx, match.data);
      } catch (err) {
        throw new GuestDescError(desc.name, rd.path, `emulator ${match.emulator.name} failed to probe: ${errText(err)}`);
      }
      region.deviceSlot = this.devices.length;
      this.devices.push(new DeviceInstance(rd.name, rd.path, compat, region.base, region.size, match.emulator, dev, ctx));
    }
    // An interrupt controller that offers setInput but did not register itself becomes the sink.
    if (!host.irqs.hasSink)
      for (const d of this.devices) {
        const candidate = d.dev as EmuDevice & { setInput?: (irq: number, level: number, vcpu?: number) => void };
        if (d.emulator.deviceType === 'pic' && typeof candidate.setInput === 'function') {
          const dev = candidate;
          host.irqs.setSink({ setLevel: (irq, level, vcpu) => dev.setInput!(irq, level, vcpu) }, d.path);
          break;
        }
      }
    aspace.dispatch = this;
  }

  read(slot: number, offset: number, size: AccessSize, vcpu: number, bus: GuestAspace): number {
    const d = this.devices[slot];
    d.stats.reads++;
    if (offset + size > d.size || offset % size !== 0) return this.refuse(d, 'read', offset, size, bus, offset % size !== 0 ? 'unaligned' : 'past the region end');
    if (d.sizeMask & size) {
      const v = this.call(d, offset, size, vcpu, bus);
      if (size === 8 && bus.fault === BusFault.None) bus.dataHi = (d.dev.hi32 ?? 0) >>> 0;
      return v;
    }
    const piece = largestBelow(d.sizeMask, size);
    if (piece > 0) {
      // Split: assemble little-endian pieces into lo/hi.
      let lo = 0, hi = 0;
      for (let at = 0; at < size; at += piece) {
        const v = this.call(d, offset + at, piece as AccessSize, vcpu, bus);
        if (bus.fault !== BusFault.None) return 0;
        if (at < 4) lo |= v << (at * 8);
        else hi |= v << ((at - 4) * 8);
      }
      bus.dataHi = hi >>> 0;
      return lo >>> 0;
    }
    // Widen: read the smallest accepted width around the access and extract.
    const w = d.minSize as AccessSize;
    const aligned = offset - (offset % w);
    const v = this.call(d, aligned, w, vcpu, bus);
    if (bus.fault !== BusFault.None) return 0;
    const sh = offset - aligned;
    const word = w === 8 && sh >= 4 ? (d.dev.hi32 ?? 0) : v;
    const byteShift = (sh % 4) * 8;
    return size === 4 ? word >>> 0 : (word >>> byteShift) & (size === 1 ? 0xff : 0xffff);
  }

  write(slot: number, offset: number, size: AccessSize, lo: number, hi: number, vcpu: number, bus: GuestAspace): void {
    const d = this.devices[slot];
    d.stats.writes++;
    if (offset + size > d.size || offset % size !== 0) {
      this.refuse(d, 'write', offset, size, bus, offset % size !== 0 ? 'unaligned' : 'past the region end');
      return;
    }
    if (d.sizeMask & size) {
      if (size === 8) d.dev.hi32 = hi >>> 0;
      this.callWrite(d, offset, size, lo, vcpu, bus);
      return;
    }
    const piece = largestBelow(d.sizeMask, size);
    if (piece === 0) {
      this.refuse(d, 'write', offset, size, bus, `width not accepted (device takes ${d.dev.accessSizes.join('/')}-byte accesses)`);
      return;
    }
    const mask = piece === 4 ? -1 : (1 << (piece * 8)) - 1;
    for (let at = 0; at < size; at += piece) {
      const v = at < 4 ? lo >>> (at * 8) : hi >>> ((at - 4) * 8);
      this.callWrite(d, offset + at, piece as AccessSize, v & mask, vcpu, bus);
      if (bus.fault !== BusFault.None) return;
    }
  }

  private call(d: DeviceInstance, offset: number, size: AccessSize, vcpu: number, bus: GuestAspace): number {
    try {
      return d.dev.read(offset, size, vcpu) >>> 0;
    } catch (err) {
      this.failed(d, 'read', offset, size, err, bus);
      return 0;
    }
  }

  private callWrite(d: DeviceInstance, offset: number, size: AccessSize, value: number, vcpu: number, bus: GuestAspace): void {
    try {
      d.dev.write(offset, size, value >>> 0, vcpu);
    } catch (err) {
      this.failed(d, 'write', offset, size, err, bus);
    }
  }

  private failed(d: DeviceInstance, op: string, offset: number, size: number, err: unknown, bus: GuestAspace): void {
    bus.fault = BusFault.DeviceError;
    d.stats.faults++;
    this.report(`${this.host.guestName}: ${d.name} (${d.compatible}) ${op} of ${size} bytes at 0x${(d.base + offset).toString(16)} failed: ${errText(err)}`);
  }

  private refuse(d: DeviceInstance, op: string, offset: number, size: number, bus: GuestAspace, why: string): number {
    bus.fault = BusFault.DeviceError;
    d.stats.faults++;
    d.ctx.logCounts[LogKind.GuestError]++;
    this.report(`${this.host.guestName}: ${d.name} (${d.compatible}) ${op} of ${size} bytes at 0x${(d.base + offset).toString(16)} refused: ${why}`);
    return 0;
  }

  private report(message: string): void {
    if (this.onFault !== null) this.onFault(message);
  }

  find(nameOrPath: string): DeviceInstance | undefined {
    return this.devices.find((d) => d.name === nameOrPath || d.path === nameOrPath);
  }

  /** Resets every device; a failing reset is reported and the others go on. */
  reset(): void {
    for (const d of this.devices) {
      try {
        d.dev.reset();
      } catch (err) {
        this.report(`${this.host.guestName}: ${d.name} (${d.compatible}) reset failed: ${errText(err)}`);
      }
    }
  }

  remove(): void {
    for (const d of this.devices) {
      try {
        d.dev.remove?.();
      } catch (err) {
        this.report(`${this.host.guestName}: ${d.name} (${d.compatible}) remove failed: ${errText(err)}`);
      }
    }
  }

  save(): { path: string; compatible: string; state: EmuState }[] {
    return this.devices.map((d) => ({ path: d.path, compatible: d.compatible, state: d.dev.save() }));
  }

  /** Restores device states by node path; errors name the node. */
  restore(states: readonly { path: string; compatible: string; state: EmuState }[]): void {
    for (const s of states) {
      const d = this.devices.find((x) => x.path === s.path);
      if (d === undefined) throw new Error(`${this.host.guestName}: snapshot has device ${s.path} which this guest lacks`);
      if (d.compatible !== s.compatible) throw new Error(`${this.host.guestName}: ${s.path} is ${d.compatible}, snapshot has ${s.compatible}`);
      try {
        d.dev.restore(s.state);
      } catch (err) {
        throw new Error(`${this.host.guestName}: ${s.path}: restore failed: ${errText(err)}`);
      }
    }
  }
}

function largestBelow(mask: number, size: number): number {
  for (let s = size >> 1; s >= 1; s >>= 1) if (mask & s) return s;
  return 0;
}

export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
