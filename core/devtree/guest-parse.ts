// Xvisor's guest tree (XVISOR.md "Guest description") -> GuestDesc: the
// guest node with `vcpus` (or a `vcpu_template` expanded to N vcpus) and
// `aspace` regions, validated so that a bad tree is refused here with a
// message naming guest and node, before the manager builds anything.
// Also: load-time overrides (Xvisor's "<alias>,<attr>,<type>,<value>" form,
// e.g. the size of mem0) and placing a guest tree under /guests/<name>.

import { DevTree, DevTreeNode } from './devtree.ts';
import { type AddressType, type GuestDesc, GuestDescError, type ManifestType, type RegionDesc, type VcpuDesc } from './guest-desc.ts';
import { decodeStrings, decodeU32s, encodeStrings, encodeU32s, encodeU64s } from './values.ts';

export const GUEST_PAGE_SIZE = 0x1000;

/** Real (host-backed) memory kinds; virtual regions name an emulator class instead. */
const REAL_DEVICE_TYPES = new Set(['ram', 'rom', 'alloced_ram', 'alloced_rom', 'shared_ram', 'shared_rom']);
const MANIFEST_TYPES = new Set(['real', 'virtual', 'alias']);
const ADDRESS_TYPES = new Set(['memory', 'io']);
const DEVICE_TYPE_NAME = /^[a-z][a-z0-9_]*$/;

export interface AttrOverride {
  /** Alias (e.g. "mem0") or a path relative to the guest node ("aspace/mem0"). */
  readonly target: string;
  readonly attr: string;
  readonly type: 'uint32' | 'uint64' | 'physaddr' | 'physsize' | 'virtaddr' | 'virtsize' | 'string';
  readonly value: string;
}

export interface GuestLoadOptions {
  /** Number of vcpus made from vcpu_template (default 1). */
  readonly vcpuCount?: number;
  readonly overrides?: readonly AttrOverride[];
}

/** Parses Xvisor's "mem0,physical_size,physsize,0x06000000" override syntax. */
export function parseOverride(s: string): AttrOverride {
  const parts = s.split(',');
  if (parts.length !== 4) throw new GuestDescError('?', s, 'override must be <alias>,<attr>,<type>,<value>');
  const [target, attr, type, value] = parts;
  if (!['uint32', 'uint64', 'physaddr', 'physsize', 'virtaddr', 'virtsize', 'string'].includes(type)) {
    throw new GuestDescError('?', s, `unknown override type ${type}`);
  }
  return { target, attr, type: type as AttrOverride['type'], value };
}

function guestNameOf(node: DevTreeNode, fallback?: string): string {
  return fallback ?? (node.parent ? node.name : 'guest');
}

