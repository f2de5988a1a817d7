// The AArch32 CPU models without the Virtualization Extensions, selected by
// a vcpu's compatible string (shared/design/XVISOR.md). SMC/HVC per model:
// ARM926EJ-S and ARM11 MPCore have no Security Extensions (SMC UNDEFINED);
// Cortex-A8/A9 have them (SMC at PL1 stops for the core, as a monitor
// firmware would take it); none of these has HVC (UNDEFINED).

import type { CpuModel, CpuEnv, CpuBackend } from '../common/cpu-backend.ts';
import type { Arm32Features } from './features.ts';
import { ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9 } from './feature-tables.ts';
import { Arm32Cpu } from './cpu.ts';

export function arm32Model(compatible: readonly string[], features: Arm32Features, configSymbol: string): CpuModel {
  return {
    compatible, name: features.name, arch: 'arm32', hasGenericTimer: features.genericTimer, configSymbol,
    create(env: CpuEnv): CpuBackend { return new Arm32Cpu(features, env); },
  };
}

export const arm32Models: CpuModel[] = [
  arm32Model(['armv5te,arm926ej-s'], ARM926EJS, 'CONFIG_CPU_ARMV5'),
  arm32Model(['armv6k,arm11mpcore'], ARM11MPCORE, 'CONFIG_CPU_ARMV6'),
  arm32Model(['armv7a,cortex-a8'], CORTEX_A8, 'CONFIG_CPU_ARMV7A'),
  arm32Model(['armv7a,cortex-a9'], CORTEX_A9, 'CONFIG_CPU_ARMV7A'),
];
