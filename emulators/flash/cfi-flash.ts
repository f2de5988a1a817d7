// A CFI parallel NOR flash bank with the Intel/Sharp command set (`cfi-flash`),
// per the Intel StrataFlash / 3 Volt Synchronous Intel Strataflash command
// definitions (Intel "Common Flash Interface and Command Sets" AP-646 and the
// JEDEC JESD68.01 CFI spec), behaving as QEMU's virt board flash does for
// the guests that use it (U-Boot's CFI driver, Linux's cfi_cmdset_0001,
// EDK2's NorFlashDxe): bank width 4 = two x16 chips in lockstep, commands
// taken from the low byte of a write, status and query answers replicated
// in each chip's lane.
//
// Commands: read array (0xFF, also 0x00 and 0xF0), read identifier (0x90:
// manufacturer 0x89 Intel, device 0x18, block lock status), CFI query
// (0x98), read status (0x70), clear status (0x50), word program (0x40/0x10),
// buffered program (0xE8, count, data, 0xD0), block erase (0x20, 0xD0),
// block lock (0x60 0x01), unlock (0x60 0xD0), lock-down (0x60 0x2F, kept as
// locked), suspend/resume (0xB0/0xD0: operations are instant). Programming
// only clears bits; erase sets a block to 0xFF. A program or erase of a
// locked block fails with SR.1 and SR.4/SR.5; a bad sequence sets SR.4|SR.5.
//
// Backing store: the node's `blkdev` names a host BlockBackend (a file,
// drivers/block); its contents load at probe and every program/erase
// writes through. Without one the bank starts erased. `bank_width` (4),
// `device_width` (2), `sector_length` (256 KiB per bank) set the geometry.
// For execute-in-place the core may map `array` as ROM while `readArray`
// is true; onArrayMode tells it when that changes.

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32 } from '../common/state.ts';
import { BLOCK_SERVICE, type BlockBackend } from '../../core/devemu/host-services.ts';
import { cfiQueryTable } from './cfi-query.ts';

export const enum Cmd {
  ReadArray = 0xff,
  ReadId = 0x90,
  Query = 0x98,
  ReadStatus = 0x70,
  ClearStatus = 0x50,
  Program = 0x40,
  ProgramAlt = 0x10,
  BufferedProgram = 0xe8,
  BlockErase = 0x20,
  Confirm = 0xd0,
  LockSetup = 0x60,
  LockBlock = 0x01,
  LockDown = 0x2f,
  Suspend = 0xb0,
}

export const SR_READY = 0x80;
export const SR_ERASE_ERROR = 0x20;
export const SR_PROGRAM_ERROR = 0x10;
export const SR_LOCKED = 0x02;

const enum Mode {
  Array,
  Id,
  Query,
  Status,
  ProgramData,
  EraseConfirm,
  BufferCount,
  BufferData,
  BufferConfirm,
  LockConfirm,
}

const MANUFACTURER_INTEL = 0x89;
const DEVICE_ID = 0x18;

