// A telnet server on the loopback interface only (127.0.0.1): accepts any
// number of clients, negotiates character mode (telnet-protocol.ts), hands
// each client's decoded input to its session and sends output to one
// client or to all. A client that resets or vanishes is dropped quietly;
// nothing it does reaches beyond its own session. A client that stops
// reading loses output beyond MAX_BACKLOG rather than stalling the sender.

import { createServer, type Server, type Socket } from 'node:net';
import { TelnetDecoder, escapeIac } from './telnet-protocol.ts';

/** Bytes queued for one client before further output to it is dropped. */
export const MAX_BACKLOG = 1 << 20;

export class TelnetClient {
  private readonly decoder: TelnetDecoder;
  closed = false;
  dropped = 0;

  constructor(readonly socket: Socket, readonly id: number) {
    this.decoder = new TelnetDecoder((b) => this.raw(b));
  }

  /** Sends data bytes (0xFF escaped). */
  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this.raw(escapeIac(bytes));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
  }

  raw(bytes: Uint8Array): void {
    if (this.closed || this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength > MAX_BACKLOG) {
      this.dropped += bytes.length;
      return;
    }
    this.socket.write(bytes);
  }

  greet(): void {
    this.raw(this.decoder.greeting());
  }

  decode(chunk: Uint8Array): Uint8Array {
    return this.decoder.feed(chunk);
  }
}

export interface TelnetHandlers {
  /** A client connected (after the greeting was sent). */
  connect?(client: TelnetClient): void;
  /** Decoded data from a client. */
  data(client: TelnetClient, data: Uint8Array): void;
  /** A client went away. */
  disconnect?(client: TelnetClient): void;
}

export class TelnetServer {
  private readonly server: Server;
  readonly clients = new Set<TelnetClient>();
  private nextId = 1;
  private boundPort = 0;

  private constructor(private readonly handlers: TelnetHandlers) {
    this.server = createServer((s) => this.accept(s));
  }

  /** Listens on 127.0.0.1:`port` (0: an ephemeral port); rejects with a clear message. */
  static listen(port: number, handlers: TelnetHandlers): Promise<TelnetServer> {
    const t = new TelnetServer(handlers);
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) =>
        reject(new Error(`telnet: cannot listen on 127.0.0.1:${port}: ${e.code === 'EADDRINUSE' ? 'port in use' : e.code === 'EACCES' ? 'permission denied' : e.message}`));
      t.server.once('error', onError);
      t.server.listen(port, '127.0.0.1', () => {
        t.server.off('error', onError);
        t.server.on('error', () => {});
        const a = t.server.address();
        t.boundPort = typeof a === 'object' && a !== null ? a.port : port;
        resolve(t);
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  /** Lets the process exit while the server is open (front ends that end at EOF). */
  unref(): this {
    this.server.unref();
    return this;
  }

  broadcast(data: Uint8Array): void {
    if (this.clients.size === 0) return;
    const esc = escapeIac(data);
    for (const c of this.clients) c.raw(esc);
  }

  close(): Promise<void> {
    for (const c of this.clients) {
      c.closed = true;
      c.socket.destroy();
    }
    this.clients.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const client = new TelnetClient(socket, this.nextId++);
    this.clients.add(client);
    socket.setNoDelay(true);
    const gone = () => {
      if (!this.clients.delete(client)) return;
      client.closed = true;
      this.handlers.disconnect?.(client);
    };
    socket.on('error', gone);
    socket.on('close', gone);
    socket.on('end', () => {
      gone();
      socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      const data = client.decode(chunk);
      if (data.length > 0 && this.clients.has(client)) this.handlers.data(client, data);
    });
    client.greet();
    this.handlers.connect?.(client);
  }
}
