import { describe, expect, it } from 'vitest';
import { DO, DONT, IAC, OPT_ECHO, OPT_SGA, SB, SE, TelnetDecoder, WILL, WONT, escapeIac } from './telnet-protocol.ts';

function decoder() {
  const replies: number[][] = [];
  const d = new TelnetDecoder((b) => replies.push([...b]));
  return { d, replies };
}

describe('telnet protocol', () => {
  it('greets with WILL ECHO, WILL SGA, DO SGA and does not answer the acknowledgements', () => {
    const { d, replies } = decoder();
    expect([...d.greeting()]).toEqual([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_SGA]);
    expect([...d.feed(Uint8Array.of(IAC, DO, OPT_ECHO, IAC, DO, OPT_SGA, IAC, WILL, OPT_SGA))]).toEqual([]);
    expect(replies).toEqual([]);
    expect(d.echoing).toBe(true);
  });

  it('refuses other options once each and withdraws on DONT', () => {
    const { d, replies } = decoder();
    d.greeting();
    d.feed(Uint8Array.of(IAC, WILL, 24, IAC, WILL, 31, IAC, DO, 5, IAC, WILL, 24));
    expect(replies).toEqual([[IAC, DONT, 24], [IAC, DONT, 31], [IAC, WONT, 5]]);
    d.feed(Uint8Array.of(IAC, DONT, OPT_ECHO, IAC, DONT, OPT_ECHO));
    expect(replies.slice(3)).toEqual([[IAC, WONT, OPT_ECHO]]);
    expect(d.echoing).toBe(false);
  });

  it('strips IAC sequences and subnegotiations, keeps IAC IAC as 0xFF', () => {
    const { d } = decoder();
    const input = Uint8Array.of(0x61, IAC, SB, 24, 0, 0x78, IAC, IAC, 0x79, IAC, SE, 0x62, IAC, IAC, 0x63, IAC, 241, 0x64);
    expect([...d.feed(input)]).toEqual([0x61, 0x62, IAC, 0x63, 0x64]);
  });

  it('turns CR NUL and CR LF into CR, even across chunks', () => {
    const { d } = decoder();
    expect([...d.feed(Uint8Array.of(0x61, 13, 0))]).toEqual([0x61, 13]);
    expect([...d.feed(Uint8Array.of(0x62, 13))]).toEqual([0x62, 13]);
    expect([...d.feed(Uint8Array.of(10, 0x63, 13, 13, 0))]).toEqual([0x63, 13, 13]);
    expect([...d.feed(Uint8Array.of(10))]).toEqual([10]);
  });

  it('escapes 0xFF in output', () => {
    expect([...escapeIac(Uint8Array.of(1, IAC, 2, IAC))]).toEqual([1, IAC, IAC, 2, IAC, IAC]);
    const plain = Uint8Array.of(1, 2);
    expect(escapeIac(plain)).toBe(plain);
  });
});
