// Serves one guest vserial on a telnet port (Xvisor's vsdaemon "telnet"
// transport): guest output goes to every attached client, each client's
// input goes to the guest. Clients come and go without the guest noticing.
// Guest output arrives a byte at a time; it is gathered and sent once per
// turn of the event loop so a busy console costs one socket write, not
// one per byte.

import type { Vserial } from '../../core/vserial/vserial.ts';
import { TelnetServer } from './telnet-server.ts';

export class VserialTelnet {
  private pending: number[] = [];
  private flushQueued = false;
  private readonly sub: { unsubscribe(): void };

  private constructor(readonly vserial: Vserial, readonly server: TelnetServer) {
    this.sub = vserial.output$.subscribe((b) => {
      if (server.clients.size === 0) return;
      this.pending.push(b);
      if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    });
  }

  static async start(vserial: Vserial, port: number): Promise<VserialTelnet> {
    let self: VserialTelnet | undefined;
    const server = await TelnetServer.listen(port, { data: (_c, data) => self?.vserial.input(data) });
    self = new VserialTelnet(vserial, server.unref());
    return self;
  }

  get port(): number {
    return this.server.port;
  }

  get clientCount(): number {
    return this.server.clients.size;
  }

  private flush(): void {
    this.flushQueued = false;
    const data = Uint8Array.from(this.pending);
    this.pending = [];
    this.server.broadcast(data);
  }

  async stop(): Promise<void> {
    this.sub.unsubscribe();
    await this.server.close();
  }
}
