// The server side of the Telnet protocol (RFC 854) with the two options a
// character-mode session needs: ECHO (RFC 857) and SUPPRESS-GO-AHEAD
// (RFC 858). The server offers WILL ECHO and WILL SGA at connect so a real
// client switches to character mode; every other option is refused once.
// Negotiation follows RFC 854's "don't acknowledge what is already in
// effect" rule so two endpoints never loop. Input loses its IAC sequences
// and subnegotiations; CR NUL and CR LF become the CR a guest UART expects
// (RFC 854 "NVT": the end of line is CR LF, a bare CR is CR NUL).

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;

const enum St {
  Data,
  Iac,
  Opt,
  Sb,
  SbIac,
  Cr,
}

/** Decodes one client's byte stream; `reply` receives the negotiation answers. */
export class TelnetDecoder {
  private st = St.Data;
  private verb = 0;
  /** Options the server has enabled on its side (WILL sent and not withdrawn). */
  private readonly ours = new Set<number>();
  /** Options the client has enabled on its side (DO sent by us). */
  private readonly theirs = new Set<number>();
  /** Options we have refused once already: refuse silently after that. */
  private readonly refused = new Set<number>();

  constructor(private readonly reply: (bytes: Uint8Array) => void) {}

  /** What the server sends first: WILL ECHO, WILL SGA, DO SGA. */
  greeting(): Uint8Array {
    this.ours.add(OPT_ECHO);
    this.ours.add(OPT_SGA);
    this.theirs.add(OPT_SGA);
    return Uint8Array.of(IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_SGA);
  }

  /** The data bytes in `chunk`, with protocol bytes removed. */
  feed(chunk: Uint8Array): Uint8Array {
    const out: number[] = [];
    for (const b of chunk) {
      switch (this.st) {
        case St.Data:
          if (b === IAC) this.st = St.Iac;
          else if (b === 13) {
            out.push(13);
            this.st = St.Cr;
          } else out.push(b);
          break;
        case St.Cr:
          // CR NUL and CR LF are one end of line: the CR is already out.
          if (b === IAC) this.st = St.Iac;
          else {
            if (b !== 0 && b !== 10) out.push(b);
            this.st = b === 13 ? St.Cr : St.Data;
          }
          break;
        case St.Iac:
          if (b === IAC) {
            out.push(IAC);
            this.st = St.Data;
          } else if (b === WILL || b === WONT || b === DO || b === DONT) {
            this.verb = b;
            this.st = St.Opt;
          } else if (b === SB) this.st = St.Sb;
          else this.st = St.Data; // NOP, GA, AYT, IP, ... carry nothing for a serial line
          break;
        case St.Opt:
          this.negotiate(this.verb, b);
          this.st = St.Data;
          break;
        case St.Sb:
          if (b === IAC) this.st = St.SbIac;
          break;
        case St.SbIac:
          this.st = b === SE ? St.Data : St.Sb;
          break;
      }
    }
    return Uint8Array.from(out);
  }

  private negotiate(verb: number, opt: number): void {
    const ours = opt === OPT_ECHO || opt === OPT_SGA;
    if (verb === DO) {
      if (ours && !this.ours.has(opt)) {
        this.ours.add(opt);
        this.reply(Uint8Array.of(IAC, WILL, opt));
      } else if (!ours && !this.refused.has(opt)) {
        this.refused.add(opt);
        this.reply(Uint8Array.of(IAC, WONT, opt));
      }
    } else if (verb === DONT) {
      if (this.ours.delete(opt)) this.reply(Uint8Array.of(IAC, WONT, opt));
    } else if (verb === WILL) {
      if (opt === OPT_SGA) {
        if (!this.theirs.has(opt)) {
          this.theirs.add(opt);
          this.reply(Uint8Array.of(IAC, DO, opt));
        }
      } else if (!this.refused.has(256 + opt)) {
        this.refused.add(256 + opt);
        this.reply(Uint8Array.of(IAC, DONT, opt));
      }
    } else if (verb === WONT) {
      if (this.theirs.delete(opt)) this.reply(Uint8Array.of(IAC, DONT, opt));
    }
  }

  /** Whether the server currently echoes (the client agreed or did not object). */
  get echoing(): boolean {
    return this.ours.has(OPT_ECHO);
  }
}

/** Output bytes with every 0xFF doubled (RFC 854: IAC IAC is a data byte 255). */
export function escapeIac(data: Uint8Array): Uint8Array {
  let n = 0;
  for (const b of data) if (b === IAC) n++;
  if (n === 0) return data;
  const out = new Uint8Array(data.length + n);
  let j = 0;
  for (const b of data) {
    out[j++] = b;
    if (b === IAC) out[j++] = IAC;
  }
  return out;
}
