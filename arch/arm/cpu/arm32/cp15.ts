// CP15 system control (ARM DDI 0406C.d B4, ARM DDI 0100I B2/B3 for ARMv5,
// and each core's TRM for the identification values in feature-tables.ts),
// the CP14 debug registers (read as zero: no debug architecture advertised
// to the kernel), and the CP10/CP11 access control of the (not yet
// implemented) floating point unit: CPACR and FPEXC exist, every other
// VFP/Advanced SIMD access is UNDEFINED.
//
// Cache maintenance operations are no-ops (caches are not modelled; the
// decode cache is validated by the raw instruction word); TLB maintenance
// empties the whole software TLB. An access a model lacks is UNDEFINED
// (and logged as unimplemented when the architecture defines it).

import type { Arm32Cpu } from './cpu.ts';
import { StopReason } from '../common/cpu-backend.ts';
import { ArchVersion } from './features.ts';
import { S, Mode } from './state-slots.ts';
import { C, Access, TTBCR_EAE, SCTLR_EE } from './sysreg-slots.ts';
import { out } from './alu.ts';

function undef(cpu: Arm32Cpu): number {
  cpu.S[S.UNDEF] = 1;
  return 0;
}

function isUser(cpu: Arm32Cpu): boolean { return cpu.S[S.MODE] === Mode.USR; }

function regName(crn: number, opc1: number, crm: number, opc2: number): string {
  return `p15, ${opc1}, c${crn}, c${crm}, ${opc2}`;
}

function unmodelled(cpu: Arm32Cpu, what: string): void {
  cpu.env.log('unimp', `vcpu${cpu.env.vcpuIndex} ${cpu.f.name}: ${what} (pc 0x${(cpu.S[S.CURPC]! >>> 0).toString(16)})`);
}

function unimplemented(cpu: Arm32Cpu, what: string): number {
  cpu.env.log('unimp', `vcpu${cpu.env.vcpuIndex} ${cpu.f.name}: ${what} at pc 0x${(cpu.S[S.CURPC]! >>> 0).toString(16)} is UNDEFINED in this model`);
  return undef(cpu);
}

// --------------------------------------------------------------- PMU (minimal)

function ccntEnabled(cpu: Arm32Cpu): boolean {
  return (cpu.C[C.PMCR]! & 1) !== 0 && (cpu.C[C.PMCNTEN]! & (1 << 31)) !== 0;
}
/** PMCCNTR counts retired instructions while enabled (PMCR.E and PMCNTENSET.C). */
function ccntRead(cpu: Arm32Cpu): number {
  return (ccntEnabled(cpu) ? cpu.instructionsRetired - cpu.pmu.ccntBase : cpu.pmu.ccntFrozen) | 0;
}
function ccntWrite(cpu: Arm32Cpu, v: number): void {
  cpu.pmu.ccntFrozen = v >>> 0;
  cpu.pmu.ccntBase = cpu.instructionsRetired - (v >>> 0);
}
/** Called before PMCR/PMCNTEN change so the counter keeps its value across enable/disable. */
function ccntFreeze(cpu: Arm32Cpu): void { ccntWrite(cpu, ccntRead(cpu)); }

// ---------------------------------------------------------------- translation

function v2p(cpu: Arm32Cpu, opc2: number, va: number): void {
  const user = (opc2 & 2) !== 0, write = (opc2 & 1) !== 0;
  const mmu = cpu.mmu;
  const long = mmu.longFormat();
  if (mmu.translate(va, write ? Access.Write : Access.Read, user)) {
    const pa = mmu.pa;
    if (long) {
      cpu.C[C.PAR] = ((pa % 4294967296) & 0xfffff000) | (1 << 11) | ((mmu.attr >>> 3) & 3) << 7;
      cpu.C[C.PAR_HI] = Math.floor(pa / 4294967296) & 0xff;
    } else {
      cpu.C[C.PAR] = ((pa % 4294967296) & 0xfffff000) | ((mmu.attr & 3) << 2) | (((mmu.attr >>> 5) & 1) << 7);
      cpu.C[C.PAR_HI] = 0;
    }
  } else if (long) {
    cpu.C[C.PAR] = 1 | ((mmu.fsr & 0x3f) << 1) | (1 << 11);
    cpu.C[C.PAR_HI] = 0;
  } else {
    const fs = (mmu.fsr & 15) | ((mmu.fsr >>> 6) & 16);
    cpu.C[C.PAR] = 1 | (fs << 1);
    cpu.C[C.PAR_HI] = 0;
  }
}

