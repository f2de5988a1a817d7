import { describe, it, expect } from 'vitest';
import { Hypervisor } from '../hypervisor.ts';
import { fakeCpuModel, type FakeOp } from '../testing/fake-cpu.ts';
import { fakePicEmulator, fakeUartEmulator } from '../testing/fake-devices.ts';
import { uartGuest, UART } from '../testing/guest-builder.ts';
import { decodePsci, parsePsciVersion, PsciFn } from './psci.ts';

function call(fn: number, ...args: number[]) {
  return decodePsci({ arg: (n) => [fn, ...args][n] ?? 0, argHi: () => 0 }, 0x10001);
}

describe('PSCI decoding (DEN0022)', () => {
  it('answers the discovery calls', () => {
    expect(call(PsciFn.VERSION)).toEqual({ kind: 'return', value: 0x10001 });
    expect(call(PsciFn.FEATURES, PsciFn.CPU_ON64)).toEqual({ kind: 'return', value: 0 });
    expect(call(PsciFn.FEATURES, PsciFn.SMCCC_VERSION)).toEqual({ kind: 'return', value: 0 });
    expect(call(PsciFn.FEATURES, 0x84000005)).toEqual({ kind: 'return', value: -1 });
    expect(call(PsciFn.SMCCC_VERSION)).toEqual({ kind: 'return', value: 0x10001 });
    expect(call(PsciFn.SMCCC_ARCH_FEATURES, 0x80008000)).toEqual({ kind: 'return', value: -1 });
    expect(call(PsciFn.MIGRATE_INFO_TYPE)).toEqual({ kind: 'return', value: 2 });
    expect(call(0xc2000123)).toEqual({ kind: 'return', value: -1 });
    expect(call(PsciFn.AFFINITY_INFO, 1, 1)).toEqual({ kind: 'return', value: -2 });
    expect(decodePsci({ arg: (n) => [PsciFn.FEATURES, PsciFn.CPU_ON][n] ?? 0, argHi: () => 0 }, 2)).toEqual({ kind: 'return', value: -1 });
  });
  it('decodes CPU_ON 64 with a wide entry and CPU_ON 32', () => {
    const a = decodePsci({ arg: (n) => [PsciFn.CPU_ON64, 0x1, 0x80000, 0xabc][n], argHi: (n) => (n === 2 ? 1 : 0) }, 0x10001);
    expect(a).toEqual({ kind: 'cpu-on', target: 1, entry: 0x100080000, contextId: 0xabc });
    expect(call(PsciFn.CPU_ON, 2, 0x40000000, 7)).toEqual({ kind: 'cpu-on', target: 2, entry: 0x40000000, contextId: 7 });
  });
  it('parses psci_version and refuses nonsense', () => {
    expect(parsePsciVersion('0.2')).toBe(2);
    expect(parsePsciVersion(undefined)).toBe(0x10001);
    expect(() => parsePsciVersion('one')).toThrow(/psci_version "one"/);
  });
});

describe('PSCI in a guest', () => {
  function setup(script: (i: number) => FakeOp[]) {
    const model = fakeCpuModel(script);
    const h = new Hypervisor({ cpuModels: [model], emulators: [fakeUartEmulator, fakePicEmulator], hostCpuCount: 2, systemWorkqueues: false });
    const g = h.createGuest(uartGuest('guest0', [{}, { poweroff: true, startPc: 100 }]));
    return { h, g, model };
  }

  it('CPU_ON starts a secondary with entry and context id; AFFINITY_INFO; CPU_OFF; SYSTEM_OFF', () => {
    const events: string[] = [];
    const { h, g, model } = setup((i) =>
      i === 0
        ? [
            { op: 'hvc', args: [PsciFn.AFFINITY_INFO, 1, 0] },
            { op: 'hvc', args: [PsciFn.CPU_ON, 1, 0x40000000 + 20, 0x1234] },
            { op: 'hvc', args: [PsciFn.CPU_ON, 1, 0x40000000 + 20, 0x1234] },
            { op: 'hvc', args: [PsciFn.CPU_ON, 7, 0x40000000, 0] },
            { op: 'hvc', args: [PsciFn.CPU_ON, 1, 0x10, 0] },
            { op: 'run', n: 1000 },
            { op: 'hvc', args: [PsciFn.SYSTEM_OFF] },
            { op: 'run', n: 1000 },
          ]
        : [{ op: 'print', addr: UART, text: 'B' }, { op: 'hvc', args: [PsciFn.CPU_OFF] }],
    );
    // The fake uses the entry as a script index: map RAM entry 0x40000014 to index 0 of vcpu1's script.
    const v1 = model.cpus[1];
    const origReset = v1.reset.bind(v1);
    const ons: number[][] = [];
    v1.reset = (entry, regs) => {
      if (entry === 0x40000014) ons.push((regs ?? []).slice());
      origReset(entry === 0x40000014 ? 0 : entry, regs);
    };
    const results: number[][] = [];
    const c0 = model.cpus[0];
    const origComplete = c0.completeHypercall.bind(c0);
    c0.completeHypercall = (r) => (results.push(r.slice()), origComplete(r));
    h.guestEvents$.subscribe((e) => events.push(e.kind));
    g.kick();
    expect(g.vcpus[1].state).toBe('RESET');
    h.runFor(1_000_000);
    expect(results).toEqual([[1], [0], [-4], [-2], [-9]]);
    expect(ons).toEqual([[0x1234]]);
    expect(new TextDecoder().decode(h.vserials.get('guest0/uart0')!.dump())).toBe('B');
    expect(g.vcpus[1].state).toBe('RESET');
    expect(g.vcpus[0].state).toBe('HALTED');
    expect(g.poweredOff).toBe(true);
    expect(events).toContain('poweroff');
    expect(g.vcpus[0].vstats.hvc).toBe(6);
  });

  it('SYSTEM_RESET resets and restarts the guest', () => {
    const { h, g } = setup((i) => (i === 0 ? [{ op: 'print', addr: UART, text: 'R' }, { op: 'hvc', args: [PsciFn.SYSTEM_RESET] }] : []));
    g.kick();
    h.runFor(6);
    expect(new TextDecoder().decode(h.vserials.get('guest0/uart0')!.dump())).toBe('RRR');
  });
});
