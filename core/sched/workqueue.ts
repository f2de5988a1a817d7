// Workqueues (Xvisor's vmm_workqueue): a worker orphan thread runs queued
// work items in order; delayed work is queued by a timer event. A work item
// is a function that may return a ThreadBody to sleep/wait while it runs.

import { OrphanThread, type ThreadBody } from './orphan-thread.ts';
import { WaitQueue } from './waitqueue.ts';
import { TimerEvent } from '../timer/timer-event.ts';
import type { Scheduler } from './scheduler.ts';

export class Work {
  pending = false;
  runs = 0;
  readonly timer: TimerEvent;
  owner: Workqueue | null = null;

  constructor(
    readonly name: string,
    readonly fn: () => ThreadBody | void,
  ) {
    this.timer = new TimerEvent(`work/${name}`, () => this.owner?.schedule(this), 'workqueue');
  }
}

export class Workqueue {
  readonly thread: OrphanThread;
  private readonly items: Work[] = [];
  private readonly wq: WaitQueue;
  completed = 0;

  constructor(
    readonly name: string,
    private readonly sched: Scheduler,
    opts: { priority?: number; affinity?: number; hcpu?: number; onError?: (w: Work, err: unknown) => void } = {},
  ) {
    this.wq = new WaitQueue(`${name}/wq`, sched);
    const self = this;
    this.thread = new OrphanThread(
      { name, priority: opts.priority, affinity: opts.affinity, hcpu: opts.hcpu },
      function* worker(): ThreadBody {
        for (;;) {
          while (self.items.length === 0) yield self.wq.wait();
          const w = self.items.shift()!;
          w.pending = false;
          try {
            const body = w.fn();
            if (body) yield* body;
          } catch (err) {
            if (opts.onError) opts.onError(w, err);
          }
          w.runs++;
          self.completed++;
        }
      },
    );
    sched.add(this.thread);
    sched.kick(this.thread);
  }

  get queued(): number {
    return this.items.length;
  }

  /** Queues w unless already pending; returns whether it was queued. */
  schedule(w: Work): boolean {
    if (w.pending) return false;
    w.owner = this;
    w.pending = true;
    this.items.push(w);
    this.wq.wakeFirst();
    return true;
  }

  scheduleDelayed(w: Work, delayNs: number): void {
    w.owner = this;
    this.sched.queue.startIn(w.timer, delayNs);
  }

  /** Drops w if queued or delayed; false when it was neither. */
  cancel(w: Work): boolean {
    const wasTimer = w.timer.pending;
    this.sched.queue.stop(w.timer);
    const i = this.items.indexOf(w);
    if (i >= 0) this.items.splice(i, 1);
    w.pending = false;
    return wasTimer || i >= 0;
  }
}
