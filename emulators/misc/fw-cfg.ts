// QEMU's firmware configuration interface over MMIO (`qemu,fw-cfg-mmio`),
// per QEMU's documented guest interface (docs/specs/fw_cfg.rst, "Firmware
// Configuration (fw_cfg) Device"): on ARM the data register is at offset 0
// (1-8 bytes wide, string-preserving: bytes come out in item order), the
// selector at 8 (16-bit, big-endian), the DMA address at 16 (64-bit,
// big-endian; a write of its low half or of all 8 bytes starts the
// transfer; reading it gives the signature "QEMU CFG").
//
// Items: FW_CFG_SIGNATURE "QEMU", FW_CFG_ID (traditional + DMA), UUID,
// NB_CPUS/MAX_CPUS (the guest's vcpu count), RAM_SIZE (node attribute
// `ram_size` when given), FW_CFG_FILE_DIR listing the named files that the
// core adds with addFile() (kernel, initrd, command line, "etc/..." as UEFI
// and U-Boot's `qfw` look for). Items are read-only: a DMA write fails with
// the error bit, as for QEMU's read-only items.

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32 } from '../common/state.ts';

export const enum FwCfgKey {
  SIGNATURE = 0x0000,
  ID = 0x0001,
  UUID = 0x0002,
  RAM_SIZE = 0x0003,
  NOGRAPHIC = 0x0004,
  NB_CPUS = 0x0005,
  KERNEL_ADDR = 0x0007,
  KERNEL_SIZE = 0x0008,
  INITRD_ADDR = 0x000a,
  INITRD_SIZE = 0x000b,
  MAX_CPUS = 0x000f,
  KERNEL_DATA = 0x0011,
  INITRD_DATA = 0x0012,
  CMDLINE_ADDR = 0x0013,
  CMDLINE_SIZE = 0x0014,
  CMDLINE_DATA = 0x0015,
  FILE_DIR = 0x0019,
  FILE_FIRST = 0x0020,
}

export const enum Reg {
  Data = 0x00,
  Selector = 0x08,
  DmaAddress = 0x10,
}

export const DMA_CTL_ERROR = 0x01;
export const DMA_CTL_READ = 0x02;
export const DMA_CTL_SKIP = 0x04;
export const DMA_CTL_SELECT = 0x08;
export const DMA_CTL_WRITE = 0x10;
const ID_TRADITIONAL = 1;
const ID_DMA = 2;
const FILE_NAME_LEN = 56;
const MAX_FILES = 0x3fe0;

const swap16 = (v: number): number => ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
const swap32 = (v: number): number => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | ((v >>> 24) & 0xff)) >>> 0;

function u16le(v: number): Uint8Array {
  return new Uint8Array([v & 0xff, (v >> 8) & 0xff]);
}

function u64le(v: number): Uint8Array {
  const b = new Uint8Array(8);
  const d = new DataView(b.buffer);
  d.setUint32(0, v % 2 ** 32, true);
  d.setUint32(4, Math.floor(v / 2 ** 32), true);
  return b;
}

