import { describe, it, expect } from 'vitest';
import { TimerQueue } from './timer-queue.ts';
import { TimerEvent } from './timer-event.ts';
import { Prng } from '../random/prng.ts';

function drain(q: TimerQueue, now: number): string[] {
  const out: string[] = [];
  for (let ev = q.popDue(now); ev; ev = q.popDue(now)) out.push(ev.name);
  return out;
}

describe('TimerQueue', () => {
  it('expires in (deadline, start order) and keeps statistics', () => {
    let now = 0;
    const q = new TimerQueue(() => now);
    const mk = (n: string) => new TimerEvent(n, () => {});
    const a = mk('a'), b = mk('b'), c = mk('c'), d = mk('d');
    q.start(a, 300);
    q.start(b, 100);
    q.start(c, 100);
    q.start(d, 200);
    expect(q.nextDeadline()).toBe(100);
    expect(drain(q, 150)).toEqual(['b', 'c']);
    q.stop(d);
    expect(d.pending).toBe(false);
    expect(drain(q, 1000)).toEqual(['a']);
    expect(q.nextDeadline()).toBe(Infinity);
    expect(q.stats).toEqual({ started: 4, stopped: 1, expired: 3, maxLength: 4 });
  });

  it('re-arms a pending event and restarts with the last duration', () => {
    let now = 50;
    const q = new TimerQueue(() => now);
    const e = new TimerEvent('e', () => {});
    q.startIn(e, 100);
    expect(e.deadline).toBe(150);
    q.start(e, 400);
    expect(q.length).toBe(1);
    now = 1000;
    q.restart(e);
    expect(e.deadline).toBe(1350);
    expect(() => q.start(e, NaN)).toThrow(/bad deadline/);
  });

  it('makes a handler that re-arms its own event for now wait 1 ns', () => {
    const q = new TimerQueue(() => 500);
    const e = new TimerEvent('self', () => {});
    q.firing = e;
    q.start(e, 500);
    expect(e.deadline).toBe(501);
    q.firing = null;
    q.start(e, 500);
    expect(e.deadline).toBe(500);
  });

  it('reports a start earlier than the run in progress', () => {
    const q = new TimerQueue(() => 0);
    const seen: number[] = [];
    q.runEnd = 1000;
    q.onEarlier = (d) => seen.push(d);
    q.start(new TimerEvent('late', () => {}), 2000);
    q.start(new TimerEvent('early', () => {}), 500);
    expect(seen).toEqual([500]);
  });

  it('matches a sorted reference under random start/stop', () => {
    const rnd = new Prng(7);
    const q = new TimerQueue(() => 0);
    const evs = Array.from({ length: 200 }, (_, i) => new TimerEvent(`e${i}`, () => {}));
    for (let k = 0; k < 2000; k++) {
      const ev = evs[rnd.nextInt(evs.length)];
      if (rnd.nextInt(3) === 0) q.stop(ev);
      else q.start(ev, rnd.nextInt(100));
    }
    const ref = evs.filter((e) => e.pending).sort((x, y) => x.deadline - y.deadline || x.seq - y.seq);
    expect(drain(q, Infinity)).toEqual(ref.map((e) => e.name));
  });
});
