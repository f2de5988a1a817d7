// A guest's physical address space (Xvisor's vmm_guest_aspace): RAM, ROM,
// alias and device regions from the GuestDesc, lookup by guest physical
// address, lazily allocated RAM, memory helpers for the loader, DMA and
// dumps. Implements GuestBus for the CPU backends; device accesses go to the
// guest's DevEmu through MmioDispatch.

import { BusFault, PAGE_SIZE, type GuestBus } from './guest-bus.ts';
import { GuestExclusiveMonitor } from './exclusive-monitor.ts';
import { RamBacking, CHUNK_SIZE } from './ram-backing.ts';
import { GuestDescError, type GuestDesc, type RegionDesc } from '../devtree/guest-desc.ts';

export type RegionKind = 'ram' | 'rom' | 'device' | 'alias';

export class Region {
  /** DevEmu slot of a device region, -1 otherwise. */
  deviceSlot = -1;
  constructor(
    readonly desc: RegionDesc,
    readonly kind: RegionKind,
    readonly base: number,
    readonly size: number,
    readonly backing: RamBacking | null,
    readonly aliasTarget: number,
  ) {}
  get end(): number {
    return this.base + this.size;
  }
  get name(): string {
    return this.desc.name;
  }
}

/** Device side of MMIO: DevEmu implements it; it sets bus.fault and bus.dataHi. */
export interface MmioDispatch {
  read(slot: number, offset: number, size: 1 | 2 | 4 | 8, vcpu: number, bus: GuestAspace): number;
  write(slot: number, offset: number, size: 1 | 2 | 4 | 8, lo: number, hi: number, vcpu: number, bus: GuestAspace): void;
}

/** A memory access by the loader, a dump or DMA that falls outside RAM/ROM. */
export class AspaceError extends Error {
  override name = 'AspaceError';
}

export interface AspaceOptions {
  /** Backing for shared_ram regions, shared between guests by key. */
  sharedRam?: (key: string, size: number, node: string) => RamBacking;
}

const RAM_TYPES = new Set(['ram', 'alloced_ram', 'shared_ram']);
const ROM_TYPES = new Set(['rom', 'alloced_rom']);

export interface RegionInfo {
  readonly name: string;
  readonly path: string;
  readonly kind: RegionKind;
  readonly base: number;
  readonly size: number;
  readonly deviceType: string;
  readonly compatible?: string;
  readonly aliasTarget?: number;
  readonly allocatedBytes: number;
}

export class GuestAspace implements GuestBus {
  hitView: DataView = new DataView(new ArrayBuffer(0));
  hitOffset = 0;
  hitWritable = false;
  dataHi = 0;
  fault = 0;
  writeGeneration = 0;
  readonly monitor: GuestExclusiveMonitor;
  readonly regions: Region[] = [];
  dispatch: MmioDispatch | null = null;
  /** Pages stored into while holding decoded code (noteCodeWrite). */
  codeWrites = 0;
  private last: Region | null = null;
  private readonly scratch = new Uint8Array(8);
  private readonly scratchView = new DataView(this.scratch.buffer);

  constructor(
    readonly guestName: string,
    desc: GuestDesc,
    opts: AspaceOptions = {},
  ) {
    this.monitor = new GuestExclusiveMonitor(desc.vcpus.length);
    for (const r of desc.regions) this.regions.push(makeRegion(desc, r, opts));
    this.regions.sort((a, b) => a.base - b.base);
    for (let i = 1; i < this.regions.length; i++) {
      const p = this.regions[i - 1], r = this.regions[i];
      if (r.base < p.end)
        throw new GuestDescError(desc.name, r.desc.path, `region 0x${hex(r.base)}..0x${hex(r.end - 1)} overlaps ${p.desc.path} (0x${hex(p.base)}..0x${hex(p.end - 1)})`);
    }
    for (const r of this.regions) {
      if (r.kind !== 'alias') continue;
      const t = this.find(r.aliasTarget);
      if (t === null || t.kind === 'alias' || r.aliasTarget + r.size > t.end)
        throw new GuestDescError(desc.name, r.desc.path, `alias_physical_addr 0x${hex(r.aliasTarget)} (+0x${hex(r.size)}) is not inside one RAM, ROM or device region`);
    }
  }

