import { describe, it, expect } from 'vitest';
import { GuestAspace } from './guest-aspace.ts';
import { BusFault } from './guest-bus.ts';
import { GuestExclusiveMonitor } from './exclusive-monitor.ts';
import { RamBacking } from './ram-backing.ts';
import { makeGuestDesc, region } from '../testing/guest-builder.ts';
import { GuestDescError } from '../devtree/guest-desc.ts';

const GiB = 1 << 30;

describe('GuestAspace', () => {
  it('allocates RAM lazily: a 1 GiB guest touching 2 MiB costs about 2 MiB', () => {
    const a = new GuestAspace('g', makeGuestDesc({ name: 'g', ram: [{ base: 0x40000000, size: GiB }] }));
    expect(a.allocatedBytes()).toBe(0);
    for (let pa = 0x40000000; pa < 0x40000000 + 2 * 1024 * 1024; pa += 4096) {
      expect(a.ramLookup(pa)).toBe(true);
      a.hitView.setUint32(a.hitOffset, pa, true);
    }
    expect(a.allocatedBytes()).toBe(2 * 1024 * 1024);
    expect(a.ramLookup(0x40000000 + GiB - 4)).toBe(true);
    expect(a.allocatedBytes()).toBeLessThan(2.1 * 1024 * 1024);
    expect(a.readU32(0x40001000)).toBe(0x40001000);
    expect(a.ramLookup(0x40000000 + GiB)).toBe(false);
  });

  it('serves ROM read-only to CPUs, writable by the loader, and follows aliases', () => {
    const a = new GuestAspace(
      'g',
      makeGuestDesc({ name: 'g', rom: [{ base: 0, size: 0x10000 }], aliases: [{ name: 'lowram', base: 0x100000, size: 0x1000, target: 0x40000000 }] }),
    );
    a.write(0, new Uint8Array([1, 2, 3, 4]), 'firmware');
    expect(a.ramLookup(0)).toBe(true);
    expect(a.hitWritable).toBe(false);
    expect(a.hitView.getUint32(a.hitOffset, true)).toBe(0x04030201);
    a.mmioWrite(0, 4, 0xdeadbeef, 0, 0);
    expect(a.readU32(0)).toBe(0x04030201);
    expect(a.tryWrite(0, new Uint8Array(4))).toBe(false);
    a.writeU32(0x40000010, 0x55aa);
    expect(a.readU32(0x100010)).toBe(0x55aa);
    expect(a.ramLookup(0x100010)).toBe(true);
    expect(a.hitView.getUint32(a.hitOffset + 0x10, true)).toBe(0x55aa);
  });

  it('reports unmapped accesses as faults and loader overflows with guest and address', () => {
    const a = new GuestAspace('g', makeGuestDesc({ name: 'g' }));
    expect(a.mmioRead(0x1234, 4, 0)).toBe(0);
    expect(a.fault).toBe(BusFault.Unmapped);
    expect(() => a.write(0x400ffffe, new Uint8Array(4), 'kernel')).toThrow('g: kernel at 0x400ffffe..0x40100001 does not fit in guest RAM/ROM');
    expect(a.allocatedBytes()).toBe(0);
    expect(() => a.read(0x1000, 4)).toThrow(/g: 0x1000..0x1003 is not guest RAM/);
    const gen = a.writeGeneration;
    a.write(0x40000000, new Uint8Array(8));
    expect(a.writeGeneration).toBe(gen + 1);
  });

  it('reads and writes across pages through the slow path', () => {
    const a = new GuestAspace('g', makeGuestDesc({ name: 'g' }));
    a.mmioWrite(0x4000fffc, 8, 0x11223344, 0x55667788, 0);
    expect(a.fault).toBe(0);
    expect(a.mmioRead(0x4000fffc, 8, 0)).toBe(0x11223344);
    expect(a.dataHi).toBe(0x55667788);
    expect(a.read(0x4000fffe, 2)).toEqual(new Uint8Array([0x22, 0x11]));
  });

  it('refuses overlapping regions, bad aliases, pass-through and misaligned RAM, naming the node', () => {
    const d = makeGuestDesc({ name: 'g', ram: [{ base: 0x40000000, size: 0x10000 }, { base: 0x40008000, size: 0x10000 }] });
    expect(() => new GuestAspace('g', d)).toThrow(/guest g: \/guests\/g\/aspace\/mem1: region 0x40008000..0x40017fff overlaps \/guests\/g\/aspace\/mem0/);
    expect(() => new GuestAspace('g', makeGuestDesc({ name: 'g', aliases: [{ name: 'al', base: 0, size: 0x1000, target: 0x9000 }] }))).toThrow(
      /aspace\/al: alias_physical_addr 0x9000/,
    );
    const pt = makeGuestDesc({ name: 'g', extraRegions: [region('g', 'io', { addressType: 'io', deviceType: 'serial', guestPhysicalAddr: 0x9000000, physicalSize: 0x1000 })] });
    expect(() => new GuestAspace('g', pt)).toThrow(GuestDescError);
    expect(() => new GuestAspace('g', makeGuestDesc({ name: 'g', ram: [{ base: 0x40000800, size: 0x1000 }] }))).toThrow(/not 4 KiB aligned/);
  });

  it('shares shared_ram backing between aspaces by key', () => {
    const pool = new Map<string, RamBacking>();
    const sharedRam = (k: string, size: number) => pool.get(k) ?? (pool.set(k, new RamBacking(k, size)), pool.get(k)!);
    const mk = (n: string) =>
      new GuestAspace(n, makeGuestDesc({ name: n, extraRegions: [region(n, 'shm', { deviceType: 'shared_ram', guestPhysicalAddr: 0x80000000, physicalSize: 0x1000, hostPhysicalAddr: 0x1000000 })] }), { sharedRam });
    const a = mk('a'), b = mk('b');
    a.writeU32(0x80000000, 42);
    expect(b.readU32(0x80000000)).toBe(42);
  });

  it('lists regions', () => {
    const a = new GuestAspace('g', makeGuestDesc({ name: 'g', rom: [{ base: 0, size: 0x1000 }] }));
    expect(a.list().map((r) => [r.name, r.kind, r.base])).toEqual([['rom0', 'rom', 0], ['mem0', 'ram', 0x40000000]]);
  });
});

describe('exclusive monitor', () => {
  it('clears other vcpus\' reservations on a store to the granule', () => {
    const m = new GuestExclusiveMonitor(2);
    m.mark(0, 0x1000, 4);
    m.mark(1, 0x2000, 4);
    expect(m.active).toBe(true);
    m.noteStore(0, 0x1004, 4);
    expect(m.checkAndClear(0, 0x1000, 4)).toBe(true);
    m.noteStore(0, 0x2030, 4);
    expect(m.checkAndClear(1, 0x2000, 4)).toBe(false);
    expect(m.active).toBe(false);
    m.mark(1, 0x3000, 8);
    m.noteStore(-1, 0x2ff8, 16);
    expect(m.checkAndClear(1, 0x3000, 8)).toBe(false);
  });
});
