// Builds GuestDesc objects for core tests without a device tree.

import type { GuestDesc, RegionDesc, VcpuDesc } from '../devtree/guest-desc.ts';

export interface DeviceSpec {
  name: string;
  compatible: string;
  base: number;
  size?: number;
  deviceType?: string;
  interrupts?: number[];
  attrs?: Record<string, number | string>;
}

export interface GuestSpec {
  name: string;
  vcpus?: number | Partial<VcpuDesc>[];
  compatible?: string;
  ram?: { base: number; size: number }[];
  rom?: { base: number; size: number }[];
  devices?: DeviceSpec[];
  aliases?: { name: string; base: number; size: number; target: number }[];
  extraRegions?: RegionDesc[];
  irqCount?: number;
  psciVersion?: string;
}

export function attrBytes(v: number | string): Uint8Array {
  if (typeof v === 'string') return new TextEncoder().encode(`${v}\0`);
  return new Uint8Array([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

export function region(g: string, name: string, r: Partial<RegionDesc> & { guestPhysicalAddr: number; physicalSize: number }): RegionDesc {
  return {
    name,
    path: `/guests/${g}/aspace/${name}`,
    manifestType: 'real',
    addressType: 'memory',
    deviceType: 'ram',
    interrupts: [],
    attrs: new Map(),
    ...r,
  };
}

export function makeGuestDesc(s: GuestSpec): GuestDesc {
  const n = s.name;
  const vspecs: Partial<VcpuDesc>[] = typeof s.vcpus === 'number' || s.vcpus === undefined ? Array.from({ length: (s.vcpus as number | undefined) ?? 1 }, () => ({})) : s.vcpus;
  const vcpus: VcpuDesc[] = vspecs.map((v, i) => ({
    name: `vcpu${i}`,
    path: `/guests/${n}/vcpus/vcpu${i}`,
    compatible: s.compatible ?? 'fake,cpu',
    startPc: 0,
    poweroff: false,
    ...v,
  }));
  const regions: RegionDesc[] = [];
  (s.ram ?? [{ base: 0x40000000, size: 0x100000 }]).forEach((r, i) =>
    regions.push(region(n, `mem${i}`, { guestPhysicalAddr: r.base, physicalSize: r.size })),
  );
  (s.rom ?? []).forEach((r, i) => regions.push(region(n, `rom${i}`, { deviceType: 'alloced_rom', guestPhysicalAddr: r.base, physicalSize: r.size })));
  for (const a of s.aliases ?? [])
    regions.push(region(n, a.name, { manifestType: 'alias', deviceType: 'ram', guestPhysicalAddr: a.base, physicalSize: a.size, aliasPhysicalAddr: a.target }));
  for (const d of s.devices ?? [])
    regions.push(
      region(n, d.name, {
        manifestType: 'virtual',
        addressType: 'io',
        deviceType: d.deviceType ?? 'serial',
        compatible: d.compatible,
        guestPhysicalAddr: d.base,
        physicalSize: d.size ?? 0x1000,
        interrupts: d.interrupts ?? [],
        attrs: new Map(Object.entries(d.attrs ?? {}).map(([k, v]) => [k, attrBytes(v)])),
      }),
    );
  regions.push(...(s.extraRegions ?? []));
  return {
    name: n,
    path: `/guests/${n}`,
    endianness: 'little',
    psciVersion: s.psciVersion,
    guestIrqCount: s.irqCount,
    vcpus,
    regions,
    aliases: new Map(),
  };
}

/** The usual test guest: RAM, a fake PIC and a fake UART on irq 5. */
export function uartGuest(name: string, vcpus: number | Partial<VcpuDesc>[] = 1): GuestDesc {
  return makeGuestDesc({
    name,
    vcpus,
    devices: [
      { name: 'pic', compatible: 'fake,pic', base: 0x08000000, deviceType: 'pic' },
      { name: 'uart0', compatible: 'fake,uart', base: 0x09000000, interrupts: [5] },
    ],
  });
}

export const UART = 0x09000000;
