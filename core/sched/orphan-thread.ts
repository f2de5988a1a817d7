// Hypervisor threads (Xvisor's orphan vcpus, vmm_threads): a generator that
// yields what it waits for. Each resume runs instantly in virtual time except
// for a small fixed cost (so a thread that only yields still lets time move)
// and explicit busy(ns) work.
//
//   function* body(): ThreadBody { for (;;) { yield sleep(1_000_000); ... } }

import { SchedThread, SleepKind, type ThreadOptions } from './thread.ts';
import type { HostCpu } from './host-cpu.ts';
import type { Scheduler } from './scheduler.ts';
import type { WaitQueue } from './waitqueue.ts';

export type ThreadRequest =
  | { readonly kind: 'sleep'; readonly ns: number }
  | { readonly kind: 'wait'; readonly wq: WaitQueue; readonly timeoutNs: number }
  | { readonly kind: 'yield' }
  | { readonly kind: 'busy'; readonly ns: number };

/** The value a yield returns: for wait, true when woken and false on timeout. */
export type ThreadBody = Generator<ThreadRequest, void, boolean>;

export const sleep = (ns: number): ThreadRequest => ({ kind: 'sleep', ns });
export const yieldCpu = (): ThreadRequest => ({ kind: 'yield' });
/** Consumes ns of CPU time (the thread stays RUNNING and can be preempted). */
export const busy = (ns: number): ThreadRequest => ({ kind: 'busy', ns });

export class OrphanThread extends SchedThread {
  readonly isOrphan = true;
  private gen: ThreadBody;
  private busyLeft = 0;
  private stopAsked = false;
  /** Set when the body threw; the thread is halted. */
  error: unknown = undefined;

  constructor(
    opts: ThreadOptions,
    private readonly body: (self: OrphanThread) => ThreadBody,
    private readonly onError?: (t: OrphanThread, err: unknown) => void,
  ) {
    super(opts);
    this.gen = body(this);
  }

  requestStop(): void {
    this.stopAsked = true;
  }

  onReset(): void {
    this.gen = this.body(this);
    this.busyLeft = 0;
    this.error = undefined;
  }

  run(cpu: HostCpu, until: number, sched: Scheduler): void {
    this.stopAsked = false;
    for (;;) {
      if (this.busyLeft > 0) {
        const d = Math.min(this.busyLeft, Math.max(0, Math.min(until, sched.queue.runEnd) - cpu.clock));
        cpu.clock += d;
        this.busyLeft -= d;
        if (this.busyLeft > 0) return;
      }
      if (this.stopAsked || cpu.clock >= Math.min(until, sched.queue.runEnd)) return;
      cpu.clock += sched.orphanResumeNs;
      let r: IteratorResult<ThreadRequest, void>;
      try {
        r = this.gen.next(this.wakeValue);
      } catch (err) {
        this.error = err;
        if (this.onError) this.onError(this, err);
        sched.halt(this);
        return;
      }
      this.wakeValue = false;
      if (r.done) {
        sched.halt(this);
        return;
      }
      const req = r.value;
      switch (req.kind) {
        case 'sleep':
          sched.sleep(this, req.ns, SleepKind.Sleep);
          return;
        case 'wait':
          sched.waitOn(this, req.wq, req.timeoutNs);
          return;
        case 'yield':
          sched.yieldCpu(this);
          return;
        case 'busy':
          this.busyLeft = Math.max(0, req.ns);
          break;
      }
    }
  }
}