/** Finds a node of the guest by alias or relative path. */
function findInGuest(guest: DevTreeNode, target: string): DevTreeNode | undefined {
  const al = guest.child('aliases');
  const v = al?.getAttr(target);
  if (v && v.length > 0 && v[v.length - 1] === 0) {
    const p = decodeStrings(v)[0];
    return guest.lookup(p.replace(/^\//, '')) ?? guest.tree?.getNode(p);
  }
  return guest.lookup(target);
}

/**
 * Applies load-time changes to a guest tree in place: vcpu_template becomes
 * vcpus/vcpu0..N-1 (secondaries powered off until PSCI CPU_ON), then overrides.
 * A tree with explicit vcpus keeps them whatever the count.
 */
export function expandGuestTree(guest: DevTreeNode, opts: GuestLoadOptions = {}, name?: string): void {
  const gname = guestNameOf(guest, name);
  const tmpl = guest.child('vcpu_template');
  if (tmpl) {
    const count = opts.vcpuCount ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 64) {
      throw new GuestDescError(gname, tmpl.path(), `vcpu count ${count} is not between 1 and 64`);
    }
    if (guest.child('vcpus')) throw new GuestDescError(gname, tmpl.path(), 'both vcpus and vcpu_template are present');
    const vcpus = guest.addChild('vcpus');
    for (let i = 0; i < count; i++) {
      const v = tmpl.clone(`vcpu${i}`);
      // The template's `poweroff` is for the secondaries (they wait for PSCI
      // CPU_ON, as Xvisor's own trees mean it); vcpu0 is the one that boots.
      if (i > 0 && !v.attrs.has('poweroff')) v.attrs.set('poweroff', new Uint8Array(0));
      if (i === 0) v.attrs.delete('poweroff');
      vcpus.attachChild(v);
    }
    tmpl.remove();
  }
  for (const o of opts.overrides ?? []) {
    const n = findInGuest(guest, o.target);
    if (!n) throw new GuestDescError(gname, o.target, `override target not found (alias or node under ${guest.path()})`);
    if (o.type === 'string') {
      n.setAttr(o.attr, encodeStrings([o.value]));
      continue;
    }
    let v: bigint;
    try {
      v = BigInt(o.value);
    } catch {
      throw new GuestDescError(gname, n.path(), `override value "${o.value}" for ${o.attr} is not a number`);
    }
    if (v < 0n) throw new GuestDescError(gname, n.path(), `override value ${o.value} for ${o.attr} is negative`);
    if (o.type === 'uint32') {
      if (v > 0xffffffffn) throw new GuestDescError(gname, n.path(), `override value ${o.value} does not fit uint32`);
      n.setAttr(o.attr, encodeU32s([Number(v)]));
    } else if (o.type === 'uint64' || v > 0xffffffffn) n.setAttr(o.attr, encodeU64s([v]));
    else n.setAttr(o.attr, encodeU32s([Number(v)]));
  }
}

class GuestReader {
  constructor(readonly guest: string) {}

  err(n: DevTreeNode, msg: string): GuestDescError {
    return new GuestDescError(this.guest, n.path(), msg);
  }

  str(n: DevTreeNode, name: string, required: true): string;
  str(n: DevTreeNode, name: string, required: false): string | undefined;
  str(n: DevTreeNode, name: string, required: boolean): string | undefined {
    const v = n.getAttr(name);
    if (v === undefined) {
      if (required) throw this.err(n, `missing attribute ${name}`);
      return undefined;
    }
    if (v.length === 0 || v[v.length - 1] !== 0) throw this.err(n, `attribute ${name} is not a string`);
    return decodeStrings(v)[0];
  }

  /** u32 or u64 by length (Xvisor's physaddr/physsize reading). */
  num(n: DevTreeNode, name: string, required: true): number;
  num(n: DevTreeNode, name: string, required: false): number | undefined;
  num(n: DevTreeNode, name: string, required: boolean): number | undefined {
    const v = n.getAttr(name);
    if (v === undefined) {
      if (required) throw this.err(n, `missing attribute ${name}`);
      return undefined;
    }
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    if (v.length === 4) return dv.getUint32(0);
    if (v.length === 8) {
      const x = dv.getBigUint64(0);
      if (x > BigInt(Number.MAX_SAFE_INTEGER)) throw this.err(n, `attribute ${name} = 0x${x.toString(16)} is too large`);
      return Number(x);
    }
    throw this.err(n, `attribute ${name} must be a 32- or 64-bit number (has ${v.length} bytes)`);
  }

  u32list(n: DevTreeNode, name: string): number[] {
    const v = n.getAttr(name);
    if (v === undefined) return [];
    if (v.length % 4 !== 0) throw this.err(n, `attribute ${name} must be a list of 32-bit cells (has ${v.length} bytes)`);
    return decodeU32s(v);
  }
}

function parseVcpu(r: GuestReader, n: DevTreeNode): VcpuDesc {
  const dt = r.str(n, 'device_type', false);
  if (dt !== undefined && dt !== 'vcpu') throw r.err(n, `device_type "${dt}" is not "vcpu"`);
  const compatible = r.str(n, 'compatible', true);
  if (compatible === '') throw r.err(n, 'empty compatible');
  const startPc = r.num(n, 'start_pc', true);
  const priority = r.num(n, 'priority', false);
  if (priority !== undefined && priority > 7) throw r.err(n, `priority ${priority} is not between 0 and 7`);
  const ts = r.num(n, 'time_slice', false);
  let affinity: number | undefined;
  if (n.hasAttr('affinity')) {
    affinity = 0;
    for (const cpu of r.u32list(n, 'affinity')) {
      if (cpu > 31) throw r.err(n, `affinity names host cpu ${cpu}; at most 32 host cpus`);
      affinity = (affinity | (1 << cpu)) >>> 0;
    }
  }
  return {
    name: n.name,
    path: n.path(),
    compatible,
    startPc,
    priority,
    timeSliceNs: ts,
    affinity,
    poweroff: n.hasAttr('poweroff'),
    gentimerVirtIrq: r.num(n, 'gentimer_virt_irq', false),
    gentimerPhysIrq: r.num(n, 'gentimer_phys_irq', false),
  };
}

function parseRegion(r: GuestReader, n: DevTreeNode): RegionDesc {
  let mt = r.str(n, 'manifest_type', true);
  if (!MANIFEST_TYPES.has(mt)) throw r.err(n, `bad manifest_type "${mt}" (real, virtual or alias)`);
  const at = r.str(n, 'address_type', true);
  if (!ADDRESS_TYPES.has(at)) throw r.err(n, `bad address_type "${at}" (memory or io)`);
  const dt = r.str(n, 'device_type', true);
  // Xvisor passes host hardware through in "real" device regions (its VGIC
  // maps the host's GIC virtual CPU interface for `arm,vgic,cpu`). A
  // simulated host has no such hardware: such a region is emulated like a
  // virtual one, which is what the guest sees either way.
  if (mt === 'real' && !REAL_DEVICE_TYPES.has(dt) && n.hasAttr('compatible')) mt = 'virtual';
  if (mt === 'real' && !REAL_DEVICE_TYPES.has(dt)) {
    throw r.err(n, `bad device_type "${dt}" for a real region (${[...REAL_DEVICE_TYPES].join(', ')}); a real device region needs a compatible to be emulated`);
  }
  if (!DEVICE_TYPE_NAME.test(dt)) throw r.err(n, `bad device_type "${dt}"`);
  const compatible = r.str(n, 'compatible', false);
  if (mt === 'virtual' && !compatible) throw r.err(n, 'virtual region without compatible (which emulator?)');
  const gpa = r.num(n, 'guest_physical_addr', true);
  const size = r.num(n, 'physical_size', true);
  if (size === 0) throw r.err(n, 'physical_size is 0 (give the size, or override it at load, e.g. mem0,physical_size,physsize,<size>)');
  // Memory that is mapped (real, alias) must be whole pages; an emulated
  // region is dispatched by the bus at any word granularity (QEMU's
  // vexpress places virtio-mmio transports 0x200 apart).
  const unit = mt === 'virtual' ? 4 : GUEST_PAGE_SIZE;
  const what = mt === 'virtual' ? '4 bytes' : 'the page size (4 KiB)';
  if (gpa % unit !== 0) throw r.err(n, `guest_physical_addr 0x${gpa.toString(16)} is not aligned to ${what}`);
  if (size % unit !== 0) throw r.err(n, `physical_size 0x${size.toString(16)} is not a multiple of ${what}`);
  let hpa: number | undefined;
  let apa: number | undefined;
  if (mt === 'real' && !dt.startsWith('alloced_') && !dt.startsWith('shared_')) {
    hpa = r.num(n, 'host_physical_addr', true);
    if (hpa % GUEST_PAGE_SIZE !== 0) throw r.err(n, `host_physical_addr 0x${hpa.toString(16)} is not page aligned (4 KiB)`);
  } else hpa = r.num(n, 'host_physical_addr', false);
  if (mt === 'alias') {
    apa = r.num(n, 'alias_physical_addr', true);
    if (apa % GUEST_PAGE_SIZE !== 0) throw r.err(n, `alias_physical_addr 0x${apa.toString(16)} is not page aligned (4 KiB)`);
  }
  const attrs = new Map<string, Uint8Array>();
  for (const [k, v] of n.attrs) attrs.set(k, v);
  return {
    name: n.name,
    path: n.path(),
    manifestType: mt as ManifestType,
    addressType: at as AddressType,
    deviceType: dt,
    compatible,
    guestPhysicalAddr: gpa,
    physicalSize: size,
    hostPhysicalAddr: hpa,
    aliasPhysicalAddr: apa,
    alignOrder: r.num(n, 'align_order', false),
    mapOrder: r.num(n, 'map_order', false),
    interrupts: r.u32list(n, 'interrupts'),
    attrs,
  };
}

/** Validates a guest node (after expandGuestTree) and returns its description. */
export function parseGuest(guest: DevTreeNode, name?: string): GuestDesc {
  const gname = guestNameOf(guest, name);
  const r = new GuestReader(gname);
  const dt = r.str(guest, 'device_type', false);
  if (dt !== undefined && dt !== 'guest') throw r.err(guest, `device_type "${dt}" is not "guest"`);
  const endianness = r.str(guest, 'endianness', false) ?? 'little';
  if (endianness !== 'little' && endianness !== 'big') throw r.err(guest, `bad endianness "${endianness}" (little or big)`);
  let psciVersion: string | undefined;
  const pv = guest.getAttr('psci_version');
  if (pv) {
    if (pv.length === 8) psciVersion = decodeU32s(pv).join('.');
    else if (pv.length === 4) {
      const x = decodeU32s(pv)[0];
      psciVersion = `${x >>> 16}.${x & 0xffff}`;
    } else psciVersion = r.str(guest, 'psci_version', true);
  }
  if (guest.child('vcpu_template')) throw r.err(guest, 'vcpu_template not expanded (load the guest with a vcpu count)');
  const vcpusNode = guest.child('vcpus');
  if (!vcpusNode || vcpusNode.children.length === 0) throw r.err(guest, 'no vcpus (vcpus/vcpu0 or vcpu_template)');
  const vcpus = vcpusNode.children.map((v) => parseVcpu(r, v));
  const aspace = guest.child('aspace');
  if (!aspace) throw r.err(guest, 'missing aspace node');
  const guestIrqCount = r.num(aspace, 'guest_irq_count', false);
  const regions = aspace.children.map((c) => parseRegion(r, c));
  for (const kind of ['memory', 'io'] as const) {
    const list = regions.filter((x) => x.addressType === kind).sort((a, b) => a.guestPhysicalAddr - b.guestPhysicalAddr);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1];
      const b = list[i];
      if (b.guestPhysicalAddr < a.guestPhysicalAddr + a.physicalSize) {
        throw new GuestDescError(gname, b.path, `region [0x${b.guestPhysicalAddr.toString(16)}, +0x${b.physicalSize.toString(16)}) overlaps ${a.path} [0x${a.guestPhysicalAddr.toString(16)}, +0x${a.physicalSize.toString(16)})`);
      }
    }
  }
  const aliases = new Map<string, string>();
  const al = guest.child('aliases');
  if (al) {
    for (const k of al.attrs.keys()) {
      const p = r.str(al, k, true);
      const target = guest.lookup(p.replace(/^\//, '')) ?? guest.tree?.getNode(p);
      // A path string from a &label in the guest's own DTS is absolute in
      // the tree it was compiled in; map it to a path inside the guest.
      const inside = target ? '/' + target.path().slice(guest.path() === '/' ? 1 : guest.path().length + 1) : p;
      aliases.set(k, inside);
    }
  }
  return {
    name: gname,
    path: guest.path(),
    model: r.str(guest, 'model', false),
    endianness,
    psciVersion,
    guestIrqCount,
    vcpus,
    regions,
    aliases,
  };
}

/**
 * Places a guest tree under /guests/<name> of the host tree (the guest's
 * root node, or a DevTree whose root is the guest node), returning the new
 * node. The copy is independent of the source.
 */
export function placeGuest(host: DevTree, guest: DevTree | DevTreeNode, name: string): DevTreeNode {
  const src = guest instanceof DevTree ? guest.root : guest;
  let guests = host.root.child('guests');
  if (!guests) guests = host.root.addChild('guests');
  if (guests.child(name)) throw new GuestDescError(name, `/guests/${name}`, 'a guest of that name already exists');
  const copy = src.clone(name);
  guests.attachChild(copy);
  return copy;
}

/** Expands, places and parses in one step: what `guest_fdt_load` does. */
export function loadGuest(host: DevTree, guest: DevTree | DevTreeNode, name: string, opts: GuestLoadOptions = {}): GuestDesc {
  const node = placeGuest(host, guest, name);
  try {
    expandGuestTree(node, opts, name);
    return parseGuest(node, name);
  } catch (e) {
    node.remove();
    throw e;
  }
}
