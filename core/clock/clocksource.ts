// Clocksources (Xvisor's vmm_clocksource): free-running counters the
// timekeeping reads. In the simulation the only real one is the virtual clock
// of the scheduler; drivers may register others (a paced wall clock), and the
// highest rating wins, as in Xvisor.

export interface ClockSource {
  readonly name: string;
  /** Higher is better; the best registered source is used. */
  readonly rating: number;
  /** Current time in ns. */
  read(): number;
}

export class VirtualClockSource implements ClockSource {
  constructor(
    readonly name: string,
    readonly rating: number,
    private readonly readNs: () => number,
  ) {}

  read(): number {
    return this.readNs();
  }
}

export class ClockSourceRegistry {
  private readonly sources: ClockSource[] = [];

  register(cs: ClockSource): void {
    if (this.sources.some((s) => s.name === cs.name)) throw new Error(`clocksource ${cs.name} already registered`);
    this.sources.push(cs);
  }

  unregister(name: string): void {
    const i = this.sources.findIndex((s) => s.name === name);
    if (i >= 0) this.sources.splice(i, 1);
  }

  best(): ClockSource | undefined {
    let best: ClockSource | undefined;
    for (const s of this.sources) if (!best || s.rating > best.rating) best = s;
    return best;
  }

  list(): readonly ClockSource[] {
    return this.sources;
  }
}
