// Character devices (Xvisor's vmm_chardev): host byte endpoints such as the
// console or a telnet connection, implemented in drivers/. Binding one to a
// vserial pipes guest output to it and its input to the guest.

import { Subject, type Observable, type Subscription } from 'rxjs';
import type { Vserial } from '../vserial/vserial.ts';

export interface CharDev {
  readonly name: string;
  write(data: Uint8Array): void;
  /** Bytes from the host side. */
  readonly input$: Observable<Uint8Array>;
}

export class ChardevRegistry {
  private readonly devs = new Map<string, CharDev>();

  register(cd: CharDev): void {
    if (this.devs.has(cd.name)) throw new Error(`chardev ${cd.name} already registered`);
    this.devs.set(cd.name, cd);
  }

  unregister(name: string): void {
    this.devs.delete(name);
  }

  get(name: string): CharDev | undefined {
    return this.devs.get(name);
  }

  list(): CharDev[] {
    return [...this.devs.values()];
  }
}

/** Connects vserial and chardev both ways until the returned binding is closed. */
export function bindVserial(vs: Vserial, cd: CharDev): { unbind(): void } {
  const subs: Subscription[] = [
    vs.output$.subscribe((b) => cd.write(Uint8Array.of(b))),
    cd.input$.subscribe((data) => vs.input(data)),
  ];
  return { unbind: () => subs.forEach((s) => s.unsubscribe()) };
}

/** A chardev kept in memory: what it was sent, and a way to type into it. */
export class BufferChardev implements CharDev {
  private readonly typed = new Subject<Uint8Array>();
  readonly input$ = this.typed.asObservable();
  readonly received: number[] = [];

  constructor(readonly name: string) {}

  write(data: Uint8Array): void {
    for (const b of data) this.received.push(b);
  }

  type(text: string): void {
    this.typed.next(new TextEncoder().encode(text));
  }

  text(): string {
    return new TextDecoder().decode(Uint8Array.from(this.received));
  }
}
