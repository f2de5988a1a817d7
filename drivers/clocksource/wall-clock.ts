// The host's clock sources: the monotonic wall clock, read by nothing but the
// pacing driver (ARCHITECTURE.md "Pacing"), and the pacer that holds virtual
// time to wall time for interactive use, so that `sleep 1` in a guest takes
// a second. Virtual time itself never comes from here.

/** A monotonic nanosecond clock. */
export interface MonotonicClock {
  nowNs(): number;
}

/** process.hrtime: monotonic, not affected by wall-clock adjustments. */
export class HostMonotonicClock implements MonotonicClock {
  private readonly origin = process.hrtime.bigint();
  nowNs(): number {
    return Number(process.hrtime.bigint() - this.origin);
  }
}

/**
 * Keeps virtual time from running ahead of wall time by more than `slackNs`.
 * The run loop asks aheadNs(virtual) after each quantum and sleeps that long
 * (0 = go on). rate scales wall time (2 = virtual time may run twice as fast).
 */
export class Pacer {
  private wallStart: number;
  private virtStart: number;

  constructor(
    private readonly clock: MonotonicClock,
    virtualNowNs: number,
    private readonly rate = 1,
    private readonly slackNs = 1_000_000,
  ) {
    if (!(rate > 0)) throw new RangeError(`pacer rate ${rate} must be positive`);
    this.wallStart = clock.nowNs();
    this.virtStart = virtualNowNs;
  }

  /** How long to wait before running on, in wall nanoseconds. */
  aheadNs(virtualNowNs: number): number {
    const allowed = (this.clock.nowNs() - this.wallStart) * this.rate;
    const ahead = virtualNowNs - this.virtStart - allowed;
    return ahead > this.slackNs ? Math.ceil(ahead / this.rate) : 0;
  }

  /** Forget the past (after a pause), so the guest does not race to catch up. */
  rebase(virtualNowNs: number): void {
    this.wallStart = this.clock.nowNs();
    this.virtStart = virtualNowNs;
  }
}
