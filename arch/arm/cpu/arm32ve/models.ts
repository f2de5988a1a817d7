// The ARMv7-A models with the Virtualization Extensions and LPAE
// (Cortex-A15, Cortex-A7 and "generic"), on the shared AArch32 interpreter
// of ../arm32. They add the generic timer, LPAE long descriptors and HVC;
// SMC and HVC at PL1 stop the vcpu for the core (PSCI). The hypervisor's
// trap routing (HCR-style: WFI/WFE/SMC/CP15) is Arm32Cpu.traps.

import type { CpuModel } from '../common/cpu-backend.ts';
import { CORTEX_A15, CORTEX_A7, ARMV7_GENERIC } from '../arm32/feature-tables.ts';
import { arm32Model } from '../arm32/models.ts';

export const arm32veModels: CpuModel[] = [
  arm32Model(['armv7a,cortex-a15'], CORTEX_A15, 'CONFIG_CPU_ARMV7A_VE'),
  arm32Model(['armv7a,cortex-a7'], CORTEX_A7, 'CONFIG_CPU_ARMV7A_VE'),
  arm32Model(['armv7a,generic'], ARMV7_GENERIC, 'CONFIG_CPU_ARMV7A_VE'),
];
