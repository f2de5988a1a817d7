import { describe, it, expect } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { OrphanThread, busy, sleep, type ThreadBody } from './orphan-thread.ts';
import { StateError } from './vcpu-state.ts';
import { Prng } from '../random/prng.ts';
import { WaitQueue } from './waitqueue.ts';

const MS = 1_000_000;

function hog(name: string, sched: Scheduler, opts: { priority?: number; affinity?: number; hcpu?: number } = {}, seen?: Set<number>) {
  const t = new OrphanThread({ name, ...opts }, function* (self): ThreadBody {
    for (;;) {
      seen?.add(self.hcpu);
      yield busy(MS);
    }
  });
  sched.add(t);
  sched.kick(t);
  return t;
}

describe('Scheduler', () => {
  it('shares time fairly among equal priorities on several host CPUs (within 5%)', () => {
    const s = new Scheduler({ hostCpuCount: 2, tsliceNs: 10 * MS });
    const ts = Array.from({ length: 6 }, (_, i) => hog(`t${i}`, s));
    s.runFor(1000 * MS);
    const share = (2 * 1000 * MS) / 6;
    for (const t of ts) expect(Math.abs(t.stats.runNs - share) / share).toBeLessThan(0.05);
    const st = s.cpuStats();
    expect(st[0].busyNs + st[1].busyNs).toBeGreaterThan(1.99 * 1000 * MS);
  });

  it('mixes priorities on three CPUs: high ones get their demand, equal ones share within 10%, low ones starve', () => {
    const s = new Scheduler({ hostCpuCount: 3, tsliceNs: 10 * MS });
    const high = [0, 1].map((i) => {
      const t = new OrphanThread({ name: `hi${i}`, priority: 5 }, function* (): ThreadBody {
        for (;;) {
          yield busy(2 * MS);
          yield sleep(2 * MS);
        }
      });
      s.add(t);
      s.kick(t);
      return t;
    });
    const mid = Array.from({ length: 4 }, (_, i) => hog(`mid${i}`, s, { priority: 3 }));
    const low = Array.from({ length: 6 }, (_, i) => hog(`low${i}`, s, { priority: 2 }));
    s.runFor(2000 * MS);
    for (const t of high) expect(t.stats.runNs).toBeGreaterThan(0.95 * 1000 * MS);
    const midShare = (3 * 2000 * MS - high.reduce((n, t) => n + t.stats.runNs, 0)) / 4;
    for (const t of mid) expect(Math.abs(t.stats.runNs - midShare) / midShare).toBeLessThan(0.1);
    for (const t of low) expect(t.stats.runNs).toBe(0);
    expect(high.reduce((n, t) => n + t.stats.switches, 0)).toBeGreaterThan(900);
  });

  it('never runs a woken thread before its wake-up time, whichever CPU picks it up', () => {
    const s = new Scheduler({ hostCpuCount: 3, tsliceNs: 2 * MS, quantumNs: 500_000 });
    const rnd = new Prng(3);
    const early: number[] = [];
    let wakes = 0;
    for (let i = 0; i < 9; i++) {
      const t = new OrphanThread({ name: `s${i}`, priority: 2 + (i % 3) }, function* (): ThreadBody {
        for (;;) {
          const d = 1000 + rnd.nextInt(3 * MS);
          const due = s.nowNs() + d;
          yield sleep(d);
          wakes++;
          if (s.nowNs() < due) early.push(due - s.nowNs());
          yield busy(rnd.nextInt(2 * MS));
        }
      });
      s.add(t);
      s.kick(t);
    }
    // Threads woken by another thread's action (not a timer) during its run.
    const wq = new WaitQueue('wq', s);
    const wokenAt = new Map<OrphanThread, number>();
    const consumers: OrphanThread[] = [];
    let consumed = 0;
    for (let i = 0; i < 4; i++) {
      const c = new OrphanThread({ name: `c${i}`, priority: 4 }, function* (self): ThreadBody {
        for (;;) {
          yield wq.wait();
          consumed++;
          if (s.nowNs() < wokenAt.get(self)!) early.push(wokenAt.get(self)! - s.nowNs());
          yield busy(rnd.nextInt(MS));
        }
      });
      s.add(c);
      s.kick(c);
      consumers.push(c);
    }
    const p = new OrphanThread({ name: 'producer', priority: 3 }, function* (): ThreadBody {
      for (;;) {
        yield busy(50_000 + rnd.nextInt(400_000));
        for (const c of consumers) if (c.waitingOn === wq) wokenAt.set(c, s.nowNs());
        wq.wakeAll();
      }
    });
    s.add(p);
    s.kick(p);
    for (let i = 0; i < 3; i++) hog(`h${i}`, s, { priority: 3 });
    s.runFor(300 * MS);
    expect(wakes).toBeGreaterThan(300);
    expect(consumed).toBeGreaterThan(300);
    expect(early).toEqual([]);
  });

  it('runs higher priority first and preempts on its wake-up', () => {
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS });
    const low = hog('low', s, { priority: 2 });
    const lateness: number[] = [];
    const hi = new OrphanThread({ name: 'hi', priority: 6 }, function* (): ThreadBody {
      for (;;) {
        const due = s.nowNs() + 3 * MS;
        yield sleep(3 * MS);
        lateness.push(s.nowNs() - due);
        yield busy(MS);
      }
    });
    s.add(hi);
    s.kick(hi);
    s.runFor(100 * MS);
    // Woken mid-slice of `low`: it runs at once, not at low's slice end.
    expect(lateness.length).toBeGreaterThan(20);
    for (const l of lateness) expect(l).toBeLessThanOrEqual(s.orphanResumeNs);
    expect(hi.stats.runNs).toBeGreaterThan(20 * MS);
    expect(low.stats.preemptions).toBeGreaterThan(20);
    expect(low.stats.runNs + hi.stats.runNs).toBeGreaterThan(99 * MS);
  });

  it('never starts a lower priority while a higher one is ready', () => {
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS });
    const a = hog('a', s, { priority: 1 });
    const b = hog('b', s, { priority: 4 });
    s.runFor(50 * MS);
    expect(a.stats.runNs).toBe(0);
    expect(b.stats.runNs).toBeGreaterThan(49 * MS);
  });

  it('keeps threads inside their affinity', () => {
    const s = new Scheduler({ hostCpuCount: 3, tsliceNs: 10 * MS });
    const seen = new Set<number>();
    const pinned = hog('pinned', s, { affinity: 0b100 }, seen);
    for (let i = 0; i < 4; i++) hog(`o${i}`, s);
    s.runFor(200 * MS);
    expect([...seen]).toEqual([2]);
    expect(pinned.hcpu).toBe(2);
    expect(() => s.setHostCpu(pinned, 0)).toThrow(/not in its affinity/);
    expect(() => s.setAffinity(pinned, 0b1000)).toThrow(/names no host cpu/);
  });

  it('balances threads started on one CPU across idle ones', () => {
    const s = new Scheduler({ hostCpuCount: 2, tsliceNs: 10 * MS });
    const ts = Array.from({ length: 4 }, (_, i) => hog(`b${i}`, s, { hcpu: 0 }));
    s.runFor(400 * MS);
    const st = s.cpuStats();
    expect(st[1].busyNs).toBeGreaterThan(390 * MS);
    expect(st[0].busyNs).toBeGreaterThan(390 * MS);
    for (const t of ts) expect(t.stats.runNs).toBeGreaterThan(180 * MS);
    expect(ts.reduce((n, t) => n + t.stats.migrations, 0)).toBeGreaterThan(0);
  });

  it('jumps over idle time without ticking and counts idle time', () => {
    const s = new Scheduler({ hostCpuCount: 2, tsliceNs: 10 * MS });
    let wakes = 0;
    const t = new OrphanThread({ name: 'sleeper' }, function* (): ThreadBody {
      for (;;) {
        yield sleep(100 * MS);
        wakes++;
      }
    });
    s.add(t);
    s.kick(t);
    let steps = 0;
    while (s.step(1000 * MS)) steps++;
    expect(wakes).toBe(9);
    expect(steps).toBeLessThan(40);
    s.runFor(1000 * MS);
    const idle = s.cpuStats().reduce((n, c) => n + c.idleNs, 0);
    expect(idle).toBeGreaterThan(2 * 999 * MS);
  });

  it('refuses illegal transitions and changes nothing', () => {
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS });
    const t = new OrphanThread({ name: 'x' }, function* (): ThreadBody {
      yield sleep(MS);
    });
    expect(() => s.kick(t)).toThrow(StateError);
    s.add(t);
    expect(() => s.add(t)).toThrow(/x: cannot create in state RESET/);
    expect(() => s.resume(t)).toThrow(/cannot resume in state RESET \(resume needs PAUSED\)/);
    expect(() => s.halt(t)).toThrow(/cannot halt/);
    expect(t.state).toBe('RESET');
    s.kick(t);
    expect(() => s.kick(t)).toThrow(/cannot kick in state READY/);
    s.halt(t);
    expect(() => s.pause(t)).toThrow(/cannot pause in state HALTED/);
    expect(() => s.remove(t)).toThrow(/cannot destroy/);
    expect(t.state).toBe('HALTED');
    s.reset(t);
    s.remove(t);
    expect(t.state).toBe('UNKNOWN');
    expect(() => new OrphanThread({ name: 'bad', priority: 9 }, function* (): ThreadBody {})).toThrow(/priority 9/);
  });

  it('refuses threads beyond the limit', () => {
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS, maxThreads: 3 });
    hog('a', s);
    hog('b', s);
    expect(() => hog('c', s)).toThrow(/CONFIG_MAX_VCPU_COUNT/);
  });

  it('halts a thread whose body throws and reports it', () => {
    const errs: string[] = [];
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS });
    const t = new OrphanThread(
      { name: 'boom' },
      function* (): ThreadBody {
        yield sleep(MS);
        throw new Error('bad thing');
      },
      (th, e) => errs.push(`${th.name}: ${(e as Error).message}`),
    );
    s.add(t);
    s.kick(t);
    s.runFor(5 * MS);
    expect(t.state).toBe('HALTED');
    expect(errs).toEqual(['boom: bad thing']);
  });
});
