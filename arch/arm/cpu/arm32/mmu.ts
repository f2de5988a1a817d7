// Stage-1 translation of the AArch32 VMSA: the ARMv5 format (ARM DDI 0100I
// B3: sections, coarse and fine tables, large/small/tiny pages, subpage
// permissions, S/R bits), the ARMv6/v7 short-descriptor format (ARM DDI
// 0406C.d B3.5: sections, supersections, XN/PXN, access flag, domains) and
// the LPAE long-descriptor format (B3.6). Fault status values are those of
// B3.13.3 (short) and B3.13.2 (long). Memory attributes (TEX remap,
// shareability) only matter for PAR; caches are not modelled.
// Stage 2 is the guest address space itself (the GuestBus).

import type { GuestBus } from '../../../../core/aspace/guest-bus.ts';
import { ArchVersion, type Arm32Features } from './features.ts';
import {
  C, Access, PERM_R, PERM_W, PERM_X, SCTLR_M, SCTLR_S, SCTLR_R, SCTLR_XP, SCTLR_AFE, TTBCR_EAE,
} from './sysreg-slots.ts';

const TWO32 = 4294967296;

/** Short-descriptor fault status codes (FS[4:0]). */
export const enum Fs {
  Alignment = 0x01, AccessFlagSection = 0x03, AccessFlagPage = 0x06, TranslationSection = 0x05, TranslationPage = 0x07,
  DomainSection = 0x09, DomainPage = 0x0b, PermissionSection = 0x0d, PermissionPage = 0x0f,
  SyncExternal = 0x08, WalkExternalL1 = 0x0c, WalkExternalL2 = 0x0e,
}

export class Arm32Mmu {
  /** Result of the last successful translate(). */
  pa = 0;
  /** Permissions of the page for the privilege translated for (PERM_*). */
  perm = 0;
  /** The page must not be cached in the 4 KiB TLB (tiny pages, differing subpages). */
  noFill = 0;
  /** On failure: the fault status in register format (short: FS and domain; long: LPAE bit and STATUS). */
  fsr = 0;
  /** Whether the last walk used the long-descriptor format. */
  long = false;
  /** Memory attributes of the last translation for PAR (short format: outer/inner, shareable). */
  attr = 0;

  constructor(private readonly f: Arm32Features, private readonly C: Int32Array, private readonly bus: GuestBus) {}

  /** Whether data aborts report in the long-descriptor format right now. */
  longFormat(): boolean { return this.f.lpae && (this.C[C.TTBCR]! & TTBCR_EAE) !== 0; }

  private walkFault = false;
  private readPhys32(pa: number): number {
    const bus = this.bus;
    this.walkFault = false;
    if (pa < TWO32 && bus.ramLookup(pa)) return bus.hitView.getInt32(bus.hitOffset + (pa & 0xfff), true);
    const v = bus.mmioRead(pa, 4, 0);
    if (bus.fault !== 0) { this.walkFault = true; return 0; }
    return v;
  }

  /** Translates va for access by a PL0 (user) or PL1 access; false on fault (see fsr). */
  translate(va: number, acc: number, user: boolean): boolean {
    const cr = this.C;
    this.noFill = 0;
    this.attr = 0;
    this.long = this.longFormat();
    if ((cr[C.SCTLR]! & SCTLR_M) === 0) {
      this.pa = va >>> 0;
      this.perm = PERM_R | PERM_W | PERM_X;
      return true;
    }
    if (this.long) return this.walkLong(va >>> 0, acc, user);
    if (this.f.v5Mmu || (this.f.v6XpSelectable && (cr[C.SCTLR]! & SCTLR_XP) === 0)) return this.walkV5(va >>> 0, acc, user);
    return this.walkShort(va >>> 0, acc, user);
  }

  private fault(fs: number, domain: number): false {
    this.fsr = (fs & 15) | ((fs & 16) << 6) | (domain << 4);
    return false;
  }

  private l1Address(va: number): number {
    const cr = this.C, n = this.f.arch >= ArchVersion.V6 ? cr[C.TTBCR]! & 7 : 0;
    if (n !== 0 && (va >>> (32 - n)) !== 0) {
      if (cr[C.TTBCR]! & 0x20) return -1;
      return ((cr[C.TTBR1]! & 0xffffc000) | ((va >>> 18) & 0x3ffc)) >>> 0;
    }
    if (n !== 0 && (cr[C.TTBCR]! & 0x10)) return -1;
    return ((cr[C.TTBR0]! & (-1 << (14 - n))) | ((va >>> 18) & (0x3ffc >>> n))) >>> 0;
  }

