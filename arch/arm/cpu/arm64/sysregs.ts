// AArch64 system registers and system instructions at EL0/EL1 (ARM ARM DDI
// 0487, D13 "AArch64 System Register Descriptions", C5.3 "A64 System
// instructions for cache maintenance, address translation, TLB maintenance").
// The identification space op0=3 op1=0 CRn=0 CRm=0..7 reads as zero where
// unallocated; EL0 access to EL1 registers is UNDEFINED (EC 0, which Linux
// emulates for MIDR_EL1 reads by glibc); EL0 access that an EL1 control
// disables (SCTLR_EL1.UCT/DZE/UCI/UMA, CNTKCTL_EL1, PMUSERENR_EL0) traps to
// EL1 with EC 0x18. Registers of EL2/EL3 and IMPLEMENTATION DEFINED ones are
// UNDEFINED. Debug breakpoints/watchpoints and PMU events are storage only.

import { T } from './alu.ts';
import { R, EC, sysKey as K } from './state.ts';
import { S } from './cpu.ts';
import type { Arm64Cpu } from './cpu.ts';
import { TimerId } from './generic-timer.ts';
import {
  ID_AA64PFR0, ID_AA64PFR0_GICV3, ID_AA64DFR0, ID_AA64ISAR0, ID_AA64MMFR0, DCZID_BS, PMU_COUNTERS, DEBUG_BRPS, DEBUG_WRPS,
} from './model-info.ts';

/** Access at EL0: none (UNDEFINED), read-only, read-write. */
const enum A { NONE = 0, RO = 1, RW = 2 }

interface Plain {
  slot: number;
  el0: A;
  /** Bits software may write (others read as their reset value). */
  wmaskLo: number;
  wmaskHi: number;
  readOnly?: boolean;
  writeOnly?: boolean;
  mmu?: boolean;
}

const PLAIN = new Map<number, Plain>();
function plain(key: number, slot: number, el0 = A.NONE, wmaskLo = -1, wmaskHi = -1, extra: Partial<Plain> = {}): void {
  PLAIN.set(key, { slot, el0, wmaskLo, wmaskHi, ...extra });
}

