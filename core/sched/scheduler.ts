// The scheduler and run loop (ARCHITECTURE.md "Execution model"): fixed
// priority round robin per host CPU (Xvisor's PRR), time slices, affinity,
// wake-up placement and idle stealing for balance, preemption at slice end
// and when a higher-priority thread wakes. The run loop picks the busy host
// CPU with the earliest clock, runs its thread until the earliest of slice
// end, next timer deadline and a synchronisation quantum, and fires timer
// events when they fall due. Idle CPUs jump: nothing ticks.

import { TimerQueue } from '../timer/timer-queue.ts';
import { TimerEvent } from '../timer/timer-event.ts';
import { VirtualClockChip, ClockChipRegistry } from '../clock/clockchip.ts';
import { ClockSourceRegistry, VirtualClockSource } from '../clock/clocksource.ts';
import { HostCpu } from './host-cpu.ts';
import { SchedThread, SleepKind } from './thread.ts';
import { StateError, isLegal, type VcpuOp, type VcpuState } from './vcpu-state.ts';
import type { WaitQueue } from './waitqueue.ts';

export interface SchedulerOptions {
  hostCpuCount: number;
  /** Default time slice (CONFIG_TSLICE_MS). */
  tsliceNs: number;
  /** Longest stretch one host CPU runs ahead of the others (SMP coherence). */
  quantumNs?: number;
  /** Limit on live threads (CONFIG_MAX_VCPU_COUNT counts orphans too). */
  maxThreads?: number;
  /** Virtual ns charged each time an orphan thread is resumed. */
  orphanResumeNs?: number;
  /** Called between quanta with the virtual time (the pacing driver's hook). */
  pacer?: (virtualNs: number) => void;
  /** Observer of state changes (the manager turns these into rxjs events). */
  onStateChange?: (t: SchedThread, from: VcpuState, to: VcpuState) => void;
}

class IdleThread extends SchedThread {
  readonly isOrphan = true;
  run(): void {}
  requestStop(): void {}
  onReset(): void {}
}

export class Scheduler {
  readonly cpus: HostCpu[] = [];
  readonly queue: TimerQueue;
  readonly clockSources = new ClockSourceRegistry();
  readonly clockChips = new ClockChipRegistry();
  readonly tsliceNs: number;
  readonly quantumNs: number;
  readonly maxThreads: number;
  readonly orphanResumeNs: number;
  pacer: ((virtualNs: number) => void) | undefined;
  private readonly threadList: SchedThread[] = [];
  private nextId = 0;
  /** Global virtual time outside a thread's run: the earliest busy clock or the event being fired. */
  private timeNs = 0;
  /** The CPU and thread being executed, null between runs. */
  execCpu: HostCpu | null = null;
  execThread: SchedThread | null = null;
  /** Exact-time support for a vcpu in run(): base + (retired - baseRetired) * nsPer. */
  private execBackend: { readonly instructionsRetired: number } | null = null;
  private execBaseNs = 0;
  private execBaseRetired = 0;
  private execNsPer = 1;
  private stopRequested = false;
  /** Steps of the run loop that fired an event or ran a CPU (for benches and tests). */
  steps = 0;
  private readonly deferred: (() => void)[] = [];
  private readonly onStateChange: SchedulerOptions['onStateChange'];

  constructor(opts: SchedulerOptions) {
    if (!Number.isInteger(opts.hostCpuCount) || opts.hostCpuCount < 1 || opts.hostCpuCount > 32)
      throw new RangeError(`host cpu count ${opts.hostCpuCount} outside 1..32`);
    if (!(opts.tsliceNs > 0)) throw new RangeError(`time slice ${opts.tsliceNs} ns must be positive`);
    this.tsliceNs = opts.tsliceNs;
    this.quantumNs = opts.quantumNs ?? 100_000;
    this.maxThreads = opts.maxThreads ?? 64;
    this.orphanResumeNs = opts.orphanResumeNs ?? 100;
    this.pacer = opts.pacer;
    this.onStateChange = opts.onStateChange;
    this.queue = new TimerQueue(() => this.nowNs());
    this.queue.onEarlier = (deadline) => {
      if (this.execThread === null) return;
      if (deadline < this.queue.runEnd) this.queue.runEnd = deadline;
      this.execThread.requestStop();
    };
    this.clockSources.register(new VirtualClockSource('virtual', 400, () => this.nowNs()));
    for (let i = 0; i < opts.hostCpuCount; i++) {
      const idle = new IdleThread({ name: `idle/${i}`, priority: 0, affinity: 1 << i, hcpu: i });
      const chip = new VirtualClockChip(`vclockchip/${i}`, 300, 1 << i);
      this.clockChips.register(chip);
      const cpu = new HostCpu(i, idle, chip);
      this.cpus.push(cpu);
      idle.id = this.nextId++;
      idle.state = 'RUNNING';
      this.threadList.push(idle);
    }
  }

