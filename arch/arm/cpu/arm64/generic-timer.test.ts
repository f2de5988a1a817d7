// The generic timer: counter exactness against virtual time (no drift for
// awkward frequencies), CVAL/TVAL, ISTATUS/IMASK, CNTVOFF, and the PPI level
// driven by timer events on the core's queue.

import { describe, it, expect } from 'vitest';
import type { CpuEnv } from '../common/cpu-backend.ts';
import type { EmuTimer } from '../../../../core/devemu/emulator.ts';
import { GenericTimer, TimerId } from './generic-timer.ts';
import { TestBus } from './testing/test-bus.ts';

function setup(hz: number): { t: GenericTimer; now: { ns: number }; events: { ev: EmuTimer & { fire(): void } }[]; lv: number[] } {
  const now = { ns: 0 };
  const lv = [0, 0];
  const events: { ev: EmuTimer & { fire(): void } }[] = [];
  const env: CpuEnv = {
    bus: new TestBus(), vcpuIndex: 0, vcpuCount: 1, counterHz: hz,
    clock: {
      nowNs: () => now.ns,
      createTimer: (_n, handler) => {
        const ev = {
          pending: false, expiry: 0,
          startAt(ns: number) { this.pending = true; this.expiry = ns; },
          startIn(d: number) { this.startAt(now.ns + d); },
          stop() { this.pending = false; },
          fire() { this.pending = false; handler(); },
        };
        events.push({ ev });
        return ev;
      },
    },
    timerIrq: { phys: { set: (l) => { lv[0] = l; } }, virt: { set: (l) => { lv[1] = l; } } },
    log() {},
  };
  return { t: new GenericTimer(env), now, events, lv };
}

describe('arm64 generic timer', () => {
  it('derives the counter exactly from virtual time', () => {
    for (const hz of [62_500_000, 19_200_000, 1_000_000_000, 24_000_000, 33_333_333]) {
      const { t } = setup(hz);
      for (const ns of [0, 1, 999, 123_456_789, 1e12 + 7, 86_400e9 * 30 + 12345]) {
        expect(t.countAt(ns)).toBe(Number((BigInt(ns) * BigInt(hz)) / 1_000_000_000n));
        const c = t.countAt(ns);
        const back = t.nsFor(c);
        expect(t.countAt(back)).toBe(c);
        if (back > 0) expect(t.countAt(back - 1)).toBeLessThan(c);
      }
    }
  });

  it('raises the virtual PPI when CVAL is reached, honours IMASK and clears on disable', () => {
    const { t, now, events, lv } = setup(62_500_000);
    t.writeTval(TimerId.VIRT, 625); // 10 us
    t.writeCtl(TimerId.VIRT, 1);
    expect(lv[1]).toBe(0);
    const ev = events[TimerId.VIRT]!.ev;
    expect(ev.pending).toBe(true);
    expect(ev.expiry).toBe(10_000);
    expect(t.readTval(TimerId.VIRT)).toBe(625);
    now.ns = 10_000;
    ev.fire();
    expect(lv[1]).toBe(1);
    expect(t.readCtl(TimerId.VIRT)).toBe(5);
    t.writeCtl(TimerId.VIRT, 3);
    expect(lv[1]).toBe(0);
    expect(t.readCtl(TimerId.VIRT)).toBe(7);
    t.writeCtl(TimerId.VIRT, 0);
    expect(t.readCtl(TimerId.VIRT)).toBe(0);
    now.ns = 20_000;
    expect(t.readTval(TimerId.VIRT)).toBe(-625);
  });

  it('applies CNTVOFF to the virtual counter only', () => {
    const { t, now, lv } = setup(1_000_000_000);
    now.ns = 5000;
    t.setCntvoff(1000, 0);
    expect(t.count(TimerId.PHYS)).toBe(5000);
    expect(t.count(TimerId.VIRT)).toBe(4000);
    t.writeCval(TimerId.VIRT, 4000, 0);
    t.writeCtl(TimerId.VIRT, 1);
    expect(lv[1]).toBe(1);
    t.setCntvoff(2000, 0);
    expect(lv[1]).toBe(0);
  });

  it('rejects a nonsensical counter frequency', () => {
    expect(() => setup(0)).toThrow(/invalid counter frequency/);
  });
});