  /** The region covering pa (aliases not resolved), or null. */
  find(pa: number): Region | null {
    const l = this.last;
    if (l !== null && pa >= l.base && pa < l.base + l.size) return l;
    const rs = this.regions;
    let lo = 0, hi = rs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = rs[mid];
      if (pa < r.base) hi = mid - 1;
      else if (pa >= r.base + r.size) lo = mid + 1;
      else {
        this.last = r;
        return r;
      }
    }
    return null;
  }

  /** Region and address after following an alias. */
  private resolve(pa: number): Region | null {
    const r = this.find(pa);
    if (r === null || r.kind !== 'alias') return r;
    this.resolvedPa = r.aliasTarget + (pa - r.base);
    return this.find(this.resolvedPa);
  }
  private resolvedPa = 0;

  ramLookup(pa: number): boolean {
    const r0 = this.find(pa);
    if (r0 === null) return false;
    let r: Region | null = r0;
    if (r0.kind === 'alias') {
      pa = r0.aliasTarget + (pa - r0.base);
      r = this.find(pa);
      if (r === null) return false;
    }
    const b = r.backing;
    if (b === null) return false;
    const off = pa - r.base;
    this.hitView = b.chunk(off);
    this.hitOffset = (off % CHUNK_SIZE) - (off % PAGE_SIZE);
    this.hitWritable = r.kind === 'ram';
    return true;
  }

  mmioRead(pa: number, size: 1 | 2 | 4 | 8, vcpu: number): number {
    this.fault = BusFault.None;
    this.dataHi = 0;
    this.resolvedPa = pa;
    const r = this.resolve(pa);
    if (r === null || r.kind === 'alias') {
      this.fault = BusFault.Unmapped;
      return 0;
    }
    const a = this.resolvedPa;
    if (r.kind === 'device') {
      if (this.dispatch === null) {
        this.fault = BusFault.DeviceError;
        return 0;
      }
      return this.dispatch.read(r.deviceSlot, a - r.base, size, vcpu, this);
    }
    // RAM/ROM reached through the slow path (e.g. an access crossing a page).
    if (a + size > r.end) {
      this.fault = BusFault.Unmapped;
      return 0;
    }
    r.backing!.read(a - r.base, this.scratch.subarray(0, size));
    const v = this.scratchView;
    if (size === 1) return v.getUint8(0);
    if (size === 2) return v.getUint16(0, true);
    if (size === 8) this.dataHi = v.getUint32(4, true);
    return v.getUint32(0, true);
  }

  mmioWrite(pa: number, size: 1 | 2 | 4 | 8, value: number, valueHi: number, vcpu: number): void {
    this.fault = BusFault.None;
    this.resolvedPa = pa;
    const r = this.resolve(pa);
    if (r === null || r.kind === 'alias') {
      this.fault = BusFault.Unmapped;
      return;
    }
    const a = this.resolvedPa;
    if (r.kind === 'device') {
      if (this.dispatch === null) this.fault = BusFault.DeviceError;
      else this.dispatch.write(r.deviceSlot, a - r.base, size, value, valueHi, vcpu, this);
      return;
    }
    if (r.kind === 'rom') return; // writes to ROM are ignored, as on a real ROM
    if (a + size > r.end) {
      this.fault = BusFault.Unmapped;
      return;
    }
    const v = this.scratchView;
    if (size === 1) v.setUint8(0, value);
    else if (size === 2) v.setUint16(0, value, true);
    else {
      v.setUint32(0, value, true);
      v.setUint32(4, valueHi, true);
    }
    r.backing!.write(a - r.base, this.scratch.subarray(0, size));
    this.monitor.noteStore(vcpu, a, size);
  }

  noteCodeWrite(_pa: number): void {
    this.codeWrites++;
    this.writeGeneration++;
  }

  // ---- memory helpers (loader, DMA, dumps): not for the CPU's hot path ----

  /** Copies guest memory into dst; false when any byte is outside RAM/ROM. */
  tryRead(gpa: number, dst: Uint8Array): boolean {
    return this.walk(gpa, dst.length, (b, off, at, n) => b.read(off, dst.subarray(at, at + n)), true);
  }

  /** Copies src into guest RAM (and ROM when allowRom); false when any byte is outside. */
  tryWrite(gpa: number, src: Uint8Array, allowRom = false): boolean {
    const ok = this.walk(gpa, src.length, (b, off, at, n) => b.write(off, src.subarray(at, at + n)), allowRom);
    if (ok) {
      this.writeGeneration++;
      this.monitor.noteStore(-1, gpa, src.length);
    }
    return ok;
  }

  /** Reads or throws an AspaceError naming guest and address. */
  read(gpa: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    if (!this.tryRead(gpa, out)) throw new AspaceError(`${this.guestName}: 0x${hex(gpa)}..0x${hex(gpa + len - 1)} is not guest RAM/ROM`);
    return out;
  }

  /** Loader write (ROM allowed) or throws an AspaceError naming guest and address. */
  write(gpa: number, src: Uint8Array, what = 'data'): void {
    if (!this.tryWrite(gpa, src, true))
      throw new AspaceError(`${this.guestName}: ${what} at 0x${hex(gpa)}..0x${hex(gpa + src.length - 1)} does not fit in guest RAM/ROM`);
  }

  readU32(gpa: number): number {
    const b = this.read(gpa, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  writeU32(gpa: number, value: number): void {
    this.write(gpa, new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]));
  }

  /** Whether [gpa, gpa+len) is wholly RAM (or ROM). */
  isMemory(gpa: number, len: number): boolean {
    return this.walk(gpa, len, () => {}, true);
  }

  /** RAM regions (not ROM, not aliases) in address order. */
  ramRegions(): Region[] {
    return this.regions.filter((r) => r.kind === 'ram');
  }

  allocatedBytes(): number {
    const seen = new Set<RamBacking>();
    let n = 0;
    for (const r of this.regions)
      if (r.backing !== null && !seen.has(r.backing)) {
        seen.add(r.backing);
        n += r.backing.allocatedBytes;
      }
    return n;
  }

  list(): RegionInfo[] {
    return this.regions.map((r) => ({
      name: r.name,
      path: r.desc.path,
      kind: r.kind,
      base: r.base,
      size: r.size,
      deviceType: r.desc.deviceType,
      compatible: r.desc.compatible,
      aliasTarget: r.kind === 'alias' ? r.aliasTarget : undefined,
      allocatedBytes: r.backing?.allocatedBytes ?? 0,
    }));
  }

  private walk(gpa: number, len: number, fn: (b: RamBacking, off: number, at: number, n: number) => void, allowRom: boolean): boolean {
    // Check the whole range first so that a failed copy changes nothing.
    const parts: [RamBacking, number, number, number][] = [];
    let at = 0;
    while (at < len) {
      const pa = gpa + at;
      this.resolvedPa = pa;
      const r = this.resolve(pa);
      if (r === null || r.backing === null || (r.kind === 'rom' && !allowRom)) return false;
      const a = this.resolvedPa;
      const n = Math.min(len - at, r.end - a);
      parts.push([r.backing, a - r.base, at, n]);
      at += n;
    }
    for (const [b, off, a, n] of parts) fn(b, off, a, n);
    return true;
  }
}