  get allCpusMask(): number {
    return this.cpus.length === 32 ? -1 : (1 << this.cpus.length) - 1;
  }

  /** Current virtual time: exact inside a vcpu's run. */
  nowNs(): number {
    if (this.execBackend !== null)
      return this.execBaseNs + (this.execBackend.instructionsRetired - this.execBaseRetired) * this.execNsPer;
    if (this.execCpu !== null) return this.execCpu.clock;
    return this.timeNs;
  }

  threads(): readonly SchedThread[] {
    return this.threadList;
  }

  isIdleThread(t: SchedThread): boolean {
    return t instanceof IdleThread;
  }

  // ---- lifecycle (the legal transitions of vcpu-state.ts) ----

  /** create: UNKNOWN -> RESET; gives the thread an id and a host CPU. */
  add(t: SchedThread): void {
    this.check(t, 'create');
    if (this.threadList.length >= this.maxThreads)
      throw new StateError(t.name, 'create', t.state, `${t.name}: cannot create: ${this.maxThreads} vcpus/threads already exist (CONFIG_MAX_VCPU_COUNT)`);
    const mask = t.affinity & this.allCpusMask;
    if (mask === 0) throw new StateError(t.name, 'create', t.state, `${t.name}: affinity 0x${(t.affinity >>> 0).toString(16)} names no host cpu`);
    t.affinity = mask;
    if (t.timeSliceNs <= 0) t.timeSliceNs = this.tsliceNs;
    if (t.hcpu < 0 || !((mask >>> t.hcpu) & 1)) t.hcpu = this.leastLoaded(mask, -1);
    t.id = this.nextId++;
    t.wakeTimer = new TimerEvent(`${t.name}/wake`, () => this.timeoutWake(t), t.name);
    this.threadList.push(t);
    this.setState(t, 'RESET');
  }

  /** destroy: RESET -> UNKNOWN; the thread leaves the scheduler. */
  remove(t: SchedThread): void {
    this.check(t, 'destroy');
    const i = this.threadList.indexOf(t);
    if (i >= 0) this.threadList.splice(i, 1);
    this.setState(t, 'UNKNOWN');
  }

  kick(t: SchedThread): void {
    this.check(t, 'kick');
    this.makeReady(t, false);
  }

  /** pause: READY/RUNNING -> PAUSED. A pending resume (WFI race) makes it a no-op. */
  pause(t: SchedThread): void {
    if (t.state === 'PAUSED' && t.sleepKind !== SleepKind.None) {
      // A manager pause of a sleeping thread keeps it paused after the sleep ends.
      this.cancelSleep(t);
      return;
    }
    this.check(t, 'pause');
    if (t.resumeRace) {
      t.resumeRace = false;
      return;
    }
    this.leaveRunQueue(t);
    this.setState(t, 'PAUSED');
  }

  /** resume: PAUSED -> READY; while RUNNING it arms the WFI race instead. */
  resume(t: SchedThread): void {
    if (t.state === 'RUNNING') {
      t.resumeRace = true;
      return;
    }
    this.check(t, 'resume');
    this.cancelSleep(t);
    this.makeReady(t, false);
  }

  halt(t: SchedThread): void {
    this.check(t, 'halt');
    this.leaveRunQueue(t);
    this.setState(t, 'HALTED');
  }

  reset(t: SchedThread): void {
    this.check(t, 'reset');
    this.cancelSleep(t);
    this.leaveRunQueue(t);
    t.resumeRace = false;
    t.onReset();
    this.setState(t, 'RESET');
  }

  /** Moves a thread to another allowed host CPU set (vcpu set_affinity). */
  setAffinity(t: SchedThread, mask: number): void {
    const m = mask & this.allCpusMask;
    if (m === 0) throw new StateError(t.name, 'set_affinity', t.state, `${t.name}: affinity 0x${(mask >>> 0).toString(16)} names no host cpu`);
    t.affinity = m;
    if (!((m >>> t.hcpu) & 1)) this.migrate(t, this.leastLoaded(m, -1));
  }

