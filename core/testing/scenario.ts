// A multi-guest scenario for determinism and snapshot tests: every guest's
// vcpu0 arms a device timer with a random period, busy-loops, waits in WFI
// and prints a letter from its interrupt handler (derived from the exact
// virtual time and the random source); vcpu1 busy-loops, prints, and sits in
// WFI until the WFI timeout.

import { Hypervisor } from '../hypervisor.ts';
import type { GuestBus } from '../aspace/guest-bus.ts';
import { fakeCpuModel, type FakeOp } from './fake-cpu.ts';
import { fakePicEmulator, fakeUartEmulator, FakeUartReg } from './fake-devices.ts';
import { uartGuest, UART } from './guest-builder.ts';

const rd = (bus: GuestBus, reg: number, v: number) => bus.mmioRead(UART + reg, 4, v) >>> 0;
const wr = (bus: GuestBus, reg: number, val: number, v: number) => bus.mmioWrite(UART + reg, 4, val, 0, v);

export function scenarioScript(vcpu: number): FakeOp[] {
  if (vcpu > 0)
    return [
      { op: 'run', n: 20_000 },
      { op: 'print', addr: UART, text: '.' },
      { op: 'wfi' },
      { op: 'jump', to: 0 },
    ];
  return [
    { op: 'irqOn' },
    { op: 'fn', fn: (c) => wr(c.env.bus, FakeUartReg.TIMER, 1000 + (rd(c.env.bus, FakeUartReg.RANDOM, 0) % 200_000), 0) },
    { op: 'run', n: 30_000 },
    { op: 'wfi' },
    { op: 'jump', to: 2 },
    // IRQ vector (5)
    {
      op: 'fn',
      fn: (c) => {
        const bus = c.env.bus;
        const now = rd(bus, FakeUartReg.NOW, 0);
        const count = rd(bus, FakeUartReg.COUNT, 0);
        // Echo received bytes in lower case; otherwise print a letter of the time.
        while (rd(bus, FakeUartReg.STATUS, 0) & 1) wr(bus, FakeUartReg.DATA, rd(bus, FakeUartReg.DATA, 0) | 0x20, 0);
        wr(bus, FakeUartReg.DATA, 0x41 + ((now ^ count) % 26), 0);
        wr(bus, FakeUartReg.ACK, 1, 0);
        wr(bus, FakeUartReg.TIMER, 1000 + (rd(bus, FakeUartReg.RANDOM, 0) % 200_000), 0);
      },
    },
    { op: 'eret' },
  ];
}

export const SCENARIO_IRQ_VECTOR = 5;

export function scenarioHypervisor(opts: { seed: number; hostCpuCount: number; systemWorkqueues?: boolean }): Hypervisor {
  return new Hypervisor({
    seed: opts.seed,
    hostCpuCount: opts.hostCpuCount,
    cpuModels: [fakeCpuModel(scenarioScript, { irqVector: SCENARIO_IRQ_VECTOR })],
    emulators: [fakeUartEmulator, fakePicEmulator],
    systemWorkqueues: opts.systemWorkqueues,
  });
}

/** Everything observable of a run: console bytes per port, time, per-vcpu counts. */
export function scenarioResult(hv: Hypervisor): { consoles: Record<string, string>; timeNs: number; vcpus: Record<string, number[]> } {
  const consoles: Record<string, string> = {};
  for (const v of hv.vserials.list()) consoles[v.name] = new TextDecoder().decode(v.dump());
  const vcpus: Record<string, number[]> = {};
  for (const g of hv.guests()) for (const v of g.vcpus) vcpus[v.name] = [v.vstats.instructions, v.vstats.wfi, v.stats.switches, v.hcpu];
  return { consoles, timeNs: hv.nowNs(), vcpus };
}

export { uartGuest };
