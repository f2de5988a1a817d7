// Guest trees in Xvisor's format -> GuestDesc, and every malformed variant
// refused with a GuestDescError naming guest and node.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileDtsText } from './compile.ts';
import { expandGuestTree, loadGuest, parseGuest, parseOverride, placeGuest } from './guest-parse.ts';
import { GuestDescError } from './guest-desc.ts';
import type { DevTree } from './devtree.ts';
import { encodeStrings, encodeU32s } from './values.ts';

const dir = join(import.meta.dirname, 'testdata/guests');
const board = join(import.meta.dirname, '../../arch/arm/board');
const load = (f: string): DevTree => compileDtsText(readFileSync(join(dir, f), 'utf8'), f, undefined);
const host = (): DevTree => compileDtsText(readFileSync(join(board, 'generic-v8.dts'), 'utf8'), 'generic-v8.dts', undefined);
const mem0 = [parseOverride('mem0,physical_size,physsize,0x06000000')];

function refused(mutate: (g: DevTree) => void, re: RegExp, node?: string, opts = { vcpuCount: 2, overrides: mem0 }): void {
  const g = load('virt-v8-guest.dts');
  mutate(g);
  let err: unknown;
  try {
    loadGuest(host(), g, 'guest0', opts);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(GuestDescError);
  const e = err as GuestDescError;
  expect(e.guest).toBe('guest0');
  expect(e.message).toMatch(re);
  if (node) expect(e.node).toBe(node);
}

describe('guest trees', () => {
  it('virt-v8 with a vcpu template, 2 vcpus and a mem0 size override', () => {
    const h = host();
    const d = loadGuest(h, load('virt-v8-guest.dts'), 'guest0', { vcpuCount: 2, overrides: mem0 });
    expect(d.name).toBe('guest0');
    expect(d.path).toBe('/guests/guest0');
    expect(d.model).toBe('virt-v8');
    expect(d.psciVersion).toBe('1.0');
    expect(d.endianness).toBe('little');
    expect(d.guestIrqCount).toBe(1024);
    expect(d.vcpus.map((v) => [v.name, v.compatible, v.poweroff, v.gentimerVirtIrq])).toEqual([
      ['vcpu0', 'armv8,generic', false, 27],
      ['vcpu1', 'armv8,generic', true, 27],
    ]);
    const m = d.regions.find((r) => r.name === 'mem0')!;
    expect(m.physicalSize).toBe(0x06000000);
    expect(m.deviceType).toBe('alloced_ram');
    expect(m.alignOrder).toBe(21);
    const u = d.regions.find((r) => r.name === 'uart0')!;
    expect([u.manifestType, u.addressType, u.compatible, u.guestPhysicalAddr, u.interrupts]).toEqual(['virtual', 'memory', 'primecell,arm,pl011', 0x09000000, [33]]);
    expect(u.attrs.get('fifo_size')).toEqual(encodeU32s([1024]));
    expect(d.aliases.get('mem0')).toBe('/aspace/mem0');
    expect(h.getNode('/guests/guest0/vcpus/vcpu1')?.hasAttr('poweroff')).toBe(true);
    expect(h.getNode('/guests/guest0/vcpu_template')).toBeUndefined();
  });

  it('vexpress-a15 with explicit vcpus, affinity, u64 size and an alias region', () => {
    const g = load('vexpress-a15-guest.dts');
    const d = parseGuest(g.root, 'guest1');
    expect(d.vcpus[0]).toMatchObject({ priority: 3, timeSliceNs: 10_000_000, affinity: 0b11, poweroff: false });
    expect(d.vcpus[1].poweroff).toBe(true);
    expect(d.regions.find((r) => r.name === 'mem0')!.physicalSize).toBe(0x08000000);
    expect(d.regions.find((r) => r.name === 'mem0_alias')).toMatchObject({ manifestType: 'alias', aliasPhysicalAddr: 0x80000000 });
  });

  it('places a guest under /guests/<name> and refuses a second one of that name', () => {
    const h = host();
    const n = placeGuest(h, load('vexpress-a15-guest.dts'), 'g');
    expect(n.path()).toBe('/guests/g');
    expect(h.getNode('/guests/g/aspace/uart0')).toBe(n.lookup('aspace/uart0'));
    expect(() => placeGuest(h, load('vexpress-a15-guest.dts'), 'g')).toThrow(GuestDescError);
    // A failed load leaves nothing behind.
    expect(() => loadGuest(h, load('virt-v8-guest.dts'), 'bad', { vcpuCount: 1 })).toThrow(/physical_size is 0/);
    expect(h.getNode('/guests/bad')).toBeUndefined();
  });

  it('template expansion makes N vcpus', () => {
    const g = load('virt-v8-guest.dts');
    expandGuestTree(g.root, { vcpuCount: 4, overrides: mem0 }, 'x');
    expect(parseGuest(g.root, 'x').vcpus.map((v) => v.name)).toEqual(['vcpu0', 'vcpu1', 'vcpu2', 'vcpu3']);
    expect(() => expandGuestTree(load('virt-v8-guest.dts').root, { vcpuCount: 0 }, 'x')).toThrow(/vcpu count 0/);
  });

  it('leaves an unknown vcpu compatible to the manager', () => {
    const g = load('vexpress-a15-guest.dts');
    g.root.lookup('vcpus/vcpu0')!.setString('compatible', 'riscv,whatever');
    expect(parseGuest(g.root, 'g').vcpus[0].compatible).toBe('riscv,whatever');
  });

  it('refuses malformed guests, naming guest and node', () => {
    const A = '/guests/guest0/aspace';
    refused(() => {}, /physical_size is 0/, `${A}/mem0`, { vcpuCount: 1, overrides: [] });
    refused((g) => g.node('/aspace/uart0').setU32('guest_physical_addr', 0x08000000), /overlaps/, `${A}/uart0`);
    refused((g) => g.node('/aspace/nor_flash0').setU32('physical_size', 0x1800), /not a multiple of the page size/, `${A}/nor_flash0`);
    refused((g) => g.node('/aspace/nor_flash0').setU32('guest_physical_addr', 0x100), /not aligned to the page size/, `${A}/nor_flash0`);
    refused((g) => g.node('/aspace/rtc0').setU32('physical_size', 0x1802), /not a multiple of 4 bytes/, `${A}/rtc0`);
    refused((g) => g.node('/aspace/rtc0').delAttr('manifest_type'), /missing attribute manifest_type/, `${A}/rtc0`);
    refused((g) => g.node('/aspace/rtc0').delAttr('guest_physical_addr'), /missing attribute guest_physical_addr/);
    refused((g) => g.node('/aspace/rtc0').setString('manifest_type', 'imaginary'), /bad manifest_type "imaginary"/, `${A}/rtc0`);
    refused((g) => g.node('/aspace/rtc0').setString('address_type', 'port'), /bad address_type "port"/);
    refused((g) => g.node('/aspace/mem0').setString('device_type', 'serial'), /bad device_type "serial" for a real region/, `${A}/mem0`);
    refused((g) => g.node('/aspace/rtc0').delAttr('compatible'), /virtual region without compatible/);
    refused((g) => g.node('/aspace/rtc0').setAttr('physical_size', new Uint8Array(3)), /32- or 64-bit number/);
    refused((g) => g.node('/aspace/rtc0').setAttr('device_type', new Uint8Array([1, 2])), /not a string/);
    refused((g) => g.node('/vcpu_template').delAttr('compatible'), /missing attribute compatible/, '/guests/guest0/vcpus/vcpu0');
    refused((g) => g.node('/vcpu_template').delAttr('start_pc'), /missing attribute start_pc/);
    refused((g) => g.node('/vcpu_template').setU32('priority', 9), /priority 9/);
    refused((g) => g.node('/').setString('endianness', 'middle'), /bad endianness/, '/guests/guest0');
    refused((g) => g.node('/').setString('device_type', 'host'), /is not "guest"/);
    refused((g) => g.node('/aspace').remove(), /missing aspace/, undefined, { vcpuCount: 1, overrides: [] });
    refused((g) => g.node('/vcpu_template').remove(), /no vcpus/);
    refused((g) => g.node('/aspace/mem0').setString('manifest_type', 'real') , /override target not found/, undefined, { vcpuCount: 1, overrides: [parseOverride('nope,physical_size,physsize,0x1000')] });
  });

  it('parses every guest DTS in tests/<cpu>/<board>/', () => {
    const root = join(import.meta.dirname, '../../tests');
    const found: string[] = [];
    const walk = (d: string, depth: number): void => {
      if (!existsSync(d) || depth > 3) return;
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name), depth + 1);
        else if (/guest.*\.dts$/.test(e.name)) found.push(join(d, e.name));
      }
    };
    walk(root, 0);
    for (const f of found) {
      const text = readFileSync(f, 'utf8');
      const g = compileDtsText(text, f, { readFile: (p) => (existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined) });
      const d = loadGuest(host(), g, 'guest0', { vcpuCount: 1, overrides: [{ target: 'mem0', attr: 'physical_size', type: 'physsize', value: '0x4000000' }] });
      expect(d.vcpus.length).toBeGreaterThan(0);
    }
    expect(encodeStrings(['x']).length).toBe(2);
  });
});