  private domainAccess(dom: number): number {
    return (this.C[C.DACR]! >>> (dom * 2)) & 3;
  }

  /** Permission bits from a v6/v7 short-descriptor AP[2:0] (AFE changes the model). */
  private permShort(apx: number, ap: number, user: boolean, xn: number, pxn: number): number {
    let r = 0, w = 0;
    if (this.C[C.SCTLR]! & SCTLR_AFE) {
      const ap1 = (ap >>> 1) & 1;
      if (user) { r = ap1; w = ap1 & (apx ^ 1); } else { r = 1; w = apx ^ 1; }
    } else {
      const ap3 = (apx << 2) | ap;
      if (user) { r = ap3 === 2 || ap3 === 3 || ap3 === 6 || ap3 === 7 ? 1 : 0; w = ap3 === 3 ? 1 : 0; }
      else { r = ap3 !== 0 && ap3 !== 4 ? 1 : 0; w = ap3 >= 1 && ap3 <= 3 ? 1 : 0; }
    }
    let p = (r ? PERM_R : 0) | (w ? PERM_W : 0);
    if (r && !xn && !(pxn && !user)) p |= PERM_X;
    return p;
  }

  private check(perm: number, acc: number, page: boolean, dom: number): boolean {
    const need = acc === Access.Read ? PERM_R : acc === Access.Write ? PERM_W : PERM_X;
    this.perm = perm;
    if ((perm & need) === 0) return this.fault(page ? Fs.PermissionPage : Fs.PermissionSection, dom);
    return true;
  }

  private walkShort(va: number, acc: number, user: boolean): boolean {
    const l1a = this.l1Address(va);
    if (l1a < 0) return this.fault(Fs.TranslationSection, 0);
    const d = this.readPhys32(l1a);
    if (this.walkFault) return this.fault(Fs.WalkExternalL1, 0);
    let type = d & 3;
    if (type === 0 || (type === 3 && !this.f.lpae)) return this.fault(Fs.TranslationSection, 0);
    const afe = (this.C[C.SCTLR]! & SCTLR_AFE) !== 0;
    if (type === 1) {
      const dom = (d >>> 5) & 15, pxn = this.f.lpae ? (d >>> 2) & 1 : 0;
      const l2a = ((d & 0xfffffc00) | ((va >>> 10) & 0x3fc)) >>> 0;
      const e = this.readPhys32(l2a);
      if (this.walkFault) return this.fault(Fs.WalkExternalL2, dom);
      type = e & 3;
      if (type === 0) return this.fault(Fs.TranslationPage, dom);
      let xn: number;
      if (type === 1) { this.pa = ((e & 0xffff0000) | (va & 0xffff)) >>> 0; xn = (e >>> 15) & 1; this.attr = ((e >>> 12) & 7) << 2 | ((e >>> 2) & 3); }
      else { this.pa = ((e & 0xfffff000) | (va & 0xfff)) >>> 0; xn = e & 1; this.attr = ((e >>> 6) & 7) << 2 | ((e >>> 2) & 3); }
      const ap = (e >>> 4) & 3, apx = (e >>> 9) & 1;
      if (afe && (ap & 1) === 0) return this.fault(Fs.AccessFlagPage, dom);
      const da = this.domainAccess(dom);
      if (da === 0 || da === 2) return this.fault(Fs.DomainPage, dom);
      if (da === 3) { this.perm = PERM_R | PERM_W | PERM_X; return true; }
      return this.check(this.permShort(apx, ap, user, xn, pxn), acc, true, dom);
    }
    // Section or supersection (type 3: section with PXN on LPAE-capable cores).
    const pxn = type === 3 ? 1 : 0;
    const superS = (d >>> 18) & 1;
    const dom = superS ? 0 : (d >>> 5) & 15;
    if (superS) this.pa = ((d & 0xff000000) >>> 0) + (va & 0xffffff) + ((d >>> 20) & 15) * TWO32 + ((d >>> 5) & 15) * TWO32 * 16;
    else this.pa = ((d & 0xfff00000) | (va & 0xfffff)) >>> 0;
    this.attr = ((d >>> 12) & 7) << 2 | ((d >>> 2) & 3) | (((d >>> 16) & 1) << 5);
    const ap = (d >>> 10) & 3, apx = (d >>> 15) & 1, xn = (d >>> 4) & 1;
    if (afe && (ap & 1) === 0) return this.fault(Fs.AccessFlagSection, dom);
    const da = this.domainAccess(dom);
    if (da === 0 || da === 2) return this.fault(Fs.DomainSection, dom);
    if (da === 3) { this.perm = PERM_R | PERM_W | PERM_X; return true; }
    return this.check(this.permShort(apx, ap, user, xn, pxn), acc, false, dom);
  }