export const SCTLR_RES1 = 0x30d00800;
plain(K(3, 0, 1, 0, 0), R.SCTLR, A.NONE, ~0x30d00800, 0, { mmu: true });
plain(K(3, 0, 1, 0, 1), R.ACTLR, A.NONE, 0, 0);
plain(K(3, 0, 1, 0, 2), R.CPACR, A.NONE, (3 << 20) | (1 << 28), 0);
plain(K(3, 0, 2, 0, 0), R.TTBR0, A.NONE, -1, -1, { mmu: true });
plain(K(3, 0, 2, 0, 1), R.TTBR1, A.NONE, -1, -1, { mmu: true });
plain(K(3, 0, 2, 0, 2), R.TCR, A.NONE, -1, 0x7f, { mmu: true });
plain(K(3, 0, 5, 1, 0), R.AFSR0, A.NONE, 0, 0);
plain(K(3, 0, 5, 1, 1), R.AFSR1, A.NONE, 0, 0);
plain(K(3, 0, 5, 2, 0), R.ESR, A.NONE, -1, 0);
plain(K(3, 0, 6, 0, 0), R.FAR, A.NONE);
plain(K(3, 0, 7, 4, 0), R.PAR, A.NONE);
plain(K(3, 0, 10, 2, 0), R.MAIR, A.NONE, -1, -1, { mmu: true });
plain(K(3, 0, 10, 3, 0), R.AMAIR, A.NONE);
plain(K(3, 0, 12, 0, 0), R.VBAR, A.NONE, ~0x7ff, -1);
plain(K(3, 0, 13, 0, 1), R.CONTEXTIDR, A.NONE, -1, 0);
plain(K(3, 0, 13, 0, 4), R.TPIDR_EL1, A.NONE);
plain(K(3, 3, 13, 0, 2), R.TPIDR_EL0, A.RW);
plain(K(3, 3, 13, 0, 3), R.TPIDRRO_EL0, A.RO);
plain(K(3, 0, 14, 1, 0), R.CNTKCTL, A.NONE, 0x3ff, 0);
plain(K(3, 2, 0, 0, 0), R.CSSELR, A.NONE, 0xf, 0);
plain(K(3, 0, 4, 0, 0), R.SPSR, A.NONE, 0xf03003df | 0, 0);
plain(K(3, 0, 4, 0, 1), R.ELR, A.NONE);
// Debug (op0 = 2): storage only.
plain(K(2, 0, 0, 2, 2), R.MDSCR, A.NONE, 0xe000d03f | 0, 0);
plain(K(2, 0, 0, 2, 0), R.MDCCINT, A.NONE, (1 << 29) | (1 << 30), 0);
plain(K(2, 0, 1, 3, 4), R.OSDLR, A.NONE, 1, 0);
plain(K(2, 0, 1, 4, 4), R.DBGPRCR, A.NONE, 1, 0);
plain(K(2, 0, 0, 0, 2), R.OSDTRRX, A.NONE, -1, 0);
plain(K(2, 0, 0, 3, 2), R.OSDTRTX, A.NONE, -1, 0);
plain(K(2, 0, 0, 6, 2), R.OSECCR, A.NONE, -1, 0);
for (let n = 0; n < DEBUG_BRPS; n++) {
  plain(K(2, 0, 0, n, 4), R.DBGBVR0 + n, A.NONE);
  plain(K(2, 0, 0, n, 5), R.DBGBCR0 + n, A.NONE, 0x00f001e7 | (0xf << 16), 0);
}
for (let n = 0; n < DEBUG_WRPS; n++) {
  plain(K(2, 0, 0, n, 6), R.DBGWVR0 + n, A.NONE, -4, -1);
  plain(K(2, 0, 0, n, 7), R.DBGWCR0 + n, A.NONE, 0x1f1ffff7, 0);
}
// PMU (PMUv3): EL0 access needs PMUSERENR_EL0.EN, checked in pmuEl0.
plain(K(3, 3, 9, 12, 5), R.PMSELR, A.RW, 0x1f, 0);
plain(K(3, 3, 9, 14, 0), R.PMUSERENR, A.RO, 0xf, 0);
plain(K(3, 3, 14, 15, 7), R.PMCCFILTR, A.RW, 0xf8000000 | 0, 0);
for (let n = 0; n < PMU_COUNTERS; n++) {
  plain(K(3, 3, 14, 8 + (n >> 3), n & 7), R.PMEVCNTR0 + n, A.RW, -1, 0);
  plain(K(3, 3, 14, 12 + (n >> 3), n & 7), R.PMEVTYPER0 + n, A.RW, 0xf800ffff | 0, 0);
}

const PMU_KEYS = new Set<number>([
  K(3, 3, 9, 12, 0), K(3, 3, 9, 12, 1), K(3, 3, 9, 12, 2), K(3, 3, 9, 12, 3), K(3, 3, 9, 12, 4), K(3, 3, 9, 12, 5),
  K(3, 3, 9, 12, 6), K(3, 3, 9, 12, 7), K(3, 3, 9, 13, 0), K(3, 3, 9, 13, 1), K(3, 3, 9, 13, 2), K(3, 3, 9, 14, 3),
  K(3, 3, 14, 15, 7),
]);
for (let n = 0; n < PMU_COUNTERS; n++) { PMU_KEYS.add(K(3, 3, 14, 8 + (n >> 3), n & 7)); PMU_KEYS.add(K(3, 3, 14, 12 + (n >> 3), n & 7)); }

const PMCR_RO = 0x41000000 | (0x03 << 16) | (PMU_COUNTERS << 11);
const PMU_MASK = 0x80000000 | ((1 << PMU_COUNTERS) - 1);

export function resetSysRegs(c: Arm64Cpu): void {
  const sr = c.sr;
  sr[R.SCTLR * 2] = 0x00c50838 | SCTLR_RES1;
  sr[R.OSLSR * 2] = 0x0a; // OSLM = 0b10, OSLK = 1 (locked at reset)
  sr[R.PMCR * 2] = 0;
  c.updateMmu();
}

function setT(lo: number, hi: number): void { T[0] = lo; T[1] = hi; }

