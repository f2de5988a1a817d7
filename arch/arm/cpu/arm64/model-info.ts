// Identification registers of the ARMv8.0-A models the interpreter serves
// (ARM ARM DDI 0487 D13.2; Cortex-A53 TRM r0p4 and Cortex-A57 TRM r1p3 for
// MIDR/CTR/CLIDR/CCSIDR). The feature registers advertise exactly what the
// interpreter implements: AArch64 only at EL0/EL1, no EL2/EL3 visible to the
// guest, no FP/AdvSIMD arithmetic, CRC32 but no crypto or LSE, PMUv3 with
// six event counters, 6 breakpoints / 4 watchpoints, 40-bit PA, 16-bit
// ASIDs, 4K/16K/64K granules, mixed endianness (SCTLR_EL1.EE/E0E).

export interface Arm64ModelInfo {
  readonly name: string;
  readonly midr: number;
  readonly ctr: number;
  readonly clidr: number;
  /** CCSIDR_EL1 by CSSELR_EL1 (level << 1 | InD). */
  readonly ccsidr: readonly number[];
}

export const ID_AA64PFR0 = 0x00ff0011; // EL0/EL1 AArch64 only, FP=0xF, AdvSIMD=0xF
export const ID_AA64PFR0_GICV3 = 0x01000000;
export const ID_AA64DFR0 = 0x10305106; // DebugVer v8, PMUv3, 6 BRPs, 4 WRPs, 2 CTX_CMPs
export const ID_AA64ISAR0 = 0x00010000; // CRC32
export const ID_AA64MMFR0 = 0x00100122; // 40-bit PA, 16-bit ASID, mixed endian, TGran16 yes, TGran4/64 yes
export const DCZID_BS = 4; // DC ZVA zeroes 2^4 words = 64 bytes
export const PMU_COUNTERS = 6;
export const DEBUG_BRPS = 6;
export const DEBUG_WRPS = 4;

export const CORTEX_A53: Arm64ModelInfo = {
  name: 'cortex-a53',
  midr: 0x410fd034,
  ctr: 0x84448004,
  clidr: 0x0a200023,
  ccsidr: [0x700fe01a, 0x201fe00a, 0x707fe07a, 0],
};

export const CORTEX_A57: Arm64ModelInfo = {
  name: 'cortex-a57',
  midr: 0x411fd070,
  ctr: 0x8444c004,
  clidr: 0x0a200023,
  ccsidr: [0x701fe00a, 0x201fe012, 0x70ffe07a, 0],
};