  /** ARMv5 AP bits with SCTLR.S/R (ARM DDI 0100I table B4-1). */
  private permV5(ap: number, user: boolean): number {
    const sctlr = this.C[C.SCTLR]!;
    let r = 0, w = 0;
    switch (ap) {
      case 0: {
        const s = (sctlr & SCTLR_S) !== 0, rr = (sctlr & SCTLR_R) !== 0;
        if (s && !rr) r = user ? 0 : 1;
        else if (!s && rr) r = 1;
        break;
      }
      case 1: r = w = user ? 0 : 1; break;
      case 2: r = 1; w = user ? 0 : 1; break;
      case 3: r = w = 1; break;
    }
    return (r ? PERM_R | PERM_X : 0) | (w ? PERM_W : 0);
  }

  private walkV5(va: number, acc: number, user: boolean): boolean {
    const v6 = this.f.arch >= ArchVersion.V6;
    const l1a = this.l1Address(va);
    if (l1a < 0) return this.fault(Fs.TranslationSection, 0);
    const d = this.readPhys32(l1a);
    if (this.walkFault) return this.fault(Fs.WalkExternalL1, 0);
    const type = d & 3;
    if (type === 0 || (type === 3 && v6)) return this.fault(Fs.TranslationSection, 0);
    const dom = (d >>> 5) & 15;
    if (type === 2) {
      this.pa = ((d & 0xfff00000) | (va & 0xfffff)) >>> 0;
      const da = this.domainAccess(dom);
      if (da === 0 || da === 2) return this.fault(Fs.DomainSection, dom);
      if (da === 3) { this.perm = PERM_R | PERM_W | PERM_X; return true; }
      // The backwards-compatible format has no XN (bit 4 is the ARMv5 "should be one" bit).
      return this.check(this.permV5((d >>> 10) & 3, user), acc, false, dom);
    }
    const fine = type === 3;
    const l2a = fine ? ((d & 0xfffff000) | ((va >>> 8) & 0xffc)) >>> 0 : ((d & 0xfffffc00) | ((va >>> 10) & 0x3fc)) >>> 0;
    const e = this.readPhys32(l2a);
    if (this.walkFault) return this.fault(Fs.WalkExternalL2, dom);
    const t2 = e & 3;
    let ap: number;
    if (t2 === 0) return this.fault(Fs.TranslationPage, dom);
    if (t2 === 1) {
      this.pa = ((e & 0xffff0000) | (va & 0xffff)) >>> 0;
      ap = (e >>> (4 + 2 * ((va >>> 14) & 3))) & 3;
    } else if (t2 === 2 || (t2 === 3 && !fine && v6)) {
      this.pa = ((e & 0xfffff000) | (va & 0xfff)) >>> 0;
      if (t2 === 3) ap = (e >>> 4) & 3; // ARMv6 extended small page: one AP, no subpages
      else {
        ap = (e >>> (4 + 2 * ((va >>> 10) & 3))) & 3;
        const aps = (e >>> 4) & 0xff;
        if (aps !== (aps & 3) * 0x55) this.noFill = 1;
      }
    } else if (t2 === 3 && fine) {
      this.pa = ((e & 0xfffffc00) | (va & 0x3ff)) >>> 0;
      ap = (e >>> 4) & 3;
      this.noFill = 1;
    } else return this.fault(Fs.TranslationPage, dom);
    const da = this.domainAccess(dom);
    if (da === 0 || da === 2) return this.fault(Fs.DomainPage, dom);
    if (da === 3) { this.perm = PERM_R | PERM_W | PERM_X; return true; }
    return this.check(this.permV5(ap, user), acc, true, dom);
  }