// ------------------------------------------------------------------- reads

export function cp15Read(cpu: Arm32Cpu, crn: number, opc1: number, crm: number, opc2: number): number {
  const hook = cpu.traps.cp15;
  if (hook) { const r = hook(false, crn, opc1, crm, opc2, 0); if (r !== undefined) return r | 0; }
  const f = cpu.f, Cr = cpu.C, v6 = f.arch >= ArchVersion.V6, v7 = f.arch >= ArchVersion.V7;
  const user = isUser(cpu);
  if (user) {
    if (crn === 13 && opc1 === 0 && crm === 0 && (opc2 === 2 || opc2 === 3) && f.v6k) return opc2 === 2 ? Cr[C.TPIDRURW]! : Cr[C.TPIDRURO]!;
    if (crn === 14 && cpu.timer) return timerRead(cpu, crm, opc2, true);
    if (crn === 9 && v7 && (Cr[C.PMUSERENR]! & 1)) return pmuRead(cpu, opc1, crm, opc2);
    return undef(cpu);
  }
  switch (crn) {
    case 0:
      if (opc1 === 0 && crm === 0) {
        switch (opc2) {
          case 1: return f.ctr;
          case 2: return f.tcmtr;
          case 3: return f.tlbtr;
          case 5: if (v6 && f.v6k) return f.mpExt ? (0x80000000 | cpu.env.vcpuIndex) | 0 : cpu.env.vcpuIndex; return f.midr;
          case 6: return v7 ? 0 : f.midr;
          default: return f.midr;
        }
      }
      if (opc1 === 0 && crm >= 1 && crm <= 7) {
        if (!v6) return undef(cpu);
        const idx = (crm - 1) * 8 + opc2;
        if (crm <= 2 && idx < f.idRegs.length) return f.idRegs[idx]!;
        return 0; // the rest of the CPUID space reads as zero
      }
      if (v7 && opc1 === 1 && crm === 0) {
        if (opc2 === 0) return f.ccsidr[Cr[C.CSSELR]! & 15] ?? 0;
        if (opc2 === 1) return f.clidr;
        if (opc2 === 7) return 0; // AIDR
      }
      if (v7 && opc1 === 2 && crm === 0 && opc2 === 0) return Cr[C.CSSELR]!;
      break;
    case 1:
      if (opc1 === 0 && crm === 0) {
        if (opc2 === 0) return Cr[C.SCTLR]!;
        if (opc2 === 1 && v6) return Cr[C.ACTLR]!;
        if (opc2 === 2 && v6) return Cr[C.CPACR]!;
      }
      if (opc1 === 0 && crm === 1 && opc2 === 2 && f.hasSmc) return 0x00000c00; // NSACR: cp10/cp11 usable in Non-secure state
      break;
    case 2:
      if (opc1 === 0 && crm === 0) {
        if (opc2 === 0) return Cr[C.TTBR0]!;
        if (opc2 === 1 && v6 && !f.v5Mmu) return Cr[C.TTBR1]!;
        if (opc2 === 2 && v6 && !f.v5Mmu) return Cr[C.TTBCR]!;
      }
      break;
    case 3: if (opc1 === 0 && crm === 0 && opc2 === 0) return Cr[C.DACR]!; break;
    case 5:
      if (opc1 === 0 && crm === 0 && opc2 <= 1) return Cr[opc2 === 0 ? C.DFSR : C.IFSR]!;
      if (opc1 === 0 && crm === 1 && opc2 <= 1 && v7) return Cr[opc2 === 0 ? C.ADFSR : C.AIFSR]!;
      break;
    case 6:
      if (opc1 === 0 && crm === 0) {
        if (opc2 === 0) return Cr[C.DFAR]!;
        if (opc2 === 2 && v6) return Cr[C.IFAR]!;
        if (opc2 === 1 && v6 && !v7) return 0; // WFAR
      }
      break;
    case 7:
      if (opc1 === 0 && crm === 4 && opc2 === 0 && v7) return Cr[C.PAR]!;
      // ARMv5 "test and clean" loops (MRC p15, 0, r15, c7, c10/c14, 3): report the cache clean (Z set).
      if (!v6 && opc1 === 0 && (crm === 10 || crm === 14) && opc2 === 3) return 1 << 30;
      break;
    case 9:
      if (v7 && opc1 === 0 && crm >= 12) return pmuRead(cpu, opc1, crm, opc2);
      return 0; // cache lockdown, TCM region and L2 control registers: not modelled, read as zero
    case 10:
      if (opc1 === 0 && crm === 2 && opc2 <= 1 && (v6 && f.v6k)) return Cr[opc2 === 0 ? C.PRRR : C.NMRR]!;
      if (opc1 === 0 && crm === 3 && opc2 <= 1 && v7) return Cr[opc2 === 0 ? C.AMAIR0 : C.AMAIR1]!;
      if (crm === 0) return 0; // TLB lockdown
      break;
    case 11: return 0; // DMA / TCM control: not modelled
    case 12:
      if (f.hasVbar && opc1 === 0 && crm === 0 && opc2 === 0) return Cr[C.VBAR]!;
      if (f.hasVbar && opc1 === 0 && crm === 1 && opc2 === 0) return ((cpu.S[S.IRQ]! << 7) | (cpu.S[S.FIQ]! << 6));
      break;
    case 13:
      if (opc1 === 0 && crm === 0) {
        switch (opc2) {
          case 0: return v7 ? 0 : Cr[C.FCSEIDR]!;
          case 1: return Cr[C.CONTEXTIDR]!;
          case 2: if (f.v6k) return Cr[C.TPIDRURW]!; break;
          case 3: if (f.v6k) return Cr[C.TPIDRURO]!; break;
          case 4: if (f.v6k) return Cr[C.TPIDRPRW]!; break;
        }
      }
      break;
    case 14: if (cpu.timer) return timerRead(cpu, crm, opc2, false); break;
    case 15: return 0; // implementation defined (test, debug, CBAR, power control): read as zero
  }
  return unimplemented(cpu, `MRC ${regName(crn, opc1, crm, opc2)}`);
}

