import { describe, expect, it } from 'vitest';
import { devtreeCommand } from './devtree.ts';
import { echoCommand } from './echo.ts';
import { guestCommand } from './guest.ts';
import { vfsCommand } from './vfs.ts';
import { GUEST_DTS, makeHarness } from './testing/cmd-harness.ts';
import { dtsToDtb } from '../devtree/compile.ts';

describe('devtree command', () => {
  it('shows, sets, gets and deletes attributes', async () => {
    const h = makeHarness([devtreeCommand]);
    expect((await h.run('devtree attr show /')).out).toContain('\tmodel = "test host";\n');
    expect((await h.run('devtree attr set /chosen answer uint32 42 0x10')).status).toBe(0);
    expect((await h.run('devtree attr get /chosen answer')).out).toBe('answer = <0x2a 0x10>;\n');
    expect((await h.run('devtree attr set /chosen s string a b')).status).toBe(0);
    expect((await h.run('devtree attr get /chosen s')).out).toBe('s = "a\\0b";\n');
    expect((await h.run('devtree attr del /chosen s')).status).toBe(0);
    expect((await h.run('devtree attr get /chosen s')).out).toContain('no attribute s');
  });

  it('refuses bad types, bad numbers and unknown nodes', async () => {
    const h = makeHarness([devtreeCommand]);
    expect((await h.run('devtree attr set /chosen x float 1')).out).toMatch(/float/);
    expect((await h.run('devtree attr set /chosen x uint32 0x100000000')).out).toMatch(/does not fit 32 bits/);
    expect((await h.run('devtree attr set /chosen x uint32 abc')).out).toMatch(/not a number/);
    expect((await h.run('devtree attr show /nope')).out).toContain('Failed to find node /nope');
    expect((await h.run('devtree node frob /')).out).toContain('unknown operation frob');
  });

  it('adds, copies, dumps, lists and deletes nodes', async () => {
    const h = makeHarness([devtreeCommand]);
    await h.run('devtree node add / extra');
    await h.run('devtree attr set /extra v uint32 1');
    await h.run('devtree node copy / copy /extra');
    expect((await h.run('devtree node show /')).out).toMatch(/extra\ncopy\n$/);
    expect((await h.run('devtree node dump /copy')).out).toBe('copy {\n\tv = <0x01>;\n};\n');
    expect((await h.run('devtree node add / extra')).out).toContain('exists already');
    expect((await h.run('devtree node copy /extra inner /extra')).out).toContain('into itself');
    await h.run('devtree node del /copy');
    expect(h.ctx.hostTree.getNode('/copy')).toBeUndefined();
    expect((await h.run('devtree node del /')).out).toContain('cannot delete the root node');
  });
});

describe('vfs command', () => {
  const files = {
    '/w/guest.dts': GUEST_DTS,
    '/w/guest.dtb': dtsToDtb(GUEST_DTS, 'guest.dts'),
    '/w/a.bin': Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd),
    '/w/list': '# images\n0x40000000 a.bin\n0x40000010 /w/a.bin\n',
    '/w/badlist': '0x40000000\n',
    '/w/script': 'echo one # comment\n\necho two\nnosuch\necho three\n',
    '/w/notes.txt': 'hello\n',
  };

  it('cat, ls and run a command script that stops at the first failure', async () => {
    const h = makeHarness([vfsCommand, echoCommand], files);
    expect((await h.run('vfs cat /w/notes.txt')).out).toBe('hello\n');
    expect((await h.run('vfs ls /w')).out).toMatch(/Total \d+ entries/);
    const r = await h.run('vfs run /w/script');
    expect(r.out).toContain('one\ntwo\nError: unknown command nosuch');
    expect(r.out).toContain('/w/script:4: stopped at "nosuch"');
    expect(r.out).not.toContain('three');
    expect((await h.run('vfs cat /w/missing')).out).toContain('cannot read /w/missing: no such file');
  });

  it('guest_fdt_load + guest create + guest_load_list, from DTS and DTB', async () => {
    const h = makeHarness([vfsCommand, guestCommand], files);
    expect((await h.run('vfs guest_fdt_load g0 /w/guest.dtb 2 mem0,physical_size,physsize,0x200000')).out).toBe('Loaded /w/guest.dtb as /guests/g0\n');
    expect((await h.run('guest create g0')).status).toBe(0);
    expect(h.hv.guest('g0')!.vcpus).toHaveLength(2);
    expect(h.hv.guest('g0')!.aspace.ramRegions()[0]!.size).toBe(0x200000);
    const l = await h.run('vfs guest_load_list g0 /w/list');
    expect(l.out).toContain('g0: Loaded 0x40000000 with 4 bytes');
    expect(l.out).toContain('g0: Loaded 0x40000010 with 4 bytes');
    expect(h.hv.guest('g0')!.aspace.readU32(0x40000010)).toBe(0xddccbbaa);
    expect((await h.run('vfs guest_fdt_load g1 /w/guest.dts')).status).toBe(0);
  });

  it('names the list file and line of a bad entry, and a tree that cannot load', async () => {
    const h = makeHarness([vfsCommand, guestCommand], files);
    await h.run('vfs guest_fdt_load g0 /w/guest.dts');
    await h.run('guest create g0');
    expect((await h.run('vfs guest_load_list g0 /w/badlist')).out).toContain('/w/badlist:1: expected "<gphys_addr> <file>"');
    expect((await h.run('vfs guest_fdt_load g0 /w/guest.dts')).out).toContain('exists');
    expect((await h.run('vfs guest_fdt_load g2 /w/notes.txt')).status).toBeLessThan(0);
    expect(h.ctx.hostTree.getNode('/guests/g2')).toBeUndefined();
    expect((await h.run('vfs fdt_load /nope x /w/guest.dtb')).out).toContain('no node /nope');
    expect((await h.run('vfs fdt_load / x /w/notes.txt')).status).toBeLessThan(0);
  });
});
