// Xvisor's guest information device (`vminfo-0.1`), per the register layout
// of Xvisor's vminfo emulator (read for its facts, in XVISOR.md's spirit):
// 0x00 MAGIC 0xa4a297a6, 0x04 VENDOR 0x52535658 ("XVSR" little-endian),
// 0x08 VERSION 1, 0x0C VCPU_COUNT, 0x10-0x3C reserved (zero), then for
// banks n = 0..3 at 0x40 + 16n: RAMn_BASE_MS, RAMn_BASE_LS, RAMn_SIZE_MS,
// RAMn_SIZE_LS. Read-only: the basic firmware learns its RAM from it.
//
// Bank n exists when the node has `ramN_base`; its size is `ramN_size` when
// given, else the extent of guest RAM from that base as guest DMA sees it
// (the end of the RAM region holding the base, as Xvisor computes it).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { checkVersion } from '../common/state.ts';

export const VMINFO_MAGIC = 0xa4a297a6;
export const VMINFO_VENDOR = 0x52535658;
const PAGE = 0x1000;
const LIMIT = 2 ** 40;

/** Bytes of guest RAM from base onwards, by a search over DMA reads (page granular). */
export function ramExtent(ctx: EmulatorContext, base: number): number {
  const probe = new Uint8Array(1);
  const ok = (size: number) => size === 0 || ctx.dma.read(base + size - 1, probe);
  if (!ok(1)) return 0;
  let lo = PAGE;
  if (!ok(lo)) return 0;
  let hi = lo * 2;
  while (hi <= LIMIT && ok(hi)) {
    lo = hi;
    hi *= 2;
  }
  // ok(lo) holds, ok(hi) fails: narrow to a page.
  while (hi - lo > PAGE) {
    const mid = lo + Math.floor((hi - lo) / 2 / PAGE) * PAGE;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export class Vminfo implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [4];
  private readonly words = new Uint32Array(0x80 / 4);

  constructor(private readonly ctx: EmulatorContext, version: number) {
    this.words[0] = VMINFO_MAGIC;
    this.words[1] = VMINFO_VENDOR;
    this.words[2] = version;
    this.words[3] = ctx.vcpuCount;
    for (let n = 0; n < 4; n++) {
      const base = readPhys(ctx, `ram${n}_base`);
      if (base === undefined) continue;
      const size = readPhys(ctx, `ram${n}_size`) ?? ramExtent(ctx, base);
      if (size === 0) ctx.log.log(LogKind.Info, `${ctx.nodePath}: ram${n}_base 0x${base.toString(16)} is not guest RAM`);
      const w = 0x10 + n * 4;
      this.words[w] = Math.floor(base / 2 ** 32);
      this.words[w + 1] = base >>> 0;
      this.words[w + 2] = Math.floor(size / 2 ** 32);
      this.words[w + 3] = size >>> 0;
    }
  }

  read(offset: number, _size: AccessSize): number {
    if (offset < 0x80 && (offset & 3) === 0) return this.words[offset >> 2]!;
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: read of reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: write 0x${(value >>> 0).toString(16)} to read-only vminfo at 0x${offset.toString(16)}`);
  }

  reset(): void {}

  save(): EmuState {
    return { version: 1 };
  }

  restore(s: EmuState): void {
    checkVersion(s, 'vminfo', 1);
  }
}

/** A 32-bit attribute, or a 64-bit one given as a hex/decimal string. */
function readPhys(ctx: EmulatorContext, name: string): number | undefined {
  const v = ctx.attrU32(name);
  if (v !== undefined) return v;
  const s = ctx.attrString(name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${ctx.nodePath}: ${name} "${s}" is not an address`);
  return n;
}

export const vminfoEmulator: Emulator = {
  name: 'vminfo',
  deviceType: 'sys',
  compatible: [{ compatible: 'vminfo-0.1', data: 1 }],
  configSymbol: 'CONFIG_EMU_SYS_VMINFO',
  probe(ctx: EmulatorContext, data: unknown): EmuDevice {
    return new Vminfo(ctx, data as number);
  },
};
