// QEMU-like direct boot of a guest (GUESTS.md "Entry conventions"): places
// firmware, kernel (ELF, arm64 Image, zImage, uImage or raw), initrd and DTB
// in guest memory and sets vcpu0's entry and boot registers. The images are
// kept on the guest and put back on every guest reset, as QEMU does.

import type { Guest } from '../manager/guest.ts';
import type { GuestDesc } from '../devtree/guest-desc.ts';
import { isElf, parseElf } from './elf.ts';
import { isArm64Image, isZImage, parseArm64Image, parseZImage } from './linux-image.ts';
import { isUImage, parseUImage } from './uimage.ts';
import { LoaderError, hex } from './loader-error.ts';

export interface BootFile {
  /** File name, for messages. */
  readonly name: string;
  readonly data: Uint8Array;
}

export interface DtbRequest {
  readonly guest: GuestDesc;
  readonly bootargs?: string;
  /** linux,initrd-start / linux,initrd-end (end exclusive). */
  readonly initrdStart?: number;
  readonly initrdEnd?: number;
  readonly ramBase: number;
  readonly ramSize: number;
}

export interface BootOptions {
  kernel?: BootFile;
  initrd?: BootFile;
  append?: string;
  /** Firmware for flash bank 0 at 0x0 (U-Boot, UEFI, basic firmware). */
  bios?: BootFile;
  dtb?: BootFile;
  /** Makes the guest's DTB (core/devtree provides it); used when dtb is absent. */
  generateDtb?: (req: DtbRequest) => Uint8Array;
}

export interface Placement {
  readonly what: 'bios' | 'kernel' | 'initrd' | 'dtb';
  readonly file: string;
  readonly gpa: number;
  readonly size: number;
}

export interface BootPlan {
  readonly entry: number;
  readonly regs: readonly number[];
  readonly kernelFormat?: 'elf' | 'arm64-image' | 'zimage' | 'uimage' | 'raw';
  readonly placements: readonly Placement[];
  readonly dtbAddr?: number;
}

