import { describe, expect, it } from 'vitest';
import { memoryCommand } from './memory.ts';
import { addGuest, makeHarness } from './testing/cmd-harness.ts';

describe('memory command', () => {
  it('modifies and dumps guest RAM at 8, 16 and 32 bits', async () => {
    const h = makeHarness([memoryCommand]);
    addGuest(h, 'guest0');
    expect((await h.run('memory modify32 guest0 0x40000000 0x11223344 0xdeadbeef')).status).toBe(0);
    expect((await h.run('memory dump32 guest0 0x40000000 2')).out).toBe('0x40000000: 11223344 deadbeef\n');
    expect((await h.run('memory dump16 guest0 0x40000000 2')).out).toBe('0x40000000: 3344 1122\n');
    expect((await h.run('memory dump8 guest0 0x40000004 4')).out).toBe('0x40000004: ef be ad de\n');
    await h.run('memory modify8 guest0 0x40000010 1 2 3');
    expect(h.hv.guest('guest0')!.aspace.read(0x40000010, 3)).toEqual(Uint8Array.of(1, 2, 3));
    const lines = (await h.run('memory dump8 guest0 0x40000000 20')).out.split('\n');
    expect(lines[1]).toBe('0x40000010: 01 02 03 00');
  });

  it('copies memory and computes the standard CRC-32', async () => {
    const h = makeHarness([memoryCommand]);
    addGuest(h, 'guest0');
    const g = h.hv.guest('guest0')!;
    g.aspace.write(0x40000100, new TextEncoder().encode('123456789'));
    expect((await h.run('memory crc32 guest0 0x40000100 9')).out).toContain(': 0xcbf43926');
    expect((await h.run('memory copy guest0 0x40000200 0x40000100 9')).status).toBe(0);
    expect(new TextDecoder().decode(g.aspace.read(0x40000200, 9))).toBe('123456789');
  });

  it('refuses bad input with one clear line and changes nothing', async () => {
    const h = makeHarness([memoryCommand]);
    addGuest(h, 'guest0');
    const g = h.hv.guest('guest0')!;
    expect((await h.run('memory dump32 nosuch 0x40000000')).out).toContain('Failed to find guest nosuch');
    expect((await h.run('memory dump32 guest0 0x1000')).out).toContain('guest0: 0x00001000..0x0000103f is not guest RAM/ROM');
    expect((await h.run('memory dump32 guest0 0x40000002')).out).toContain('not aligned');
    expect((await h.run('memory dump8 guest0 zz')).out).toContain('bad address "zz"');
    expect((await h.run('memory modify16 guest0 0x40000000 0x10000')).out).toContain('does not fit in 16 bits');
    expect((await h.run('memory modify32 guest0 0x40000000')).out).toMatch(/missing guest name, address or value\nUsage:/);
    expect((await h.run('memory crc32 guest0 0x40000000 1 2')).out).toContain('too many arguments to crc32');
    expect((await h.run('memory copy guest0 0x08000000 0x40000000 4')).out).toContain('is not guest RAM');
    expect((await h.run('memory dump64 guest0 0')).out).toContain('unknown sub-command dump64');
    expect((await h.run('memory')).out).toContain('missing sub-command');
    expect((await h.run('memory dump8 guest0 0x40000000 0x200000')).out).toContain('more than');
    expect(g.aspace.read(0x40000000, 4)).toEqual(new Uint8Array(4));
  });
});