function makeRegion(g: GuestDesc, r: RegionDesc, opts: AspaceOptions): Region {
  const err = (m: string) => new GuestDescError(g.name, r.path, m);
  if (!(r.physicalSize > 0)) throw err(`physical_size 0x${hex(r.physicalSize)} must be positive`);
  if (!(r.guestPhysicalAddr >= 0)) throw err(`bad guest_physical_addr ${r.guestPhysicalAddr}`);
  if (r.manifestType === 'alias') {
    if (r.aliasPhysicalAddr === undefined) throw err('alias region without alias_physical_addr');
    return new Region(r, 'alias', r.guestPhysicalAddr, r.physicalSize, null, r.aliasPhysicalAddr);
  }
  const mem = RAM_TYPES.has(r.deviceType) || ROM_TYPES.has(r.deviceType);
  if (mem && r.manifestType === 'real' || mem && r.addressType === 'memory' && r.compatible === undefined) {
    if (r.guestPhysicalAddr % PAGE_SIZE !== 0 || r.physicalSize % PAGE_SIZE !== 0)
      throw err(`memory region 0x${hex(r.guestPhysicalAddr)}+0x${hex(r.physicalSize)} is not 4 KiB aligned`);
    let backing: RamBacking;
    if (r.deviceType === 'shared_ram') {
      if (!opts.sharedRam) throw err('shared_ram needs a host shared memory provider');
      const key = attrString(r, 'shared_mem') ?? (r.hostPhysicalAddr !== undefined ? `0x${hex(r.hostPhysicalAddr)}` : r.name);
      backing = opts.sharedRam(key, r.physicalSize, r.path);
    } else backing = new RamBacking(`${g.name}/${r.name}`, r.physicalSize);
    return new Region(r, ROM_TYPES.has(r.deviceType) ? 'rom' : 'ram', r.guestPhysicalAddr, r.physicalSize, backing, 0);
  }
  if (r.manifestType === 'real') throw err(`real ${r.addressType} region of type "${r.deviceType}" (host pass-through) is not supported`);
  if (r.compatible === undefined) throw err(`virtual region of type "${r.deviceType}" has no compatible`);
  return new Region(r, 'device', r.guestPhysicalAddr, r.physicalSize, null, 0);
}

function attrString(r: RegionDesc, name: string): string | undefined {
  const v = r.attrs.get(name);
  if (v === undefined || v.length === 0) return undefined;
  const end = v.indexOf(0);
  return new TextDecoder().decode(end < 0 ? v : v.subarray(0, end));
}

export function hex(n: number): string {
  return n.toString(16);
}
