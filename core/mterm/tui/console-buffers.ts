// The text of every guest console as a terminal would show it, kept from the
// start so that binding to a console shows its history. Carriage returns are
// dropped and backspaces erase, as on a terminal; other control bytes vanish.
// Changes are announced at most once per event-loop turn per console.

import { Subject, type Observable } from 'rxjs';
import type { VserialRegistry } from '../../vserial/vserial.ts';

interface Buffer {
  text: string;
  /** Length of text already handed out by takeNew; -1 after an erase (full redraw). */
  taken: number;
}

export class ConsoleBuffers {
  private readonly buffers = new Map<string, Buffer>();
  private readonly pending = new Set<string>();
  private flushScheduled = false;
  private readonly changes = new Subject<string>();
  readonly changed$: Observable<string> = this.changes.asObservable();

  constructor(
    vserials: VserialRegistry,
    private readonly maxChars: number,
  ) {
    for (const v of vserials.list()) this.watch(v.name, v.output$);
    vserials.added$.subscribe((v) => this.watch(v.name, v.output$));
  }

  private watch(name: string, out: Observable<number>): void {
    const buf: Buffer = { text: '', taken: 0 };
    this.buffers.set(name, buf);
    out.subscribe((b) => this.put(name, buf, b));
  }

  /** Applies one byte; exported behaviour is tested through feed(). */
  private put(name: string, buf: Buffer, b: number): void {
    if (b === 8 || b === 0x7f) {
      if (buf.text.length > 0 && !buf.text.endsWith('\n')) {
        buf.text = buf.text.slice(0, -1);
        if (buf.taken > buf.text.length) buf.taken = -1;
      }
    } else if (b === 10 || b === 9 || (b >= 32 && b < 127)) {
      buf.text += String.fromCharCode(b);
    } else return;
    if (buf.text.length > this.maxChars) {
      const cut = buf.text.indexOf('\n', buf.text.length - this.maxChars);
      buf.text = buf.text.slice(cut < 0 ? buf.text.length - this.maxChars : cut + 1);
      buf.taken = -1;
    }
    this.pending.add(name);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const names = [...this.pending];
    this.pending.clear();
    for (const n of names) this.changes.next(n);
  }

  text(name: string): string {
    return this.buffers.get(name)?.text ?? '';
  }

  /** Text added since the last call, or null when earlier text changed (redraw all). */
  takeNew(name: string): string | null {
    const buf = this.buffers.get(name);
    if (!buf) return '';
    const from = buf.taken;
    buf.taken = buf.text.length;
    return from < 0 ? null : buf.text.slice(from);
  }
}