export class FwCfg implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4, 8];
  hi32 = 0;
  private readonly items = new Map<number, Uint8Array>();
  private readonly files: { name: string; key: number }[] = [];
  private selected = 0;
  private offset = 0;
  private dmaHigh = 0;
  private readonly scratch = new DataView(new ArrayBuffer(16));

  constructor(private readonly ctx: EmulatorContext) {
    this.items.set(FwCfgKey.SIGNATURE, new TextEncoder().encode('QEMU'));
    const id = new Uint8Array(4);
    id[0] = ID_TRADITIONAL | ID_DMA;
    this.items.set(FwCfgKey.ID, id);
    this.items.set(FwCfgKey.UUID, new Uint8Array(16));
    this.items.set(FwCfgKey.NOGRAPHIC, u16le(1));
    this.items.set(FwCfgKey.NB_CPUS, u16le(ctx.vcpuCount));
    this.items.set(FwCfgKey.MAX_CPUS, u16le(ctx.vcpuCount));
    const ram = ctx.attrU32('ram_size');
    if (ram !== undefined) this.items.set(FwCfgKey.RAM_SIZE, u64le(ram));
    this.rebuildDir();
  }

  /** Sets a numbered item (kernel, initrd, command line keys). */
  setItem(key: number, data: Uint8Array): void {
    if (key === FwCfgKey.FILE_DIR || key >= FwCfgKey.FILE_FIRST) throw new Error(`fw_cfg: key 0x${key.toString(16)} is reserved for files`);
    this.items.set(key, data);
  }

  /** Adds or replaces a named file; returns its selector key. */
  addFile(name: string, data: Uint8Array): number {
    if (name.length === 0 || name.length >= FILE_NAME_LEN) throw new Error(`fw_cfg: file name "${name}" must be 1..${FILE_NAME_LEN - 1} characters`);
    let f = this.files.find((x) => x.name === name);
    if (!f) {
      if (this.files.length >= MAX_FILES) throw new Error('fw_cfg: file directory full');
      f = { name, key: FwCfgKey.FILE_FIRST + this.files.length };
      this.files.push(f);
    }
    this.items.set(f.key, data);
    this.rebuildDir();
    return f.key;
  }

  private rebuildDir(): void {
    const sorted = [...this.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dir = new Uint8Array(4 + 64 * sorted.length);
    const v = new DataView(dir.buffer);
    v.setUint32(0, sorted.length, false);
    sorted.forEach((f, i) => {
      const o = 4 + 64 * i;
      v.setUint32(o, this.items.get(f.key)!.length, false);
      v.setUint16(o + 4, f.key, false);
      for (let k = 0; k < f.name.length; k++) dir[o + 8 + k] = f.name.charCodeAt(k) & 0xff;
    });
    this.items.set(FwCfgKey.FILE_DIR, dir);
  }

  private select(key: number): void {
    this.selected = key;
    this.offset = 0;
  }

  private nextByte(): number {
    const item = this.items.get(this.selected);
    if (!item || this.offset >= item.length) return 0;
    return item[this.offset++]!;
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(offset: number, size: AccessSize): number {
    this.hi32 = 0;
    if (offset >= Reg.Data && offset + size <= Reg.Data + 8) {
      let lo = 0;
      for (let i = 0; i < Math.min(size, 4); i++) lo |= this.nextByte() << (8 * i);
      if (size === 8) {
        let hi = 0;
        for (let i = 0; i < 4; i++) hi |= this.nextByte() << (8 * i);
        this.hi32 = hi >>> 0;
      }
      return lo >>> 0;
    }
    if (offset >= Reg.DmaAddress && offset + size <= Reg.DmaAddress + 8) {
      const sig = 'QEMU CFG';
      const at = offset - Reg.DmaAddress;
      let lo = 0;
      for (let i = 0; i < Math.min(size, 4); i++) lo |= sig.charCodeAt(at + i) << (8 * i);
      if (size === 8) this.hi32 = 0x47464320;
      return lo >>> 0;
    }
    if (offset === Reg.Selector && size === 2) {
      this.guestError('read of write-only selector');
      return 0;
    }
    this.guestError(`${size}-byte read at reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (offset === Reg.Selector && size === 2) {
      this.select(swap16(value));
      return;
    }
    if (offset === Reg.DmaAddress && size === 8) {
      const hi = this.hi32 ?? 0;
      this.dma(swap32(value) * 2 ** 32 + swap32(hi));
      return;
    }
    if (offset === Reg.DmaAddress && size === 4) {
      this.dmaHigh = swap32(value);
      return;
    }
    if (offset === Reg.DmaAddress + 4 && size === 4) {
      const addr = this.dmaHigh * 2 ** 32 + swap32(value);
      this.dmaHigh = 0;
      this.dma(addr);
      return;
    }
    if (offset < 8) {
      this.guestError('write to the data register (items are read-only)');
      return;
    }
    this.guestError(`${size}-byte write of 0x${(value >>> 0).toString(16)} at offset 0x${offset.toString(16)}`);
  }

  /** One FWCfgDmaAccess at guest address addr: control, length, address (all big-endian). */
  private dma(addr: number): void {
    const dma = this.ctx.dma;
    const hdr = new Uint8Array(16);
    if (!dma.read(addr, hdr)) {
      this.guestError(`DMA descriptor at 0x${addr.toString(16)} is outside guest RAM`);
      return;
    }
    const hv = new DataView(hdr.buffer);
    const control = hv.getUint32(0, false);
    const length = hv.getUint32(4, false);
    const target = hv.getUint32(8, false) * 2 ** 32 + hv.getUint32(12, false);
    if (control & DMA_CTL_SELECT) this.select(control >>> 16);
    let error = false;
    if (control & DMA_CTL_READ) {
      const buf = new Uint8Array(length);
      for (let i = 0; i < length; i++) buf[i] = this.nextByte();
      if (!dma.write(target, buf)) {
        this.guestError(`DMA read of ${length} bytes to 0x${target.toString(16)} leaves guest RAM`);
        error = true;
      }
    } else if (control & DMA_CTL_SKIP) {
      const item = this.items.get(this.selected);
      this.offset = Math.min(this.offset + length, item ? item.length : 0);
    } else if (control & DMA_CTL_WRITE) {
      error = true; // every item is read-only
    }
    this.scratch.setUint32(0, error ? DMA_CTL_ERROR : 0, false);
    if (!dma.write(addr, new Uint8Array(this.scratch.buffer, 0, 4))) this.guestError('DMA status write left guest RAM');
  }

  reset(): void {
    this.select(0);
    this.dmaHigh = 0;
  }

  save(): EmuState {
    return { version: 1, selected: this.selected, offset: this.offset, dmaHigh: this.dmaHigh };
  }

  restore(s: EmuState): void {
    checkVersion(s, 'fw-cfg', 1);
    const sel = stateU32(s, 'fw-cfg', 'selected');
    const off = stateU32(s, 'fw-cfg', 'offset');
    const hi = stateU32(s, 'fw-cfg', 'dmaHigh');
    this.selected = sel & 0xffff;
    this.offset = off;
    this.dmaHigh = hi;
  }
}

export const fwCfgEmulator: Emulator = {
  name: 'fw-cfg',
  deviceType: 'misc',
  compatible: [{ compatible: 'qemu,fw-cfg-mmio' }],
  configSymbol: 'CONFIG_EMU_MISC_FW_CFG',
  probe(ctx: EmulatorContext): EmuDevice {
    return new FwCfg(ctx);
  },
};
