import { describe, it, expect } from 'vitest';
import { Hypervisor } from '../hypervisor.ts';
import { fakeCpuModel } from '../testing/fake-cpu.ts';
import { makeGuestDesc } from '../testing/guest-builder.ts';
import { bootGuest, loadImage } from './boot.ts';
import { parseElf, EM_AARCH64, EM_ARM } from './elf.ts';
import { makeUImage, parseUImage } from './uimage.ts';
import { crc32 } from './crc32.ts';
import { parseArm64Image } from './linux-image.ts';

const MiB = 1024 * 1024;

function elf(cls: 1 | 2, machine: number, segs: { paddr: number; data: number[]; memsz?: number }[], entry: number): Uint8Array {
  const eh = cls === 2 ? 64 : 52, ph = cls === 2 ? 56 : 32;
  let off = eh + ph * segs.length;
  const total = off + segs.reduce((n, s) => n + s.data.length, 0);
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, cls, 1, 1]);
  dv.setUint16(0x10, 2, true);
  dv.setUint16(0x12, machine, true);
  if (cls === 2) {
    dv.setUint32(0x18, entry, true);
    dv.setUint32(0x20, eh, true);
    dv.setUint16(0x36, ph, true);
    dv.setUint16(0x38, segs.length, true);
  } else {
    dv.setUint32(0x18, entry, true);
    dv.setUint32(0x1c, eh, true);
    dv.setUint16(0x2a, ph, true);
    dv.setUint16(0x2c, segs.length, true);
  }
  segs.forEach((s, i) => {
    const p = eh + i * ph;
    dv.setUint32(p, 1, true);
    if (cls === 2) {
      dv.setUint32(p + 8, off, true);
      dv.setUint32(p + 16, s.paddr, true);
      dv.setUint32(p + 24, s.paddr, true);
      dv.setUint32(p + 32, s.data.length, true);
      dv.setUint32(p + 40, s.memsz ?? s.data.length, true);
    } else {
      dv.setUint32(p + 4, off, true);
      dv.setUint32(p + 8, s.paddr, true);
      dv.setUint32(p + 12, s.paddr, true);
      dv.setUint32(p + 16, s.data.length, true);
      dv.setUint32(p + 20, s.memsz ?? s.data.length, true);
    }
    b.set(s.data, off);
    off += s.data.length;
  });
  return b;
}

function arm64Image(textOffset: number, imageSize: number, len = 4096): Uint8Array {
  const b = new Uint8Array(len);
  const dv = new DataView(b.buffer);
  dv.setUint32(0x08, textOffset, true);
  dv.setUint32(0x10, imageSize, true);
  dv.setUint32(0x38, 0x644d5241, true);
  b[0x100] = 0xab;
  return b;
}

function zImage(len = 4096): Uint8Array {
  const b = new Uint8Array(len);
  new DataView(b.buffer).setUint32(0x24, 0x016f2818, true);
  return b;
}

function fdt(len = 64): Uint8Array {
  const b = new Uint8Array(len);
  new DataView(b.buffer).setUint32(0, 0xd00dfeed);
  return b;
}

function guest(arch: 'arm32' | 'arm64', ramSize = 256 * MiB) {
  const model = fakeCpuModel(() => [], { arch });
  const h = new Hypervisor({ cpuModels: [model], systemWorkqueues: false });
  const g = h.createGuest(makeGuestDesc({ name: 'guest0', ram: [{ base: 0x40000000, size: ramSize }], rom: [{ base: 0, size: 0x100000 }] }));
  return { g, cpu: () => model.cpus[0] };
}

