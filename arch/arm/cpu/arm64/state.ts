// Slot layout of the AArch64 interpreter's Int32Array state (PSTATE, PC,
// budget, fetch cache tag, TLB masks) and of its system register storage.
// Kept in typed-array slots, not object fields, per shared/design/HOTPATH.md.

/** System register storage slots (each holds lo at 2*slot, hi at 2*slot + 1). */
export const enum R {
  SCTLR = 0, ACTLR, CPACR, TTBR0, TTBR1, TCR, AFSR0, AFSR1, ESR, FAR, PAR, MAIR, AMAIR, VBAR,
  CONTEXTIDR, TPIDR_EL1, TPIDR_EL0, TPIDRRO_EL0, CNTKCTL, CSSELR, SPSR, ELR, FPCR, FPSR,
  MDSCR, MDCCINT, OSLSR, OSDLR, DBGPRCR, DBGCLAIM, OSDTRRX, OSDTRTX, OSECCR,
  PMCR, PMCNTEN, PMINTEN, PMOVS, PMSELR, PMUSERENR, PMCCFILTR, PMCCNTR_BASE,
  DBGBVR0, DBGBCR0 = DBGBVR0 + 6, DBGWVR0 = DBGBCR0 + 6, DBGWCR0 = DBGWVR0 + 4,
  PMEVCNTR0 = DBGWCR0 + 4, PMEVTYPER0 = PMEVCNTR0 + 6,
  COUNT = PMEVTYPER0 + 6,
}

/** Names of the storage slots for save/restore and dumps. */
export const R_NAMES: readonly string[] = (() => {
  const base = ['SCTLR_EL1', 'ACTLR_EL1', 'CPACR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'AFSR0_EL1', 'AFSR1_EL1',
    'ESR_EL1', 'FAR_EL1', 'PAR_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'VBAR_EL1', 'CONTEXTIDR_EL1', 'TPIDR_EL1',
    'TPIDR_EL0', 'TPIDRRO_EL0', 'CNTKCTL_EL1', 'CSSELR_EL1', 'SPSR_EL1', 'ELR_EL1', 'FPCR', 'FPSR',
    'MDSCR_EL1', 'MDCCINT_EL1', 'OSLSR_EL1', 'OSDLR_EL1', 'DBGPRCR_EL1', 'DBGCLAIM', 'OSDTRRX_EL1',
    'OSDTRTX_EL1', 'OSECCR_EL1', 'PMCR_EL0', 'PMCNTEN', 'PMINTEN', 'PMOVS', 'PMSELR_EL0', 'PMUSERENR_EL0',
    'PMCCFILTR_EL0', 'PMCCNTR_BASE'];
  for (let i = 0; i < 6; i++) base.push(`DBGBVR${i}_EL1`);
  for (let i = 0; i < 6; i++) base.push(`DBGBCR${i}_EL1`);
  for (let i = 0; i < 4; i++) base.push(`DBGWVR${i}_EL1`);
  for (let i = 0; i < 4; i++) base.push(`DBGWCR${i}_EL1`);
  for (let i = 0; i < 6; i++) base.push(`PMEVCNTR${i}_EL0`);
  for (let i = 0; i < 6; i++) base.push(`PMEVTYPER${i}_EL0`);
  return base;
})();

/** System register encoding key: op0:op1:CRn:CRm:op2. */
export function sysKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

/** Exception classes (ESR_ELx.EC). */
export const enum EC {
  UNKNOWN = 0x00, WFX = 0x01, FP = 0x07, ILLEGAL = 0x0e, SVC = 0x15, HVC = 0x16, SMC = 0x17, SYS = 0x18,
  IABT_LOW = 0x20, IABT_CUR = 0x21, PC_ALIGN = 0x22, DABT_LOW = 0x24, DABT_CUR = 0x25, SP_ALIGN = 0x26, BRK = 0x3c,
}

/** Vector offsets from VBAR_EL1 (sync; +0x80 IRQ, +0x100 FIQ, +0x180 SError). */
export const enum Vec { SYNC = 0, IRQ = 0x80, FIQ = 0x100, SERROR = 0x180 }
