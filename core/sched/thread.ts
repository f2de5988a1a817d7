// What the scheduler schedules (Xvisor's struct vmm_vcpu): orphan threads
// and guest vcpus share this base. The scheduler owns state changes; a
// subclass only knows how to run itself on a host CPU for a while.

import type { TimerEvent } from '../timer/timer-event.ts';
import type { VcpuState } from './vcpu-state.ts';
import type { HostCpu } from './host-cpu.ts';
import type { Scheduler } from './scheduler.ts';
import type { WaitQueue } from './waitqueue.ts';

export const MIN_PRIORITY = 0;
export const MAX_PRIORITY = 7;
export const DEFAULT_PRIORITY = 3;

/** Why a PAUSED thread is paused. */
export const enum SleepKind {
  /** Paused by the manager (vcpu pause, halt pending...). */
  None = 0,
  /** Orphan sleep(ns). */
  Sleep = 1,
  /** Waiting on a waitqueue (with optional timeout). */
  Wait = 2,
  /** vcpu in WFI until an interrupt or the WFI timeout. */
  Wfi = 3,
}

export interface ThreadStats {
  /** Virtual ns spent running. */
  runNs: number;
  /** Times the thread was switched in. */
  switches: number;
  /** Times moved to another host CPU by the balancer. */
  migrations: number;
  /** Times it was preempted by a higher-priority wake-up. */
  preemptions: number;
}

export interface ThreadOptions {
  name: string;
  priority?: number;
  timeSliceNs?: number;
  /** Host CPU mask (bit n = cpu n); default all. */
  affinity?: number;
  /** Preferred initial host CPU (must be in affinity). */
  hcpu?: number;
}

export abstract class SchedThread {
  id = -1;
  readonly name: string;
  state: VcpuState = 'UNKNOWN';
  priority: number;
  timeSliceNs: number;
  affinity: number;
  hcpu: number;
  /** A resume that arrived while RUNNING: the next pause is a no-op (WFI race). */
  resumeRace = false;
  sleepKind: SleepKind = SleepKind.None;
  /** Waitqueue the thread sleeps on (SleepKind.Wait). */
  waitingOn: WaitQueue | null = null;
  /** Value handed back to a waiting orphan: true woken, false timed out. */
  wakeValue = false;
  /** Sleep/wait/WFI timeout event (made by the scheduler on add). */
  wakeTimer: TimerEvent | null = null;
  readySince = 0;
  readonly stats: ThreadStats = { runNs: 0, switches: 0, migrations: 0, preemptions: 0 };
  abstract readonly isOrphan: boolean;

  constructor(opts: ThreadOptions) {
    this.name = opts.name;
    const prio = opts.priority ?? DEFAULT_PRIORITY;
    if (!Number.isInteger(prio) || prio < MIN_PRIORITY || prio > MAX_PRIORITY)
      throw new RangeError(`${opts.name}: priority ${prio} outside ${MIN_PRIORITY}..${MAX_PRIORITY}`);
    this.priority = prio;
    this.timeSliceNs = opts.timeSliceNs ?? 0;
    this.affinity = opts.affinity ?? -1;
    this.hcpu = opts.hcpu ?? -1;
  }

  /**
   * Runs on `cpu` until cpu.clock reaches `until` (or the run is cut short);
   * advances cpu.clock by the virtual time used.
   */
  abstract run(cpu: HostCpu, until: number, sched: Scheduler): void;
  /** Asks a run in progress to return at the next boundary. */
  abstract requestStop(): void;
  /** Called by the scheduler when the thread is reset. */
  abstract onReset(): void;
}