function pmuRead(cpu: Arm32Cpu, opc1: number, crm: number, opc2: number): number {
  const Cr = cpu.C;
  if (opc1 !== 0) return 0;
  if (crm === 12) {
    switch (opc2) {
      case 0: return (cpu.f.midr & 0xff000000) | (Cr[C.PMCR]! & 0x3f & ~6);
      case 1: case 2: return Cr[C.PMCNTEN]!;
      case 3: return Cr[C.PMOVS]!;
      case 5: return Cr[C.PMSELR]!;
      default: return 0;
    }
  }
  if (crm === 13) return opc2 === 0 ? ccntRead(cpu) : opc2 === 1 ? Cr[C.PMXEVTYPER]! : 0;
  if (crm === 14) return opc2 === 0 ? Cr[C.PMUSERENR]! : opc2 <= 2 ? Cr[C.PMINTEN]! : 0;
  return 0;
}

function timerRead(cpu: Arm32Cpu, crm: number, opc2: number, user: boolean): number {
  const t = cpu.timer!, k = t.cntkctl;
  switch ((crm << 3) | opc2) {
    case 0: if (user && !(k & 3)) break; return cpu.env.counterHz | 0; // CNTFRQ
    case 8: if (user) break; return k; // CNTKCTL
    case 16: if (user && !(k & (1 << 9))) break; return t.phys.readTval();
    case 17: if (user && !(k & (1 << 9))) break; return t.phys.readCtl();
    case 24: if (user && !(k & (1 << 8))) break; return t.virt.readTval();
    case 25: if (user && !(k & (1 << 8))) break; return t.virt.readCtl();
  }
  return undef(cpu);
}

// ------------------------------------------------------------------- writes