  /** Moves a thread to host cpu `cpu` (vcpu set_hcpu). */
  setHostCpu(t: SchedThread, cpu: number): void {
    if (!(cpu >= 0 && cpu < this.cpus.length) || !((t.affinity >>> cpu) & 1))
      throw new StateError(t.name, 'set_hcpu', t.state, `${t.name}: host cpu ${cpu} is not in its affinity`);
    this.migrate(t, cpu);
  }

  // ---- sleeping and waking (used by orphans, waitqueues and WFI) ----

  /** Puts a READY/RUNNING thread to sleep for ns (or until woken, ns = Infinity). */
  sleep(t: SchedThread, ns: number, kind: SleepKind): void {
    this.check(t, 'pause');
    t.resumeRace = false;
    this.leaveRunQueue(t);
    t.sleepKind = kind;
    this.setState(t, 'PAUSED');
    if (Number.isFinite(ns)) this.queue.start(t.wakeTimer!, this.nowNs() + Math.max(0, ns));
  }

  /** Wakes a sleeping thread early (interrupt for WFI, waitqueue wake). */
  wake(t: SchedThread, value: boolean): boolean {
    if (t.state !== 'PAUSED' || t.sleepKind === SleepKind.None) return false;
    t.wakeValue = value;
    this.cancelSleep(t);
    this.makeReady(t, false);
    return true;
  }

  /** Sleeps on a waitqueue until woken or timeout. */
  waitOn(t: SchedThread, wq: WaitQueue, timeoutNs: number): void {
    t.wakeValue = false;
    wq.enqueue(t);
    t.waitingOn = wq;
    this.sleep(t, timeoutNs, SleepKind.Wait);
  }

  /** The running thread gives up the rest of its slice. */
  yieldCpu(t: SchedThread): void {
    const cpu = this.cpus[t.hcpu];
    if (cpu.current === t) cpu.sliceEnd = cpu.clock;
  }

  /** Runs fn after the current thread's run returns (resets requested from inside a run). */
  defer(fn: () => void): void {
    this.deferred.push(fn);
    if (this.execThread !== null) this.execThread.requestStop();
  }

  /** Ends runFor/runUntil at the next step. */
  stop(): void {
    this.stopRequested = true;
    if (this.execThread !== null) this.execThread.requestStop();
  }

  /** Called by a vcpu's run around backend.run so that nowNs() is exact. */
  beginExec(backend: { readonly instructionsRetired: number }, baseNs: number, nsPer: number): void {
    this.execBackend = backend;
    this.execBaseNs = baseNs;
    this.execBaseRetired = backend.instructionsRetired;
    this.execNsPer = nsPer;
  }

  endExec(): void {
    this.execBackend = null;
  }

  // ---- the run loop ----

  /** Runs the simulation for ns of virtual time. */
  runFor(ns: number): void {
    this.runUntil(() => false, ns);
  }

  /** Runs until predicate() holds (checked between steps) or maxNs pass; returns whether it held. */
  runUntil(predicate: () => boolean, maxNs: number): boolean {
    const limit = this.timeNs + Math.max(0, maxNs);
    this.stopRequested = false;
    while (!this.stopRequested) {
      if (predicate()) return true;
      if (!this.step(limit)) break;
    }
    const held = predicate();
    if (!this.stopRequested && this.timeNs < limit) this.timeNs = limit;
    for (const cpu of this.cpus) if (cpu.isIdle && cpu.clock < this.timeNs) cpu.clock = this.timeNs;
    return held;
  }

  /** One step: fire one due event or run one CPU for a quantum. False when nothing is left before limit. */
  step(limit: number): boolean {
    const deadline = this.queue.nextDeadline();
    let c: HostCpu | null = null;
    for (const cpu of this.cpus) if (!cpu.isIdle && (c === null || cpu.clock < c.clock)) c = cpu;
    const tc = c === null ? Infinity : c.clock;
    if (deadline <= limit && deadline <= tc) {
      this.steps++;
      if (deadline > this.timeNs) this.timeNs = deadline;
      const ev = this.queue.popDue(deadline)!;
      this.queue.firing = ev;
      try {
        ev.handler(ev);
      } finally {
        this.queue.firing = null;
      }
      this.runDeferred();
      this.pace();
      return true;
    }
    if (c === null || tc >= limit) return false;
    if (tc > this.timeNs) this.timeNs = tc;
    this.steps++;
    this.runCpu(c, Math.min(deadline, limit));
    this.pace();
    return true;
  }

