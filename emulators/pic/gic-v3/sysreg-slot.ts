// How the core connects a vcpu's CpuEnv.gicSysreg to the guest's GICv3 when
// the vcpus exist before the devices are probed: it gives each vcpu a
// GicSysregSlot (only for guests whose tree has a GICv3, since the CPU
// advertises GICv3 in ID_AA64PFR0 when gicSysreg is present) and, after
// probing, attaches the region's sysregInterface(vcpu). Until attached every
// access is refused (the CPU raises UNDEFINED), never silently ignored.

import type { GicV3CpuInterface } from './device.ts';

export const GICV3_COMPATIBLES: readonly string[] = ['arm,gic-v3', 'arm,gic-v3,dist', 'arm,gic-v3,redist'];

/** True when a guest with these region compatibles needs the ICC system registers. */
export function guestUsesGicV3(compatibles: Iterable<string | undefined>): boolean {
  for (const c of compatibles) if (c !== undefined && GICV3_COMPATIBLES.includes(c)) return true;
  return false;
}

export class GicSysregSlot {
  lo = 0;
  hi = 0;
  private target: GicV3CpuInterface | undefined;

  attach(target: GicV3CpuInterface): void {
    this.target = target;
  }

  read(op0: number, op1: number, crn: number, crm: number, op2: number): boolean {
    const t = this.target;
    if (!t || !t.read(op0, op1, crn, crm, op2)) return false;
    this.lo = t.lo;
    this.hi = t.hi;
    return true;
  }

  write(op0: number, op1: number, crn: number, crm: number, op2: number, lo: number, hi: number): boolean {
    return this.target ? this.target.write(op0, op1, crn, crm, op2, lo, hi) : false;
  }
}
