// The management terminal served over telnet (CONFIG_MTERM_TELNET): every
// client gets its own `XVisor# ` prompt and line editor and runs commands
// through the session's commands. The server echoes (it offered WILL ECHO),
// edits with backspace, drops the line on Ctrl-C and closes on Ctrl-D at an
// empty line. `vserial bind` attaches only this client's connection to the
// guest console until Xvisor's escape ESC x q. Output line ends become
// CR LF as a network virtual terminal expects (RFC 854).

import type { CmdIo } from '../cmd/command.ts';
import type { CmdContext, ConsoleBinder } from '../cmd/context.ts';
import { CommandManager } from '../cmd/manager.ts';
import type { Vserial } from '../vserial/vserial.ts';
import { TelnetServer, type TelnetClient } from '../../drivers/telnet/telnet-server.ts';
import type { Session } from './session.ts';

export const TELNET_PROMPT = 'XVisor# ';
const ESCAPE = '\x1bxq';
/** Longest command line kept; further characters are refused with a bell. */
export const MAX_LINE = 1024;

class MtermClient {
  private line = '';
  private queue: string[] = [];
  private busy = false;
  private bound: { port: Vserial; sub: { unsubscribe(): void }; escape: string } | undefined;
  private readonly io: CmdIo;
  private readonly prompt: string;

  constructor(
    private readonly session: Session,
    private readonly client: TelnetClient,
  ) {
    this.io = { write: (s) => client.write(s.replace(/\r?\n/g, '\r\n')), color: false };
    this.prompt = session.prompt ?? TELNET_PROMPT;
  }

  start(): void {
    this.client.write(`Xvisor-TS management terminal (telnet). Type "help" for commands.\r\n${this.prompt}`);
  }

  input(data: Uint8Array): void {
    if (this.bound) return this.feedBound(data);
    for (const b of data) {
      if (this.bound) {
        this.feedBound(Uint8Array.of(b));
        continue;
      }
      if (b === 13 || b === 10) {
        this.client.write('\r\n');
        this.queue.push(this.line);
        this.line = '';
        void this.drain();
      } else if (b === 8 || b === 127) {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          if (!this.busy) this.client.write('\b \b');
        }
      } else if (b === 3) {
        this.line = '';
        this.client.write(`^C\r\n${this.prompt}`);
      } else if (b === 4 && this.line === '' && !this.busy) {
        this.client.close();
      } else if (b >= 32 && b < 127) {
        if (this.line.length >= MAX_LINE) {
          this.client.write('\x07');
          continue;
        }
        this.line += String.fromCharCode(b);
        if (!this.busy) this.client.write(Uint8Array.of(b));
      }
    }
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    while (this.queue.length > 0 && !this.client.closed) {
      const line = this.queue.shift()!;
      await this.context().execLine(line, this.io);
      if (!this.bound) this.client.write(this.prompt + this.line);
    }
    this.busy = false;
  }

  /** A command manager over the session's commands whose console is this connection. */
  private context(): CommandManager<CmdContext> {
    const binder: ConsoleBinder = { bind: (name) => this.bind(name) };
    const ctx = Object.create(this.session.ctx, { console: { value: binder } }) as CmdContext;
    const m = new CommandManager<CmdContext>(ctx);
    for (const c of this.session.commands.list()) m.register(c);
    return m;
  }

  private bind(name: string): void {
    const port = this.session.hv.vserials.get(name);
    if (!port) throw new Error(`no vserial ${name}`);
    const sub = port.output$.subscribe((b) => this.client.write(b === 10 ? Uint8Array.of(13, 10) : Uint8Array.of(b)));
    this.bound = { port, sub, escape: '' };
    this.client.write(`[${name}] (ESC x q to leave)\r\n`);
  }

  private feedBound(data: Uint8Array): void {
    const b = this.bound!;
    for (const byte of data) {
      if (!this.bound) {
        this.input(Uint8Array.of(byte));
        continue;
      }
      const ch = String.fromCharCode(byte);
      if (ch === ESCAPE[b.escape.length]) {
        b.escape += ch;
        if (b.escape === ESCAPE) {
          b.sub.unsubscribe();
          this.bound = undefined;
          this.client.write(`\r\n${this.prompt}`);
        }
        continue;
      }
      if (b.escape) b.port.input(b.escape);
      b.escape = '';
      b.port.input(Uint8Array.of(byte));
    }
  }

  close(): void {
    this.bound?.sub.unsubscribe();
    this.bound = undefined;
    this.queue = [];
  }
}

/** Serves the session's management terminal on 127.0.0.1:`port` (0: ephemeral). */
export async function serveMtermTelnet(session: Session, port: number): Promise<TelnetServer> {
  const clients = new Map<TelnetClient, MtermClient>();
  const server = await TelnetServer.listen(port, {
    connect(c) {
      const m = new MtermClient(session, c);
      clients.set(c, m);
      m.start();
    },
    data(c, data) {
      clients.get(c)?.input(data);
    },
    disconnect(c) {
      clients.get(c)?.close();
      clients.delete(c);
    },
  });
  return server.unref();
}

/**
 * Starts the management terminal's telnet server as the options and the
 * configuration ask (--telnet-port wins; else CONFIG_MTERM_TELNET and
 * CONFIG_MTERM_TELNET_PORT) and says where on `log`. A port that cannot be
 * bound is a warning: the hypervisor runs on without it.
 */
export async function startMtermTelnet(session: Session, port: number | null | undefined, log: (line: string) => void): Promise<TelnetServer | undefined> {
  const c = session.opts.config;
  const enabled = port !== null && (port !== undefined || (c.MTERM_TELNET !== undefined && c.MTERM_TELNET !== false));
  if (!enabled) return undefined;
  const p = port ?? (typeof c.MTERM_TELNET_PORT === 'number' ? c.MTERM_TELNET_PORT : 2323);
  try {
    const server = await serveMtermTelnet(session, p);
    log(`xvisor: management terminal on telnet 127.0.0.1:${server.port}`);
    session.onShutdown(() => void server.close());
    return server;
  } catch (e) {
    log(`xvisor: warning: ${(e as Error).message}; no telnet management terminal`);
    return undefined;
  }
}