  private runCpu(cpu: HostCpu, horizon: number): void {
    if (cpu.current !== cpu.idle && cpu.current.state === 'RUNNING' && cpu.clock >= cpu.sliceEnd) {
      // Slice over: back to the tail of its priority (round robin).
      this.requeue(cpu.current, false);
    }
    if (cpu.needResched || cpu.current.state !== 'RUNNING') this.schedule(cpu);
    const t = cpu.current;
    if (t === cpu.idle) return;
    // A higher-priority thread woken ahead of this CPU's clock preempts when the clock gets there.
    const preemptAt = cpu.readyCount > 0 ? cpu.nextReadyAbove(cpu.clock, t.priority) : Infinity;
    const end = Math.min(cpu.sliceEnd, horizon, cpu.clock + this.quantumNs, preemptAt);
    cpu.chip.program(end);
    const before = cpu.clock;
    this.execCpu = cpu;
    this.execThread = t;
    this.queue.runEnd = end;
    try {
      t.run(cpu, end, this);
    } finally {
      this.execCpu = null;
      this.execThread = null;
      this.execBackend = null;
      this.queue.runEnd = Infinity;
    }
    const ran = cpu.clock - before;
    t.stats.runNs += ran;
    cpu.stats.busyNs += ran;
    this.runDeferred();
    if (cpu.clock >= preemptAt) cpu.needResched = true;
    // A thread that slept, waited or was preempted leaves the CPU now, so an
    // idle CPU is seen as idle by the next step.
    if (cpu.needResched || cpu.current.state !== 'RUNNING') this.schedule(cpu);
  }

  private runDeferred(): void {
    while (this.deferred.length > 0) this.deferred.shift()!();
  }

  private pace(): void {
    if (this.pacer !== undefined) this.pacer(this.timeNs);
  }

  /** Picks the next thread of cpu (stealing from others when it would idle). */
  private schedule(cpu: HostCpu): void {
    cpu.needResched = false;
    const prev = cpu.current;
    // Preempted before its slice ended: back to the head of its priority.
    if (prev !== cpu.idle && prev.state === 'RUNNING') this.requeue(prev, cpu.clock < cpu.sliceEnd);
    this.pullIfImbalanced(cpu);
    let next = cpu.popBest(cpu.clock);
    if (next === undefined) next = this.steal(cpu);
    if (next === undefined && cpu.readyCount > 0) {
      // Only threads woken ahead of this CPU's clock: idle until the first is ready.
      const at = cpu.nextReadyAbove(cpu.clock, -1);
      if (prev !== cpu.idle) cpu.stats.idleNs += at - cpu.clock;
      else cpu.stats.idleNs += Math.max(0, cpu.clock - cpu.idleSince), (cpu.idleSince = at);
      cpu.clock = at;
      next = cpu.popBest(cpu.clock);
    }
    if (next === undefined) {
      if (prev !== cpu.idle) cpu.idleSince = cpu.clock;
      cpu.current = cpu.idle;
      return;
    }
    if (prev === cpu.idle) cpu.stats.idleNs += Math.max(0, cpu.clock - cpu.idleSince);
    cpu.current = next;
    this.setState(next, 'RUNNING');
    cpu.sliceEnd = cpu.clock + next.timeSliceNs;
    if (next !== prev) {
      next.stats.switches++;
      cpu.stats.switches++;
    }
  }

  private steal(cpu: HostCpu): SchedThread | undefined {
    let victim: HostCpu | null = null;
    let best: SchedThread | undefined;
    for (const other of this.cpus) {
      if (other === cpu || other.readyCount === 0) continue;
      const t = other.findStealable(cpu.index);
      if (t !== undefined && (victim === null || other.readyCount > victim.readyCount)) {
        victim = other;
        best = t;
      }
    }
    if (victim === null || best === undefined) return undefined;
    victim.remove(best);
    best.hcpu = cpu.index;
    best.stats.migrations++;
    // Never run a thread before it became ready: an idle CPU behind jumps forward.
    if (best.readySince > cpu.clock) {
      if (cpu.current !== cpu.idle) cpu.stats.idleNs += best.readySince - cpu.clock;
      cpu.clock = best.readySince;
    }
    return best;
  }

  /** Load balancing at each scheduling point: pull one thread from a CPU with at least two more. */
  private pullIfImbalanced(cpu: HostCpu): void {
    if (this.cpus.length === 1) return;
    const mine = cpu.readyCount;
    let victim: HostCpu | null = null;
    for (const other of this.cpus) {
      if (other === cpu || other.load() < mine + 2) continue;
      if (victim === null || other.load() > victim.load()) victim = other;
    }
    if (victim === null) return;
    const t = victim.findStealable(cpu.index, cpu.clock);
    if (t === undefined) return;
    victim.remove(t);
    t.hcpu = cpu.index;
    t.stats.migrations++;
    cpu.push(t, false);
  }

