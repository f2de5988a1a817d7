import { describe, it, expect } from 'vitest';
import type { NetPort, NetSwitch } from '../../core/devemu/host-services.ts';
import { EmuStateError } from '../../core/devemu/emulator.ts';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import {
  smc91c111Emulator, Smc91c111, ethernetFcs, MmuCmd, ARR_FAILED, FIFO_EMPTY, TCR_TXENA, TCR_PAD_EN, RCR_RXEN, RCR_STRIP_CRC, RCR_SOFT_RST,
  PTR_AUTO_INCR, PTR_RCV, PTR_READ, INT_RCV, INT_TX, INT_TX_EMPTY, INT_ALLOC, INT_RX_OVRN, CTRL_ODD, RX_CTRL, RXS_BRODCAST, RXS_ODDFRM,
  CTL_AUTO_RELEASE, EPH_TX_SUC, EPH_LINK_OK, CHIP_REVISION,
} from './smc91c111.ts';
import { MII_MCLK, MII_MDI, MII_MDO, MII_MDOE } from './smc91c111-phy.ts';

const MAC = '52:54:00:12:34:56';
const MAC_BYTES = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

class FakePort implements NetPort {
  readonly sent: Uint8Array[] = [];
  rx: ((f: Uint8Array) => void) | undefined;
  closed = false;
  send(frame: Uint8Array): void {
    this.sent.push(frame.slice());
  }
  setReceiver(rx: (f: Uint8Array) => void): void {
    this.rx = rx;
  }
  close(): void {
    this.closed = true;
  }
}

function setup(sw = 'br0') {
  const port = new FakePort();
  const names: string[] = [];
  const s: NetSwitch = { name: 'br0', connect: (n) => (names.push(n), port) };
  const ctx = new FakeContext({
    nodeName: 'eth', base: 0x1a000000, size: 0x10000, interrupts: [47], attrs: { switch: sw, mac: MAC }, services: { 'net-switch/br0': s },
  });
  const dev = probeWith(smc91c111Emulator, 'smsc,smc91c111', ctx) as Smc91c111;
  return { ctx, dev, port, names };
}

const bank = (d: Smc91c111, b: number) => d.write(0xe, 2, b);
const cmd = (d: Smc91c111, c: MmuCmd) => d.write(0x0, 2, c << 5);

/** Allocates a packet and writes frame into it the way a driver does (16-bit data writes). */
function loadFrame(d: Smc91c111, frame: number[]): number {
  bank(d, 2);
  cmd(d, MmuCmd.Alloc);
  const arr = d.read(0x3, 1);
  expect(arr & ARR_FAILED).toBe(0);
  d.write(0x2, 1, arr);
  d.write(0x6, 2, PTR_AUTO_INCR);
  const odd = frame.length & 1;
  const count = frame.length - odd + 6;
  d.write(0x8, 2, 0); // status word
  d.write(0x8, 2, count);
  for (let i = 0; i + 1 < frame.length; i += 2) d.write(0x8, 2, frame[i]! | (frame[i + 1]! << 8));
  d.write(0x8, 2, odd ? frame[frame.length - 1]! | (CTRL_ODD << 8) : 0);
  return arr;
}

function rxFrame(len: number, dst = MAC_BYTES): Uint8Array {
  const f = new Uint8Array(len);
  f.set(dst);
  f.set([2, 0, 0, 0, 0, 1], 6);
  f.set([0x08, 0x00], 12);
  for (let i = 14; i < len; i++) f[i] = i & 0xff;
  return f;
}

function miiOut(d: Smc91c111, v: number, bits: number): void {
  for (let i = bits - 1; i >= 0; i--) {
    const b = (v >>> i) & 1 ? MII_MDO : 0;
    d.write(0x8, 2, MII_MDOE | b);
    d.write(0x8, 2, MII_MDOE | b | MII_MCLK);
  }
}

/** Clause 22 write: preamble, 01 01 PHYAD REGAD 10 DATA. */
function miiWrite(d: Smc91c111, phy: number, reg: number, v: number): void {
  bank(d, 3);
  miiOut(d, 0xffffffff, 32);
  miiOut(d, ((5 << 28) | (phy << 23) | (reg << 18) | (2 << 16) | v) >>> 0, 32);
}

