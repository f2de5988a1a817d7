import { describe, it, expect } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { OrphanThread, busy, sleep, type ThreadBody } from './orphan-thread.ts';
import { WaitQueue } from './waitqueue.ts';
import { Completion, Mutex, Semaphore, SpinLock } from './sync.ts';
import { Work, Workqueue } from './workqueue.ts';

const MS = 1_000_000;

function spawn(s: Scheduler, name: string, body: (self: OrphanThread) => ThreadBody, opts: { priority?: number; hcpu?: number } = {}) {
  const t = new OrphanThread({ name, ...opts }, body);
  s.add(t);
  s.kick(t);
  return t;
}

describe('waitqueues and locks', () => {
  it('wakes waiters in order and times out', () => {
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS });
    const wq = new WaitQueue('wq', s);
    const log: string[] = [];
    spawn(s, 'a', function* () {
      log.push(`a:${(yield wq.wait()) as boolean}`);
    });
    spawn(s, 'b', function* () {
      log.push(`b:${(yield wq.wait(5 * MS)) as boolean}@${s.nowNs()}`);
    });
    s.runFor(MS);
    expect(wq.length).toBe(2);
    expect(wq.wakeFirst()).toBe(true);
    s.runFor(10 * MS);
    expect(log[0]).toBe('a:true');
    expect(log[1]).toMatch(/^b:false@50/);
    expect(wq.wakeFirst()).toBe(false);
  });

  it('semaphore counts, mutex excludes, completion releases', () => {
    const s = new Scheduler({ hostCpuCount: 2, tsliceNs: 10 * MS });
    const sem = new Semaphore('sem', s, 0);
    const m = new Mutex('m', s);
    const done = new Completion('done', s);
    let inside = 0;
    let maxInside = 0;
    let got = 0;
    for (let i = 0; i < 4; i++)
      spawn(s, `w${i}`, function* (self) {
        yield* sem.down();
        got++;
        yield* m.lock(self);
        inside++;
        maxInside = Math.max(maxInside, inside);
        yield sleep(MS);
        inside--;
        m.unlock(self);
        yield* done.wait();
      });
    s.runFor(MS);
    expect(got).toBe(0);
    sem.up();
    sem.up();
    sem.up();
    s.runFor(20 * MS);
    expect(got).toBe(3);
    expect(maxInside).toBe(1);
    expect(sem.available).toBe(0);
    done.completeAll();
    s.runFor(MS);
    expect(s.threads().filter((t) => t.name.startsWith('w') && t.state === 'HALTED')).toHaveLength(3);
    const outsider = spawn(s, 'o', function* () {});
    expect(() => m.unlock(outsider)).toThrow(/o unlocks it but nobody holds it/);
  });

  it('a manager pause/resume does not make an untimed semaphore wait fail', () => {
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS });
    const sem = new Semaphore('sem', s, 0);
    let result: boolean | undefined;
    const t = spawn(s, 'w', function* () {
      result = yield* sem.down();
    });
    s.runFor(MS);
    s.pause(t);
    s.resume(t);
    s.runFor(MS);
    expect(result).toBeUndefined();
    sem.up();
    s.runFor(MS);
    expect(result).toBe(true);
  });

  it('spinlock waiter burns CPU time on its own host CPU', () => {
    const s = new Scheduler({ hostCpuCount: 2, tsliceNs: 10 * MS });
    const lock = new SpinLock('sl', 1000);
    let acquiredAt = -1;
    spawn(s, 'holder', function* (self) {
      yield* lock.lock(self);
      yield busy(5 * MS);
      lock.unlock(self);
    }, { hcpu: 0 });
    spawn(s, 'spinner', function* (self) {
      yield busy(1000);
      yield* lock.lock(self);
      acquiredAt = s.nowNs();
      lock.unlock(self);
    }, { hcpu: 1 });
    s.runFor(20 * MS);
    expect(acquiredAt).toBeGreaterThanOrEqual(5 * MS);
    expect(lock.spins).toBeGreaterThan(1000);
    expect(s.cpuStats()[1].busyNs).toBeGreaterThan(4.9 * MS);
  });

  it('workqueue runs items in order, delayed work later, errors confined', () => {
    const s = new Scheduler({ hostCpuCount: 1, tsliceNs: 10 * MS });
    const errs: string[] = [];
    const q = new Workqueue('syswq/0', s, { onError: (w, e) => errs.push(`${w.name}: ${(e as Error).message}`) });
    const log: string[] = [];
    const w1 = new Work('one', () => void log.push(`one@${s.nowNs()}`));
    const w2 = new Work('two', function* () {
      yield sleep(MS);
      log.push('two');
    });
    const bad = new Work('bad', () => {
      throw new Error('oops');
    });
    const late = new Work('late', () => void log.push(`late@${s.nowNs()}`));
    expect(q.schedule(w1)).toBe(true);
    expect(q.schedule(w1)).toBe(false);
    q.schedule(bad);
    q.schedule(w2);
    q.scheduleDelayed(late, 7 * MS);
    s.runFor(20 * MS);
    expect(log[0]).toMatch(/^one@/);
    expect(log[1]).toBe('two');
    expect(log[2]).toMatch(/^late@7/);
    expect(errs).toEqual(['bad: oops']);
    expect(q.completed).toBe(4);
    expect(q.cancel(w1)).toBe(false);
  });
});
