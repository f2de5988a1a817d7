// Clockchips (Xvisor's vmm_clockchip): the per-host-CPU one-shot event
// device under the timer subsystem. Ours is virtual: programming it records
// the next deadline of its host CPU, which bounds that CPU's next run in the
// scheduler's loop. There is no periodic mode: the system is tickless.

export interface ClockChip {
  readonly name: string;
  readonly rating: number;
  /** Host CPUs served (bit n = cpu n). */
  readonly cpuMask: number;
  /** Programs the next one-shot expiry at absolute virtual time `ns`. */
  program(ns: number): void;
  /** The programmed expiry (Infinity when none). */
  readonly nextEvent: number;
}

export class VirtualClockChip implements ClockChip {
  nextEvent = Infinity;
  /** How many times it was programmed (host cpu stats). */
  programs = 0;

  constructor(
    readonly name: string,
    readonly rating: number,
    readonly cpuMask: number,
  ) {}

  program(ns: number): void {
    if (ns !== this.nextEvent) this.programs++;
    this.nextEvent = ns;
  }
}

export class ClockChipRegistry {
  private readonly chips: ClockChip[] = [];

  register(cc: ClockChip): void {
    if (this.chips.some((c) => c.name === cc.name)) throw new Error(`clockchip ${cc.name} already registered`);
    this.chips.push(cc);
  }

  /** Best-rated chip that serves host cpu `cpu`. */
  bestFor(cpu: number): ClockChip | undefined {
    let best: ClockChip | undefined;
    for (const c of this.chips) if ((c.cpuMask >>> cpu) & 1 && (!best || c.rating > best.rating)) best = c;
    return best;
  }

  list(): readonly ClockChip[] {
    return this.chips;
  }
}
