// The global exclusive monitor of one guest (ARM ARM B2.9 "Synchronization
// and semaphores"): each vcpu holds at most one reservation granule; a store
// by anyone else to that granule clears it. Granule of 64 bytes, a value the
// architecture allows (ERG 4..11, here 6).

import type { ExclusiveMonitor } from './guest-bus.ts';

const GRANULE = 64;

export class GuestExclusiveMonitor implements ExclusiveMonitor {
  private readonly marks: Float64Array;
  private count = 0;
  active = false;

  constructor(vcpuCount: number) {
    this.marks = new Float64Array(Math.max(1, vcpuCount)).fill(-1);
  }

  mark(vcpu: number, pa: number, _size: number): void {
    if (this.marks[vcpu] < 0) this.count++;
    this.marks[vcpu] = pa - (pa % GRANULE);
    this.active = true;
  }

  checkAndClear(vcpu: number, pa: number, _size: number): boolean {
    const m = this.marks[vcpu];
    if (m < 0) return false;
    this.clear(vcpu);
    return m === pa - (pa % GRANULE);
  }

  clear(vcpu: number): void {
    if (this.marks[vcpu] >= 0) {
      this.marks[vcpu] = -1;
      this.count--;
      this.active = this.count > 0;
    }
  }

  noteStore(vcpu: number, pa: number, size: number): void {
    if (!this.active) return;
    const first = pa - (pa % GRANULE);
    const last = pa + size - 1 - ((pa + size - 1) % GRANULE);
    for (let i = 0; i < this.marks.length; i++) {
      if (i === vcpu) continue;
      const m = this.marks[i];
      if (m >= first && m <= last) this.clear(i);
    }
  }

  clearAll(): void {
    for (let i = 0; i < this.marks.length; i++) this.clear(i);
  }
}
