import { describe, expect, it } from 'vitest';
import { guestCommand } from './guest.ts';
import { addGuest, makeHarness } from './testing/cmd-harness.ts';

const image = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

describe('guest command', () => {
  it('lists guests in a dashed table', async () => {
    const h = makeHarness([guestCommand]);
    addGuest(h, 'guest0');
    const r = await h.run('guest list');
    expect(r.status).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^-+$/);
    expect(lines[1]).toMatch(/^ ID\s+Name\s+Endianness\s+Device Path$/);
    expect(lines[3]).toMatch(/^ 0\s+guest0\s+little\s+\/guests\/guest0$/);
  });

  it('creates from /guests/<name>, kicks, pauses, resumes, halts, resets and destroys', async () => {
    const h = makeHarness([guestCommand]);
    h.ctx.loadGuestTree('g1', 'guest.dts', { vcpus: 2 });
    expect((await h.run('guest create g1')).out).toBe('g1: Created\n');
    expect((await h.run('guest kick g1')).out).toBe('g1: Kicked\n');
    h.hv.runFor(1_000_000);
    expect(h.hv.vserials.get('g1/uart0')!.dump().length).toBeGreaterThan(0);
    expect((await h.run('guest pause g1')).out).toBe('g1: Paused\n');
    expect((await h.run('guest resume g1')).out).toBe('g1: Resumed\n');
    expect((await h.run('guest halt g1')).out).toBe('g1: Halted\n');
    expect((await h.run('guest reset g1')).out).toBe('g1: Reset\n');
    expect((await h.run('guest destroy g1')).out).toBe('g1: Destroyed\n');
    expect(h.hv.guest('g1')).toBeUndefined();
  });

  it('refuses illegal transitions with one clear line and changes nothing', async () => {
    const h = makeHarness([guestCommand]);
    addGuest(h, 'guest0');
    const r = await h.run('guest pause guest0');
    expect(r.status).toBeLessThan(0);
    expect(r.out).toMatch(/^Error: guest0: cannot pause/);
    expect(h.hv.guest('guest0')!.state).toBe('RESET');
    await h.run('guest kick guest0');
    const again = await h.run('guest kick guest0');
    expect(again.out).toMatch(/cannot kick/);
  });

  it('names unknown guests, sub-commands and missing arguments', async () => {
    const h = makeHarness([guestCommand]);
    expect((await h.run('guest kick nope')).out).toContain('Error: Failed to find guest nope');
    expect((await h.run('guest frob')).out).toContain('Error: unknown sub-command frob\nUsage:');
    expect((await h.run('guest kick')).out).toContain('missing arguments');
    expect((await h.run('guest list extra')).out).toContain('too many arguments');
    expect((await h.run('guest create nothere')).out).toContain('no guest tree /guests/nothere');
  });

  it('loads a host file into guest RAM and dumps it back', async () => {
    const h = makeHarness([guestCommand], { '/img.bin': image });
    addGuest(h, 'guest0');
    const r = await h.run('guest load guest0 0x40001000 /img.bin');
    expect(r.out).toBe('guest0: Loading 0x40001000 with file /img.bin\nguest0: Loaded 0x40001000 with 8 bytes\n');
    const d = await h.run('guest dumpmem guest0 0x40001000 8');
    expect(d.out).toContain('0x40001000: 04030201 08070605');
  });

  it('refuses a load outside RAM, an unreadable file and an unaligned dump', async () => {
    const h = makeHarness([guestCommand], { '/img.bin': image });
    addGuest(h, 'guest0');
    expect((await h.run('guest load guest0 0x10 /img.bin')).out).toContain('does not fit at 0x00000010');
    expect((await h.run('guest load guest0 0x40000000 /missing')).out).toContain('cannot read /missing: no such file');
    expect((await h.run('guest dumpmem guest0 0x40000001')).out).toContain('not 4-byte aligned');
    expect((await h.run('guest dumpmem guest0 0x0 16')).out).toContain('is not guest RAM/ROM');
    expect((await h.run('guest dumpmem guest0 zz')).out).toContain('bad address "zz"');
  });

  it('lists regions and describes the one at an address', async () => {
    const h = makeHarness([guestCommand]);
    addGuest(h, 'guest0');
    const l = await h.run('guest region_list guest0');
    expect(l.out).toMatch(/0x09000000\s+0x00001000\s+virtual\s+io\s+serial\s+uart0/);
    const r = await h.run('guest region guest0 0x09000010');
    expect(r.out).toContain('Region node name   : /guests/guest0/aspace/uart0');
    expect(r.out).toContain('Region emulator    : fake-uart');
    expect((await h.run('guest region guest0 0x1')).out).toContain('no region covers 0x00000001');
  });
});
