import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { vminfoEmulator, VMINFO_MAGIC } from './vminfo.ts';

describe('vminfo', () => {
  it('reports magic, vendor, version, vcpus and the RAM bank found from ram0_base', () => {
    const ctx = new FakeContext({ nodeName: 'vminfo', vcpuCount: 2, ramBase: 0x40000000, ramSize: 0x300000, attrs: { ram0_base: 0x40000000 } });
    const dev = probeWith(vminfoEmulator, 'vminfo-0.1', ctx);
    expect(dev.read(0, 4)).toBe(VMINFO_MAGIC);
    expect(String.fromCharCode(...[0, 1, 2, 3].map((i) => (dev.read(4, 4) >>> (8 * i)) & 0xff))).toBe('XVSR');
    expect(dev.read(8, 4)).toBe(1);
    expect(dev.read(0xc, 4)).toBe(2);
    expect(dev.read(0x40, 4)).toBe(0);
    expect(dev.read(0x44, 4)).toBe(0x40000000);
    expect(dev.read(0x48, 4)).toBe(0);
    expect(dev.read(0x4c, 4)).toBe(0x300000);
    expect(dev.read(0x5c, 4)).toBe(0); // no bank 1
  });

  it('takes ram0_size when given, and 64-bit bases as strings', () => {
    const ctx = new FakeContext({ nodeName: 'vminfo', attrs: { ram0_base: '0x880000000', ram0_size: 0x10000000 } });
    const dev = probeWith(vminfoEmulator, 'vminfo-0.1', ctx);
    expect(dev.read(0x40, 4)).toBe(8);
    expect(dev.read(0x44, 4)).toBe(0x80000000);
    expect(dev.read(0x4c, 4)).toBe(0x10000000);
  });

  it('refuses writes and reserved offsets with a logged guest error; bad attributes name the node', () => {
    const ctx = new FakeContext({ nodeName: 'vminfo' });
    const dev = probeWith(vminfoEmulator, 'vminfo-0.1', ctx);
    dev.write(0, 4, 1);
    dev.read(0x100, 4);
    expect(dev.read(0, 4)).toBe(VMINFO_MAGIC);
    expect(ctx.log.guestErrors().length).toBe(2);
    expect(dev.save()).toEqual({ version: 1 });
    const bad = new FakeContext({ nodeName: 'vminfo', attrs: { ram0_base: 'zz' } });
    expect(() => probeWith(vminfoEmulator, 'vminfo-0.1', bad)).toThrow(/vminfo: ram0_base "zz"/);
  });
});
