// Virtual serial ports (Xvisor's vmm_vserial): the host side of each guest
// UART, named `<guest>/<node>`. Output is an rxjs stream plus a ring buffer
// of recent bytes for `vserial dump`; input is queued and handed to the UART
// while it accepts bytes, resuming when the UART calls notifyRoom.

import { Subject, type Observable } from 'rxjs';
import type { CharPort } from '../devemu/emulator.ts';

export class Vserial implements CharPort {
  private readonly out = new Subject<number>();
  /** Every byte the guest transmits. */
  readonly output$: Observable<number> = this.out.asObservable();
  private readonly ring: Uint8Array;
  private ringHead = 0;
  private ringCount = 0;
  private receiver: ((byte: number) => boolean) | null = null;
  private readonly pending: number[] = [];
  bytesOut = 0;
  bytesIn = 0;

  constructor(
    readonly name: string,
    ringSize = 4096,
  ) {
    this.ring = new Uint8Array(ringSize);
  }

  // ---- guest side (CharPort) ----

  send(byte: number): void {
    const b = byte & 0xff;
    this.ring[(this.ringHead + this.ringCount) % this.ring.length] = b;
    if (this.ringCount < this.ring.length) this.ringCount++;
    else this.ringHead = (this.ringHead + 1) % this.ring.length;
    this.bytesOut++;
    this.out.next(b);
  }

  setReceiver(rx: (byte: number) => boolean): void {
    this.receiver = rx;
    this.pump();
  }

  notifyRoom(): void {
    this.pump();
  }

  // ---- host side ----

  /** Bytes typed by the host (console, telnet, tests). */
  input(data: Uint8Array | string): void {
    if (typeof data === 'string') for (const b of new TextEncoder().encode(data)) this.pending.push(b);
    else for (const b of data) this.pending.push(b);
    this.pump();
  }

  /** Bytes waiting for room in the UART. */
  get backlog(): number {
    return this.pending.length;
  }

  /** The last `max` bytes of output (all kept when omitted). */
  dump(max = this.ring.length): Uint8Array {
    const n = Math.min(max, this.ringCount);
    const out = new Uint8Array(n);
    const start = this.ringHead + this.ringCount - n;
    for (let i = 0; i < n; i++) out[i] = this.ring[(start + i) % this.ring.length];
    return out;
  }

  close(): void {
    this.out.complete();
    this.receiver = null;
  }

  private pump(): void {
    const rx = this.receiver;
    if (rx === null) return;
    let i = 0;
    while (i < this.pending.length && rx(this.pending[i])) i++;
    if (i > 0) {
      this.pending.splice(0, i);
      this.bytesIn += i;
    }
  }
}

export class VserialRegistry {
  private readonly ports = new Map<string, Vserial>();
  private readonly added = new Subject<Vserial>();
  readonly added$: Observable<Vserial> = this.added.asObservable();

  create(name: string): Vserial {
    if (this.ports.has(name)) throw new Error(`vserial ${name} already exists`);
    const v = new Vserial(name);
    this.ports.set(name, v);
    this.added.next(v);
    return v;
  }

  get(name: string): Vserial | undefined {
    return this.ports.get(name);
  }

  list(): Vserial[] {
    return [...this.ports.values()];
  }

  /** Removes the ports of a guest (`<guest>/...`). */
  removeGuest(guest: string): void {
    for (const [n, v] of this.ports)
      if (n.startsWith(`${guest}/`)) {
        v.close();
        this.ports.delete(n);
      }
  }
}
