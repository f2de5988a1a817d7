// The tickless scenario (issue 4 "Done when"): many guests whose vcpus sit in
// WFI with nothing pending. The only events are the WFI timeouts
// (CONFIG_WFI_TIMEOUT_MSECS), so virtual seconds cost almost nothing.

import { Hypervisor } from '../hypervisor.ts';
import { fakeCpuModel } from '../testing/fake-cpu.ts';
import { makeGuestDesc } from '../testing/guest-builder.ts';

export interface TicklessResult {
  readonly hv: Hypervisor;
  readonly steps: number;
  readonly wfi: number;
  readonly instructions: number;
}

export function runTickless(opts: { guests: number; seconds: number; hostCpuCount?: number }): TicklessResult {
  const hv = new Hypervisor({
    hostCpuCount: opts.hostCpuCount ?? 2,
    cpuModels: [fakeCpuModel(() => [{ op: 'wfi' }, { op: 'jump', to: 0 }])],
    maxGuests: opts.guests,
    maxVcpus: opts.guests + 16,
  });
  for (let i = 0; i < opts.guests; i++) hv.createGuest(makeGuestDesc({ name: `guest${i}`, ram: [{ base: 0x40000000, size: 0x10000000 }] })).kick();
  const before = hv.sched.steps;
  hv.runFor(opts.seconds * 1e9);
  const steps = hv.sched.steps - before;
  let wfi = 0, instructions = 0;
  for (const g of hv.guests()) for (const v of g.vcpus) {
    wfi += v.vstats.wfi;
    instructions += v.vstats.instructions;
  }
  return { hv, steps, wfi, instructions };
}