  private longFault(status: number): false {
    this.fsr = (1 << 9) | status;
    return false;
  }

  private walkLong(va: number, acc: number, user: boolean): boolean {
    const cr = this.C, ttbcr = cr[C.TTBCR]!;
    const t0sz = ttbcr & 7, t1sz = (ttbcr >>> 16) & 7;
    let useT1: boolean;
    if (t0sz === 0 && t1sz === 0) useT1 = false;
    else if (t0sz !== 0 && va < 2 ** (32 - t0sz)) useT1 = false;
    else if (t1sz !== 0 && va >= TWO32 - 2 ** (32 - t1sz)) useT1 = true;
    else if (t0sz === 0 && t1sz !== 0) useT1 = false;
    else if (t1sz === 0 && t0sz !== 0) useT1 = true;
    else return this.longFault(0x04 | 1);
    if (useT1 ? (ttbcr & (1 << 23)) : (ttbcr & (1 << 7))) return this.longFault(0x04 | 1);
    const tsz = useT1 ? t1sz : t0sz;
    let level = tsz > 1 ? 2 : 1;
    const lo = useT1 ? cr[C.TTBR1]! : cr[C.TTBR0]!, hi = useT1 ? cr[C.TTBR1_HI]! : cr[C.TTBR0_HI]!;
    const x = level === 1 ? 5 - tsz : 14 - tsz;
    let table = (hi & 0xff) * TWO32 + ((lo & (-1 << x)) >>> 0);
    let apTable = 0, xnTable = 0, pxnTable = 0, first = true;
    for (;;) {
      let idx: number;
      if (level === 1) idx = (va >>> 30) & ((1 << (2 - tsz)) - 1);
      else if (level === 2) idx = (va >>> 21) & (first && tsz > 1 ? (1 << (11 - tsz)) - 1 : 511);
      else idx = (va >>> 12) & 511;
      first = false;
      const a = table + idx * 8;
      const dlo = this.readPhys32(a);
      if (this.walkFault) return this.longFault(0x14 | level);
      const dhi = this.readPhys32(a + 4);
      if (this.walkFault) return this.longFault(0x14 | level);
      if ((dlo & 1) === 0 || (level === 3 && (dlo & 3) !== 3)) return this.longFault(0x04 | level);
      if (level < 3 && (dlo & 3) === 3) {
        apTable |= (dhi >>> 29) & 3; xnTable |= (dhi >>> 28) & 1; pxnTable |= (dhi >>> 27) & 1;
        table = (dhi & 0xff) * TWO32 + ((dlo & 0xfffff000) >>> 0);
        level++;
        continue;
      }
      const outHi = (dhi & 0xff) * TWO32;
      if (level === 1) this.pa = outHi + ((dlo & 0xc0000000) >>> 0) + (va & 0x3fffffff);
      else if (level === 2) this.pa = outHi + ((dlo & 0xffe00000) >>> 0) + (va & 0x1fffff);
      else this.pa = outHi + ((dlo & 0xfffff000) >>> 0) + (va & 0xfff);
      this.attr = ((dlo >>> 2) & 7) | (((dlo >>> 8) & 3) << 3);
      if ((dlo & 0x400) === 0) return this.longFault(0x08 | level);
      const ap = (dlo >>> 6) & 3;
      const xn = ((dhi >>> 22) & 1) | xnTable, pxn = ((dhi >>> 21) & 1) | pxnTable;
      let r: number, w: number;
      if (user) { r = (ap & 1) && !(apTable & 1) ? 1 : 0; w = ap === 1 && !(apTable & 3) ? 1 : 0; }
      else { r = 1; w = (ap & 2) === 0 && !(apTable & 2) ? 1 : 0; }
      let p = (r ? PERM_R : 0) | (w ? PERM_W : 0);
      if (r && !xn && !(pxn && !user)) p |= PERM_X;
      this.perm = p;
      const need = acc === Access.Read ? PERM_R : acc === Access.Write ? PERM_W : PERM_X;
      if ((p & need) === 0) return this.longFault(0x0c | level);
      return true;
    }
  }
}
