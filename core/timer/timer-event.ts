// One tickless timer event (Xvisor's vmm_timer_event): a handler that runs
// once at an absolute virtual time. Periodic users re-arm from the handler.

export type TimerHandler = (ev: TimerEvent) => void;

export class TimerEvent {
  /** Absolute expiry in virtual ns (valid while pending). */
  deadline = 0;
  /** Tie-breaker: start order, so equal deadlines fire the same way every run. */
  seq = 0;
  /** Position in the heap, -1 when not queued. */
  heapIndex = -1;
  /** Length of the last start, for restart(). */
  durationNs = 0;
  /** Times this event expired. */
  expiries = 0;

  constructor(
    readonly name: string,
    public handler: TimerHandler,
    /** Who owns it, for the timer listing (guest name, "sched", ...). */
    readonly owner = '',
  ) {}

  get pending(): boolean {
    return this.heapIndex >= 0;
  }
}
