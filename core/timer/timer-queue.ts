// The single ordered queue of timer events (ARCHITECTURE.md "Tickless timer
// events"): a binary heap keyed by (deadline, sequence) so that ties resolve
// identically on every run (STYLE.md "Hot path"). Nothing here ticks: the run
// loop asks for the next deadline and jumps to it.

import { TimerEvent } from './timer-event.ts';

export interface TimerQueueStats {
  started: number;
  stopped: number;
  expired: number;
  maxLength: number;
}

export interface TimerInfo {
  readonly name: string;
  readonly owner: string;
  readonly deadline: number;
  readonly expiries: number;
}

export class TimerQueue {
  private readonly heap: TimerEvent[] = [];
  private nextSeq = 0;
  readonly stats: TimerQueueStats = { started: 0, stopped: 0, expired: 0, maxLength: 0 };
  /**
   * End of the CPU run in progress (Infinity when none). A start before it
   * calls onEarlier so the run loop can cut the run short.
   */
  runEnd = Infinity;
  onEarlier: ((deadline: number) => void) | null = null;
  /** The event whose handler is running (set by the run loop). */
  firing: TimerEvent | null = null;

  constructor(readonly now: () => number) {}

  get length(): number {
    return this.heap.length;
  }

  /** Arms ev at absolute time deadline (re-arms when pending). */
  start(ev: TimerEvent, deadline: number): void {
    if (!(deadline >= 0)) throw new RangeError(`timer ${ev.name}: bad deadline ${deadline}`);
    const now = this.now();
    // A handler re-arming its own event for "now" would fire forever at one
    // instant: such a re-arm waits at least 1 ns.
    if (ev === this.firing && deadline <= now) deadline = now + 1;
    if (ev.heapIndex >= 0) this.removeAt(ev.heapIndex);
    ev.deadline = deadline;
    ev.durationNs = Math.max(0, deadline - now);
    ev.seq = this.nextSeq++;
    ev.heapIndex = this.heap.length;
    this.heap.push(ev);
    this.siftUp(ev.heapIndex);
    this.stats.started++;
    if (this.heap.length > this.stats.maxLength) this.stats.maxLength = this.heap.length;
    if (deadline < this.runEnd && this.onEarlier !== null) this.onEarlier(deadline);
  }

  startIn(ev: TimerEvent, deltaNs: number): void {
    this.start(ev, this.now() + Math.max(0, deltaNs));
  }

  /** Re-arms with the duration of the last start, from now. */
  restart(ev: TimerEvent): void {
    this.startIn(ev, ev.durationNs);
  }

  stop(ev: TimerEvent): void {
    if (ev.heapIndex < 0) return;
    this.removeAt(ev.heapIndex);
    this.stats.stopped++;
  }

  nextDeadline(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0].deadline;
  }

  /** Removes and returns the earliest event when it is due at `now`, else null. */
  popDue(now: number): TimerEvent | null {
    if (this.heap.length === 0 || this.heap[0].deadline > now) return null;
    const ev = this.heap[0];
    this.removeAt(0);
    ev.expiries++;
    this.stats.expired++;
    return ev;
  }

  /** Pending events in expiry order (for the `timer` command and tests). */
  list(): TimerInfo[] {
    return this.heap
      .slice()
      .sort(compare)
      .map((e) => ({ name: e.name, owner: e.owner, deadline: e.deadline, expiries: e.expiries }));
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const ev = heap[i];
    const last = heap.pop()!;
    ev.heapIndex = -1;
    if (i < heap.length) {
      heap[i] = last;
      last.heapIndex = i;
      this.siftDown(i);
      this.siftUp(last.heapIndex);
    }
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const ev = heap[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compare(ev, heap[p]) >= 0) break;
      heap[i] = heap[p];
      heap[i].heapIndex = i;
      i = p;
    }
    heap[i] = ev;
    ev.heapIndex = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const ev = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && compare(heap[r], heap[l]) < 0 ? r : l;
      if (compare(heap[c], ev) >= 0) break;
      heap[i] = heap[c];
      heap[i].heapIndex = i;
      i = c;
    }
    heap[i] = ev;
    ev.heapIndex = i;
  }
}

function compare(a: TimerEvent, b: TimerEvent): number {
  return a.deadline !== b.deadline ? a.deadline - b.deadline : a.seq - b.seq;
}
