import { describe, it, expect } from 'vitest';
import { Vserial, VserialRegistry } from './vserial.ts';

describe('Vserial', () => {
  it('streams output and keeps a ring of recent bytes', () => {
    const v = new Vserial('g/uart0', 8);
    const seen: number[] = [];
    v.output$.subscribe((b) => seen.push(b));
    for (const c of 'hello world') v.send(c.charCodeAt(0));
    expect(String.fromCharCode(...seen)).toBe('hello world');
    expect(new TextDecoder().decode(v.dump())).toBe('lo world');
    expect(new TextDecoder().decode(v.dump(3))).toBe('rld');
    expect(v.bytesOut).toBe(11);
  });
  it('delivers input with flow control', () => {
    const v = new Vserial('g/uart0');
    const fifo: number[] = [];
    v.input('abc');
    v.setReceiver((b) => (fifo.length < 2 ? (fifo.push(b), true) : false));
    expect(String.fromCharCode(...fifo)).toBe('ab');
    expect(v.backlog).toBe(1);
    fifo.length = 0;
    v.notifyRoom();
    expect(String.fromCharCode(...fifo)).toBe('c');
    expect(v.bytesIn).toBe(3);
  });
  it('registry refuses duplicates and drops a guest\'s ports', () => {
    const r = new VserialRegistry();
    r.create('g0/uart0');
    r.create('g1/uart0');
    expect(() => r.create('g0/uart0')).toThrow(/already exists/);
    r.removeGuest('g0');
    expect(r.list().map((v) => v.name)).toEqual(['g1/uart0']);
  });
});
