// A guest's view of virtual time (EmuClock): exact during a vcpu's run, kept
// monotonic per guest (host CPUs may differ by up to one quantum), and timer
// events on the core's single queue.

import type { EmuClock, EmuTimer } from '../devemu/emulator.ts';
import { TimerEvent } from '../timer/timer-event.ts';
import type { Scheduler } from '../sched/scheduler.ts';

export class GuestTimer implements EmuTimer {
  readonly event: TimerEvent;
  constructor(
    private readonly clock: GuestClock,
    name: string,
    handler: () => void,
  ) {
    // A device or CPU timer handler that throws is confined like an MMIO access.
    this.event = new TimerEvent(
      name,
      () => {
        try {
          handler();
        } catch (err) {
          clock.onError(name, err);
        }
      },
      clock.owner,
    );
  }
  startAt(ns: number): void {
    const now = this.clock.nowNs();
    this.clock.sched.queue.start(this.event, ns > now ? ns : now);
  }
  startIn(deltaNs: number): void {
    this.startAt(this.clock.nowNs() + (deltaNs > 0 ? deltaNs : 0));
  }
  stop(): void {
    this.clock.sched.queue.stop(this.event);
  }
  get pending(): boolean {
    return this.event.pending;
  }
  get expiry(): number {
    return this.event.deadline;
  }
}

export class GuestClock implements EmuClock {
  /** Latest time handed out (the monotonic floor). */
  lastNs = 0;
  readonly timers: GuestTimer[] = [];

  constructor(
    readonly sched: Scheduler,
    readonly owner: string,
    readonly onError: (timer: string, err: unknown) => void = () => {},
  ) {}

  nowNs(): number {
    const t = this.sched.nowNs();
    if (t > this.lastNs) this.lastNs = t;
    return this.lastNs;
  }

  createTimer(name: string, handler: () => void): EmuTimer {
    const t = new GuestTimer(this, `${this.owner}/${name}`, handler);
    this.timers.push(t);
    return t;
  }

  stopAll(): void {
    for (const t of this.timers) t.stop();
  }
}
