import { describe, it, expect } from 'vitest';
import { BufferChardev, ChardevRegistry, bindVserial } from './chardev.ts';
import { Vserial } from '../vserial/vserial.ts';

describe('chardev binding', () => {
  it('pipes both ways until unbound', () => {
    const vs = new Vserial('g/uart0');
    const cd = new BufferChardev('console');
    const rx: number[] = [];
    vs.setReceiver((b) => (rx.push(b), true));
    const b = bindVserial(vs, cd);
    vs.send(0x41);
    cd.type('hi');
    expect(cd.text()).toBe('A');
    expect(String.fromCharCode(...rx)).toBe('hi');
    b.unbind();
    vs.send(0x42);
    cd.type('x');
    expect(cd.text()).toBe('A');
    expect(rx.length).toBe(2);
  });
  it('registry refuses duplicate names', () => {
    const r = new ChardevRegistry();
    r.register(new BufferChardev('c'));
    expect(() => r.register(new BufferChardev('c'))).toThrow(/already registered/);
    expect(r.get('c')?.name).toBe('c');
  });
});