describe('image formats', () => {
  it('parses ELF32/ELF64 and checks machine and class against the guest CPU', () => {
    const e64 = elf(2, EM_AARCH64, [{ paddr: 0x40080000, data: [1, 2, 3], memsz: 16 }], 0x40080000);
    expect(parseElf('k.elf', e64, 'arm64').segments[0]).toMatchObject({ paddr: 0x40080000, memsz: 16 });
    expect(() => parseElf('k.elf', e64, 'arm32')).toThrow('k.elf: ELF machine 183 does not match the guest\'s arm32 CPU (needs EM_ARM 40)');
    const e32 = elf(1, EM_ARM, [{ paddr: 0x10000, data: [9] }], 0x10000);
    expect(parseElf('a.elf', e32, 'arm32').entry).toBe(0x10000);
    expect(() => parseElf('x.elf', elf(2, EM_ARM, [], 0), 'arm32')).toThrow(/ELF64 does not match the guest's arm32 CPU/);
    expect(() => parseElf('t.elf', e64.subarray(0, 40), 'arm64')).toThrow('t.elf: truncated ELF header (40 bytes)');
    expect(() => parseElf('t.elf', e64.subarray(0, 100), 'arm64')).toThrow(/t.elf: program headers at 0x40 .* run past the end of the file/);
  });

  it('parses arm64 Image headers, including pre-3.17 ones', () => {
    expect(parseArm64Image('Image', arm64Image(0x80000, 0x10000))).toEqual({ textOffset: 0x80000, imageSize: 0x10000, flags: 0 });
    expect(parseArm64Image('Image', arm64Image(0, 0))).toEqual({ textOffset: 0x80000, imageSize: 4096, flags: 0 });
    expect(() => parseArm64Image('Image', new Uint8Array(10))).toThrow('Image: truncated arm64 Image header (10 of 64 bytes)');
  });

  it('round-trips uImage and checks CRCs, arch and compression', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const u = makeUImage(new Uint8Array([5, 6, 7]), { load: 0x40008000, entry: 0x40008000, arch: 'arm32', name: 'linux' });
    expect(parseUImage('u', u, 'arm32')).toMatchObject({ name: 'linux', load: 0x40008000, entry: 0x40008000 });
    expect(() => parseUImage('u', u, 'arm64')).toThrow(/u: uImage architecture 2 does not match the guest's arm64 CPU/);
    const bad = u.slice();
    bad[20] ^= 1;
    expect(() => parseUImage('u', bad, 'arm32')).toThrow(/u: uImage header CRC mismatch/);
    const badData = u.slice();
    badData[64] ^= 1;
    expect(() => parseUImage('u', badData, 'arm32')).toThrow('u: uImage data CRC mismatch');
    expect(() => parseUImage('u', u.subarray(0, 30), 'arm32')).toThrow(/truncated uImage header/);
  });
});

describe('bootGuest', () => {
  it('boots an arm64 Image with initrd and a generated DTB per the Linux boot protocol', () => {
    const { g, cpu } = guest('arm64');
    let req: unknown;
    const plan = bootGuest(g, {
      kernel: { name: 'Image', data: arm64Image(0x200000, 0x300000) },
      initrd: { name: 'initrd', data: new Uint8Array(1000).fill(7) },
      append: 'console=ttyAMA0',
      generateDtb: (r) => ((req = r), fdt()),
    });
    expect(plan.kernelFormat).toBe('arm64-image');
    expect(plan.entry).toBe(0x40200000);
    expect(g.aspace.read(0x40200100, 1)[0]).toBe(0xab);
    expect(plan.placements.find((p) => p.what === 'initrd')!.gpa).toBe(0x40000000 + 128 * MiB);
    expect(plan.dtbAddr).toBe(0x40000000 + 130 * MiB);
    expect(req).toMatchObject({ bootargs: 'console=ttyAMA0', initrdStart: 0x48000000, initrdEnd: 0x48000000 + 1000 });
    expect(cpu().entry).toBe(0x40200000);
    expect(cpu().bootRegs).toEqual([0x48200000, 0, 0, 0]);
  });

  it('boots an arm32 zImage with r0=0, r1=~0, r2=DTB', () => {
    const { g, cpu } = guest('arm32', 64 * MiB);
    const plan = bootGuest(g, { kernel: { name: 'zImage', data: zImage() }, dtb: { name: 'board.dtb', data: fdt() } });
    expect(plan.entry).toBe(0x40010000);
    expect(plan.dtbAddr).toBe(0x40000000 + 32 * MiB);
    expect(cpu().bootRegs).toEqual([0, 0xffffffff, 0x42000000]);
  });

  it('loads raw binaries, ELF and uImage where they say', () => {
    const a = guest('arm64');
    expect(bootGuest(a.g, { kernel: { name: 'fw.bin', data: new Uint8Array([1, 2]) } }).entry).toBe(0x40080000);
    const b = guest('arm64');
    const e = elf(2, EM_AARCH64, [{ paddr: 0x40100000, data: [0xaa], memsz: 8 }], 0x40100004);
    expect(bootGuest(b.g, { kernel: { name: 'k.elf', data: e } }).entry).toBe(0x40100004);
    expect(b.g.aspace.read(0x40100000, 2)).toEqual(new Uint8Array([0xaa, 0]));
    const c = guest('arm32');
    const u = makeUImage(new Uint8Array([3]), { load: 0x40008000, entry: 0x40008040, arch: 'arm32' });
    expect(bootGuest(c.g, { kernel: { name: 'uImage', data: u } })).toMatchObject({ entry: 0x40008040, kernelFormat: 'uimage' });
  });

  it('puts firmware in flash at 0 with the DTB at the start of RAM, and restores images on reset', () => {
    const { g, cpu } = guest('arm64');
    const plan = bootGuest(g, { bios: { name: 'QEMU_EFI.fd', data: new Uint8Array([0x11, 0x22]) }, dtb: { name: 'virt.dtb', data: fdt() } });
    expect(plan).toMatchObject({ entry: 0, regs: [], dtbAddr: 0x40000000 });
    expect(cpu().bootRegs).toEqual([]);
    g.aspace.write(0x40000000, new Uint8Array(4), 'clobber');
    g.reset();
    expect(g.aspace.read(0x40000000, 4)).toEqual(new Uint8Array([0xd0, 0x0d, 0xfe, 0xed]));
    expect(g.aspace.read(0, 2)).toEqual(new Uint8Array([0x11, 0x22]));
  });

  it('leaves the DTB out when the firmware occupies the start of RAM (RAM at 0), and refuses a given one', () => {
    const model = fakeCpuModel(() => [], { arch: 'arm32' });
    const h = new Hypervisor({ cpuModels: [model], systemWorkqueues: false });
    const g = h.createGuest(makeGuestDesc({ name: 'guest0', ram: [{ base: 0, size: 16 * MiB }] }));
    const bios = { name: 'firmware.bin', data: new Uint8Array([0x11, 0x22, 0x33, 0x44]) };
    let asked = 0;
    const plan = bootGuest(g, { bios, generateDtb: () => (asked++, fdt()) });
    expect(asked).toBe(0);
    expect(plan.dtbAddr).toBeUndefined();
    expect(plan.placements.map((p) => p.what)).toEqual(['bios']);
    expect(g.aspace.read(0, 4)).toEqual(new Uint8Array([0x11, 0x22, 0x33, 0x44]));
    expect(() => bootGuest(g, { bios, dtb: { name: 'pb.dtb', data: fdt() } })).toThrow(
      'guest0: pb.dtb: the DTB would go at the start of RAM (0x0), where firmware.bin is loaded; give a kernel instead of a bios, or no DTB',
    );
  });

  it('refuses images that do not fit, wrong architectures and bad DTBs, naming guest, file and address', () => {
    const { g } = guest('arm64', 16 * MiB);
    expect(() => bootGuest(g, { kernel: { name: 'Image', data: arm64Image(0x80000, 32 * MiB) } })).toThrow(
      'guest0: Image: Image of 33554432 bytes at 0x40080000 runs past the end of RAM (0x41000000)',
    );
    expect(() => bootGuest(g, { kernel: { name: 'k', data: new Uint8Array(4) }, initrd: { name: 'big.cpio', data: new Uint8Array(9 * MiB) } })).toThrow(
      /guest0: big.cpio: initrd of 9437184 bytes at 0x40800000 runs past the end of RAM/,
    );
    expect(() => bootGuest(g, { kernel: { name: 'k', data: new Uint8Array(4) }, dtb: { name: 'x.dtb', data: new Uint8Array(64) } })).toThrow(
      'guest0: x.dtb: not a flattened device tree (no magic 0xd00dfeed)',
    );
    const a32 = guest('arm32');
    expect(() => bootGuest(a32.g, { kernel: { name: 'Image', data: arm64Image(0, 0x1000) } })).toThrow(/cannot boot on the guest's arm32 CPU/);
    expect(() => bootGuest(g, { dtb: { name: 'x.dtb', data: fdt() } })).toThrow('guest0: nothing to boot: give a kernel or a bios');
    expect(() => loadImage(g, 0x50000000, { name: 'blob', data: new Uint8Array(4) })).toThrow('guest0: blob: image at 0x50000000..0x50000003 does not fit in guest RAM/ROM');
  });
});
