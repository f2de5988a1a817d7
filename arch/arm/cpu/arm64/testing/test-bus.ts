// A minimal GuestBus for the arm64 backend's tests: RAM regions backed by
// one ArrayBuffer each, a write-only byte port ("UART": any write stores the
// low byte; a PL011 data register at its offset 0 works the same), optional
// extra MMIO handlers, and a global exclusive monitor shared by all vcpus.
// The real GuestAspace (core/aspace) is written elsewhere; this is the
// smallest thing with the same contract.

import type { ExclusiveMonitor, GuestBus } from '../../../../../core/aspace/guest-bus.ts';

export class TestMonitor implements ExclusiveMonitor {
  private readonly addr = new Map<number, { pa: number; size: number }>();
  active = false;
  mark(vcpu: number, pa: number, size: number): void {
    this.addr.set(vcpu, { pa, size });
    this.active = true;
  }
  checkAndClear(vcpu: number, pa: number, size: number): boolean {
    const m = this.addr.get(vcpu);
    this.addr.delete(vcpu);
    this.active = this.addr.size > 0;
    return !!m && m.pa === pa && m.size === size;
  }
  clear(vcpu: number): void {
    this.addr.delete(vcpu);
    this.active = this.addr.size > 0;
  }
  noteStore(vcpu: number, pa: number, size: number): void {
    for (const [v, m] of this.addr) {
      // Reservation granule: 64 bytes.
      if (v !== vcpu && Math.floor(m.pa / 64) <= Math.floor((pa + size - 1) / 64) && Math.floor(pa / 64) <= Math.floor((m.pa + m.size - 1) / 64)) {
        this.addr.delete(v);
      }
    }
    this.active = this.addr.size > 0;
  }
}

export interface MmioHandler {
  base: number;
  size: number;
  read(off: number, size: number, vcpu: number): number;
  write(off: number, size: number, value: number, vcpu: number): void;
}

interface Ram { base: number; size: number; view: DataView; bytes: Uint8Array; writable: boolean }

export class TestBus implements GuestBus {
  hitView: DataView = new DataView(new ArrayBuffer(8));
  hitOffset = 0;
  hitWritable = false;
  dataHi = 0;
  fault = 0;
  writeGeneration = 0;
  readonly monitor = new TestMonitor();
  readonly rams: Ram[] = [];
  readonly mmio: MmioHandler[] = [];
  readonly uartBytes: number[] = [];
  /** Log of MMIO accesses that faulted (unmapped). */
  readonly faults: number[] = [];

  addRam(base: number, size: number, writable = true): Ram {
    const buf = new ArrayBuffer(size);
    const r = { base, size, view: new DataView(buf), bytes: new Uint8Array(buf), writable };
    this.rams.push(r);
    return r;
  }

  /** A byte output port at `base` (PL011 UARTDR compatible: flag register reads 0). */
  addUart(base: number): void {
    this.mmio.push({
      base, size: 0x1000,
      read: () => 0,
      write: (off, _size, value) => { if (off === 0) this.uartBytes.push(value & 0xff); },
    });
  }

  uartText(): string {
    return String.fromCharCode(...this.uartBytes);
  }

  ramLookup(pa: number): boolean {
    for (const r of this.rams) {
      if (pa >= r.base && pa < r.base + r.size) {
        this.hitView = r.view;
        this.hitOffset = (pa - r.base) - ((pa - r.base) % 4096);
        this.hitWritable = r.writable;
        return true;
      }
    }
    return false;
  }

  private findMmio(pa: number): MmioHandler | undefined {
    for (const m of this.mmio) if (pa >= m.base && pa < m.base + m.size) return m;
    return undefined;
  }

  mmioRead(pa: number, size: 1 | 2 | 4 | 8, vcpu: number): number {
    const m = this.findMmio(pa);
    this.dataHi = 0;
    if (!m) { this.fault = 1; this.faults.push(pa); return 0; }
    this.fault = 0;
    return m.read(pa - m.base, size, vcpu);
  }

  mmioWrite(pa: number, size: 1 | 2 | 4 | 8, value: number, _valueHi: number, vcpu: number): void {
    const m = this.findMmio(pa);
    if (!m) { this.fault = 1; this.faults.push(pa); return; }
    this.fault = 0;
    m.write(pa - m.base, size, value, vcpu);
  }

  noteCodeWrite(_pa: number): void {
    this.writeGeneration++;
  }

  /** Copies bytes into RAM (loader). */
  load(pa: number, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      if (!this.ramLookup(pa + i)) throw new Error(`TestBus.load: 0x${(pa + i).toString(16)} is not RAM`);
      this.hitView.setUint8(this.hitOffset + ((pa + i) % 4096), data[i]!);
    }
    this.writeGeneration++;
  }

  read8(pa: number): number {
    if (!this.ramLookup(pa)) throw new Error(`TestBus.read8: 0x${pa.toString(16)} is not RAM`);
    return this.hitView.getUint8(this.hitOffset + (pa % 4096));
  }
}