export function cp15Write(cpu: Arm32Cpu, crn: number, opc1: number, crm: number, opc2: number, v: number): void {
  const hook = cpu.traps.cp15;
  if (hook && hook(true, crn, opc1, crm, opc2, v) !== undefined) return;
  const f = cpu.f, Cr = cpu.C, v6 = f.arch >= ArchVersion.V6, v7 = f.arch >= ArchVersion.V7;
  if (isUser(cpu)) {
    if (crn === 13 && opc1 === 0 && crm === 0 && opc2 === 2 && f.v6k) { Cr[C.TPIDRURW] = v; return; }
    // CP15 barriers are allowed at PL0 (ISB c7,c5,4; DSB c7,c10,4; DMB c7,c10,5).
    if (crn === 7 && opc1 === 0 && v6 && ((crm === 5 && opc2 === 4) || (crm === 10 && (opc2 === 4 || opc2 === 5)))) return;
    if (crn === 14 && cpu.timer && timerWrite(cpu, crm, opc2, v, true)) return;
    if (crn === 9 && v7 && (Cr[C.PMUSERENR]! & 1) && crm >= 12 && pmuWrite(cpu, crm, opc2, v)) return;
    undef(cpu);
    return;
  }
  switch (crn) {
    case 0:
      if (v7 && opc1 === 2 && crm === 0 && opc2 === 0) { Cr[C.CSSELR] = v & 15; return; }
      break;
    case 1:
      if (opc1 === 0 && crm === 0) {
        if (opc2 === 0) {
          const old = Cr[C.SCTLR]!;
          Cr[C.SCTLR] = (old & ~f.sctlrWritable) | (v & f.sctlrWritable);
          const turnedOn = Cr[C.SCTLR]! & ~old;
          // BE-32 (SCTLR.B) and big-endian translation tables (SCTLR.EE) are not modelled.
          if (turnedOn & (1 << 7)) unmodelled(cpu, 'SCTLR.B (BE-32 big-endian) set; data accesses stay little-endian');
          if (turnedOn & SCTLR_EE) unmodelled(cpu, 'SCTLR.EE set; exceptions enter big-endian but translation tables are read little-endian');
          cpu.flushTlb();
          return;
        }
        if (opc2 === 1 && v6) { Cr[C.ACTLR] = v; return; }
        if (opc2 === 2 && v6) { Cr[C.CPACR] = v & 0x00f00000; return; }
      }
      break;
    case 2:
      if (opc1 === 0 && crm === 0) {
        if (opc2 === 0) { Cr[C.TTBR0] = v; cpu.flushTlb(); return; }
        if (opc2 === 1 && v6 && !f.v5Mmu) { Cr[C.TTBR1] = v; cpu.flushTlb(); return; }
        if (opc2 === 2 && v6 && !f.v5Mmu) {
          Cr[C.TTBCR] = f.lpae ? (v & TTBCR_EAE ? v & 0xbfc73f87 : v & (0x80000037 | 0)) : v & 0x37;
          cpu.flushTlb();
          return;
        }
      }
      break;
    case 3: if (opc1 === 0 && crm === 0 && opc2 === 0) { Cr[C.DACR] = v; cpu.flushTlb(); return; } break;
    case 5:
      if (opc1 === 0 && crm === 0 && opc2 <= 1) { Cr[opc2 === 0 ? C.DFSR : C.IFSR] = v; return; }
      if (opc1 === 0 && crm === 1 && opc2 <= 1 && v7) { Cr[opc2 === 0 ? C.ADFSR : C.AIFSR] = v; return; }
      break;
    case 6:
      if (opc1 === 0 && crm === 0) {
        if (opc2 === 0) { Cr[C.DFAR] = v; return; }
        if (opc2 === 2 && v6) { Cr[C.IFAR] = v; return; }
        if (opc2 === 1 && v6 && !v7) return;
      }
      break;
    case 7:
      if (opc1 !== 0) break;
      if (crm === 0 && opc2 === 4 && !v7) { // CP15 wait for interrupt (ARMv5/ARMv6)
        if (cpu.traps.wfi && !cpu.wakeupPending()) cpu.cpStop = StopReason.Wfi + 1;
        return;
      }
      if (crm === 4 && opc2 === 0 && v7) { Cr[C.PAR] = v; return; }
      if (crm === 8 && v7) { v2p(cpu, opc2 & 3, v); return; }
      // Instruction/data cache, branch predictor and barrier operations: nothing to do.
      if (crm === 0 || crm === 1 || crm === 5 || crm === 6 || crm === 7 || crm === 10 || crm === 11 || crm === 13 || crm === 14 || crm === 15) return;
      break;
    case 8: if (opc1 === 0) { cpu.flushTlb(); return; } break;
    case 9:
      if (v7 && opc1 === 0 && crm >= 12) { if (pmuWrite(cpu, crm, opc2, v)) return; break; }
      return; // lockdown / TCM / L2 control: ignored
    case 10:
      if (opc1 === 0 && crm === 2 && opc2 <= 1 && v6 && f.v6k) { Cr[opc2 === 0 ? C.PRRR : C.NMRR] = v; return; }
      if (opc1 === 0 && crm === 3 && opc2 <= 1 && v7) { Cr[opc2 === 0 ? C.AMAIR0 : C.AMAIR1] = v; return; }
      if (crm === 0) return;
      break;
    case 11: return;
    case 12: if (f.hasVbar && opc1 === 0 && crm === 0 && opc2 === 0) { Cr[C.VBAR] = v & ~31; return; } break;
    case 13:
      if (opc1 === 0 && crm === 0) {
        switch (opc2) {
          case 0:
            if (v7) return;
            Cr[C.FCSEIDR] = v & 0xfe000000;
            if (v & 0xfe000000) cpu.env.log('unimp', `vcpu${cpu.env.vcpuIndex}: FCSE PID 0x${(v >>> 25).toString(16)} set; FCSE address relocation is not modelled`);
            return;
          case 1: Cr[C.CONTEXTIDR] = v; cpu.flushTlb(); return;
          case 2: if (f.v6k) { Cr[C.TPIDRURW] = v; return; } break;
          case 3: if (f.v6k) { Cr[C.TPIDRURO] = v; return; } break;
          case 4: if (f.v6k) { Cr[C.TPIDRPRW] = v; return; } break;
        }
      }
      break;
    case 14: if (cpu.timer && timerWrite(cpu, crm, opc2, v, false)) return; break;
    case 15: return;
  }
  unimplemented(cpu, `MCR ${regName(crn, opc1, crm, opc2)}`);
}

