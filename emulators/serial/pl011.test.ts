import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { pl011Emulator, Reg, FR_RXFE, FR_TXFE, FR_RXFF, INT_RX, INT_TX, INT_RT, LCR_H_FEN, CR_LBE } from './pl011.ts';
import { EmuStateError, LogKind } from '../../core/devemu/emulator.ts';

function setup(attrs: Record<string, number> = {}) {
  const ctx = new FakeContext({ nodeName: 'uart0', interrupts: [33], attrs });
  const dev = probeWith(pl011Emulator, 'arm,pl011', ctx);
  return { ctx, dev, irq: () => ctx.level(33) };
}

function linuxStartup(dev: ReturnType<typeof setup>['dev']) {
  // What amba-pl011 does at startup: baud 115200 at 24 MHz, 8N1, FIFOs on.
  dev.write(Reg.UARTIBRD, 4, 13);
  dev.write(Reg.UARTFBRD, 4, 1);
  dev.write(Reg.UARTLCR_H, 4, (3 << 5) | LCR_H_FEN);
  dev.write(Reg.UARTCR, 4, 0x301);
  dev.write(Reg.UARTIMSC, 4, INT_RX | INT_RT);
}

describe('PL011', () => {
  it('resets to the TRM values and reads the PrimeCell IDs Linux checks', () => {
    const { dev, irq } = setup();
    expect(dev.read(Reg.UARTFR, 4)).toBe(FR_RXFE | FR_TXFE | 7);
    expect(dev.read(Reg.UARTCR, 4)).toBe(0x300);
    expect(dev.read(Reg.UARTIFLS, 4)).toBe(0x12);
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => dev.read(o, 4))).toEqual([0x11, 0x10, 0x14, 0x00]);
    expect([0xff0, 0xff4, 0xff8, 0xffc].map((o) => dev.read(o, 4))).toEqual([0x0d, 0xf0, 0x05, 0xb1]);
    expect(irq()).toBe(0);
  });

  it('sends written bytes to the port and raises TX when unmasked', () => {
    const { ctx, dev, irq } = setup();
    linuxStartup(dev);
    for (const c of 'hi\n') dev.write(Reg.UARTDR, 4, c.charCodeAt(0));
    expect(ctx.port.text()).toBe('hi\n');
    expect(dev.read(Reg.UARTRIS, 4) & INT_TX).toBe(INT_TX);
    expect(irq()).toBe(0);
    dev.write(Reg.UARTIMSC, 4, INT_TX);
    expect(irq()).toBe(1);
    expect(dev.read(Reg.UARTMIS, 4)).toBe(INT_TX);
    dev.write(Reg.UARTICR, 4, INT_TX);
    expect(irq()).toBe(0);
  });

  it('raises RX at the FIFO trigger level and RT after 32 bit periods of silence', () => {
    const { ctx, dev, irq } = setup();
    linuxStartup(dev); // IFLS 0x12: RX at 1/2 = 8 characters
    ctx.port.type('abc');
    expect(irq()).toBe(0);
    expect(dev.read(Reg.UARTFR, 4) & FR_RXFE).toBe(0);
    // 115200 baud -> 8.68 us a bit; 32 bits = 278 us.
    ctx.clock.advance(200_000);
    expect(irq()).toBe(0);
    ctx.clock.advance(100_000);
    expect(irq()).toBe(1);
    expect(dev.read(Reg.UARTMIS, 4)).toBe(INT_RT);
    let s = '';
    while (!(dev.read(Reg.UARTFR, 4) & FR_RXFE)) s += String.fromCharCode(dev.read(Reg.UARTDR, 4) & 0xff);
    expect(s).toBe('abc');
    expect(irq()).toBe(0);
    ctx.port.type('12345678');
    expect(dev.read(Reg.UARTMIS, 4)).toBe(INT_RX);
    expect(irq()).toBe(1);
    for (let i = 0; i < 1; i++) dev.read(Reg.UARTDR, 4);
    expect(dev.read(Reg.UARTRIS, 4) & INT_RX).toBe(0);
  });

  it('holds host bytes back while the RX FIFO is full (flow control)', () => {
    const { ctx, dev } = setup({ fifo_size: 4 });
    linuxStartup(dev);
    ctx.port.type('ABCDEF');
    expect(dev.read(Reg.UARTFR, 4) & FR_RXFF).toBe(FR_RXFF);
    expect(ctx.port.backlog.length).toBe(2);
    let s = '';
    for (let i = 0; i < 6; i++) s += String.fromCharCode(dev.read(Reg.UARTDR, 4) & 0xff);
    expect(s).toBe('ABCDEF');
    expect(ctx.port.backlog.length).toBe(0);
  });

  it('with FIFOs off holds one character and raises RX on it', () => {
    const { ctx, dev, irq } = setup();
    dev.write(Reg.UARTCR, 4, 0x301);
    dev.write(Reg.UARTIMSC, 4, INT_RX);
    ctx.port.type('xy');
    expect(irq()).toBe(1);
    expect(dev.read(Reg.UARTFR, 4) & FR_RXFF).toBe(FR_RXFF);
    expect(dev.read(Reg.UARTDR, 4)).toBe(0x78);
    // the second byte arrives as soon as there is room
    expect(dev.read(Reg.UARTDR, 4)).toBe(0x79);
    expect(irq()).toBe(0);
  });

  it('loops transmitted bytes back when LBE is set', () => {
    const { ctx, dev } = setup();
    dev.write(Reg.UARTLCR_H, 4, LCR_H_FEN);
    dev.write(Reg.UARTCR, 4, 0x301 | CR_LBE);
    dev.write(Reg.UARTDR, 4, 0x55);
    expect(ctx.port.sent).toEqual([]);
    expect(dev.read(Reg.UARTDR, 4)).toBe(0x55);
  });

  it('logs reserved offsets and read-only writes without crashing', () => {
    const { ctx, dev } = setup();
    expect(dev.read(0x100, 4)).toBe(0);
    dev.write(0x100, 4, 1);
    dev.write(Reg.UARTFR, 4, 0);
    dev.write(0xfe0, 4, 0);
    expect(ctx.log.count(LogKind.GuestError)).toBe(4);
    expect(ctx.log.guestErrors()[0]).toContain('/guests/guest0/aspace/uart0');
    expect(dev.read(Reg.UARTFR, 4) & FR_TXFE).toBe(FR_TXFE);
  });

  it('save/restore round-trips FIFO, registers and the timeout timer', () => {
    const { ctx, dev } = setup();
    linuxStartup(dev);
    ctx.port.type('qrs');
    const st = JSON.parse(JSON.stringify(dev.save()));
    const b = setup();
    b.dev.restore(st);
    expect(b.dev.save()).toEqual(st);
    b.ctx.clock.advance(1_000_000);
    expect(b.irq()).toBe(1);
    expect(b.dev.read(Reg.UARTDR, 4)).toBe(0x71);
    expect(() => b.dev.restore({ version: 9 })).toThrow(EmuStateError);
    expect(() => b.dev.restore({ ...st, rx: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17] })).toThrow(EmuStateError);
  });

  it('rejects a fifo_size of 0 with the node path', () => {
    expect(() => setup({ fifo_size: 0 })).toThrow(/uart0: fifo_size 0/);
  });
});