/** Clause 22 read through the bit-banged management register, as a driver does it. */
function miiRead(d: Smc91c111, phy: number, reg: number): number {
  bank(d, 3);
  const out = (v: number, bits: number) => miiOut(d, v, bits);
  out(0xffffffff, 32);
  out((6 << 10) | (phy << 5) | reg, 14);
  let v = 0;
  for (let i = 0; i < 18; i++) {
    if (d.read(0x8, 2) & MII_MDI) v |= 1 << (17 - i);
    d.write(0x8, 2, 0);
    d.write(0x8, 2, MII_MCLK);
  }
  return v & 0xffff;
}

describe('SMC91C111', () => {
  it('switches banks; the bank select high byte reads 0x33 in every bank; revision and MIR', () => {
    const { dev } = setup();
    for (let b = 0; b < 4; b++) {
      bank(dev, b);
      expect(dev.read(0xe, 2)).toBe(0x3300 | b);
      expect(dev.read(0xf, 1)).toBe(0x33);
    }
    bank(dev, 3);
    expect(dev.read(0xa, 2)).toBe(CHIP_REVISION);
    expect((dev.read(0xa, 2) >> 4) & 0xf).toBe(9);
    bank(dev, 1);
    expect(dev.read(0x0, 2)).toBe(0xa0b1);
    expect(dev.read(0xc, 2)).toBe(0x1210);
    expect([4, 5, 6, 7, 8, 9].map((o) => dev.read(o, 1))).toEqual(MAC_BYTES);
    bank(dev, 0);
    expect(dev.read(0x8, 2)).toBe(0x0404); // 4 of 4 2 KB packets free
    // The 16-byte register file repeats across the window; a 32-bit read spans two registers.
    expect(dev.read(0x100e, 2)).toBe(0x3300);
    bank(dev, 2);
    expect(dev.read(0xc, 4)).toBe(0x33020000 | INT_TX_EMPTY);
  });

  it('allocate + write a frame + enqueue transmits it to the switch port; TX and TX_EMPTY interrupts; ack pops the completion FIFO', () => {
    const { ctx, dev, port, names } = setup();
    expect(names).toEqual(['guest0/eth']);
    bank(dev, 2);
    dev.write(0xd, 1, INT_TX | INT_TX_EMPTY | INT_ALLOC);
    dev.write(0xc, 1, INT_TX_EMPTY);
    expect(ctx.level(47)).toBe(0);
    const frame = [...rxFrame(61)];
    const p = loadFrame(dev, frame);
    expect(ctx.level(47)).toBe(1); // ALLOC_INT
    expect(dev.read(0xc, 1) & INT_ALLOC).toBe(INT_ALLOC);
    dev.write(0xd, 1, INT_TX | INT_TX_EMPTY);
    cmd(dev, MmuCmd.Enqueue);
    expect(port.sent.length).toBe(0); // TXENA clear: waits in the TX FIFO
    bank(dev, 0);
    dev.write(0x0, 2, TCR_TXENA | TCR_PAD_EN);
    expect(port.sent.map((f) => [...f])).toEqual([frame]);
    expect(dev.read(0x2, 2)).toBe(EPH_TX_SUC | EPH_LINK_OK);
    bank(dev, 2);
    expect(dev.read(0xc, 1) & (INT_TX | INT_TX_EMPTY)).toBe(INT_TX | INT_TX_EMPTY);
    expect(dev.read(0x4, 1)).toBe(p);
    expect(ctx.level(47)).toBe(1);
    dev.write(0xc, 1, INT_TX | INT_TX_EMPTY);
    expect(dev.read(0x4, 1)).toBe(FIFO_EMPTY);
    expect(ctx.level(47)).toBe(0);
    // The status word of the packet holds the EPH status; release frees the memory.
    dev.write(0x2, 1, p);
    dev.write(0x6, 2, PTR_READ);
    expect(dev.read(0x8, 2)).toBe(EPH_TX_SUC | EPH_LINK_OK);
    bank(dev, 0);
    expect(dev.read(0x9, 1)).toBe(3);
    bank(dev, 2);
    cmd(dev, MmuCmd.Release);
    bank(dev, 0);
    expect(dev.read(0x9, 1)).toBe(4);
  });

  it('pads short frames with PAD_EN; AUTO_RELEASE frees the packet without a TX interrupt', () => {
    const { dev, port } = setup();
    bank(dev, 1);
    dev.write(0xc, 2, CTL_AUTO_RELEASE);
    bank(dev, 0);
    dev.write(0x0, 2, TCR_TXENA | TCR_PAD_EN);
    loadFrame(dev, [...rxFrame(42)]);
    cmd(dev, MmuCmd.Enqueue);
    expect(port.sent[0]!.length).toBe(60);
    expect(dev.read(0xc, 1) & INT_TX).toBe(0);
    bank(dev, 0);
    expect(dev.read(0x9, 1)).toBe(4);
  });

  it('a frame from the port lands in the RX FIFO with RCV; 32-bit data reads; remove-and-release acknowledges it', () => {
    const { ctx, dev, port } = setup();
    bank(dev, 0);
    dev.write(0x4, 2, RCR_RXEN);
    bank(dev, 2);
    dev.write(0xd, 1, INT_RCV);
    const f = rxFrame(71);
    port.rx!(f);
    expect(ctx.level(47)).toBe(1);
    const p = dev.read(0x5, 1);
    expect(p).toBeLessThan(4);
    dev.write(0x6, 2, PTR_RCV | PTR_AUTO_INCR | PTR_READ);
    const w0 = dev.read(0x8, 4);
    const count = w0 >>> 16;
    expect(w0 & 0xffff).toBe(RXS_ODDFRM); // 71 + 4 FCS bytes: odd
    expect(count).toBe(71 + 4 + 5);
    const body = new Uint8Array(count - 4);
    for (let i = 0; i < body.length; i += 4) {
      const v = dev.read(0x8, 4);
      for (let k = 0; k < 4 && i + k < body.length; k++) body[i + k] = (v >>> (8 * k)) & 0xff;
    }
    expect([...body.subarray(0, 71)]).toEqual([...f]);
    const fcs = ethernetFcs(f, 71);
    expect(body[71]! | (body[72]! << 8) | (body[73]! << 16) | (body[74]! << 24)).toBe(fcs | 0);
    expect(body[count - 5]).toBe(RX_CTRL | CTRL_ODD);
    cmd(dev, MmuCmd.RemoveReleaseRx);
    expect(ctx.level(47)).toBe(0);
    expect(dev.read(0x5, 1)).toBe(FIFO_EMPTY);
    bank(dev, 0);
    expect(dev.read(0x9, 1)).toBe(4);
    // Broadcasts are taken, frames for other stations are not; STRIP_CRC leaves the FCS out.
    dev.write(0x4, 2, RCR_RXEN | RCR_STRIP_CRC);
    port.rx!(rxFrame(64, [1, 2, 3, 4, 5, 6]));
    port.rx!(rxFrame(64, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    bank(dev, 2);
    dev.write(0x6, 2, PTR_RCV | PTR_AUTO_INCR | PTR_READ);
    expect(dev.read(0x8, 2)).toBe(RXS_BRODCAST);
    expect(dev.read(0x8, 2)).toBe(64 + 6);
    expect(dev.dropped).toBe(1);
  });

  it('RX with no free packet sets RX_OVRN; allocation with no free packet fails and completes on release', () => {
    const { ctx, dev, port } = setup();
    bank(dev, 0);
    dev.write(0x4, 2, RCR_RXEN);
    bank(dev, 2);
    dev.write(0xd, 1, INT_RX_OVRN | INT_ALLOC);
    for (let i = 0; i < 5; i++) port.rx!(rxFrame(60));
    expect(dev.read(0xc, 1) & (INT_RCV | INT_RX_OVRN)).toBe(INT_RCV | INT_RX_OVRN);
    expect(dev.dropped).toBe(1);
    dev.write(0xc, 1, INT_RX_OVRN);
    expect(ctx.level(47)).toBe(0);
    cmd(dev, MmuCmd.Alloc);
    expect(dev.read(0x3, 1)).toBe(ARR_FAILED);
    expect(dev.read(0xc, 1) & INT_ALLOC).toBe(0);
    cmd(dev, MmuCmd.RemoveReleaseRx);
    expect(dev.read(0x3, 1) & ARR_FAILED).toBe(0);
    expect(ctx.level(47)).toBe(1);
  });

  it('bad programming stays inside the buffers and is logged', () => {
    const { ctx, dev, port } = setup();
    bank(dev, 2);
    dev.write(0x2, 1, 0x3f); // packet 63 does not exist
    dev.write(0x6, 2, PTR_AUTO_INCR);
    dev.write(0x8, 4, 0x12345678);
    expect(dev.read(0x8, 2)).toBe(0);
    cmd(dev, MmuCmd.Enqueue);
    cmd(dev, MmuCmd.Release);
    dev.write(0x6, 2, PTR_RCV);
    dev.read(0x8, 2); // RCV with an empty RX FIFO
    cmd(dev, MmuCmd.RemoveRx);
    expect(ctx.log.guestErrors().length).toBe(6);
    // The pointer wraps within its 2 KB packet: writing past the end lands at the start of the same packet.
    cmd(dev, MmuCmd.Alloc);
    dev.write(0x2, 1, dev.read(0x3, 1));
    dev.write(0x6, 2, PTR_AUTO_INCR | 0x7fe);
    dev.write(0x8, 4, 0xaabbccdd);
    expect(dev.read(0x6, 2)).toBe(PTR_AUTO_INCR | 0x002);
    dev.write(0x6, 2, 0x7fe);
    expect(dev.read(0x8, 2)).toBe(0xccdd);
    dev.write(0x6, 2, 0x000);
    expect(dev.read(0x8, 2)).toBe(0xaabb);
    // A byte count below 6 transmits nothing and completes without TX_SUC.
    dev.write(0x6, 2, 0x000);
    dev.write(0x8, 4, 0x00020000);
    bank(dev, 0);
    dev.write(0x0, 2, TCR_TXENA);
    bank(dev, 2);
    cmd(dev, MmuCmd.Enqueue);
    expect(port.sent.length).toBe(0);
    expect(dev.read(0xc, 1) & INT_TX).toBe(INT_TX);
    expect(ctx.log.guestErrors().at(-1)).toMatch(/byte count 2 is below 6/);
    // Misaligned access and reserved offsets.
    dev.read(0x3, 2);
    bank(dev, 0);
    dev.write(0xc, 2, 1);
    expect(ctx.log.guestErrors().length).toBe(10);
  });

  it('MII management reads the PHY at address 0: IDs, link up with a switch', () => {
    const { dev } = setup();
    expect(miiRead(dev, 0, 2)).toBe(0x0016);
    expect(miiRead(dev, 0, 3)).toBe(0xf841);
    expect(miiRead(dev, 0, 1) & 0x24).toBe(0x24);
    expect(miiRead(dev, 5, 2)).toBe(0xffff); // no PHY there
    expect(miiRead(dev, 0, 0)).toBe(0x3000);
    miiWrite(dev, 0, 0, 0x2100); // 100 Mb/s full duplex, no autonegotiation
    expect(miiRead(dev, 0, 0)).toBe(0x2100);
    miiWrite(dev, 0, 2, 0x1234); // ID is read-only
    miiWrite(dev, 3, 0, 0x0000); // another address: not ours
    expect([miiRead(dev, 0, 2), miiRead(dev, 0, 0)]).toEqual([0x0016, 0x2100]);
    miiWrite(dev, 0, 0, 0x8000); // PHY reset self-clears and restores defaults
    expect(miiRead(dev, 0, 0)).toBe(0x3000);
    // The management register keeps its fixed 0x333x pattern; MDI idles high.
    expect(dev.read(0x8, 2) & 0xfff0).toBe(0x3330);
  });

  it('takes byte accesses: pointer halves, data bytes with and without auto-increment', () => {
    const { ctx, dev } = setup();
    bank(dev, 2);
    dev.write(0x0, 1, MmuCmd.Alloc << 5);
    dev.write(0x2, 1, dev.read(0x3, 1));
    dev.write(0x6, 1, 0x10);
    dev.write(0x7, 1, PTR_AUTO_INCR >> 8);
    for (const b of [0xa1, 0xb2, 0xc3]) dev.write(0x9, 1, b);
    expect(dev.read(0x6, 2)).toBe(PTR_AUTO_INCR | 0x13);
    dev.write(0x6, 2, 0x10);
    expect([dev.read(0x8, 1), dev.read(0x9, 1), dev.read(0xa, 1), dev.read(0xa, 2)]).toEqual([0xa1, 0xb2, 0xc3, 0xc3]);
    expect(dev.read(0x6, 2)).toBe(0x10); // no auto-increment: the pointer stays
    expect(ctx.log.guestErrors()).toEqual([]);
  });

  it('frames are dropped while RXEN is clear; several completions need one TX acknowledge each', () => {
    const { dev, port } = setup();
    port.rx!(rxFrame(60));
    expect(dev.dropped).toBe(1);
    bank(dev, 2);
    expect(dev.read(0x5, 1)).toBe(FIFO_EMPTY);
    bank(dev, 0);
    dev.write(0x0, 2, TCR_TXENA);
    const a = loadFrame(dev, [...rxFrame(60)]);
    cmd(dev, MmuCmd.Enqueue);
    const b = loadFrame(dev, [...rxFrame(62)]);
    cmd(dev, MmuCmd.Enqueue);
    expect(port.sent.length).toBe(2);
    expect(dev.read(0x4, 1)).toBe(a);
    dev.write(0xc, 1, INT_TX);
    expect(dev.read(0x4, 1)).toBe(b);
    expect(dev.read(0xc, 1) & INT_TX).toBe(INT_TX);
    dev.write(0xc, 1, INT_TX);
    expect(dev.read(0xc, 1) & INT_TX).toBe(0);
  });

  it('with an empty switch the NIC is unplugged: link down, frames dropped', () => {
    const { ctx, dev, port, names } = setup('');
    expect(names).toEqual([]);
    expect(port.rx).toBeUndefined();
    expect(miiRead(dev, 0, 1) & 0x24).toBe(0);
    bank(dev, 0);
    expect(dev.read(0x2, 2) & EPH_LINK_OK).toBe(0);
    dev.write(0x0, 2, TCR_TXENA);
    loadFrame(dev, [...rxFrame(60)]);
    cmd(dev, MmuCmd.Enqueue);
    expect(dev.dropped).toBe(1);
    expect(port.sent.length).toBe(0);
    expect(ctx.log.entries.some((e) => /not connected/.test(e.message))).toBe(true);
  });

  it('refuses a missing switch attribute or an unknown switch with the node path', () => {
    const ctx = new FakeContext({ nodeName: 'eth', attrs: {} });
    expect(() => probeWith(smc91c111Emulator, 'smsc,smc91c111', ctx)).toThrow(/\/guests\/guest0\/aspace\/eth: .*switch attribute/);
    const ctx2 = new FakeContext({ nodeName: 'eth', attrs: { switch: 'nope' } });
    expect(() => probeWith(smc91c111Emulator, 'smsc,smc91c111', ctx2)).toThrow(/switch "nope" not found/);
    const ctx3 = new FakeContext({ nodeName: 'eth', attrs: { switch: '', mac: 'zz' } });
    expect(() => probeWith(smc91c111Emulator, 'smsc,smc91c111', ctx3)).toThrow(/mac "zz"/);
  });

  it('soft reset restores defaults; save/restore round-trips packets, FIFOs and registers; bad state is refused', () => {
    const { dev, port } = setup();
    bank(dev, 0);
    dev.write(0x4, 2, RCR_RXEN);
    port.rx!(rxFrame(100));
    loadFrame(dev, [...rxFrame(80)]);
    dev.write(0xd, 1, INT_RCV);
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.dev.restore(st);
    expect(b.dev.save()).toEqual(st);
    expect(b.ctx.level(47)).toBe(1);
    expect(() => b.dev.restore({ ...st, rxFifo: [9] })).toThrow(EmuStateError);
    expect(() => b.dev.restore({ ...st, mem: [1, 2] })).toThrow(EmuStateError);
    expect(b.dev.save()).toEqual(st);
    bank(dev, 0);
    dev.write(0x4, 2, RCR_SOFT_RST);
    dev.write(0x4, 2, 0);
    expect(dev.read(0x8, 2)).toBe(0x0404);
    bank(dev, 2);
    expect(dev.read(0x5, 1)).toBe(FIFO_EMPTY);
  });
});