function pmuWrite(cpu: Arm32Cpu, crm: number, opc2: number, v: number): boolean {
  const Cr = cpu.C;
  if (crm === 12) {
    switch (opc2) {
      case 0:
        ccntFreeze(cpu);
        Cr[C.PMCR] = v & 0x39;
        if (v & 4) ccntWrite(cpu, 0);
        return true;
      case 1: ccntFreeze(cpu); Cr[C.PMCNTEN] = Cr[C.PMCNTEN]! | (v & (1 << 31)); ccntFreeze(cpu); return true;
      case 2: ccntFreeze(cpu); Cr[C.PMCNTEN] = Cr[C.PMCNTEN]! & ~(v & (1 << 31)); return true;
      case 3: Cr[C.PMOVS] = Cr[C.PMOVS]! & ~v; return true;
      case 4: return true;
      case 5: Cr[C.PMSELR] = v & 31; return true;
    }
    return false;
  }
  if (crm === 13) {
    if (opc2 === 0) { ccntWrite(cpu, v); return true; }
    if (opc2 === 1) { Cr[C.PMXEVTYPER] = v; return true; }
    if (opc2 === 2) return true;
    return false;
  }
  if (crm === 14) {
    if (opc2 === 0) { if (isUser(cpu)) return false; Cr[C.PMUSERENR] = v & 1; return true; }
    if (opc2 === 1) { Cr[C.PMINTEN] = Cr[C.PMINTEN]! | (v & (1 << 31)); return true; }
    if (opc2 === 2) { Cr[C.PMINTEN] = Cr[C.PMINTEN]! & ~(v & (1 << 31)); return true; }
  }
  return false;
}

function timerWrite(cpu: Arm32Cpu, crm: number, opc2: number, v: number, user: boolean): boolean {
  const t = cpu.timer!, k = t.cntkctl;
  switch ((crm << 3) | opc2) {
    case 0: return false; // CNTFRQ is writable only from the Secure PL1 firmware
    case 8: if (user) return false; t.cntkctl = v & 0x3ff; return true;
    case 16: if (user && !(k & (1 << 9))) return false; t.phys.writeTval(v); return true;
    case 17: if (user && !(k & (1 << 9))) return false; t.phys.writeCtl(v); return true;
    case 24: if (user && !(k & (1 << 8))) return false; t.virt.writeTval(v); return true;
    case 25: if (user && !(k & (1 << 8))) return false; t.virt.writeCtl(v); return true;
  }
  return false;
}

// ----------------------------------------------------------- 64-bit accesses

