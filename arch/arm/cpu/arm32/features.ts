// Per-model feature set of the AArch32 interpreter, following the ARM ARM's
// architecture variants (ARM DDI 0406C.d A1.3, ARM DDI 0100I A.1) and the
// identification registers of each core's TRM:
//   ARM926EJ-S TRM (DDI 0198E) 2.3, ARM11 MPCore TRM (DDI 0360F) 3.4,
//   Cortex-A8 TRM (DDI 0344K) 3.2, Cortex-A9 TRM (DDI 0388I) 4.3,
//   Cortex-A15 TRM (DDI 0438I) 4.3, Cortex-A7 MPCore TRM (DDI 0464F) 4.3.
// VFP and Advanced SIMD are not implemented yet: MVFR0/1 read 0, FPSID is
// absent, and the ID_PFR/ID_ISAR fields never claim them.

export const enum ArchVersion { V5 = 5, V6 = 6, V7 = 7 }

export interface Arm32Features {
  readonly name: string;
  readonly arch: ArchVersion;
  /** Full Thumb-2 (all 32-bit encodings, IT); false: Thumb-1 plus BL/BLX pairs. */
  readonly thumb2: boolean;
  /** v6K: LDREX/STREX B/H/D, CLREX, YIELD/WFE/WFI/SEV hints. */
  readonly v6k: boolean;
  /** SDIV/UDIV in both instruction sets (A15/A7; ID_ISAR0.Divide_instrs = 2). */
  readonly hwDivide: boolean;
  /** Multiprocessing Extensions (MPIDR.M, PLDW, TLB/cache IS ops). */
  readonly mpExt: boolean;
  /** Security Extensions: SMC exists (it stops the vcpu with StopReason.Smc). */
  readonly hasSmc: boolean;
  /** Virtualization Extensions: HVC exists (StopReason.Hvc), generic timer, LPAE. */
  readonly virtExt: boolean;
  /** Large Physical Address Extension (TTBCR.EAE). */
  readonly lpae: boolean;
  /** Generic timer (CP15 c14). */
  readonly genericTimer: boolean;
  /** VBAR (Security Extensions / v7). */
  readonly hasVbar: boolean;
  /** ARMv5 VMSA (coarse/fine tables, tiny pages, subpages) rather than the v6/v7 format. */
  readonly v5Mmu: boolean;
  /** v6 only: SCTLR.XP selects between the v5-compatible and the v6 format. */
  readonly v6XpSelectable: boolean;
  readonly midr: number;
  readonly ctr: number;
  readonly tcmtr: number;
  readonly tlbtr: number;
  /** ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0, ID_MMFR0..3, ID_ISAR0..5 (v6+), else all 0. */
  readonly idRegs: readonly number[];
  readonly clidr: number;
  /** CCSIDR per CSSELR value (level<<1|InD), undefined for absent caches. */
  readonly ccsidr: Readonly<Record<number, number>>;
  readonly actlrReset: number;
  /** SCTLR value at reset (RES1 bits, and U=1 on v7). */
  readonly sctlrReset: number;
  /** Bits of SCTLR the guest may change. */
  readonly sctlrWritable: number;
}
