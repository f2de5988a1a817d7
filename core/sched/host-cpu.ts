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

  /** Highest-priority ready thread, FIFO within a priority. */
  popBest(): SchedThread | undefined {
    for (let p = MAX_PRIORITY; p >= 0; p--) {
      const q = this.queues[p];
      if (q.length > 0) {
        this.readyCount--;
        return q.shift();
      }
    }
    return undefined;
  }

  /** Highest-priority ready thread allowed on cpu `target` (for stealing). */
  findStealable(target: number): SchedThread | undefined {
    for (let p = MAX_PRIORITY; p >= 0; p--) for (const t of this.queues[p]) if ((t.affinity >>> target) & 1) return t;
    return undefined;
  }

  load(): number {
    return this.readyCount + (this.current === this.idle ? 0 : 1);
  }
}
