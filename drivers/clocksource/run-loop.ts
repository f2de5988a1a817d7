// The pacing driver: runs the simulation in slices on Node's event loop so
// that terminals, sockets and pipes stay served, and, in real mode, holds
// virtual time to wall time. It is the only place that reads the wall clock.

export interface Simulation {
  nowNs(): number;
  runFor(ns: number): void;
}

export interface RunLoopOptions {
  readonly mode: 'fast' | 'real';
  /** Virtual time run per step (default 1 ms). */
  readonly sliceNs?: number;
  /** Host milliseconds of simulation per event-loop turn before I/O gets a look in (default 20). */
  readonly turnMs?: number;
  /** Stop once virtual time reaches this. */
  readonly maxTimeNs?: number;
  readonly onMaxTime?: () => void;
  /** Called after every turn (poweroff checks, redraws). */
  readonly afterTurn?: () => void;
}

export class RunLoop {
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wallStartMs = 0;
  private virtStartNs = 0;
  private readonly waiters: { at: number; resolve: () => void }[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly opts: RunLoopOptions,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wallStartMs = performance.now();
    this.virtStartNs = this.sim.nowNs();
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves once virtual time has advanced by ns (the `sleep` command). */
  sleep(ns: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ at: this.sim.nowNs() + ns, resolve });
      this.waiters.sort((a, b) => a.at - b.at);
    });
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = delayMs <= 0 ? setTimeout(() => this.turn(), 0) : setTimeout(() => this.turn(), delayMs);
  }

  private turn(): void {
    this.timer = undefined;
    if (!this.running) return;
    const slice = this.opts.sliceNs ?? 1_000_000;
    const turnMs = this.opts.turnMs ?? 20;
    const began = performance.now();
    let delay = 0;
    for (;;) {
      let target = this.sim.nowNs() + slice;
      if (this.opts.mode === 'real') {
        const wallTarget = this.virtStartNs + (performance.now() - this.wallStartMs) * 1e6;
        if (wallTarget <= this.sim.nowNs()) {
          delay = Math.max(1, Math.min(10, (this.sim.nowNs() - wallTarget) / 1e6));
          break;
        }
        target = Math.min(target, wallTarget);
      }
      if (this.opts.maxTimeNs !== undefined) target = Math.min(target, this.opts.maxTimeNs);
      if (target > this.sim.nowNs()) this.sim.runFor(target - this.sim.nowNs());
      this.wakeSleepers();
      if (this.opts.maxTimeNs !== undefined && this.sim.nowNs() >= this.opts.maxTimeNs) {
        this.opts.afterTurn?.();
        this.stop();
        this.opts.onMaxTime?.();
        return;
      }
      if (!this.running || performance.now() - began >= turnMs) break;
    }
    this.opts.afterTurn?.();
    this.schedule(delay);
  }

  private wakeSleepers(): void {
    const now = this.sim.nowNs();
    while (this.waiters.length > 0 && this.waiters[0]!.at <= now) this.waiters.shift()!.resolve();
  }
}
