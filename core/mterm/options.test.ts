import { describe, expect, it } from 'vitest';
import { parseCli, parseGuestSpec, parseSize } from './options.ts';

describe('parseGuestSpec', () => {
  it('reads every key', () => {
    const g = parseGuestSpec('g.dts,name=g1,vcpus=2,mem=256M,kernel=k,initrd=i,bios=b,dtb=d,image=a.bin@0x1000,image=b@4096');
    expect(g).toEqual({ dts: 'g.dts', name: 'g1', vcpus: 2, mem: 256 << 20, kernel: 'k', initrd: 'i', bios: 'b', dtb: 'd',
      images: [{ file: 'a.bin', addr: 0x1000 }, { file: 'b', addr: 4096 }] });
  });
  it('keeps commas of a kernel command line inside append', () => {
    expect(parseGuestSpec('g.dts,append=console=ttyAMA0,115200 quiet,name=x')).toMatchObject({ append: 'console=ttyAMA0,115200 quiet', name: 'x' });
    expect(parseGuestSpec('g.dts,append="a,name=b"')).toMatchObject({ append: 'a,name=b' });
  });
  it('refuses unknown keys, bad counts and bad addresses with the guest named', () => {
    expect(() => parseGuestSpec('g.dts,colour=red')).toThrow('--guest g.dts: unknown key "colour"');
    expect(() => parseGuestSpec('g.dts,vcpus=0')).toThrow('vcpu count must be 1..64');
    expect(() => parseGuestSpec('g.dts,image=a.bin')).toThrow('expected <file>@<address>');
    expect(() => parseGuestSpec('g.dts,image=a.bin@zz')).toThrow('bad address "zz"');
    expect(() => parseGuestSpec('g.dts,kernel=')).toThrow('missing file name');
    expect(() => parseGuestSpec('g.dts,name=bad name')).toThrow('bad guest name');
    expect(() => parseGuestSpec('name=x')).toThrow('first item must be the guest DTS file');
  });
});

describe('parseSize', () => {
  it('takes QEMU-style sizes', () => {
    expect(parseSize('1G', 'm')).toBe(1 << 30);
    expect(parseSize('64k', 'm')).toBe(65536);
    expect(parseSize('0x1000', 'm')).toBe(4096);
    expect(parseSize('512MiB', 'm')).toBe(512 << 20);
    expect(() => parseSize('lots', 'mem=')).toThrow('mem=: bad size "lots"');
    expect(() => parseSize('0', 'mem=')).toThrow('out of range');
  });
});

describe('parseCli', () => {
  it('parses options with separate and inline values', () => {
    const o = parseCli(['--guest', 'a.dts', '--guest=b.dts,name=b', '--bootcmd', 'guest list', '--mterm=line', '--exit-on-poweroff', '--seed', '7', '--time', 'real', '--max-time', '1.5s']);
    expect(o.guests.map((g) => g.dts)).toEqual(['a.dts', 'b.dts']);
    expect(o).toMatchObject({ bootcmds: ['guest list'], mterm: 'line', exitOnPoweroff: true, seed: 7, time: 'real', maxTimeNs: 1.5e9 });
  });
  it('refuses unknown options and bad values', () => {
    expect(() => parseCli(['--frob'])).toThrow('unknown option "--frob"');
    expect(() => parseCli(['--mterm', 'gui'])).toThrow('expected tui, line or none');
    expect(() => parseCli(['--seed', '-1'])).toThrow('--seed');
    expect(() => parseCli(['--guest'])).toThrow('--guest needs a value');
    expect(() => parseCli(['--max-time', '10'])).toThrow('--max-time');
  });
});
