import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { HostConsole } from './host-console.ts';

describe('HostConsole', () => {
  it('delivers input bytes, writes output, toggles raw mode on a TTY', async () => {
    const input = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (r: boolean) => void };
    const modes: boolean[] = [];
    input.isTTY = true;
    input.setRawMode = (r) => void modes.push(r);
    const output = new PassThrough();
    const out: Buffer[] = [];
    output.on('data', (c: Buffer) => out.push(c));
    const con = new HostConsole(input, output);
    const got: number[] = [];
    con.start((b) => got.push(...b));
    expect(() => con.start(() => {})).toThrow(/already/);
    input.write(Buffer.from([0x1b, 0x78, 0x71]));
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([0x1b, 0x78, 0x71]);
    con.write('XVisor# ');
    expect(Buffer.concat(out).toString()).toBe('XVisor# ');
    con.stop();
    expect(modes).toEqual([true, false]);
    expect(con.bytesIn).toBe(3);
  });
});