export class CfiFlash implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  /** Contents, allocated on first write: an erased bank costs no host memory (QEMU's virt banks are 64 MiB each). */
  private arr: Uint8Array | undefined;
  private dv: DataView | undefined;
  private readonly bankWidth: number;
  private readonly deviceWidth: number;
  private readonly blockBytes: number;
  private readonly bufferBytes: number;
  private readonly query: Uint8Array;
  private readonly locks: Uint8Array;
  private mode = Mode.Array;
  private status = SR_READY;
  private bufCount = 0;
  private bufLeft = 0;
  private bufBase = -1;
  private readonly bufData: Uint8Array;
  private readonly bufMask: Uint8Array;
  private readonly backend: BlockBackend | undefined;
  /** Told whenever read-array mode starts or ends (ROM mapping). */
  onArrayMode: ((readArray: boolean) => void) | undefined;

  constructor(private readonly ctx: EmulatorContext) {
    this.bankWidth = ctx.attrU32('bank_width') ?? 4;
    this.deviceWidth = ctx.attrU32('device_width') ?? 2;
    this.blockBytes = ctx.attrU32('sector_length') ?? 256 * 1024;
    const size = ctx.size;
    if (![1, 2, 4].includes(this.bankWidth) || ![1, 2, 4].includes(this.deviceWidth) || this.deviceWidth > this.bankWidth) {
      throw new Error(`${ctx.nodePath}: bank_width ${this.bankWidth} / device_width ${this.deviceWidth} not supported`);
    }
    if (this.blockBytes === 0 || (this.blockBytes & (this.blockBytes - 1)) !== 0 || size % this.blockBytes !== 0) {
      throw new Error(`${ctx.nodePath}: flash size 0x${size.toString(16)} is not a whole number of 0x${this.blockBytes.toString(16)}-byte sectors`);
    }
    const chips = this.bankWidth / this.deviceWidth;
    this.bufferBytes = 2048 * chips;
    this.query = cfiQueryTable({
      chipBytes: size / chips, blockBytes: this.blockBytes / chips, bufferBytes: 2048,
      interfaceCode: this.deviceWidth === 1 ? 0 : this.deviceWidth === 2 ? 1 : 5,
    });
    this.size = size;
    this.locks = new Uint8Array(size / this.blockBytes);
    this.bufData = new Uint8Array(this.bufferBytes);
    this.bufMask = new Uint8Array(this.bufferBytes);
    const name = ctx.attrString('blkdev');
    if (name !== undefined) {
      this.backend = ctx.service<BlockBackend>(BLOCK_SERVICE, name);
      if (!this.backend) throw new Error(`${ctx.nodePath}: block device "${name}" not found`);
      const n = Math.min(size, this.backend.sizeBytes);
      this.backend.read(0, this.array.subarray(0, n), (ok) => {
        if (!ok) ctx.log.log(LogKind.Info, `${ctx.nodePath}: reading flash contents from "${name}" failed`);
      });
      if (this.backend.sizeBytes < size) ctx.log.log(LogKind.Info, `${ctx.nodePath}: "${name}" holds ${this.backend.sizeBytes} of ${size} bytes; the rest reads erased`);
    }
  }

  private readonly size: number;

  /** The contents, allocated (erased) on first use. */
  get array(): Uint8Array {
    if (this.arr === undefined) {
      this.arr = new Uint8Array(this.size).fill(0xff);
      this.dv = new DataView(this.arr.buffer);
    }
    return this.arr;
  }

  private get view(): DataView {
    if (this.dv === undefined) void this.array;
    return this.dv!;
  }

  get readArray(): boolean {
    return this.mode === Mode.Array;
  }

  /** Puts an image into the array (the loader's path), writing through to the backing store. */
  load(offset: number, data: Uint8Array): void {
    if (offset < 0 || offset + data.length > this.size) throw new Error(`${this.ctx.nodePath}: image of ${data.length} bytes at 0x${offset.toString(16)} does not fit the flash`);
    this.array.set(data, offset);
    this.writeBack(offset, data.length);
  }

  private setMode(m: Mode): void {
    const was = this.mode === Mode.Array;
    this.mode = m;
    if (was !== (m === Mode.Array)) this.onArrayMode?.(m === Mode.Array);
  }

  /** A per-chip 8-bit answer replicated in each chip's lane, as the access sees it. */
  private replicated(byteValue: number, offset: number, size: AccessSize): number {
    let word = 0;
    for (let c = 0; c < this.bankWidth; c += this.deviceWidth) word |= byteValue << (8 * c);
    word >>>= 0;
    const shift = 8 * (offset % this.bankWidth);
    const v = shift ? word >>> shift : word;
    return size === 4 ? v >>> 0 : v & ((1 << (8 * size)) - 1);
  }

  private readArrayValue(offset: number, size: AccessSize): number {
    if (this.arr === undefined) return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
    if (size === 1) return this.array[offset]!;
    if (size === 2) return this.view.getUint16(offset, true);
    return this.view.getUint32(offset, true);
  }

  read(offset: number, size: AccessSize): number {
    switch (this.mode) {
      case Mode.Array:
        return this.readArrayValue(offset, size);
      case Mode.Id: {
        const word = Math.floor((offset % this.blockBytes) / this.bankWidth);
        const v = word === 0 ? MANUFACTURER_INTEL : word === 1 ? DEVICE_ID : word === 2 ? this.locks[Math.floor(offset / this.blockBytes)]! : 0;
        return this.replicated(v, offset, size);
      }
      case Mode.Query: {
        const word = Math.floor(offset / this.bankWidth);
        return this.replicated(word < this.query.length ? this.query[word]! : 0, offset, size);
      }
      default:
        // Status is what every other mode reads (program/erase in progress finish at once).
        return this.replicated(this.status, offset, size);
    }
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  private blockOf(offset: number): number {
    return Math.floor(offset / this.blockBytes);
  }

  private sequenceError(what: string): void {
    this.guestError(`command sequence error: ${what}`);
    this.status |= SR_ERASE_ERROR | SR_PROGRAM_ERROR;
    this.setMode(Mode.Status);
  }

  write(offset: number, size: AccessSize, value: number): void {
    const cmd = value & 0xff;
    switch (this.mode) {
      case Mode.ProgramData:
        this.program(offset, size, value);
        this.setMode(Mode.Status);
        return;
      case Mode.EraseConfirm:
        if (cmd === Cmd.Confirm) this.erase(offset);
        else this.sequenceError(`0x${cmd.toString(16)} after block erase setup`);
        this.setMode(Mode.Status);
        return;
      case Mode.BufferCount: {
        // The count is in device words per chip, minus one.
        const words = (value & 0xffff) + 1;
        const bytes = words * this.bankWidth;
        if (bytes > this.bufferBytes) {
          this.sequenceError(`write buffer count ${words} exceeds ${this.bufferBytes / this.bankWidth}`);
          return;
        }
        this.bufCount = bytes;
        this.bufLeft = bytes;
        this.bufBase = -1;
        this.bufMask.fill(0);
        this.setMode(Mode.BufferData);
        return;
      }
      case Mode.BufferData: {
        if (this.bufBase < 0) this.bufBase = offset - (offset % this.bankWidth);
        const rel = offset - this.bufBase;
        if (rel < 0 || rel + size > this.bufferBytes || this.blockOf(offset) !== this.blockOf(this.bufBase)) {
          this.sequenceError(`buffered data at 0x${offset.toString(16)} outside the buffer at 0x${this.bufBase.toString(16)}`);
          return;
        }
        for (let i = 0; i < size; i++) {
          this.bufData[rel + i] = (value >>> (8 * i)) & 0xff;
          this.bufMask[rel + i] = 1;
        }
        this.bufLeft -= size;
        if (this.bufLeft <= 0) this.setMode(Mode.BufferConfirm);
        return;
      }
      case Mode.BufferConfirm:
        if (cmd !== Cmd.Confirm) {
          this.sequenceError(`0x${cmd.toString(16)} instead of confirming the write buffer`);
          return;
        }
        this.flushBuffer();
        this.setMode(Mode.Status);
        return;
      case Mode.LockConfirm: {
        const b = this.blockOf(offset);
        if (cmd === Cmd.LockBlock || cmd === Cmd.LockDown) this.locks[b] = 1;
        else if (cmd === Cmd.Confirm) this.locks[b] = 0;
        else {
          this.sequenceError(`0x${cmd.toString(16)} after lock setup`);
          return;
        }
        this.setMode(Mode.Status);
        return;
      }
    }
    switch (cmd) {
      case Cmd.ReadArray:
      case 0x00:
      case 0xf0:
        this.setMode(Mode.Array);
        return;
      case Cmd.ReadId:
        this.setMode(Mode.Id);
        return;
      case Cmd.Query:
        this.setMode(Mode.Query);
        return;
      case Cmd.ReadStatus:
        this.setMode(Mode.Status);
        return;
      case Cmd.ClearStatus:
        this.status = SR_READY;
        return;
      case Cmd.Program:
      case Cmd.ProgramAlt:
        this.setMode(Mode.ProgramData);
        return;
      case Cmd.BlockErase:
        this.setMode(Mode.EraseConfirm);
        return;
      case Cmd.BufferedProgram:
        this.setMode(Mode.BufferCount);
        return;
      case Cmd.LockSetup:
        this.setMode(Mode.LockConfirm);
        return;
      case Cmd.Suspend:
      case Cmd.Confirm:
        return; // nothing is ever in progress to suspend or resume
    }
    this.guestError(`unknown command 0x${cmd.toString(16)} at 0x${offset.toString(16)}; back to read array`);
    this.setMode(Mode.Array);
  }

  private program(offset: number, size: AccessSize, value: number): void {
    if (this.locks[this.blockOf(offset)]) {
      this.status |= SR_PROGRAM_ERROR | SR_LOCKED;
      return;
    }
    for (let i = 0; i < size; i++) this.array[offset + i]! &= (value >>> (8 * i)) & 0xff;
    this.writeBack(offset, size);
  }

  private flushBuffer(): void {
    if (this.locks[this.blockOf(this.bufBase)]) {
      this.status |= SR_PROGRAM_ERROR | SR_LOCKED;
      return;
    }
    for (let i = 0; i < this.bufCount; i++) if (this.bufMask[i]) this.array[this.bufBase + i]! &= this.bufData[i]!;
    this.writeBack(this.bufBase, this.bufCount);
  }

  private erase(offset: number): void {
    const b = this.blockOf(offset);
    if (this.locks[b]) {
      this.status |= SR_ERASE_ERROR | SR_LOCKED;
      return;
    }
    this.array.fill(0xff, b * this.blockBytes, (b + 1) * this.blockBytes);
    this.writeBack(b * this.blockBytes, this.blockBytes);
  }

  private writeBack(offset: number, len: number): void {
    const be = this.backend;
    if (!be || be.readOnly) return;
    const end = Math.min(offset + len, be.sizeBytes);
    if (offset >= end) return;
    be.write(offset, this.array.slice(offset, end), (ok) => {
      if (!ok) this.ctx.log.log(LogKind.Info, `${this.ctx.nodePath}: writing flash back to "${be.name}" failed at 0x${offset.toString(16)}`);
    });
  }

  reset(): void {
    // Contents and lock bits stay (non-volatile on the QEMU model as users see it); the command state resets.
    this.status = SR_READY;
    this.setMode(Mode.Array);
  }

  save(): EmuState {
    // The array is the guest's disk-like contents: saved with the machine state
    // (as run-length pairs of byte, count to keep erased flash small).
    const runs: number[] = [];
    if (this.arr === undefined) runs.push(0xff, this.size);
    else for (let i = 0; i < this.array.length; ) {
      let j = i + 1;
      while (j < this.array.length && this.array[j] === this.array[i] && j - i < 0x7fffffff) j++;
      runs.push(this.array[i]!, j - i);
      i = j;
    }
    return { version: 1, mode: this.mode, status: this.status, locks: [...this.locks], runs };
  }

  restore(s: EmuState): void {
    const d = 'cfi-flash';
    checkVersion(s, d, 1);
    const mode = stateU32(s, d, 'mode');
    const status = stateU32(s, d, 'status');
    const locks = s.locks;
    const runs = s.runs;
    if (mode > Mode.LockConfirm) throw new Error(`${d}: bad mode in state`);
    if (!Array.isArray(locks) || locks.length !== this.locks.length) throw new Error(`${d}: bad locks in state`);
    if (!Array.isArray(runs) || runs.length % 2 !== 0) throw new Error(`${d}: bad contents in state`);
    let total = 0;
    for (let i = 1; i < runs.length; i += 2) total += runs[i] as number;
    if (total !== this.size) throw new Error(`${d}: contents in state hold ${total} bytes, flash has ${this.size}`);
    let at = 0;
    for (let i = 0; i < runs.length; i += 2) {
      this.array.fill(runs[i] as number, at, at + (runs[i + 1] as number));
      at += runs[i + 1] as number;
    }
    this.locks.set(locks as number[]);
    this.status = status & 0xff;
    this.setMode(mode as Mode);
  }
}

export const cfiFlashEmulator: Emulator = {
  name: 'cfi-flash',
  deviceType: 'flash',
  compatible: [{ compatible: 'cfi-flash' }],
  configSymbol: 'CONFIG_EMU_FLASH_CFI',
  probe(ctx: EmulatorContext): EmuDevice {
    return new CfiFlash(ctx);
  },
};
