import { describe, it, expect } from 'vitest';
import { Hypervisor, type LogLine } from './hypervisor.ts';
import { sleep, type ThreadBody } from './sched/orphan-thread.ts';
import { fakeCpuModel } from './testing/fake-cpu.ts';
import { makeGuestDesc, region, uartGuest, UART } from './testing/guest-builder.ts';
import { fakePicEmulator, fakeUartEmulator } from './testing/fake-devices.ts';
import type { Emulator } from './devemu/emulator.ts';

const MS = 1_000_000;

describe('Hypervisor', () => {
  it('lists threads and vcpus, runs orphan threads, exposes timers and host cpu stats', () => {
    const h = new Hypervisor({ hostCpuCount: 2, cpuModels: [fakeCpuModel(() => [{ op: 'wfi' }, { op: 'jump', to: 0 }])] });
    let ticks = 0;
    h.createThread('mterm', function* (): ThreadBody {
      for (;;) {
        yield sleep(10 * MS);
        ticks++;
      }
    }, { priority: 5, affinity: 0b10 });
    h.createGuest(makeGuestDesc({ name: 'guest0' })).kick();
    h.runFor(55 * MS);
    expect(ticks).toBe(5);
    expect(h.threads().map((t) => t.name)).toEqual(['idle/0', 'idle/1', 'syswq/0', 'syswq/1', 'mterm']);
    const mterm = h.vcpus().find((v) => v.name === 'mterm')!;
    expect(mterm).toMatchObject({ priority: 5, affinity: [1], hcpu: 1, orphan: true, threadState: 'SLEEPING' });
    expect(h.vcpus().find((v) => v.name === 'guest0/vcpu0')).toMatchObject({ guest: 'guest0', orphan: false, affinity: [0, 1] });
    const timers = h.timers();
    expect(timers.map((t) => t.name).sort()).toEqual(['guest0/vcpu0/wake', 'mterm/wake']);
    expect(timers[0].deadline).toBeLessThanOrEqual(timers[1].deadline);
    expect(h.timerStats().expired).toBe(5);
    const cpus = h.hostCpuStats();
    expect(cpus).toHaveLength(2);
    expect(cpus[0].idleNs + cpus[0].busyNs).toBeGreaterThan(54 * MS);
    expect(h.nowNs()).toBe(55 * MS);
  });

  it('runUntil stops on a predicate, stop() ends a run, the pacer is called with virtual time', () => {
    const paced: number[] = [];
    const h = new Hypervisor({
      cpuModels: [fakeCpuModel(() => [{ op: 'print', addr: UART, text: 'abc' }, { op: 'wfi' }])],
      emulators: [fakeUartEmulator, fakePicEmulator],
      pacer: (ns) => paced.push(ns),
    });
    h.createGuest(uartGuest('guest0')).kick();
    const port = h.vserials.get('guest0/uart0')!;
    expect(h.runUntil(() => port.bytesOut >= 2, 10 * MS)).toBe(true);
    expect(port.bytesOut).toBeLessThan(3 + 1);
    expect(paced.length).toBeGreaterThan(0);
    for (let i = 1; i < paced.length; i++) expect(paced[i]).toBeGreaterThanOrEqual(paced[i - 1]);
    h.createThread('stopper', function* (): ThreadBody {
      yield sleep(MS);
      h.stop();
    });
    const t0 = h.nowNs();
    h.runFor(50 * MS);
    expect(h.nowNs() - t0).toBeLessThan(2 * MS);
  });

  it('gives emulators host services, a per-guest shared map, and shares shared_ram between guests', () => {
    const seen: unknown[] = [];
    const probe: Emulator = {
      name: 'probe', deviceType: 'misc', compatible: [{ compatible: 'test,probe' }], configSymbol: 'CONFIG_X',
      probe(ctx) {
        seen.push(ctx.service('blockdev', 'disk0'));
        seen.push(ctx.service<Map<string, unknown>>('guest-local', '') instanceof Map);
        seen.push(ctx.vcpuCount, ctx.vcpuIrq.length, ctx.random() < 1);
        return { accessSizes: [4], read: () => 0, write: () => {}, reset: () => {}, save: () => ({ version: 1 }), restore: () => {} };
      },
    };
    const h = new Hypervisor({ cpuModels: [fakeCpuModel(() => [])], emulators: [probe] });
    h.registerService('blockdev', 'disk0', { name: 'disk0' });
    expect(() => h.registerService('blockdev', 'disk0', {})).toThrow(/already registered/);
    const shm = (g: string) => region(g, 'shm', { deviceType: 'shared_ram', guestPhysicalAddr: 0x80000000, physicalSize: 0x2000, hostPhysicalAddr: 0x7000000 });
    const a = h.createGuest(makeGuestDesc({ name: 'a', vcpus: 2, devices: [{ name: 'p', compatible: 'test,probe', base: 0x1000000 }], extraRegions: [shm('a')] }));
    const b = h.createGuest(makeGuestDesc({ name: 'b', extraRegions: [shm('b')] }));
    expect(seen).toEqual([{ name: 'disk0' }, true, 2, 2, true]);
    a.aspace.writeU32(0x80001000, 77);
    expect(b.aspace.readU32(0x80001000)).toBe(77);
    expect(() =>
      h.createGuest(makeGuestDesc({ name: 'c', extraRegions: [region('c', 'shm', { deviceType: 'shared_ram', guestPhysicalAddr: 0x80000000, physicalSize: 0x1000, hostPhysicalAddr: 0x7000000 })] })),
    ).toThrow(/c: \/guests\/c\/aspace\/shm: shared memory 0x7000000 is 0x2000 bytes, region asks 0x1000/);
  });

  it('reports emulator probe failures naming guest and node, and logs lines on log$', () => {
    const lines: LogLine[] = [];
    const bad: Emulator = {
      name: 'bad', deviceType: 'misc', compatible: [{ compatible: 'test,bad' }], configSymbol: 'CONFIG_BAD',
      probe() {
        throw new Error('fifo_size 0 out of range');
      },
    };
    const h = new Hypervisor({ cpuModels: [fakeCpuModel(() => [])], emulators: [bad] });
    h.log$.subscribe((l) => lines.push(l));
    expect(() => h.createGuest(makeGuestDesc({ name: 'g', devices: [{ name: 'd', compatible: 'test,bad', base: 0x1000000 }] }))).toThrow(
      'guest g: /guests/g/aspace/d: emulator bad failed to probe: fifo_size 0 out of range',
    );
    h.createGuest(makeGuestDesc({ name: 'ok' }));
    expect(lines.map((l) => `${l.source}: ${l.message}`)).toEqual(['ok: Created']);
    expect(h.guests().map((g) => g.name)).toEqual(['ok']);
  });

  it('delivers console input at a virtual time', () => {
    const h = new Hypervisor({ cpuModels: [fakeCpuModel(() => [{ op: 'wfi' }, { op: 'jump', to: 0 }])], emulators: [fakeUartEmulator, fakePicEmulator] });
    h.createGuest(uartGuest('guest0')).kick();
    const port = h.vserials.get('guest0/uart0')!;
    h.inputAt('guest0/uart0', 5 * MS, 'k');
    h.runFor(4 * MS);
    expect(port.bytesIn).toBe(0);
    h.runFor(2 * MS);
    expect(port.bytesIn).toBe(1);
    expect(() => h.inputAt('nope/uart0', 0, 'x')).toThrow('vserial nope/uart0 does not exist');
  });

  it('moves a vcpu between host cpus by affinity', () => {
    const h = new Hypervisor({ hostCpuCount: 2, cpuModels: [fakeCpuModel(() => [{ op: 'run', n: 1e12 }])], systemWorkqueues: false });
    const g = h.createGuest(makeGuestDesc({ name: 'g' }));
    const v = g.vcpus[0];
    g.kick();
    h.runFor(MS);
    const from = v.hcpu;
    h.sched.setAffinity(v, 1 << (1 - from));
    h.runFor(MS);
    expect(v.hcpu).toBe(1 - from);
    expect(h.hostCpuStats()[1 - from].busyNs).toBeGreaterThan(0.9 * MS);
  });
});
