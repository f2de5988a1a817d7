// Identification register values of each modelled core, from the cores'
// Technical Reference Manuals (see features.ts for the document list), with
// the VFP/Advanced SIMD fields cleared because this backend does not
// implement them yet.

import { ArchVersion, type Arm32Features } from './features.ts';

// CCSIDR: WT[31] WB[30] RA[29] WA[28] NumSets-1[27:13] Assoc-1[12:3] LineSize[2:0].
function ccsidr(flags: number, sizeKiB: number, ways: number, lineBytes: number): number {
  const sets = (sizeKiB * 1024) / (ways * lineBytes);
  return ((flags << 28) | ((sets - 1) << 13) | ((ways - 1) << 3) | (Math.log2(lineBytes / 4) - 2)) | 0;
}

const V5_SCTLR_WRITABLE = 0x0000f387; // M A C B S R I V RR L4
const V6_SCTLR_WRITABLE = 0x02e0f387 | (1 << 11) | (1 << 22) | (1 << 23); // + Z FI U XP EE
const V7_SCTLR_WRITABLE = 0x7a267c07; // M A C SW Z I V RR HA FI EE NMFI TRE AFE TE

export const ARM926EJS: Arm32Features = {
  name: 'arm926ej-s', arch: ArchVersion.V5, thumb2: false, v6k: false, hwDivide: false, mpExt: false,
  hasSmc: false, virtExt: false, lpae: false, genericTimer: false, hasVbar: false, v5Mmu: true, v6XpSelectable: false,
  midr: 0x41069265, ctr: 0x1d152152, tcmtr: 0, tlbtr: 0,
  idRegs: [],
  clidr: 0, ccsidr: {},
  actlrReset: 0, sctlrReset: 0x00050078, sctlrWritable: V5_SCTLR_WRITABLE,
};

export const ARM11MPCORE: Arm32Features = {
  name: 'arm11mpcore', arch: ArchVersion.V6, thumb2: false, v6k: true, hwDivide: false, mpExt: false,
  hasSmc: false, virtExt: false, lpae: false, genericTimer: false, hasVbar: false, v5Mmu: false, v6XpSelectable: true,
  midr: 0x410fb022, ctr: 0x1d192192, tcmtr: 0, tlbtr: 0,
  idRegs: [0x111, 0x1, 0, 0x2, 0x01100103, 0x10020302, 0x01222000, 0, 0x00100011, 0x12002111, 0x11221011, 0x01102131, 0x141, 0],
  clidr: 0, ccsidr: {},
  actlrReset: 0, sctlrReset: 0x00050078, sctlrWritable: V6_SCTLR_WRITABLE,
};

export const CORTEX_A8: Arm32Features = {
  name: 'cortex-a8', arch: ArchVersion.V7, thumb2: true, v6k: true, hwDivide: false, mpExt: false,
  hasSmc: true, virtExt: false, lpae: false, genericTimer: false, hasVbar: true, v5Mmu: false, v6XpSelectable: false,
  midr: 0x410fc080, ctr: 0x82048004, tcmtr: 0, tlbtr: 0,
  idRegs: [0x1031, 0x11, 0x400, 0, 0x31100003, 0x20000000, 0x01202000, 0x11,
    0x00101111, 0x12112111, 0x21232031, 0x11112131, 0x00111142, 0],
  clidr: 0x0a000023, ccsidr: { 0: ccsidr(0xe, 16, 4, 64), 1: ccsidr(0x2, 16, 4, 64), 2: ccsidr(0xf, 256, 8, 64) },
  actlrReset: 0, sctlrReset: 0x00c50078, sctlrWritable: V7_SCTLR_WRITABLE,
};

export const CORTEX_A9: Arm32Features = {
  name: 'cortex-a9', arch: ArchVersion.V7, thumb2: true, v6k: true, hwDivide: false, mpExt: true,
  hasSmc: true, virtExt: false, lpae: false, genericTimer: false, hasVbar: true, v5Mmu: false, v6XpSelectable: false,
  midr: 0x410fc090, ctr: 0x80038003, tcmtr: 0, tlbtr: 0,
  idRegs: [0x1031, 0x11, 0, 0, 0x00100103, 0x20000000, 0x01230000, 0x00002111,
    0x00101111, 0x13112111, 0x21232041, 0x11112131, 0x00111142, 0],
  clidr: 0x09200003, ccsidr: { 0: ccsidr(0xe, 32, 4, 32), 1: ccsidr(0x2, 32, 4, 32) },
  actlrReset: 0, sctlrReset: 0x00c50078, sctlrWritable: V7_SCTLR_WRITABLE,
};

const VE_ID_REGS = [0x1131, 0x00011011, 0x02010555, 0, 0x10201105, 0x20000000, 0x01240000, 0x02102211,
  0x02101110, 0x13112111, 0x21232041, 0x11112131, 0x10011142, 0];

export const CORTEX_A15: Arm32Features = {
  name: 'cortex-a15', arch: ArchVersion.V7, thumb2: true, v6k: true, hwDivide: true, mpExt: true,
  hasSmc: true, virtExt: true, lpae: true, genericTimer: true, hasVbar: true, v5Mmu: false, v6XpSelectable: false,
  midr: 0x412fc0f1, ctr: 0x8444c004, tcmtr: 0, tlbtr: 0,
  idRegs: VE_ID_REGS,
  clidr: 0x0a200023, ccsidr: { 0: ccsidr(0x7, 32, 2, 64), 1: ccsidr(0x2, 32, 2, 64), 2: ccsidr(0x7, 1024, 16, 64) },
  actlrReset: 0, sctlrReset: 0x00c50078, sctlrWritable: V7_SCTLR_WRITABLE,
};

export const CORTEX_A7: Arm32Features = {
  ...CORTEX_A15, name: 'cortex-a7', midr: 0x410fc075, ctr: 0x84448003,
  idRegs: [0x1131, 0x00011011, 0x02010555, 0, 0x10101105, 0x40000000, 0x01240000, 0x02102211,
    0x02101110, 0x13112111, 0x21232041, 0x11112131, 0x10011142, 0],
  ccsidr: { 0: ccsidr(0x7, 32, 4, 64), 1: ccsidr(0x2, 32, 2, 32), 2: ccsidr(0x7, 512, 8, 64) },
};

/** "armv7a,generic": an ARMv7-A core with VE and LPAE; it identifies as a Cortex-A15. */
export const ARMV7_GENERIC: Arm32Features = { ...CORTEX_A15, name: 'armv7a-generic' };
