// Synchronisation for orphan threads (Xvisor's vmm_semaphore, vmm_mutex,
// vmm_completion, vmm_spinlock). Blocking operations are generator helpers:
// `yield* sem.down()`, `yield* mutex.lock(self)`. Threads are cooperative
// between yields, so the check-then-wait in each helper cannot lose a wakeup.

import { WaitQueue } from './waitqueue.ts';
import type { Scheduler } from './scheduler.ts';
import type { SchedThread } from './thread.ts';
import { busy, type ThreadBody } from './orphan-thread.ts';

export class Semaphore {
  private readonly wq: WaitQueue;

  constructor(
    readonly name: string,
    sched: Scheduler,
    private count: number,
    readonly limit = Infinity,
  ) {
    this.wq = new WaitQueue(name, sched);
  }

  get available(): number {
    return this.count;
  }

  /** Takes one unit, sleeping while none is available; false on timeout. */
  *down(timeoutNs = Infinity): Generator<ReturnType<WaitQueue['wait']>, boolean, boolean> {
    while (this.count === 0) {
      const woken = yield this.wq.wait(timeoutNs);
      // Without a timeout a manager pause/resume is a spurious wake: wait again.
      if (!woken && this.count === 0 && timeoutNs !== Infinity) return false;
    }
    this.count--;
    return true;
  }

  tryDown(): boolean {
    if (this.count === 0) return false;
    this.count--;
    return true;
  }

  up(): void {
    if (this.count >= this.limit) throw new Error(`semaphore ${this.name}: up beyond limit ${this.limit}`);
    this.count++;
    this.wq.wakeFirst();
  }
}

export class Mutex {
  private readonly wq: WaitQueue;
  owner: SchedThread | null = null;

  constructor(
    readonly name: string,
    sched: Scheduler,
  ) {
    this.wq = new WaitQueue(name, sched);
  }

  *lock(self: SchedThread): Generator<ReturnType<WaitQueue['wait']>, void, boolean> {
    if (this.owner === self) throw new Error(`mutex ${this.name}: ${self.name} locks it twice`);
    while (this.owner !== null) yield this.wq.wait();
    this.owner = self;
  }

  tryLock(self: SchedThread): boolean {
    if (this.owner !== null) return false;
    this.owner = self;
    return true;
  }

  unlock(self: SchedThread): void {
    if (this.owner !== self)
      throw new Error(`mutex ${this.name}: ${self.name} unlocks it but ${this.owner?.name ?? 'nobody'} holds it`);
    this.owner = null;
    this.wq.wakeFirst();
  }
}

export class Completion {
  private readonly wq: WaitQueue;
  private done = 0;

  constructor(
    readonly name: string,
    sched: Scheduler,
  ) {
    this.wq = new WaitQueue(name, sched);
  }

  /** Waits until complete(); false on timeout. */
  *wait(timeoutNs = Infinity): Generator<ReturnType<WaitQueue['wait']>, boolean, boolean> {
    while (this.done === 0) {
      const woken = yield this.wq.wait(timeoutNs);
      if (!woken && this.done === 0 && timeoutNs !== Infinity) return false;
    }
    if (this.done !== Infinity) this.done--;
    return true;
  }

  complete(): void {
    if (this.done !== Infinity) this.done++;
    this.wq.wakeFirst();
  }

  completeAll(): void {
    this.done = Infinity;
    this.wq.wakeAll();
  }

  reinit(): void {
    this.done = 0;
  }
}

/**
 * A spinlock where one host CPU waits on another: the waiter stays RUNNING
 * and burns spinNs of CPU time per try, as a real spinning CPU would, instead
 * of sleeping. Spin counts are kept for `host cpu stats`-like reports.
 */
export class SpinLock {
  owner: SchedThread | null = null;
  spins = 0;

  constructor(
    readonly name: string,
    readonly spinNs = 100,
  ) {}

  *lock(self: SchedThread): ThreadBody {
    while (this.owner !== null && this.owner !== self) {
      this.spins++;
      yield busy(this.spinNs);
    }
    this.owner = self;
  }

  tryLock(self: SchedThread): boolean {
    if (this.owner !== null) return false;
    this.owner = self;
    return true;
  }

  unlock(self: SchedThread): void {
    if (this.owner !== self) throw new Error(`spinlock ${this.name}: ${self.name} unlocks it without holding it`);
    this.owner = null;
  }
}
