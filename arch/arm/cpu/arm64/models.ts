// The ARMv8-A CPU models a vcpu's `compatible` selects (shared/design/XVISOR.md:
// "armv8,generic"), all served by the AArch64 interpreter in cpu.ts.

import type { CpuBackend, CpuEnv, CpuModel } from '../common/cpu-backend.ts';
import { Arm64Cpu, DEFAULT_TRAPS } from './cpu.ts';
import type { Arm64TrapConfig } from './cpu.ts';
import { CORTEX_A53, CORTEX_A57 } from './model-info.ts';
import type { Arm64ModelInfo } from './model-info.ts';

function model(compatible: string[], info: Arm64ModelInfo, traps: Arm64TrapConfig = DEFAULT_TRAPS): CpuModel {
  return {
    compatible,
    name: info.name,
    arch: 'arm64',
    hasGenericTimer: true,
    configSymbol: 'CONFIG_CPU_ARMV8',
    create(env: CpuEnv): CpuBackend {
      return new Arm64Cpu(env, info, traps);
    },
  };
}

export const arm64Models: CpuModel[] = [
  model(['armv8,generic', 'arm,cortex-a53', 'arm,armv8'], CORTEX_A53),
  model(['arm,cortex-a57'], CORTEX_A57),
];
