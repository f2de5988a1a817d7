import { describe, it, expect } from 'vitest';
import { Hypervisor, type LogLine, type VcpuStateChange } from '../hypervisor.ts';
import { fakeCpuModel, type FakeOp } from '../testing/fake-cpu.ts';
import { fakePicEmulator, fakeUartEmulator, FakeUartReg } from '../testing/fake-devices.ts';
import { makeGuestDesc, uartGuest, UART } from '../testing/guest-builder.ts';
import { StateError } from '../sched/vcpu-state.ts';

const MS = 1_000_000;

function hv(script: (i: number) => FakeOp[], extra: { irqVector?: number; hostCpuCount?: number; log?: LogLine[] } = {}) {
  const model = fakeCpuModel(script, { irqVector: extra.irqVector });
  const h = new Hypervisor({
    hostCpuCount: extra.hostCpuCount ?? 1,
    cpuModels: [model],
    emulators: [fakeUartEmulator, fakePicEmulator],
    log: extra.log ? (l) => extra.log!.push(l) : undefined,
    systemWorkqueues: false,
  });
  return { h, model };
}

function output(h: Hypervisor, port = 'guest0/uart0'): string {
  return new TextDecoder().decode(h.vserials.get(port)!.dump());
}

describe('manager', () => {
  it('creates, kicks and runs a guest; names and ids; state stream', () => {
    const { h } = hv(() => [{ op: 'print', addr: UART, text: 'hello' }, { op: 'wfi' }, { op: 'jump', to: 1 }]);
    const changes: VcpuStateChange[] = [];
    h.stateChanges$.subscribe((c) => changes.push(c));
    const g = h.createGuest(uartGuest('guest0', 2));
    expect(g.vcpus.map((v) => v.name)).toEqual(['guest0/vcpu0', 'guest0/vcpu1']);
    expect(new Set(h.vcpus().map((v) => v.id)).size).toBe(h.vcpus().length);
    expect(h.vcpus().some((v) => v.name === 'idle/0' && v.orphan)).toBe(true);
    g.kick();
    h.runFor(1 * MS);
    expect(output(h)).toBe('hellohello');
    expect(g.vcpus[0].state).toBe('PAUSED');
    const v0 = changes.filter((c) => c.name === 'guest0/vcpu0').map((c) => c.to);
    expect(v0).toEqual(['RESET', 'READY', 'RUNNING', 'PAUSED']);
    expect(g.vcpus[0].vstats.wfi).toBe(1);
    expect(g.vcpus[0].vstats.instructions).toBe(6);
    expect(g.stats()).toMatchObject({ instructions: 12, wfi: 2, traps: 2, switches: 2, runNs: 12 });
  });

  it('wakes a vcpu from WFI on its interrupt, exactly at the device timer deadline', () => {
    const seen: number[] = [];
    const { h } = hv(
      () => [
        { op: 'irqOn' },
        { op: 'write', addr: UART + FakeUartReg.TIMER, size: 4, value: 5000 },
        { op: 'wfi' },
        { op: 'jump', to: 1 },
        // IRQ handler
        { op: 'read', addr: UART + FakeUartReg.NOW, size: 4 },
        { op: 'fn', fn: (c) => seen.push(c.lastRead) },
        { op: 'write', addr: UART + FakeUartReg.ACK, size: 4, value: 1 },
        { op: 'eret' },
      ],
      { irqVector: 4 },
    );
    const g = h.createGuest(uartGuest('guest0'));
    g.kick();
    h.runFor(20_000);
    // The arming write is instruction 2 (t=2 ns): the timer fires at 5002 and the
    // handler's read, one instruction after the wake-up, sees 5003.
    expect(seen.length).toBe(3);
    expect(seen[0]).toBe(5003);
    expect(g.vcpus[0].vstats.wfi).toBe(4);
  });

  it('a timer started during a run cuts the run short (no waiting for the slice end)', () => {
    const at: number[] = [];
    const { h, model } = hv(
      () => [
        { op: 'irqOn' },
        { op: 'write', addr: UART + FakeUartReg.TIMER, size: 4, value: 1000 },
        { op: 'run', n: 50_000_000 },
        { op: 'halt', reason: 'done' },
        { op: 'fn', fn: (c) => at.push(c.instructionsRetired) },
        { op: 'write', addr: UART + FakeUartReg.ACK, size: 4, value: 1 },
        { op: 'eret' },
      ],
      { irqVector: 4 },
    );
    h.createGuest(uartGuest('guest0')).kick();
    h.runFor(5 * MS);
    // Armed by instruction 2 at t=2: due at 1002; the handler's first op is instruction 1003.
    expect(at).toEqual([1003]);
    expect(model.cpus[0].irqsTaken).toBe(1);
  });

  it('WFI with nothing pending sleeps until the WFI timeout', () => {
    const { h } = hv(() => [{ op: 'wfi' }, { op: 'jump', to: 0 }]);
    const g = h.createGuest(uartGuest('guest0'));
    g.kick();
    h.runFor(1000 * MS);
    expect(g.vcpus[0].vstats.wfi).toBe(10);
    expect(g.vcpus[0].vstats.instructions).toBeLessThan(30);
  });

  it('refuses illegal transitions with a clear message and changes nothing', () => {
    const { h } = hv(() => [{ op: 'run', n: 1e9 }]);
    const g = h.createGuest(uartGuest('guest0'));
    const v = g.vcpus[0];
    expect(() => g.resume()).toThrow(/guest0: cannot resume: no vcpu is paused/);
    expect(() => h.sched.pause(v)).toThrow(/guest0\/vcpu0: cannot pause in state RESET/);
    g.kick();
    h.runFor(MS);
    expect(v.state).toBe('RUNNING');
    expect(() => g.kick()).toThrow(/guest0: cannot kick: guest0\/vcpu0 is RUNNING \(kick needs RESET\)/);
    expect(() => h.sched.kick(v)).toThrow(StateError);
    expect(v.state).toBe('RUNNING');
    g.halt();
    expect(() => g.pause()).toThrow(/cannot pause: no vcpu is running/);
    expect(() => h.sched.pause(v)).toThrow(/cannot pause in state HALTED/);
    expect(v.state).toBe('HALTED');
    h.destroyGuest('guest0');
    expect(() => h.destroyGuest(g)).toThrow(/guest0: cannot destroy: already destroyed/);
    expect(() => h.destroyGuest('nope')).toThrow(/nope: cannot destroy: no such guest/);
    expect(() => g.kick()).toThrow(/guest was destroyed/);
    expect(h.vserials.get('guest0/uart0')).toBeUndefined();
  });

  it('pause/resume and the WFI resume race', () => {
    const { h } = hv(() => [{ op: 'run', n: 1e9 }]);
    const g = h.createGuest(uartGuest('guest0'));
    const v = g.vcpus[0];
    g.kick();
    h.runFor(MS);
    g.pause();
    const n = v.vstats.instructions;
    h.runFor(MS);
    expect(v.vstats.instructions).toBe(n);
    g.resume();
    h.runFor(MS);
    expect(v.vstats.instructions).toBeGreaterThan(n);
    expect(v.state).toBe('RUNNING');
    h.sched.resume(v); // arrives while RUNNING: the next pause is a no-op
    h.sched.pause(v);
    expect(v.state).toBe('RUNNING');
    h.sched.pause(v);
    expect(v.state).toBe('PAUSED');
  });

  it('confines a throwing emulator to the access and logs guest, device and address', () => {
    const log: LogLine[] = [];
    const { h, model } = hv(
      () => [
        { op: 'write', addr: UART + FakeUartReg.THROW, size: 4, value: 1 },
        { op: 'print', addr: UART, text: 'ok' },
        { op: 'wfi' },
      ],
      { log },
    );
    h.createGuest(uartGuest('guest0')).kick();
    h.createGuest(uartGuest('guest1')).kick();
    h.runFor(MS);
    expect(output(h, 'guest0/uart0')).toBe('ok');
    expect(output(h, 'guest1/uart0')).toBe('ok');
    expect(model.cpus[0].faults).toBe(1);
    const err = log.find((l) => l.level === 'error')!;
    expect(err.message).toMatch(/guest0: uart0 \(fake,uart\) write of 4 bytes at 0x9000018 failed: fake uart exploded/);
    expect(h.guest('guest0')!.devemu.find('uart0')!.stats.faults).toBe(1);
  });

  it('counts and forwards CPU backend log lines per vcpu', () => {
    const log: LogLine[] = [];
    const { h } = hv(() => [
      { op: 'fn', fn: (c) => c.env.log('guest', 'wrote a reserved sysreg') },
      { op: 'fn', fn: (c) => c.env.log('unimp', 'PMU not modelled') },
      { op: 'wfi' },
    ], { log });
    const g = h.createGuest(uartGuest('guest0'));
    g.kick();
    h.runFor(MS);
    expect(g.vcpus[0].vstats).toMatchObject({ guestErrors: 1, unimplemented: 1 });
    expect(log.filter((l) => l.source === 'guest0/vcpu0').map((l) => `${l.level}: ${l.message}`)).toEqual([
      'guest: wrote a reserved sysreg',
      'unimp: PMU not modelled',
    ]);
  });

  it('confines a device timer handler that throws', () => {
    const log: LogLine[] = [];
    const { h } = hv(() => [{ op: 'wfi' }, { op: 'jump', to: 0 }], { log });
    const g = h.createGuest(uartGuest('guest0'));
    g.clock.createTimer('bad', () => {
      throw new Error('tick failed');
    }).startIn(1000);
    g.kick();
    h.runFor(MS);
    expect(log.some((l) => l.level === 'error' && l.message === 'timer guest0/bad handler failed: tick failed')).toBe(true);
    expect(h.nowNs()).toBe(MS);
  });

  it('names the missing emulator with its config symbol, and an unknown CPU compatible', () => {
    const model = fakeCpuModel(() => []);
    const h = new Hypervisor({ cpuModels: [model], emulators: [fakePicEmulator], emulatorSymbols: { 'fake,uart': 'CONFIG_EMU_FAKE_UART' } });
    expect(() => h.createGuest(uartGuest('guest0'))).toThrow(
      'guest guest0: /guests/guest0/aspace/uart0: no emulator for compatible "fake,uart" (enable CONFIG_EMU_FAKE_UART)',
    );
    expect(h.guests()).toHaveLength(0);
    expect(h.vserials.list()).toHaveLength(0);
    expect(() => h.createGuest(makeGuestDesc({ name: 'g', compatible: 'armv9,none' }))).toThrow(
      /guest g: \/guests\/g\/vcpus\/vcpu0: no CPU model for compatible "armv9,none"/,
    );
  });

  it('refuses a vcpu affinity naming no host cpu and leaves nothing behind', () => {
    const { h } = hv(() => []);
    const before = h.vcpus().length;
    expect(() => h.createGuest(uartGuest('guest0', [{}, { affinity: 0b100 }]))).toThrow(
      'guest guest0: /guests/guest0: guest0/vcpu1: affinity 0x4 names no host cpu',
    );
    expect(h.vcpus()).toHaveLength(before);
    expect(h.vserials.list()).toHaveLength(0);
    expect(h.createGuest(uartGuest('guest0')).name).toBe('guest0');
  });

  it('enforces CONFIG_MAX_GUEST_COUNT and CONFIG_MAX_VCPU_COUNT', () => {
    const model = fakeCpuModel(() => []);
    const h = new Hypervisor({ cpuModels: [model], maxGuests: 2, maxVcpus: 8 });
    h.createGuest(makeGuestDesc({ name: 'a' }));
    expect(() => h.createGuest(makeGuestDesc({ name: 'a' }))).toThrow(/a guest of that name exists/);
    expect(() => h.createGuest(makeGuestDesc({ name: 'b', vcpus: 6 }))).toThrow(/needs 6 vcpus, 5 left/);
    h.createGuest(makeGuestDesc({ name: 'b' }));
    expect(() => h.createGuest(makeGuestDesc({ name: 'c' }))).toThrow(/2 guests exist already \(CONFIG_MAX_GUEST_COUNT\)/);
  });

  it('guest reset from a device resets vcpus and devices and runs again', () => {
    const { h } = hv(() => [
      { op: 'print', addr: UART, text: 'boot ' },
      { op: 'write', addr: UART + FakeUartReg.RESET, size: 4, value: 1 },
      { op: 'wfi' },
    ]);
    const events: string[] = [];
    h.guestEvents$.subscribe((e) => events.push(e.kind));
    h.createGuest(uartGuest('guest0')).kick();
    h.runFor(18);
    expect(output(h)).toBe('boot boot boot ');
    expect(events.slice(0, 4)).toEqual(['created', 'kicked', 'reset', 'kicked']);
  });

  it('halts a vcpu that cannot continue, with a register dump, and the other guest goes on', () => {
    const log: LogLine[] = [];
    const { h } = hv(() => [{ op: 'print', addr: UART, text: 'x' }, { op: 'halt', reason: 'exception loop' }], { log });
    const g0 = h.createGuest(uartGuest('guest0'));
    g0.kick();
    h.runFor(MS);
    expect(g0.vcpus[0].state).toBe('HALTED');
    expect(g0.vcpus[0].haltMessage).toBe('guest0/vcpu0: halted: exception loop');
    expect(log.some((l) => l.level === 'error' && /pc=2 retired=2/.test(l.message))).toBe(true);
  });
});