const MiB = 1024 * 1024;
const FDT_MAGIC = 0xd00dfeed;

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** Loads `data` at gpa (Xvisor's guest_load); the error names guest, file and address. */
export function loadImage(guest: Guest, gpa: number, file: BootFile): void {
  placeChecked(guest, gpa, file.data, file.name, 'image');
}

function placeChecked(guest: Guest, gpa: number, data: Uint8Array, file: string, what: string, reserve = data.length): void {
  if (!guest.aspace.isMemory(gpa, Math.max(1, reserve)))
    throw new LoaderError(`${guest.name}: ${file}: ${what} at ${hex(gpa)}..${hex(gpa + Math.max(1, reserve) - 1)} does not fit in guest RAM/ROM`);
  guest.aspace.write(gpa, data, `${file}`);
}

export function bootGuest(guest: Guest, opts: BootOptions): BootPlan {
  if (guest.vcpus.length === 0) throw new LoaderError(`${guest.name}: no vcpus`);
  const arch = guest.vcpus[0].model.arch;
  const ram = guest.aspace.ramRegions()[0];
  if (ram === undefined) throw new LoaderError(`${guest.name}: no RAM region to boot into`);
  if (!opts.bios && !opts.kernel) throw new LoaderError(`${guest.name}: nothing to boot: give a kernel or a bios`);
  if (opts.bios && opts.kernel) throw new LoaderError(`${guest.name}: give either bios (${opts.bios.name}) or kernel (${opts.kernel.name}), not both`);
  const ramBase = ram.base, ramEnd = ram.end;
  const placements: Placement[] = [];
  const images: { gpa: number; data: Uint8Array; what: string }[] = [];
  const put = (what: Placement['what'], file: string, gpa: number, data: Uint8Array, reserve = data.length) => {
    placeChecked(guest, gpa, data, file, what, reserve);
    placements.push({ what, file, gpa, size: data.length });
    images.push({ gpa, data, what: file });
  };

  let entry = 0;
  let kernelEnd = ramBase;
  let format: BootPlan['kernelFormat'];
  let linuxRegs = true;

  if (opts.bios) {
    const flash = guest.aspace.find(0);
    if (flash === null || flash.kind === 'device') throw new LoaderError(`${guest.name}: ${opts.bios.name}: no flash/ROM/RAM region at 0x0`);
    put('bios', opts.bios.name, 0, opts.bios.data);
    entry = 0;
    linuxRegs = false;
  } else if (opts.kernel) {
    const k = opts.kernel;
    if (isElf(k.data)) {
      format = 'elf';
      const elf = parseElf(k.name, k.data, arch);
      for (const s of elf.segments) {
        const full = new Uint8Array(s.memsz);
        full.set(s.data);
        put('kernel', k.name, s.paddr, full);
        if (s.paddr + s.memsz > kernelEnd && s.paddr >= ramBase && s.paddr < ramEnd) kernelEnd = s.paddr + s.memsz;
      }
      entry = elf.entry;
    } else if (isUImage(k.data)) {
      format = 'uimage';
      const u = parseUImage(k.name, k.data, arch);
      put('kernel', k.name, u.load, u.data);
      entry = u.entry;
      kernelEnd = Math.max(kernelEnd, u.load + u.data.length);
    } else if (arch === 'arm64' && isArm64Image(k.data)) {
      format = 'arm64-image';
      const h = parseArm64Image(k.name, k.data);
      const load = alignUp(ramBase, 2 * MiB) + h.textOffset;
      if (load + h.imageSize > ramEnd)
        throw new LoaderError(`${guest.name}: ${k.name}: Image of ${h.imageSize} bytes at ${hex(load)} runs past the end of RAM (${hex(ramEnd)})`);
      put('kernel', k.name, load, k.data, h.imageSize);
      entry = load;
      kernelEnd = load + h.imageSize;
    } else if (arch === 'arm32' && isZImage(k.data)) {
      format = 'zimage';
      parseZImage(k.name, k.data);
      const load = ramBase + 0x10000;
      put('kernel', k.name, load, k.data);
      entry = load;
      kernelEnd = load + k.data.length;
    } else {
      if (arch === 'arm32' && isArm64Image(k.data)) throw new LoaderError(`${guest.name}: ${k.name}: an arm64 Image cannot boot on the guest's arm32 CPU`);
      format = 'raw';
      const load = ramBase + (arch === 'arm64' ? 0x80000 : 0x10000);
      put('kernel', k.name, load, k.data);
      entry = load;
      kernelEnd = load + k.data.length;
    }
  }

  // initrd at RAM + min(RAM/2, 128 MiB) (after the kernel), the DTB 2 MiB-aligned after it.
  const ramSize = ramEnd - ramBase;
  let next = Math.max(ramBase + Math.min(ramSize / 2, 128 * MiB), alignUp(kernelEnd, 4096));
  let initrdStart: number | undefined, initrdEnd: number | undefined;
  if (opts.initrd) {
    if (opts.bios) throw new LoaderError(`${guest.name}: ${opts.initrd.name}: an initrd needs a kernel, not a bios`);
    initrdStart = next;
    initrdEnd = next + opts.initrd.data.length;
    if (initrdEnd > ramEnd)
      throw new LoaderError(`${guest.name}: ${opts.initrd.name}: initrd of ${opts.initrd.data.length} bytes at ${hex(initrdStart)} runs past the end of RAM (${hex(ramEnd)})`);
    put('initrd', opts.initrd.name, initrdStart, opts.initrd.data);
    next = alignUp(initrdEnd, 2 * MiB);
  }

  // Firmware from flash finds the DTB at the start of RAM. On boards whose
  // RAM starts at 0 (Versatile, RealView) the firmware itself is there, so a
  // generated DTB is left out (as QEMU gives such boards none without
  // -kernel) and a given one is refused rather than written over the code.
  const biosOwnsRamStart = opts.bios !== undefined && ramBase < opts.bios.data.length;
  if (biosOwnsRamStart && opts.dtb)
    throw new LoaderError(
      `${guest.name}: ${opts.dtb.name}: the DTB would go at the start of RAM (${hex(ramBase)}), where ${opts.bios!.name} is loaded; give a kernel instead of a bios, or no DTB`,
    );
  let dtb: BootFile | undefined = opts.dtb;
  if (dtb === undefined && opts.generateDtb && !biosOwnsRamStart)
    dtb = {
      name: `${guest.name}.dtb`,
      data: opts.generateDtb({ guest: guest.desc, bootargs: opts.append, initrdStart, initrdEnd, ramBase, ramSize }),
    };
  let dtbAddr: number | undefined;
  if (dtb !== undefined) {
    if (dtb.data.length < 40 || new DataView(dtb.data.buffer, dtb.data.byteOffset).getUint32(0) !== FDT_MAGIC)
      throw new LoaderError(`${guest.name}: ${dtb.name}: not a flattened device tree (no magic 0xd00dfeed)`);
    dtbAddr = opts.bios ? ramBase : opts.kernel ? next : ramBase;
    if (dtbAddr + dtb.data.length > ramEnd)
      throw new LoaderError(`${guest.name}: ${dtb.name}: DTB of ${dtb.data.length} bytes at ${hex(dtbAddr)} runs past the end of RAM (${hex(ramEnd)})`);
    put('dtb', dtb.name, dtbAddr, dtb.data);
  }

  const d = dtbAddr ?? 0;
  const regs = !linuxRegs ? [] : arch === 'arm64' ? [d, 0, 0, 0] : [0, 0xffffffff, d];
  guest.vcpus[0].setBoot(entry, regs);
  guest.bootImages = images.map((i) => ({ gpa: i.gpa, data: i.data, what: i.what }));
  return { entry, regs, kernelFormat: format, placements, dtbAddr };
}