  private leastLoaded(mask: number, prefer: number): number {
    let best = -1;
    for (const cpu of this.cpus) {
      if (!((mask >>> cpu.index) & 1)) continue;
      if (best < 0 || this.assigned(cpu.index) < this.assigned(best)) best = cpu.index;
    }
    return prefer >= 0 && this.assigned(prefer) <= this.assigned(best) ? prefer : best;
  }

  private assigned(cpu: number): number {
    let n = 0;
    for (const t of this.threadList) if (t.hcpu === cpu && !this.isIdleThread(t) && t.state !== 'HALTED') n++;
    return n;
  }

  private migrate(t: SchedThread, to: number): void {
    if (t.hcpu === to) return;
    const from = this.cpus[t.hcpu];
    if (t.state === 'READY') {
      from.remove(t);
      t.hcpu = to;
      t.stats.migrations++;
      this.enqueue(t, false, t.readySince);
      return;
    }
    if (t.state === 'RUNNING') {
      from.needResched = true;
      t.requestStop();
      this.setState(t, 'READY');
      from.current = from.idle;
      from.idleSince = from.clock;
      t.hcpu = to;
      t.stats.migrations++;
      this.enqueue(t, false);
      return;
    }
    t.hcpu = to;
    t.stats.migrations++;
  }

  /** READY placement: prefers the thread's cpu, moves to an idle allowed cpu when its own is busy. */
  private makeReady(t: SchedThread, atHead: boolean): void {
    const own = this.cpus[t.hcpu];
    if (!own.isIdle) {
      for (const cpu of this.cpus) {
        if (cpu.isIdle && (t.affinity >>> cpu.index) & 1) {
          t.hcpu = cpu.index;
          t.stats.migrations++;
          break;
        }
      }
    }
    this.setState(t, 'READY');
    this.enqueue(t, atHead);
  }

  /** Puts a READY thread on its cpu's queue; readyAt is when it became ready (default now). */
  private enqueue(t: SchedThread, atHead: boolean, readyAt = this.nowNs()): void {
    const cpu = this.cpus[t.hcpu];
    if (t.state !== 'READY') this.setState(t, 'READY');
    if (cpu.isIdle && cpu.clock < readyAt) cpu.clock = readyAt;
    t.readySince = readyAt;
    cpu.push(t, atHead);
    const cur = cpu.current;
    if (cur === cpu.idle || t.priority > cur.priority) {
      if (cur !== cpu.idle) cur.stats.preemptions++;
      cpu.needResched = true;
      if (this.execCpu === cpu) cur.requestStop();
    }
  }

  private requeue(t: SchedThread, atHead: boolean): void {
    this.setState(t, 'READY');
    this.enqueue(t, atHead, this.cpus[t.hcpu].clock);
  }

  /** Takes t off its ready queue or off its cpu. */
  private leaveRunQueue(t: SchedThread): void {
    const cpu = this.cpus[t.hcpu];
    if (t.state === 'READY') cpu.remove(t);
    else if (t.state === 'RUNNING' && cpu.current === t) {
      cpu.needResched = true;
      if (this.execThread === t) t.requestStop();
      else {
        cpu.current = cpu.idle;
        cpu.idleSince = cpu.clock;
      }
    }
  }

  private cancelSleep(t: SchedThread): void {
    if (t.wakeTimer !== null) this.queue.stop(t.wakeTimer);
    if (t.waitingOn !== null) {
      t.waitingOn.dequeue(t);
      t.waitingOn = null;
    }
    t.sleepKind = SleepKind.None;
  }

  private timeoutWake(t: SchedThread): void {
    this.wake(t, false);
  }

  private check(t: SchedThread, op: VcpuOp): void {
    if (!isLegal(op, t.state)) throw new StateError(t.name, op, t.state);
  }

  private setState(t: SchedThread, to: VcpuState): void {
    const from = t.state;
    if (from === to) return;
    t.state = to;
    if (this.onStateChange !== undefined) this.onStateChange(t, from, to);
  }

  // ---- statistics ----

  cpuStats(): { cpu: number; clockNs: number; busyNs: number; idleNs: number; switches: number; current: string; ready: number }[] {
    return this.cpus.map((c) => ({
      cpu: c.index,
      clockNs: c.clock,
      busyNs: c.stats.busyNs,
      idleNs: c.stats.idleNs + (c.current === c.idle ? Math.max(0, Math.max(c.clock, this.timeNs) - c.idleSince) : 0),
      switches: c.stats.switches,
      current: c.current.name,
      ready: c.readyCount,
    }));
  }
}
