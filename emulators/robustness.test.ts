// Every emulator against wild guest programming: seeded random reads and
// writes of every accepted width over its whole window (and timer time in
// between) must never throw, and save/restore must round-trip afterwards.
// Guest mistakes end as logged errors and architectural results, never as
// an exception escaping into the core.

import { describe, it, expect } from 'vitest';
import { FakeContext } from './testing/fake-context.ts';
import { allEmulators } from './all.ts';
import type { AccessSize } from '../core/devemu/emulator.ts';
import type { BlockBackend, NetSwitch } from '../core/devemu/host-services.ts';

const disk = (): BlockBackend => {
  const data = new Uint8Array(64 * 512);
  return {
    name: 'd', serial: 'S', readOnly: false, sizeBytes: data.length,
    read: (o, d, done) => (d.set(data.subarray(o, o + d.length)), done(true)),
    write: (o, s, done) => (data.set(s, o), done(true)),
    flush: (done) => done(true),
  };
};
const sw: NetSwitch = { name: 'br0', connect: () => ({ send() {}, setReceiver() {}, close() {} }) };

/** Window size and attributes each compatible needs to probe. */
function specFor(compat: string): { size: number; attrs: Record<string, number | string> } {
  switch (compat) {
    case 'virtio,mmio': return { size: 0x200, attrs: { virtio_type: 2, blkdev: 'd' } };
    case 'cfi-flash': return { size: 0x100000, attrs: { sector_length: 0x40000 } };
    case 'smsc,smc91c111': return { size: 0x10000, attrs: { switch: 'br0' } };
    case 'qemu,fw-cfg-mmio': return { size: 0x18, attrs: {} };
    case 'arm,gic-v3': return { size: 0xa0000 + 2 * 0x20000, attrs: {} };
    case 'arm,gic-v3,redist': return { size: 2 * 0x20000, attrs: {} };
    case 'arm,gic-v3,dist': return { size: 0x10000, attrs: {} };
    default: return { size: 0x2000, attrs: { ram0_base: 0x40000000 } };
  }
}

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

describe('robustness against wild guest programming', () => {
  for (const e of allEmulators) {
    for (const { compatible } of e.compatible) {
      it(`${e.name} (${compatible})`, () => {
        const { size, attrs } = specFor(compatible);
        const ctx = new FakeContext({
          nodeName: 'dev', size, vcpuCount: 2, interrupts: [33, 34], attrs,
          services: { 'block/d': disk(), 'net-switch/br0': sw },
        });
        const entry = e.compatible.find((c) => c.compatible === compatible)!;
        const dev = e.probe(ctx, entry.data);
        const r = rng(compatible.length * 7919 + size);
        const sizes = dev.accessSizes;
        for (let k = 0; k < 3000; k++) {
          const s = sizes[Math.floor(r() * sizes.length)]! as AccessSize;
          // Mostly low offsets where registers live, some anywhere in the window.
          const span = r() < 0.8 ? Math.min(size, 0x200) : size;
          const off = Math.floor((r() * span) / s) * s;
          if (off + s > size) continue;
          const vcpu = Math.floor(r() * 2);
          const value = r() < 0.3 ? 0xffffffff : Math.floor(r() * 0x100000000);
          if (r() < 0.5) dev.read(off, s, vcpu);
          else dev.write(off, s, value, vcpu);
          if (k % 100 === 0) ctx.clock.advance(Math.floor(r() * 5_000_000));
        }
        const st = JSON.parse(JSON.stringify(dev.save()));
        dev.reset();
        dev.restore(st);
        expect(JSON.parse(JSON.stringify(dev.save()))).toEqual(st);
      });
    }
  }
});
