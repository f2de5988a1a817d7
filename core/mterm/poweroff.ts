// --exit-on-poweroff: when is a guest down, and the line printed for it.

import type { Hypervisor } from '../hypervisor.ts';
import type { Guest } from '../manager/guest.ts';

/** Powered off (PSCI SYSTEM_OFF, a board register) or halted (`guest halt`, a fatal vcpu error). */
export function guestDown(g: Guest): boolean {
  if (g.poweredOff) return true;
  return g.vcpus.some((v) => v.state === 'HALTED') && g.vcpus.every((v) => v.state === 'HALTED' || v.state === 'RESET');
}

export function allGuestsDown(hv: Hypervisor): boolean {
  const gs = hv.guests();
  return gs.length > 0 && gs.every(guestDown);
}

export function guestSummary(g: Guest): string {
  const insns = g.vcpus.reduce((n, v) => n + v.vstats.instructions, 0);
  return `${g.name}: ${g.state}, ${insns} instructions, ${(g.hv.nowNs() / 1e9).toFixed(9)} s virtual time`;
}
