// A guest's interrupt wiring: every device line ctx.irq(n) and every CPU
// timer PPI ends in the guest's interrupt controller once it registers as the
// InterruptSink. Levels set before that (probe order) are replayed. Line
// objects are made once per irq number, never per set() (HOTPATH.md).

import type { InterruptSink, IrqLine } from './emulator.ts';

class RoutedLine implements IrqLine {
  level = 0;
  constructor(
    private readonly router: IrqRouter,
    readonly irq: number,
    readonly vcpu: number,
  ) {}
  set(level: number): void {
    const l = level ? 1 : 0;
    this.level = l;
    this.router.route(this.irq, l, this.vcpu);
  }
}

export class IrqRouter {
  private sink: InterruptSink | null = null;
  private readonly lines = new Map<number, RoutedLine>();
  /** Levels seen before a sink existed: key irq*1024 + vcpu + 1. */
  private readonly early = new Map<number, number>();
  /** Assertions routed (for `host irq stats`). */
  asserts = 0;

  constructor(
    readonly guestName: string,
    /** guest_irq_count; undefined = unchecked. */
    readonly irqCount?: number,
  ) {}

  get hasSink(): boolean {
    return this.sink !== null;
  }

  setSink(sink: InterruptSink, who: string): void {
    if (this.sink !== null && this.sink !== sink) throw new Error(`${this.guestName}: ${who}: the guest already has an interrupt controller`);
    this.sink = sink;
    for (const [key, level] of this.early) {
      const irq = Math.floor(key / 1024), v = (key % 1024) - 1;
      sink.setLevel(irq, level, v < 0 ? undefined : v);
    }
    this.early.clear();
  }

  /** The line of guest irq n (vcpu >= 0 for a banked per-vcpu input). */
  line(n: number, vcpu = -1, who = ''): IrqLine {
    if (!Number.isInteger(n) || n < 0 || (this.irqCount !== undefined && n >= this.irqCount))
      throw new Error(`${this.guestName}: ${who}irq ${n} outside 0..${(this.irqCount ?? 1024) - 1} (guest_irq_count)`);
    const key = n * 1024 + vcpu + 1;
    let l = this.lines.get(key);
    if (l === undefined) {
      l = new RoutedLine(this, n, vcpu);
      this.lines.set(key, l);
    }
    return l;
  }

  route(irq: number, level: number, vcpu: number): void {
    if (level) this.asserts++;
    if (this.sink !== null) this.sink.setLevel(irq, level, vcpu < 0 ? undefined : vcpu);
    else this.early.set(irq * 1024 + vcpu + 1, level);
  }

  /** Levels of every line (snapshots and tests). */
  levels(): { irq: number; vcpu: number; level: number }[] {
    return [...this.lines.values()].map((l) => ({ irq: l.irq, vcpu: l.vcpu, level: l.level }));
  }
}
