// A fixed-capacity FIFO of small integers (UART characters with their error
// bits) in a typed array, so that pushing and popping never allocates.

import { EmuStateError } from '../../core/devemu/emulator.ts';

export class ByteFifo {
  private readonly buf: Uint16Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buf = new Uint16Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  push(v: number): boolean {
    if (this.count >= this.capacity) return false;
    this.buf[(this.head + this.count) % this.capacity] = v;
    this.count++;
    return true;
  }

  /** Oldest entry, or 0 when empty. */
  pop(): number {
    if (this.count === 0) return 0;
    const v = this.buf[this.head]!;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return v;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.buf[(this.head + i) % this.capacity]!);
    return out;
  }

  load(values: readonly number[], device: string): void {
    if (values.length > this.capacity) throw new EmuStateError(`${device}: FIFO state holds ${values.length} entries, capacity ${this.capacity}`);
    this.clear();
    for (const v of values) this.push(v);
  }
}
