// Slot numbers of the CP15 (and generic timer) state kept in one Int32Array
// per vcpu, so the MMU walker, the executor and the CP15 decoder share it
// without object fields. Names follow ARM DDI 0406C.d B4.1.

export const enum C {
  SCTLR, ACTLR, CPACR, TTBR0, TTBR0_HI, TTBR1, TTBR1_HI, TTBCR, DACR,
  DFSR, IFSR, DFAR, IFAR, ADFSR, AIFSR, PAR, PAR_HI, VBAR, FCSEIDR, CONTEXTIDR,
  TPIDRURW, TPIDRURO, TPIDRPRW, PRRR, NMRR, AMAIR0, AMAIR1, CSSELR, FPEXC,
  PMCR, PMCNTEN, PMOVS, PMSELR, PMUSERENR, PMINTEN, PMXEVTYPER, CNTKCTL,
  /** v5/v6 TCM, lockdown and implementation-defined registers that just hold a value. */
  MISC_C9, MISC_C15,
  COUNT,
}

// SCTLR bits (B4.1.130).
export const SCTLR_M = 1, SCTLR_A = 2, SCTLR_C = 4, SCTLR_S = 1 << 8, SCTLR_R = 1 << 9, SCTLR_SW = 1 << 10,
  SCTLR_V = 1 << 13, SCTLR_U = 1 << 22, SCTLR_XP = 1 << 23, SCTLR_EE = 1 << 25,
  SCTLR_TRE = 1 << 28, SCTLR_AFE = 1 << 29, SCTLR_TE = 1 << 30;

export const TTBCR_EAE = 1 << 31 | 0;

/** Memory access kinds for translation. */
export const enum Access { Read = 0, Write = 1, Exec = 2 }

/** TLB permission bits. */
export const PERM_R = 1, PERM_W = 2, PERM_X = 4;
