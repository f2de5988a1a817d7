// The host console (Xvisor's stdio device): bytes from the host terminal to
// the management terminal or a bound vserial, and bytes back out. Puts a TTY
// into raw mode while running, so that keys such as ESC and Ctrl-C reach the
// guest as bytes, and restores it on stop(). Streams are injected, so tests
// (and telnet) can drive it without a terminal.

import type { Readable, Writable } from 'node:stream';

interface RawCapable {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

export class HostConsole {
  private listener: ((chunk: Buffer | string) => void) | undefined;
  private wasRaw = false;
  bytesIn = 0;
  bytesOut = 0;

  constructor(private readonly input: Readable, private readonly output: Writable) {}

  /** Starts delivering input bytes to onBytes. */
  start(onBytes: (bytes: Uint8Array) => void): void {
    if (this.listener) throw new Error('host console already started');
    const tty = this.input as Readable & RawCapable;
    if (tty.isTTY && tty.setRawMode) {
      tty.setRawMode(true);
      this.wasRaw = true;
    }
    this.listener = (chunk) => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
      this.bytesIn += bytes.length;
      onBytes(bytes);
    };
    this.input.on('data', this.listener);
    this.input.resume();
  }

  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this.bytesOut += bytes.length;
    this.output.write(bytes);
  }

  stop(): void {
    if (!this.listener) return;
    this.input.off('data', this.listener);
    this.input.pause();
    this.listener = undefined;
    if (this.wasRaw) (this.input as Readable & RawCapable).setRawMode?.(false);
    this.wasRaw = false;
  }
}
