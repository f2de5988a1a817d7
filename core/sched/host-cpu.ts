// One simulated host CPU: its virtual clock, per-priority ready queues, the
// thread on it and its statistics (Xvisor's per-CPU scheduler state).

import { MAX_PRIORITY, type SchedThread } from './thread.ts';
import type { VirtualClockChip } from '../clock/clockchip.ts';

export interface HostCpuStats {
  busyNs: number;
  idleNs: number;
  switches: number;
}

export class HostCpu {
  /** Virtual time of this CPU in ns. */
  clock = 0;
  current: SchedThread;
  sliceEnd = 0;
  needResched = false;
  /** When the CPU last went idle (valid while idle). */
  idleSince = 0;
  readonly queues: SchedThread[][] = [];
  readyCount = 0;
  readonly stats: HostCpuStats = { busyNs: 0, idleNs: 0, switches: 0 };

  constructor(
    readonly index: number,
    readonly idle: SchedThread,
    readonly chip: VirtualClockChip,
  ) {
    for (let p = 0; p <= MAX_PRIORITY; p++) this.queues.push([]);
    this.current = idle;
  }

  get isIdle(): boolean {
    return this.current === this.idle && this.readyCount === 0;
  }

  push(t: SchedThread, atHead: boolean): void {
    const q = this.queues[t.priority];
    if (atHead) q.unshift(t);
    else q.push(t);
    this.readyCount++;
  }

  remove(t: SchedThread): boolean {
    const q = this.queues[t.priority];
    const i = q.indexOf(t);
    if (i < 0) return false;
    q.splice(i, 1);
    this.readyCount--;
    return true;
  }

  /**
   * Highest-priority thread that was ready by `now`, FIFO within a priority.
   * A thread woken by another CPU that is ahead in virtual time is not yet
   * ready for this CPU: taking it would run it before its wake-up.
   */
  popBest(now: number): SchedThread | undefined {
    for (let p = MAX_PRIORITY; p >= 0; p--) {
      const q = this.queues[p];
      for (let i = 0; i < q.length; i++) {
        if (q[i].readySince <= now) {
          this.readyCount--;
          if (i === 0) return q.shift();
          const t = q[i];
          q.splice(i, 1);
          return t;
        }
      }
    }
    return undefined;
  }

  /** Earliest time after `now` at which a queued thread of priority above `prio` becomes ready. */
  nextReadyAbove(now: number, prio: number): number {
    let best = Infinity;
    for (let p = MAX_PRIORITY; p > prio; p--) for (const t of this.queues[p]) if (t.readySince > now && t.readySince < best) best = t.readySince;
    return best;
  }

  /** Highest-priority ready thread allowed on cpu `target` that was ready by `notAfter` (for stealing). */
  findStealable(target: number, notAfter = Infinity): SchedThread | undefined {
    for (let p = MAX_PRIORITY; p >= 0; p--)
      for (const t of this.queues[p]) if ((t.affinity >>> target) & 1 && t.readySince <= notAfter) return t;
    return undefined;
  }

  load(): number {
    return this.readyCount + (this.current === this.idle ? 0 : 1);
  }
}