/** MRRC p15: returns the low word, the high word in out.hi. */
export function cp15Read64(cpu: Arm32Cpu, opc1: number, crm: number): number {
  const f = cpu.f, Cr = cpu.C, user = isUser(cpu);
  out.hi = 0;
  if (crm === 14 && cpu.timer) {
    const t = cpu.timer, k = t.cntkctl;
    if (opc1 === 0 || opc1 === 1) {
      if (user && !(k & (opc1 === 0 ? 1 : 2))) return undef(cpu);
      const c = t.count();
      out.hi = Math.floor(c / 4294967296) | 0;
      return c % 4294967296 | 0;
    }
    const ch = opc1 === 2 ? t.phys : opc1 === 3 ? t.virt : null;
    if (ch) {
      if (user && !(k & (opc1 === 2 ? 1 << 9 : 1 << 8))) return undef(cpu);
      out.hi = Math.floor(ch.cval / 4294967296) | 0;
      return ch.cval % 4294967296 | 0;
    }
    return undef(cpu);
  }
  if (user || !f.lpae) return undef(cpu);
  if (crm === 2 && opc1 === 0) { out.hi = Cr[C.TTBR0_HI]!; return Cr[C.TTBR0]!; }
  if (crm === 2 && opc1 === 1) { out.hi = Cr[C.TTBR1_HI]!; return Cr[C.TTBR1]!; }
  if (crm === 7 && opc1 === 0) { out.hi = Cr[C.PAR_HI]!; return Cr[C.PAR]!; }
  return unimplemented(cpu, `MRRC p15, ${opc1}, c${crm}`);
}

export function cp15Write64(cpu: Arm32Cpu, opc1: number, crm: number, lo: number, hi: number): void {
  const f = cpu.f, Cr = cpu.C, user = isUser(cpu);
  if (crm === 14 && cpu.timer) {
    const t = cpu.timer, k = t.cntkctl;
    const ch = opc1 === 2 ? t.phys : opc1 === 3 ? t.virt : null;
    if (!ch || (user && !(k & (opc1 === 2 ? 1 << 9 : 1 << 8)))) { undef(cpu); return; }
    ch.writeCval(lo, hi);
    return;
  }
  if (user || !f.lpae) { undef(cpu); return; }
  if (crm === 2 && opc1 <= 1) {
    if (opc1 === 0) { Cr[C.TTBR0] = lo; Cr[C.TTBR0_HI] = hi & 0x00ff00ff; }
    else { Cr[C.TTBR1] = lo; Cr[C.TTBR1_HI] = hi & 0x00ff00ff; }
    cpu.flushTlb();
    return;
  }
  if (crm === 7 && opc1 === 0) { Cr[C.PAR] = lo; Cr[C.PAR_HI] = hi; return; }
  unimplemented(cpu, `MCRR p15, ${opc1}, c${crm}`);
}

// --------------------------------------------------------------- CP14, CP10/11

/** CP14: the debug ID and status registers read as zero (no debug architecture); ThumbEE/Jazelle ID too. */
export function cp14Read(cpu: Arm32Cpu, crn: number, opc1: number, crm: number, opc2: number): number {
  if (isUser(cpu) && !(opc1 === 0 && crn === 0 && (crm === 1 || crm === 5))) return undef(cpu);
  void crm; void opc2;
  return 0;
}

/**
 * VMRS/VMSR and the other CP10/CP11 register transfers. VFP is not
 * implemented: FPEXC is readable and writable when CPACR grants access,
 * MVFR0/MVFR1 read as zero, everything else is UNDEFINED.
 */
export function cpVfpAccess(cpu: Arm32Cpu, read: boolean, crn: number, opc1: number, crm: number, opc2: number, v: number): number {
  const f = cpu.f;
  if (f.arch < ArchVersion.V6) return undef(cpu);
  const cpacr = cpu.C[C.CPACR]!, user = isUser(cpu);
  const field = (cpacr >>> 20) & 3; // cp10 (cp11 must match)
  const allowed = user ? field === 3 : field === 1 || field === 3;
  if (!allowed) return undef(cpu);
  // VMRS/VMSR: MRC/MCR p10, 7, Rt, c<reg>, c0, 0
  if (opc1 !== 7 || crm !== 0 || opc2 !== 0) return undef(cpu);
  if (user) return undef(cpu); // FPEXC and the MVFRs are PL1-only
  if (crn === 8) { if (read) return cpu.C[C.FPEXC]!; cpu.C[C.FPEXC] = v & 0x40000000; return 0; }
  if (read && (crn === 6 || crn === 7)) return 0;
  return undef(cpu);
}
