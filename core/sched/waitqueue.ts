// Waitqueues (Xvisor's vmm_waitqueue): FIFO lists of sleeping threads. An
// orphan waits with `const woken = yield wq.wait(timeoutNs)`; anyone (event
// handler, another thread, a device) wakes one or all.

import type { SchedThread } from './thread.ts';
import type { Scheduler } from './scheduler.ts';
import type { ThreadRequest } from './orphan-thread.ts';

export class WaitQueue {
  private readonly waiters: SchedThread[] = [];

  constructor(
    readonly name: string,
    private readonly sched: Scheduler,
  ) {}

  get length(): number {
    return this.waiters.length;
  }

  /** The request an orphan yields to sleep here (Infinity = no timeout). */
  wait(timeoutNs = Infinity): ThreadRequest {
    return { kind: 'wait', wq: this, timeoutNs };
  }

  /** Wakes the longest waiter; false when none waits. */
  wakeFirst(): boolean {
    const t = this.waiters[0];
    return t !== undefined && this.sched.wake(t, true);
  }

  /** Wakes every waiter; returns how many. */
  wakeAll(): number {
    let n = 0;
    while (this.waiters.length > 0) if (this.sched.wake(this.waiters[0], true)) n++;
    return n;
  }

  /** Scheduler use: add/remove a sleeper. */
  enqueue(t: SchedThread): void {
    this.waiters.push(t);
  }

  dequeue(t: SchedThread): void {
    const i = this.waiters.indexOf(t);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