/** Traps an EL0 access that an EL1 control disables (EC 0x18). */
function trapSys(c: Arm64Cpu, key: number, rt: number, read: boolean): never {
  const op0 = key >>> 14, op1 = (key >>> 11) & 7, crn = (key >>> 7) & 15, crm = (key >>> 3) & 15, op2 = key & 7;
  c.raise(EC.SYS, (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | ((rt & 31) << 5) | (crm << 1) | (read ? 1 : 0));
}

function pmuEl0(c: Arm64Cpu, key: number, rt: number, read: boolean): void {
  if (c.st[S.EL] === 0 && (c.sr[R.PMUSERENR * 2]! & 1) === 0) {
    // PMUSERENR_EL0 itself is readable at EL0.
    if (!(read && key === K(3, 3, 9, 14, 0))) trapSys(c, key, rt, read);
  }
}

function timerEl0(c: Arm64Cpu, key: number, rt: number, read: boolean): void {
  if (c.st[S.EL] !== 0) return;
  const k = c.sr[R.CNTKCTL * 2]!;
  const crm = (key >>> 3) & 15, op2 = key & 7;
  let ok: boolean;
  if (crm === 0) ok = op2 === 0 ? (k & 3) !== 0 : op2 === 1 ? (k & 1) !== 0 : (k & 2) !== 0;
  else if (crm === 2) ok = (k & (1 << 9)) !== 0;
  else ok = (k & (1 << 8)) !== 0;
  if (!ok) trapSys(c, key, rt, read);
}

function countSplit(n: number): void {
  T[0] = n % 4294967296 | 0;
  T[1] = Math.floor(n / 4294967296) | 0;
}

function isIdSpace(key: number): boolean {
  // op0=3 op1=0 CRn=0 CRm=0..7
  return (key >>> 7) === (K(3, 0, 0, 0, 0) >>> 7) && ((key >>> 3) & 15) < 8;
}

function gicKey(key: number): boolean {
  const op0 = key >>> 14, op1 = (key >>> 11) & 7, crn = (key >>> 7) & 15, crm = (key >>> 3) & 15;
  return op0 === 3 && (op1 === 0 || op1 === 6) && ((crn === 12 && crm >= 8) || (crn === 4 && crm === 6));
}

// Case labels are numeric keys (op0:op1:CRn:CRm:op2, spelled out in the
// comment) so that the switches compile to jump tables, not call chains.

/** MRS: value into T[0..1], or raises the exception. */
export function sysRead(c: Arm64Cpu, key: number, rt: number): void {
  const st = c.st, sr = c.sr, el = st[S.EL]!;
  const p = PLAIN.get(key);
  if (p) {
    if (el === 0 && p.el0 === A.NONE) c.undefinedInstruction();
    if (p.writeOnly) c.undefinedInstruction();
    if (PMU_KEYS.has(key)) pmuEl0(c, key, rt, true);
    setT(sr[p.slot * 2]!, sr[p.slot * 2 + 1]!);
    return;
  }
  switch (key) {
    case 0xda10 /* S3_3_C4_C2_0 */: setT(st[S.NZCV]! << 28, 0); return;
    case 0xda11 /* S3_3_C4_C2_1 */:
      if (el === 0 && (sr[R.SCTLR * 2]! & (1 << 9)) === 0) trapSys(c, key, rt, true);
      setT(st[S.DAIF]! << 6, 0); return;
    case 0xda20 /* S3_3_C4_C4_0 */: c.checkFp(); setT(sr[R.FPCR * 2]!, 0); return;
    case 0xda21 /* S3_3_C4_C4_1 */: c.checkFp(); setT(sr[R.FPSR * 2]!, 0); return;
    case 0xd801 /* S3_3_C0_C0_1 */:
      if (el === 0 && (sr[R.SCTLR * 2]! & (1 << 15)) === 0) trapSys(c, key, rt, true);
      setT(c.info.ctr, 0); return;
    case 0xd807 /* S3_3_C0_C0_7 */: {
      const dzp = el === 0 && (sr[R.SCTLR * 2]! & (1 << 14)) === 0 ? 0x10 : 0;
      setT(DCZID_BS | dzp, 0); return;
    }
    case 0xdf00 /* S3_3_C14_C0_0 */: timerEl0(c, key, rt, true); setT(c.timer.hz, 0); return;
    case 0xdf01 /* S3_3_C14_C0_1 */: timerEl0(c, key, rt, true); countSplit(c.timer.count(TimerId.PHYS)); return;
    case 0xdf02 /* S3_3_C14_C0_2 */: timerEl0(c, key, rt, true); countSplit(c.timer.count(TimerId.VIRT)); return;
    case 0xdf10 /* S3_3_C14_C2_0 */: timerEl0(c, key, rt, true); setT(c.timer.readTval(TimerId.PHYS), 0); return;
    case 0xdf11 /* S3_3_C14_C2_1 */: timerEl0(c, key, rt, true); setT(c.timer.readCtl(TimerId.PHYS), 0); return;
    case 0xdf12 /* S3_3_C14_C2_2 */: timerEl0(c, key, rt, true); setT(c.timer.cvalLo[0]!, c.timer.cvalHi[0]!); return;
    case 0xdf18 /* S3_3_C14_C3_0 */: timerEl0(c, key, rt, true); setT(c.timer.readTval(TimerId.VIRT), 0); return;
    case 0xdf19 /* S3_3_C14_C3_1 */: timerEl0(c, key, rt, true); setT(c.timer.readCtl(TimerId.VIRT), 0); return;
    case 0xdf1a /* S3_3_C14_C3_2 */: timerEl0(c, key, rt, true); setT(c.timer.cvalLo[1]!, c.timer.cvalHi[1]!); return;
    case 0xdce0 /* S3_3_C9_C12_0 */: pmuEl0(c, key, rt, true); setT(PMCR_RO | (sr[R.PMCR * 2]! & 0x7f & ~6), 0); return;
    case 0xdce1 /* S3_3_C9_C12_1 */: case 0xdce2 /* S3_3_C9_C12_2 */: pmuEl0(c, key, rt, true); setT(sr[R.PMCNTEN * 2]!, 0); return;
    case 0xdce3 /* S3_3_C9_C12_3 */: case 0xdcf3 /* S3_3_C9_C14_3 */: pmuEl0(c, key, rt, true); setT(sr[R.PMOVS * 2]!, 0); return;
    case 0xdce4 /* S3_3_C9_C12_4 */: pmuEl0(c, key, rt, true); c.undefinedInstruction(); return;
    case 0xdce6 /* S3_3_C9_C12_6 */: case 0xdce7 /* S3_3_C9_C12_7 */: pmuEl0(c, key, rt, true); setT(0, 0); return;
    case 0xdce8 /* S3_3_C9_C13_0 */: pmuEl0(c, key, rt, true); countSplit(pmccntr(c)); return;
    case 0xdce9 /* S3_3_C9_C13_1 */: case 0xdcea /* S3_3_C9_C13_2 */: {
      pmuEl0(c, key, rt, true);
      const n = sr[R.PMSELR * 2]! & 31;
      if (n === 31 && ((key & 7) === 1)) { setT(sr[R.PMCCFILTR * 2]!, 0); return; }
      if (n >= PMU_COUNTERS) c.undefinedInstruction();
      setT(sr[((key & 7) === 1 ? R.PMEVTYPER0 : R.PMEVCNTR0) * 2 + n * 2]!, 0);
      return;
    }
    default: break;
  }
  if (el === 0) c.undefinedInstruction();
  switch (key) {
    case 0xc000 /* S3_0_C0_C0_0 */: setT(c.info.midr, 0); return;
    case 0xc005 /* S3_0_C0_C0_5 */: {
      const i = c.env.vcpuIndex;
      setT(0x80000000 | (i & 0xff) | (((i >>> 8) & 0xff) << 8), 0); return;
    }
    case 0xc006 /* S3_0_C0_C0_6 */: setT(0, 0); return;
    case 0xc020 /* S3_0_C0_C4_0 */: setT(ID_AA64PFR0 | (c.env.gicSysreg ? ID_AA64PFR0_GICV3 : 0), 0); return;
    case 0xc028 /* S3_0_C0_C5_0 */: setT(ID_AA64DFR0, 0); return;
    case 0xc030 /* S3_0_C0_C6_0 */: setT(ID_AA64ISAR0, 0); return;
    case 0xc038 /* S3_0_C0_C7_0 */: setT(ID_AA64MMFR0, 0); return;
    case 0xc800 /* S3_1_C0_C0_0 */: setT(c.info.ccsidr[sr[R.CSSELR * 2]! & 3] ?? 0, 0); return;
    case 0xc801 /* S3_1_C0_C0_1 */: setT(c.info.clidr, 0); return;
    case 0xc807 /* S3_1_C0_C0_7 */: setT(0, 0); return; // AIDR_EL1
    case 0xc212 /* S3_0_C4_C2_2 */: setT(st[S.EL]! << 2, 0); return; // CurrentEL
    case 0xc210 /* S3_0_C4_C2_0 */: setT(st[S.SPSEL]!, 0); return;
    case 0xc208 /* S3_0_C4_C1_0 */: // SP_EL0: UNDEFINED while it is the current SP
      if (st[S.SPSEL] === 0) c.undefinedInstruction();
      c.bankedSp(0); return;
    case 0xc608 /* S3_0_C12_C1_0 */: // ISR_EL1
      setT((st[S.IRQ]! ? 0x80 : 0) | (st[S.FIQ]! ? 0x40 : 0), 0); return;
    case 0xc4f1 /* S3_0_C9_C14_1 */: case 0xc4f2 /* S3_0_C9_C14_2 */: setT(sr[R.PMINTEN * 2]!, 0); return;
    case 0x8080 /* S2_0_C1_C0_0 */: setT(0, 0); return; // MDRAR_EL1
    case 0x808c /* S2_0_C1_C1_4 */: setT(sr[R.OSLSR * 2]!, 0); return;
    case 0x83c6 /* S2_0_C7_C8_6 */: case 0x83ce /* S2_0_C7_C9_6 */: setT(sr[R.DBGCLAIM * 2]!, 0); return;
    case 0x83f6 /* S2_0_C7_C14_6 */: setT(0xaa, 0); return; // DBGAUTHSTATUS_EL1: non-secure debug enabled
    case 0x9808 /* S2_3_C0_C1_0 */: setT(0, 0); return; // MDCCSR_EL0
    default: break;
  }
  if (isIdSpace(key)) { setT(0, 0); return; }
  if (c.env.gicSysreg && gicKey(key)) {
    const g = c.env.gicSysreg;
    if (g.read(key >>> 14, (key >>> 11) & 7, (key >>> 7) & 15, (key >>> 3) & 15, key & 7)) { setT(g.lo, g.hi); return; }
  }
  unknownReg(c, key, true);
}

function unknownReg(c: Arm64Cpu, key: number, read: boolean): never {
  c.env.log('unimp', `vcpu${c.env.vcpuIndex}: ${read ? 'MRS' : 'MSR'} ${sysRegName(key)} at pc ${c.pcString()}: UNDEFINED`);
  c.undefinedInstruction();
}

export function sysRegName(key: number): string {
  return `S${key >>> 14}_${(key >>> 11) & 7}_C${(key >>> 7) & 15}_C${(key >>> 3) & 15}_${key & 7}`;
}

function pmccntr(c: Arm64Cpu): number {
  const sr = c.sr;
  const base = (sr[R.PMCCNTR_BASE * 2 + 1]! >>> 0) * 4294967296 + (sr[R.PMCCNTR_BASE * 2]! >>> 0);
  const running = (sr[R.PMCR * 2]! & 1) && (sr[R.PMCNTEN * 2]! & 0x80000000);
  return running ? (c.instructionsRetired - base) % 2 ** 64 : base;
}

function setPmccntr(c: Arm64Cpu, v: number): void {
  const sr = c.sr;
  const running = (sr[R.PMCR * 2]! & 1) && (sr[R.PMCNTEN * 2]! & 0x80000000);
  const base = running ? c.instructionsRetired - v : v;
  sr[R.PMCCNTR_BASE * 2] = base % 4294967296 | 0;
  sr[R.PMCCNTR_BASE * 2 + 1] = Math.floor(base / 4294967296) | 0;
}

/** MSR (register): writes (lo, hi), or raises the exception. */
export function sysWrite(c: Arm64Cpu, key: number, lo: number, hi: number, rt: number): void {
  const st = c.st, sr = c.sr, el = st[S.EL]!;
  const p = PLAIN.get(key);
  if (p) {
    if (el === 0 && p.el0 !== A.RW) c.undefinedInstruction();
    if (p.readOnly) c.undefinedInstruction();
    if (PMU_KEYS.has(key)) pmuEl0(c, key, rt, false);
    const s = p.slot * 2;
    sr[s] = (sr[s]! & ~p.wmaskLo) | (lo & p.wmaskLo);
    sr[s + 1] = (sr[s + 1]! & ~p.wmaskHi) | (hi & p.wmaskHi);
    if (p.slot === R.SCTLR) sr[s] = sr[s]! | SCTLR_RES1;
    if (p.mmu) { c.updateMmu(); c.tlbFlush(); }
    return;
  }
  switch (key) {
    case 0xda10 /* S3_3_C4_C2_0 */: st[S.NZCV] = (lo >>> 28) & 0xf; return;
    case 0xda11 /* S3_3_C4_C2_1 */:
      if (el === 0 && (sr[R.SCTLR * 2]! & (1 << 9)) === 0) trapSys(c, key, rt, false);
      st[S.DAIF] = (lo >>> 6) & 0xf;
      if ((st[S.IRQ] && !(st[S.DAIF]! & 2)) || (st[S.FIQ] && !(st[S.DAIF]! & 1))) c.forceCheck();
      return;
    case 0xda20 /* S3_3_C4_C4_0 */: c.checkFp(); sr[R.FPCR * 2] = lo & 0x07f79f00; return;
    case 0xda21 /* S3_3_C4_C4_1 */: c.checkFp(); sr[R.FPSR * 2] = lo & 0xf800009f; return;
    case 0xdf10 /* S3_3_C14_C2_0 */: timerEl0(c, key, rt, false); c.timer.writeTval(TimerId.PHYS, lo); return;
    case 0xdf11 /* S3_3_C14_C2_1 */: timerEl0(c, key, rt, false); c.timer.writeCtl(TimerId.PHYS, lo); return;
    case 0xdf12 /* S3_3_C14_C2_2 */: timerEl0(c, key, rt, false); c.timer.writeCval(TimerId.PHYS, lo, hi); return;
    case 0xdf18 /* S3_3_C14_C3_0 */: timerEl0(c, key, rt, false); c.timer.writeTval(TimerId.VIRT, lo); return;
    case 0xdf19 /* S3_3_C14_C3_1 */: timerEl0(c, key, rt, false); c.timer.writeCtl(TimerId.VIRT, lo); return;
    case 0xdf1a /* S3_3_C14_C3_2 */: timerEl0(c, key, rt, false); c.timer.writeCval(TimerId.VIRT, lo, hi); return;
    case 0xdce0 /* S3_3_C9_C12_0 */: {
      pmuEl0(c, key, rt, false);
      const cyc = pmccntr(c);
      sr[R.PMCR * 2] = lo & 0x79;
      if (lo & 2) for (let n = 0; n < PMU_COUNTERS; n++) { sr[(R.PMEVCNTR0 + n) * 2] = 0; }
      setPmccntr(c, lo & 4 ? 0 : cyc);
      return;
    }
    case 0xdce1 /* S3_3_C9_C12_1 */: case 0xdce2 /* S3_3_C9_C12_2 */: {
      pmuEl0(c, key, rt, false);
      const cyc = pmccntr(c);
      const m = lo & PMU_MASK;
      sr[R.PMCNTEN * 2] = (key & 7) === 1 ? sr[R.PMCNTEN * 2]! | m : sr[R.PMCNTEN * 2]! & ~m;
      setPmccntr(c, cyc);
      return;
    }
    case 0xdce3 /* S3_3_C9_C12_3 */: pmuEl0(c, key, rt, false); sr[R.PMOVS * 2] = sr[R.PMOVS * 2]! & ~(lo & PMU_MASK); return;
    case 0xdcf3 /* S3_3_C9_C14_3 */: pmuEl0(c, key, rt, false); sr[R.PMOVS * 2] = sr[R.PMOVS * 2]! | (lo & PMU_MASK); return;
    case 0xdce4 /* S3_3_C9_C12_4 */: pmuEl0(c, key, rt, false); return; // PMSWINC: no software-increment events counted
    case 0xdce8 /* S3_3_C9_C13_0 */: pmuEl0(c, key, rt, false); setPmccntr(c, (hi >>> 0) * 4294967296 + (lo >>> 0)); return;
    case 0xdce9 /* S3_3_C9_C13_1 */: case 0xdcea /* S3_3_C9_C13_2 */: {
      pmuEl0(c, key, rt, false);
      const n = sr[R.PMSELR * 2]! & 31;
      if (n === 31 && (key & 7) === 1) { sr[R.PMCCFILTR * 2] = lo & 0xf8000000; return; }
      if (n >= PMU_COUNTERS) c.undefinedInstruction();
      if ((key & 7) === 1) sr[(R.PMEVTYPER0 + n) * 2] = lo & 0xf800ffff;
      else sr[(R.PMEVCNTR0 + n) * 2] = lo;
      return;
    }
    default: break;
  }
  if (el === 0) c.undefinedInstruction();
  switch (key) {
    case 0xc210 /* S3_0_C4_C2_0 */: c.setPstateElSp(st[S.EL]!, lo & 1); return;
    case 0xc208 /* S3_0_C4_C1_0 */:
      if (st[S.SPSEL] === 0) c.undefinedInstruction();
      c.setBankedSp(0, lo, hi); return;
    case 0xc4f1 /* S3_0_C9_C14_1 */: sr[R.PMINTEN * 2] = sr[R.PMINTEN * 2]! | (lo & PMU_MASK); return;
    case 0xc4f2 /* S3_0_C9_C14_2 */: sr[R.PMINTEN * 2] = sr[R.PMINTEN * 2]! & ~(lo & PMU_MASK); return;
    case 0x8084 /* S2_0_C1_C0_4 */: sr[R.OSLSR * 2] = (sr[R.OSLSR * 2]! & ~2) | ((lo & 1) << 1); return; // OSLAR_EL1
    case 0x83c6 /* S2_0_C7_C8_6 */: sr[R.DBGCLAIM * 2] = sr[R.DBGCLAIM * 2]! | (lo & 0xff); return;
    case 0x83ce /* S2_0_C7_C9_6 */: sr[R.DBGCLAIM * 2] = sr[R.DBGCLAIM * 2]! & ~(lo & 0xff); return;
    default: break;
  }
  if (c.env.gicSysreg && gicKey(key)) {
    const g = c.env.gicSysreg;
    if (g.write(key >>> 14, (key >>> 11) & 7, (key >>> 7) & 15, (key >>> 3) & 15, key & 7, lo, hi)) return;
  }
  unknownReg(c, key, false);
}

/** SYS: AT, DC, IC and TLBI (op0 = 1). */
export function sysInstruction(c: Arm64Cpu, op1: number, crn: number, crm: number, op2: number, rt: number): void {
  const el = c.st[S.EL]!, sr = c.sr;
  const key = K(1, op1, crn, crm, op2);
  const xl = c.lo[rt]!, xh = c.hi[rt]!;
  if (crn === 7 && op1 === 3) {
    // EL0-accessible cache maintenance: DC ZVA (DZE), DC CVAC/CVAU/CIVAC and IC IVAU (UCI).
    if (crm === 4 && op2 === 1) {
      if (el === 0 && (sr[R.SCTLR * 2]! & (1 << 14)) === 0) trapSys(c, key, rt, false);
      dcZva(c, xl, xh);
      return;
    }
    if ((crm === 10 || crm === 11 || crm === 14) && op2 === 1 || (crm === 5 && op2 === 1)) {
      if (el === 0 && (sr[R.SCTLR * 2]! & (1 << 26)) === 0) trapSys(c, key, rt, false);
      cacheMaintenanceVa(c, xl, xh);
      return;
    }
  }
  if (el === 0) c.undefinedInstruction();
  if (op1 === 0 && crn === 7) {
    if (crm === 8 && op2 <= 3) { // AT S1E1R/W, S1E0R/W
      c.addressTranslate(xl, xh, op2 >= 2, (op2 & 1) === 1);
      sr[R.PAR * 2] = T[0]!; sr[R.PAR * 2 + 1] = T[1]!;
      return;
    }
    if ((crm === 1 || crm === 5) && op2 === 0) return; // IC IALLUIS / IALLU: decoded code is checked on fetch
    if (crm === 6 && op2 === 1) { cacheMaintenanceVa(c, xl, xh); return; } // DC IVAC
    if ((crm === 6 || crm === 10 || crm === 14) && op2 === 2) return; // DC ISW/CSW/CISW
  }
  if (op1 === 0 && crn === 8) { c.tlbFlush(); return; } // every TLBI form at EL1: flush all
  c.env.log('unimp', `vcpu${c.env.vcpuIndex}: SYS ${sysRegName(key)} at pc ${c.pcString()}: UNDEFINED`);
  c.undefinedInstruction();
}

/** DC ZVA: zeroes the 64-byte block holding the address (a store for faults). */
function dcZva(c: Arm64Cpu, lo: number, hi: number): void {
  const bytes = 4 << DCZID_BS;
  const base = lo & -bytes;
  c.dataPa(base, hi, true);
  for (let o = 0; o < bytes; o += 8) c.st64(base + o, hi, 0, 0);
}

/** DC by VA (and IC IVAU): no data effect, but faults as a read would. */
function cacheMaintenanceVa(c: Arm64Cpu, lo: number, hi: number): void {
  c.dataPaForMaintenance(lo, hi);
}
