// The CpuEnv.gicSysreg of a vcpu whose guest has a device serving CPU system
// registers (a GICv3). The vcpus exist before the devices are probed, so the
// vcpu gets this slot first and the device's handler is attached after the
// probe. Until then every access is refused and the CPU raises UNDEFINED.

import type { CpuSysregHandler } from './emulator.ts';

export class CpuSysregSlot {
  lo = 0;
  hi = 0;
  private target: CpuSysregHandler | undefined;

  attach(target: CpuSysregHandler): void {
    this.target = target;
  }

  read(op0: number, op1: number, crn: number, crm: number, op2: number): boolean {
    const t = this.target;
    if (t === undefined || !t.read(op0, op1, crn, crm, op2)) return false;
    this.lo = t.lo;
    this.hi = t.hi;
    return true;
  }

  write(op0: number, op1: number, crn: number, crm: number, op2: number, lo: number, hi: number): boolean {
    return this.target !== undefined && this.target.write(op0, op1, crn, crm, op2, lo, hi);
  }
}
